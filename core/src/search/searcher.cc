#include "newsdex/search/searcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "newsdex/base/text.h"
#include "newsdex/index/indexing.h"
#include "newsdex/search/article_text.h"
#include "newsdex/search/clusters.h"
#include "newsdex/search/explain.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/snippet.h"
#include "newsdex/store/schema.h"
#include "search/relevance_page.h"

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
// field, date or other boolean terms. A wildcard is one word, however many
// it expands to (QueryBuilder adds the stems of the words it begins as its
// synonyms).
void CollectContentWords(const Xapian::Query& query, std::set<std::string>& words,
                         std::size_t& wildcards) {
  const auto op = query.get_type();
  if (op == Xapian::Query::OP_WILDCARD ||
      (op == Xapian::Query::OP_SYNONYM && query.get_num_subqueries() > 0 &&
       query.get_subquery(0).get_type() == Xapian::Query::OP_WILDCARD)) {
    ++wildcards;
    return;
  }
  if (op == Xapian::Query::LEAF_TERM) {
    std::string term = *query.get_terms_begin();
    if (term.empty()) return;
    unsigned char first = static_cast<unsigned char>(term[0]);
    if (term.compare(0, schema::kPrefixStem.size(), schema::kPrefixStem) == 0 ||
        !std::isupper(first)) {
      words.insert(term);
    }
    return;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    CollectContentWords(query.get_subquery(i), words, wildcards);
  }
}

std::size_t ContentWords(const Xapian::Query& query) {
  std::set<std::string> words;
  std::size_t wildcards = 0;
  CollectContentWords(query, words, wildcards);
  return words.size() + wildcards;
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

// A query of dates alone has no relevance to rank by: list newest first.
SortOrder EffectiveSort(const Xapian::Query& query, SortOrder requested) {
  if (requested == SortOrder::kRelevance && CountWildcards(query) == 0 &&
      std::all_of(query.get_unique_terms_begin(), query.get_unique_terms_end(),
                  [](const std::string& term) { return schema::IsDateTerm(term); })) {
    return SortOrder::kNewest;
  }
  return requested;
}

// Sets Xapian's full sort for `sort` and returns the slot each hit's sort key
// is read from. Both dated orders sort a value (date plus path, so same-day
// articles keep one order whatever their docids) in reverse, so that undated
// articles (no value) come last; value sorting works on remote shards, a
// KeyMaker not. Equal scores are ordered by id (then path), not docid, so an
// updated index ranks exactly like a fresh build of the same files.
unsigned SetFullSort(SortOrder sort, Xapian::Enquire* enquire) {
  if (sort == SortOrder::kNewest) {
    enquire->set_sort_by_value_then_relevance(schema::kSlotNewestFirst, true);
    return schema::kSlotNewestFirst;
  }
  if (sort == SortOrder::kOldest) {
    enquire->set_sort_by_value_then_relevance(schema::kSlotOldestFirst, true);
    return schema::kSlotOldestFirst;
  }
  enquire->set_sort_by_relevance_then_value(schema::kSlotTieBreak, false);
  return schema::kSlotTieBreak;
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
  if (separate_documents_) builder_.SetWordDatabase(&documents_);
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
  Result<Xapian::Query> query = Error{""};
  try {
    // Building reads the index too (wildcards, the dates it holds), and a
    // remote shard can fail there as well as in the match.
    query = builder_.Build(request);
    if (query && UsesPositions(*query) && !db_.has_positions()) {
      return Error{
          "phrase search is off: this index was built with --no-positions; "
          "drop the quotes or NEAR, or rebuild without --no-positions"};
    }
  } catch (const Xapian::Error& e) {
    return Error{"search failed: " + e.get_description()};
  }
  if (!query) return query.error();
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
  Xapian::Query filtered;
  try {
    // The filter reads the dates the index holds (as Search's does).
    filtered = Xapian::Query(Xapian::Query::OP_FILTER, query, DateFilterQuery(**range, &db_));
  } catch (const Xapian::Error& e) {
    return Error{"search failed: " + e.get_description()};
  }
  return RunWithRetries(filtered, request, false);
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
  const SortOrder sort = EffectiveSort(query, request.sort);
  SetFullSort(sort, &enquire);
  if (sort == SortOrder::kRelevance && feedback && WantsFeedback(query, options_.ranking)) {
    AddFeedback(query, &enquire);
  }
  if (options_.collapse_duplicates) enquire.set_collapse_key(schema::kSlotCluster);
  // Checking every candidate makes the counts exact (Xapian otherwise stops
  // once the page is certain and estimates the rest). Collapsing, Xapian
  // 1.4 does not count the copies it drops: a separate pass counts then.
  const bool count_apart = options_.exact_counts && options_.collapse_duplicates;
  const Xapian::doccount check_at_least =
      options_.exact_counts && !count_apart ? db_.get_doccount() : 0;
  Page page = MatchPage(enquire, request, sort, check_at_least);

  SearchResults results;
  results.offset = request.offset;
  SetCounts(page.mset, &results);
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
  if (options_.ids_only) {
    AddIdOnlyHits(page, request.offset, &results);
  } else {
    AddHits(page, query, enquire.get_query(), request.offset, &results);
  }
  return results;
}

void Searcher::AddFeedback(const Xapian::Query& query, Xapian::Enquire* enquire) {
  // Pseudo-relevance feedback: treat the first pass's top documents as
  // relevant and search again with their best terms added. When the first
  // pass finds only a handful of articles, they are not a sample of
  // anything: re-ranking them by their own words would be noise.
  const RankingOptions& ranking = options_.ranking;
  Xapian::MSet first = enquire->get_mset(0, ranking.expand_docs, ranking.expand_min_matches);
  if (!ranking.expand_adds && first.get_matches_lower_bound() < ranking.expand_min_matches) {
    return;
  }
  Xapian::RSet feedback;
  for (auto it = first.begin(); it != first.end(); ++it) feedback.add_document(*it);
  // The expansion set reads the term lists of the feedback documents: from
  // the local copies when there are (same shards, same docids).
  Xapian::Enquire expander(documents_);
  SetExpansionScheme(term_weights_, &expander);
  enquire->set_query(ExpandQuery(query, documents_, expander, feedback, ranking));
}

Searcher::Page Searcher::MatchPage(Xapian::Enquire& enquire, const SearchRequest& request,
                                   SortOrder sort, Xapian::doccount check_at_least) {
  Page page;
  // The full sort lets Xapian read the tie-break values as it matches, and
  // the page's sort keys then carry the ids. Ordering ties here instead
  // reads a document per tied hit: worth it only for short pages, where
  // the relevance-only search skips the most (Reuters, TREC runs: top 10
  // about even, top 30 2x, top 1000 2x slower than the full sort). Remote
  // shards always sort on the servers: there each document read is a round
  // trip (about 0.17 ms on loopback).
  constexpr std::size_t kShortPage = 20;
  if (sort == SortOrder::kRelevance && !options_.remote_shards && request.limit <= kShortPage) {
    page.hits = internal::RelevancePage(enquire, request, check_at_least, &page.mset);
  }
  if (!page.hits.empty()) return page;
  page.sort_slot = SetFullSort(sort, &enquire);
  page.sort_keys = true;
  page.mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                               static_cast<Xapian::doccount>(request.limit), check_at_least);
  for (auto it = page.mset.begin(); it != page.mset.end(); ++it) page.hits.push_back(it);
  return page;
}

void Searcher::SetCounts(const Xapian::MSet& mset, SearchResults* results) const {
  results->matches_estimated = mset.get_matches_estimated();
  results->matches_lower_bound = mset.get_matches_lower_bound();
  results->matches_upper_bound = mset.get_matches_upper_bound();
  // Without a collapse key these equal the counts above.
  results->collapsed = options_.collapse_duplicates;
  results->articles_estimated = mset.get_uncollapsed_matches_estimated();
  results->articles_lower_bound = mset.get_uncollapsed_matches_lower_bound();
  results->articles_upper_bound = mset.get_uncollapsed_matches_upper_bound();
}

Xapian::Document Searcher::DocumentOf(const Xapian::MSetIterator& hit) const {
  return separate_documents_ ? documents_.get_document(*hit) : hit.get_document();
}

void Searcher::AddIdOnlyHits(Page& page, std::size_t offset, SearchResults* results) {
  // Each hit's id from its sort key where it holds one (empty otherwise:
  // read from the document).
  std::vector<std::string> key_ids(page.hits.size());
  bool need_documents = false;
  for (std::size_t i = 0; i < page.hits.size(); ++i) {
    if (page.sort_keys) {
      key_ids[i] = schema::IdFromSortKey(page.sort_slot, page.hits[i].get_sort_key());
    }
    need_documents |= key_ids[i].empty();
  }
  if (need_documents) FetchRemoteDocuments(page);
  for (std::size_t i = 0; i < page.hits.size(); ++i) {
    Hit hit;
    hit.rank = offset + i + 1;
    hit.score = page.hits[i].get_weight();
    hit.id = std::move(key_ids[i]);
    if (hit.id.empty()) {
      Xapian::Document doc = DocumentOf(page.hits[i]);
      hit.id = schema::IdFromSortKey(schema::kSlotTieBreak, doc.get_value(schema::kSlotTieBreak));
      if (hit.id.empty()) hit.id = schema::DecodeDocData(doc.get_data()).id;
    }
    results->hits.push_back(std::move(hit));
  }
}

void Searcher::FetchRemoteDocuments(Page& page) {
  // One request for the page's documents instead of a round trip each.
  if (options_.remote_shards && !page.hits.empty() && !separate_documents_) page.mset.fetch();
}

void Searcher::AddHits(Page& page, const Xapian::Query& query, const Xapian::Query& searched,
                       std::size_t offset, SearchResults* results) {
  FetchRemoteDocuments(page);
  // Built only when snippets are wanted: it looks up every query term.
  std::optional<SnippetMaker> snippets;
  if (options_.snippets) snippets.emplace(query, documents_);
  for (std::size_t i = 0; i < page.hits.size(); ++i) {
    const Xapian::MSetIterator& it = page.hits[i];
    Xapian::Document doc = DocumentOf(it);
    schema::StoredArticle stored = schema::DecodeDocData(doc.get_data());
    Hit hit;
    hit.rank = offset + i + 1;
    hit.score = it.get_weight();
    hit.id = std::move(stored.id);
    hit.date = stored.date;
    hit.title = std::move(stored.title);
    hit.path = stored.path;  // still read by LoadArticleText below
    AnnotateCluster(documents_, query, doc, options_.collapse_duplicates, &hit);
    if (options_.explain) ExplainHit(query, searched, it, &hit);
    if (snippets) {
      ArticleText article = LoadArticleText(doc, stored);
      hit.text_source = article.source;
      hit.snippet = Snippet(*snippets, article.body, hit.title);
    }
    results->hits.push_back(std::move(hit));
  }
}

void Searcher::ExplainHit(const Xapian::Query& query, const Xapian::Query& searched,
                          const Xapian::MSetIterator& it, Hit* hit) const {
  hit->score_parts = ExplainScore(db_, query, it, weight_.get());
  if (term_weights_.normalized) {
    for (ScorePart& part : hit->score_parts) part.normalized_tf = part.wdf / term_weights_.scale;
  }
  // Feedback terms, term scaling (--like) and phrase weighting are not
  // per-word parts: report what they add as one part, so the parts still
  // add up to the score.
  double words = 0;
  for (const ScorePart& part : hit->score_parts) words += part.score;
  if (std::abs(hit->score - words) > 1e-6) {
    bool expanded = searched.get_description() != query.get_description();
    ScorePart rest;
    rest.term = expanded ? "(feedback terms)" : "(term scaling and phrases)";
    rest.score = hit->score - words;
    hit->score_parts.push_back(std::move(rest));
  }
}

std::string Searcher::Snippet(const SnippetMaker& snippets, const std::string& whole_body,
                              const std::string& title) const {
  // Boilerplate lines never make a snippet (the file's body is whole).
  std::string body = boilerplate_.Clean(whole_body);
  std::string_view text = TextAfterTitle(body, title);
  std::string snippet = snippets.Make(text, options_.snippet_bytes);
  if (!snippet.empty()) return snippet;
  // Matched on the title or the date alone: show how the story starts.
  return TruncateOnWord(CollapseWhitespace(text.substr(0, 4 * options_.snippet_bytes)),
                        options_.snippet_bytes);
}

}  // namespace newsdex
