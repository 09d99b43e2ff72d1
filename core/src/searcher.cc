#include "newsdex/searcher.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "newsdex/schema.h"
#include "newsdex/snippet.h"
#include "newsdex/text.h"

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

}  // namespace

Searcher::Searcher(Xapian::Database db, const SearcherOptions& options)
    : db_(std::move(db)),
      options_(options),
      builder_(&db_),
      weight_(MakeWeight(options.ranking)) {
  if (options_.ranking.stopwords) builder_.SetStopper(&EnglishStopper());
}

Result<SearchResults> Searcher::Search(const SearchRequest& request) {
  auto query = builder_.Build(request);
  if (!query) return query.error();
  for (int attempt = 0;; ++attempt) {
    try {
      return Run(*query, request);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kModifiedRetries) {
        return Error{"the index kept changing during the search; try again"};
      }
      db_.reopen();
    } catch (const Xapian::WildcardError& e) {
      return Error{"a wildcard in '" + request.text +
                   "' matches too many words; make it longer (" + e.get_msg() + ")"};
    } catch (const Xapian::Error& e) {
      return Error{"search failed: " + e.get_description()};
    }
  }
}

SearchResults Searcher::Run(const Xapian::Query& query, const SearchRequest& request) {
  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(*weight_);
  enquire.set_query(query);
  // A query of dates alone has no relevance to rank by: list newest first.
  SortOrder sort = request.sort;
  if (sort == SortOrder::kRelevance &&
      std::all_of(query.get_unique_terms_begin(), query.get_unique_terms_end(),
                  [](const std::string& term) { return schema::IsDateTerm(term); })) {
    sort = SortOrder::kNewest;
  }
  // Both orders sort a value in reverse so that undated articles (no value)
  // come last; value sorting works on remote shards, a KeyMaker does not.
  if (sort == SortOrder::kNewest) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
  } else if (sort == SortOrder::kOldest) {
    enquire.set_sort_by_value_then_relevance(schema::kSlotOldestFirst, true);
  } else if (WantsFeedback(query, options_.ranking)) {
    // Pseudo-relevance feedback: treat the first pass's top documents as
    // relevant and search again with their best terms added. When the first
    // pass finds only a handful of articles, they are not a sample of
    // anything: re-ranking them by their own words would be noise.
    const RankingOptions& ranking = options_.ranking;
    Xapian::MSet first = enquire.get_mset(0, ranking.expand_docs, ranking.expand_min_matches);
    if (ranking.expand_adds ||
        first.get_matches_lower_bound() >= ranking.expand_min_matches) {
      Xapian::RSet feedback;
      for (auto it = first.begin(); it != first.end(); ++it) feedback.add_document(*it);
      enquire.set_query(ExpandQuery(query, enquire, feedback, ranking));
    }
  }
  Xapian::MSet mset = enquire.get_mset(
      static_cast<Xapian::doccount>(request.offset),
      static_cast<Xapian::doccount>(request.limit));

  // Built only when snippets are wanted: it looks up every query term.
  std::optional<SnippetMaker> snippets;
  if (options_.snippets && !options_.ids_only) snippets.emplace(query, db_);
  SearchResults results;
  results.offset = request.offset;
  results.matches_estimated = mset.get_matches_estimated();
  results.matches_lower_bound = mset.get_matches_lower_bound();
  results.matches_upper_bound = mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (options_.ids_only) {
      Hit hit;
      hit.rank = it.get_rank() + 1;
      hit.score = it.get_weight();
      Xapian::Document doc = it.get_document();
      hit.id = doc.get_value(schema::kSlotId);
      if (hit.id.empty()) hit.id = schema::DecodeDocData(doc.get_data()).id;
      results.hits.push_back(std::move(hit));
      continue;
    }
    schema::StoredArticle stored = schema::DecodeDocData(it.get_document().get_data());
    Hit hit;
    hit.rank = it.get_rank() + 1;
    hit.score = it.get_weight();
    hit.id = std::move(stored.id);
    hit.date = stored.date;
    hit.title = std::move(stored.title);
    hit.path = std::move(stored.path);
    if (options_.snippets) {
      std::string_view text = TextAfterTitle(stored.body, hit.title);
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
