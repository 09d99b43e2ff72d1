#include "newsdex/searcher.h"

#include <string>

#include "newsdex/schema.h"
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

// Phrase and NEAR need word positions.
bool UsesPositions(const Xapian::Query& query) {
  auto op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (UsesPositions(query.get_subquery(i))) return true;
  }
  return false;
}

}  // namespace

Searcher::Searcher(Xapian::Database db, const SearcherOptions& options)
    : db_(std::move(db)), options_(options), builder_(&db_), stemmer_("english") {}

Result<SearchResults> Searcher::Search(const SearchRequest& request) {
  auto query = builder_.Build(request);
  if (!query) return query.error();
  if (UsesPositions(*query) && !db_.has_positions()) {
    return Error{"phrase search is off: this index was built with --no-positions; "
                 "drop the quotes or NEAR, or rebuild without --no-positions"};
  }
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
  enquire.set_query(query);
  Xapian::MultiValueKeyMaker keys;  // must outlive get_mset
  // A query of dates alone has no relevance to rank by: list newest first.
  SortOrder sort = request.sort;
  bool dates_only = query.get_unique_terms_begin() == query.get_unique_terms_end();
  if (sort == SortOrder::kRelevance && dates_only) sort = SortOrder::kNewest;
  if (sort != SortOrder::kRelevance) {
    // Undated articles sort last in both directions.
    bool newest = sort == SortOrder::kNewest;
    keys.add_value(schema::kSlotDate, newest, newest ? "" : "99999999");
    // Without words every score is equal: order same-day articles by path,
    // not docid, so an updated index lists them like a fresh build.
    if (dates_only) keys.add_value(schema::kSlotPathKey);
    enquire.set_sort_by_key_then_relevance(&keys, false);
  } else {
    // Equal scores are ordered by file path, not docid, so an updated index
    // ranks exactly like a fresh build of the same files.
    enquire.set_sort_by_relevance_then_value(schema::kSlotPathKey, false);
  }
  Xapian::MSet mset = enquire.get_mset(
      static_cast<Xapian::doccount>(request.offset),
      static_cast<Xapian::doccount>(request.limit));

  SearchResults results;
  results.offset = request.offset;
  results.matches_estimated = mset.get_matches_estimated();
  results.matches_lower_bound = mset.get_matches_lower_bound();
  results.matches_upper_bound = mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
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
      hit.snippet = mset.snippet(
          std::string(text), options_.snippet_bytes, stemmer_,
          Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE |
              Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH,
          std::string(1, kHighlightStart), std::string(1, kHighlightEnd), "\u2026");
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
