#include "newsdex/search/searcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/text.h"
#include "newsdex/news/clusters.h"
#include "newsdex/news/indexing.h"
#include "newsdex/search/article_text.h"
#include "newsdex/search/explain.h"
#include "newsdex/search/snippet.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

// A commit by a concurrent indexer can invalidate what a reader is looking
// at; reopening gives the newest consistent snapshot.
constexpr int kModifiedRetries = 3;

// The title is shown on its own line; a snippet that repeats it wastes the
// space. Headlines sit in the first lines, so only look there.
std::string_view TextAfterTitle(std::string_view body, const std::string& title) {
  constexpr std::size_t kTitleWindow = 600;
  if (title.empty()) return body;
  std::size_t pos = body.substr(0, kTitleWindow).find(title);
  if (pos == std::string_view::npos) return body;
  std::string_view rest = body.substr(pos + title.size());
  return rest.find_first_not_of(" \t\n") == std::string_view::npos ? body : rest;
}

// Words the user typed (after stopwords): stems and unstemmed words, not
// field, date or other boolean terms.
std::size_t ContentWords(const Xapian::Query& query) {
  std::size_t words = 0;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (term.empty()) continue;
    unsigned char first = static_cast<unsigned char>(term[0]);
    if (term[0] == 'Z' || !std::isupper(first)) ++words;
  }
  return words;
}

bool WantsFeedback(const Xapian::Query& query, const RankingOptions& ranking) {
  if (ranking.expand_terms == 0) return false;
  return ranking.expand_adds || ContentWords(query) >= ranking.expand_min_words;
}

// Phrase and NEAR need word positions.
bool UsesPositions(const Xapian::Query& query) {
  auto op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (UsesPositions(query.get_subquery(i))) return true;
  }
  return false;
}

// The page of a relevance search, ties ordered by id, found without
// asking Xapian to sort by relevance then value: that sort reads a value for
// every competitive candidate and stops Xapian from skipping candidates that
// can only tie (on 216k articles, about half of a short query's time). The
// search runs by relevance alone, one hit past each edge of the page; when no
// tie crosses an edge, the page holds exactly the articles the full sort
// would give, and only its own ties need ordering. When a tie crosses the end
// of a first page, a second relevance search looks kTieWindow hits further
// for the end of the tied group, and the page is the first of them by id.
// Returns nothing (run the full sort) when a tie crosses the start of a later
// page, when the tied group is longer than the window, or when a hit stands
// for collapsed duplicates (one of them might tie with it and come first).
// Local indexes only: it reads a value per tied hit.
// `check_at_least` is get_mset's: the database size counts exactly.
std::vector<Xapian::MSetIterator> RelevancePage(Xapian::Enquire& enquire,
                                                const SearchRequest& request,
                                                Xapian::doccount check_at_least,
                                                Xapian::MSet* mset) {
  constexpr Xapian::doccount kTieWindow = 32;
  const auto offset = static_cast<Xapian::doccount>(request.offset);
  const auto limit = static_cast<Xapian::doccount>(request.limit);
  if (limit == 0) return {};
  const Xapian::doccount lead = offset > 0 ? 1 : 0;
  enquire.set_sort_by_relevance();
  *mset = enquire.get_mset(offset - lead, limit + lead + 1, check_at_least);
  auto collect = [&] {
    std::vector<Xapian::MSetIterator> hits;
    for (auto it = mset->begin(); it != mset->end(); ++it) hits.push_back(it);
    return hits;
  };
  std::vector<Xapian::MSetIterator> all = collect();
  if (lead == 1 && all.size() >= 2 && all[0].get_weight() == all[1].get_weight()) return {};
  // The articles the page is chosen from, best first: the page itself, or
  // with a tie across its end, everything down to the end of the tie.
  std::vector<Xapian::MSetIterator> candidates;
  if (all.size() > lead + limit &&
      all[lead + limit - 1].get_weight() == all[lead + limit].get_weight()) {
    if (lead == 1) return {};
    *mset = enquire.get_mset(0, limit + kTieWindow, check_at_least);
    candidates = collect();
    const double edge = candidates[limit - 1].get_weight();
    if (candidates.size() == limit + kTieWindow && candidates.back().get_weight() == edge) {
      return {};
    }
    while (candidates.back().get_weight() < edge) candidates.pop_back();
  } else {
    candidates.assign(all.begin() + std::min<std::size_t>(lead, all.size()),
                      all.begin() + std::min<std::size_t>(lead + limit, all.size()));
  }
  if (candidates.empty()) {
    // Nothing on this page: still an answer, not a reason to search again.
    return {};
  }
  bool ties = false;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].get_weight() == candidates[i - 1].get_weight()) ties = true;
  }
  std::vector<Xapian::MSetIterator> page = candidates;
  if (ties) {
    struct Ranked {
      double weight;
      std::string key;
      Xapian::MSetIterator hit;
    };
    std::vector<Ranked> ranked;
    for (const Xapian::MSetIterator& hit : candidates) {
      ranked.push_back(
          {hit.get_weight(), hit.get_document().get_value(schema::kSlotTieBreak), hit});
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.key < b.key;
    });
    page.clear();
    for (std::size_t i = 0; i < ranked.size() && page.size() < limit; ++i) {
      page.push_back(ranked[i].hit);
    }
  }
  for (const Xapian::MSetIterator& hit : page) {
    if (hit.get_collapse_count() > 0) return {};
  }
  return page;
}

// Every match of `query`, and the stories they make: one pass over all
// matches without weights, a spy noting each one's cluster (read from a
// value stream: no document reads).
MatchCounts CountMatches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire counter(db);
  counter.set_weighting_scheme(Xapian::BoolWeight());
  counter.set_query(query);
  Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
  counter.add_matchspy(&clusters);
  counter.get_mset(0, 0, db.get_doccount());
  MatchCounts counts;
  counts.articles = clusters.get_total();
  std::uint64_t clustered = 0;
  std::uint64_t distinct = 0;
  for (auto it = clusters.values_begin(); it != clusters.values_end(); ++it) {
    clustered += it.get_termfreq();
    ++distinct;
  }
  counts.stories = counts.articles - clustered + distinct;
  return counts;
}

}  // namespace

Searcher::Searcher(Xapian::Database db, const SearcherOptions& options,
                   Xapian::Database local_documents)
    : db_(std::move(db)),
      separate_documents_(local_documents.size() > 0),
      documents_(separate_documents_ ? std::move(local_documents) : db_),
      options_(options),
      builder_(&db_),
      boilerplate_(LoadBoilerplate(db_)) {
  if (options_.ranking.stopwords) builder_.SetStopper(&EnglishStopper());
  builder_.SetDateFilterMode(options_.date_filter);
  term_weights_ = ReadTermWeights(db_);
  auto weight = MakeWeight(options_.ranking, term_weights_);
  if (weight) {
    weight_ = std::move(*weight);
  } else {
    setup_error_ = weight.error();
  }
}

Status Searcher::Ready() const {
  if (setup_error_) return *setup_error_;
  return Ok{};
}

Result<SearchResults> Searcher::Search(const SearchRequest& request) {
  auto query = builder_.Build(request);
  if (!query) return query.error();
  if (UsesPositions(*query) && !db_.has_positions()) {
    return Error{
        "phrase search is off: this index was built with --no-positions; "
        "drop the quotes or NEAR, or rebuild without --no-positions"};
  }
  return RunWithRetries(*query, request, true);
}

Result<MatchCounts> Searcher::Count(const SearchRequest& request) {
  // The search itself with an empty page: the same query, filters and
  // feedback, so the count is the length of the list Search gives.
  SearchRequest counting = request;
  counting.offset = 0;
  counting.limit = 0;
  struct Restore {
    SearcherOptions& options;
    SearcherOptions saved;
    ~Restore() { options = std::move(saved); }
  } restore{options_, options_};
  options_.exact_counts = true;
  options_.collapse_duplicates = true;
  options_.ids_only = true;
  options_.snippets = false;
  options_.explain = false;
  auto results = Search(counting);
  if (!results) return results.error();
  return MatchCounts{results->articles_lower_bound, results->matches_lower_bound};
}

Result<SearchResults> Searcher::SearchQuery(const Xapian::Query& query,
                                            const SearchRequest& request) {
  auto range = ParseDateFilter(request.from, request.to);
  if (!range) return range.error();
  if (!*range) return RunWithRetries(query, request, false);
  return RunWithRetries(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      DateFilterQuery(**range, &db_, options_.date_filter)),
                        request, false);
}

Result<SearchResults> Searcher::RunWithRetries(const Xapian::Query& query,
                                               const SearchRequest& request, bool feedback) {
  if (setup_error_) return *setup_error_;
  for (int attempt = 0;; ++attempt) {
    try {
      return Run(query, request, feedback);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kModifiedRetries) {
        return Error{"the index kept changing during the search; try again"};
      }
      db_.reopen();
    } catch (const Xapian::WildcardError& e) {
      return Error{"a wildcard in '" + request.text + "' matches too many words; make it longer (" +
                   e.get_msg() + ")"};
    } catch (const Xapian::DatabaseError& e) {
      // Damage the open did not notice shows up when posting lists or
      // documents are read.
      return Error{
          "the index could not be read (" + e.get_description() +
          "); it is probably damaged: run indexer check, then rebuild it with indexer build"};
    } catch (const Xapian::Error& e) {
      return Error{"search failed: " + e.get_description()};
    }
  }
}

SearchResults Searcher::Run(const Xapian::Query& query, const SearchRequest& request,
                            bool feedback) {
  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(*weight_);
  SetExpansionScheme(term_weights_, &enquire);
  enquire.set_query(query);
  // A query of dates alone has no relevance to rank by: list newest first.
  SortOrder sort = request.sort;
  if (sort == SortOrder::kRelevance &&
      std::all_of(query.get_unique_terms_begin(), query.get_unique_terms_end(),
                  [](const std::string& term) { return schema::IsDateTerm(term); })) {
    sort = SortOrder::kNewest;
  }
  // Both orders sort a value (date plus path, so same-day articles keep one
  // order whatever their docids) in reverse, so that undated articles (no
  // value) come last; value sorting works on remote shards, a KeyMaker not.
  unsigned sort_slot = schema::kSlotTieBreak;
  auto set_full_sort = [&] {
    if (sort == SortOrder::kNewest) {
      sort_slot = schema::kSlotNewestFirst;
      enquire.set_sort_by_value_then_relevance(sort_slot, true);
    } else if (sort == SortOrder::kOldest) {
      sort_slot = schema::kSlotOldestFirst;
      enquire.set_sort_by_value_then_relevance(sort_slot, true);
    } else {
      // Equal scores are ordered by id (then path), not docid, so an updated
      // index ranks exactly like a fresh build of the same files.
      enquire.set_sort_by_relevance_then_value(schema::kSlotTieBreak, false);
    }
  };
  set_full_sort();
  if (sort == SortOrder::kRelevance && feedback && WantsFeedback(query, options_.ranking)) {
    // Pseudo-relevance feedback: treat the first pass's top documents as
    // relevant and search again with their best terms added. When the first
    // pass finds only a handful of articles, they are not a sample of
    // anything: re-ranking them by their own words would be noise.
    const RankingOptions& ranking = options_.ranking;
    Xapian::MSet first = enquire.get_mset(0, ranking.expand_docs, ranking.expand_min_matches);
    if (ranking.expand_adds || first.get_matches_lower_bound() >= ranking.expand_min_matches) {
      Xapian::RSet feedback;
      for (auto it = first.begin(); it != first.end(); ++it) feedback.add_document(*it);
      // The expansion set reads the term lists of the feedback documents:
      // from the local copies when there are (same shards, same docids).
      Xapian::Enquire expander(documents_);
      SetExpansionScheme(term_weights_, &expander);
      enquire.set_query(ExpandQuery(query, documents_, expander, feedback, ranking));
    }
  }
  if (options_.collapse_duplicates) enquire.set_collapse_key(schema::kSlotCluster);
  Xapian::MSet mset;
  std::vector<Xapian::MSetIterator> page;
  // Checking every candidate makes the counts exact (Xapian otherwise stops
  // once the page is certain and estimates the rest). Collapsing, Xapian
  // 1.4 does not count the copies it drops: a separate pass counts then.
  const bool count_apart = options_.exact_counts && options_.collapse_duplicates;
  const Xapian::doccount check_at_least =
      options_.exact_counts && !count_apart ? db_.get_doccount() : 0;
  // The full sort lets Xapian read the tie-break values as it matches, and
  // the page's sort keys then carry the ids. Ordering ties here instead
  // reads a document per tied hit: worth it only for short pages, where
  // the relevance-only search skips the most (Reuters, TREC runs: top 10
  // about even, top 30 2x, top 1000 2x slower than the full sort). Remote
  // shards always sort on the servers: there each document read is a round
  // trip (about 0.17 ms on loopback).
  constexpr std::size_t kShortPage = 20;
  if (sort == SortOrder::kRelevance && !options_.remote_shards && request.limit <= kShortPage) {
    page = RelevancePage(enquire, request, check_at_least, &mset);
  }
  bool sort_keys = false;
  if (page.empty()) {
    set_full_sort();
    sort_keys = true;
    mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                            static_cast<Xapian::doccount>(request.limit), check_at_least);
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
  }
  // Ids-only output: each hit's id from its sort key where it holds one
  // (empty otherwise: read from the document).
  std::vector<std::string> key_ids(page.size());
  bool need_documents = !options_.ids_only;
  for (std::size_t i = 0; i < page.size() && options_.ids_only; ++i) {
    if (sort_keys) key_ids[i] = schema::IdFromSortKey(sort_slot, page[i].get_sort_key());
    need_documents |= key_ids[i].empty();
  }
  if (options_.remote_shards && need_documents && !page.empty() && !separate_documents_) {
    mset.fetch();
  }
  auto document = [&](const Xapian::MSetIterator& it) {
    return separate_documents_ ? documents_.get_document(*it) : it.get_document();
  };
  // Built only when snippets are wanted: it looks up every query term.
  std::optional<SnippetMaker> snippets;
  if (options_.snippets && !options_.ids_only) snippets.emplace(query, documents_);
  SearchResults results;
  results.offset = request.offset;
  results.matches_estimated = mset.get_matches_estimated();
  results.matches_lower_bound = mset.get_matches_lower_bound();
  results.matches_upper_bound = mset.get_matches_upper_bound();
  // Without a collapse key these equal the counts above.
  results.collapsed = options_.collapse_duplicates;
  results.articles_estimated = mset.get_uncollapsed_matches_estimated();
  results.articles_lower_bound = mset.get_uncollapsed_matches_lower_bound();
  results.articles_upper_bound = mset.get_uncollapsed_matches_upper_bound();
  if (count_apart) {
    const MatchCounts counts = CountMatches(db_, enquire.get_query());
    results.matches_estimated = results.matches_lower_bound = results.matches_upper_bound =
        counts.stories;
    results.articles_estimated = results.articles_lower_bound = results.articles_upper_bound =
        counts.articles;
  } else if (check_at_least > 0) {
    // Every candidate was checked: the lower bound is the count.
    results.matches_estimated = results.matches_upper_bound = results.matches_lower_bound;
    results.articles_estimated = results.articles_upper_bound = results.articles_lower_bound;
  }
  if (options_.explain) results.query_description = query.get_description();
  for (std::size_t i = 0; i < page.size(); ++i) {
    const Xapian::MSetIterator& it = page[i];
    const std::size_t rank = request.offset + i + 1;
    if (options_.ids_only) {
      Hit hit;
      hit.rank = rank;
      hit.score = it.get_weight();
      hit.id = std::move(key_ids[i]);
      if (hit.id.empty()) {
        Xapian::Document doc = document(it);
        hit.id = doc.get_value(schema::kSlotId);
        if (hit.id.empty()) hit.id = schema::DecodeDocData(doc.get_data()).id;
      }
      results.hits.push_back(std::move(hit));
      continue;
    }
    Xapian::Document doc = document(it);
    schema::StoredArticle stored = schema::DecodeDocData(doc.get_data());
    Hit hit;
    hit.rank = rank;
    hit.score = it.get_weight();
    hit.id = std::move(stored.id);
    hit.date = stored.date;
    hit.title = std::move(stored.title);
    hit.path = stored.path;  // still read by LoadArticleText below
    AnnotateCluster(documents_, query, doc, options_.collapse_duplicates, &hit);
    if (options_.explain) {
      hit.score_parts = ExplainScore(db_, query, it, weight_.get());
      if (term_weights_.normalized) {
        for (ScorePart& part : hit.score_parts) part.normalized_tf = part.wdf / term_weights_.scale;
      }
      // Feedback terms, term scaling (--like) and phrase weighting are not
      // per-word parts: report what they add as one part, so the parts
      // still add up to the score.
      double words = 0;
      for (const ScorePart& part : hit.score_parts) words += part.score;
      if (std::abs(hit.score - words) > 1e-6) {
        bool expanded = enquire.get_query().get_description() != query.get_description();
        ScorePart rest;
        rest.term = expanded ? "(feedback terms)" : "(term scaling and phrases)";
        rest.score = hit.score - words;
        hit.score_parts.push_back(std::move(rest));
      }
    }
    if (options_.snippets) {
      // Boilerplate lines never make a snippet (the file's body is whole).
      ArticleText article = LoadArticleText(doc, stored);
      hit.text_source = article.source;
      std::string body = boilerplate_.Clean(article.body);
      std::string_view text = TextAfterTitle(body, hit.title);
      hit.snippet = snippets->Make(text, options_.snippet_bytes);
      if (hit.snippet.empty()) {
        // Matched on the title or the date alone: show how the story starts.
        hit.snippet = TruncateOnWord(CollapseWhitespace(text.substr(0, 4 * options_.snippet_bytes)),
                                     options_.snippet_bytes);
      }
    }
    results.hits.push_back(std::move(hit));
  }
  return results;
}

}  // namespace newsdex
