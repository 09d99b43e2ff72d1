#include "newsdex/search/sharded_searcher.h"

#include <utility>

namespace newsdex {

ShardedSearcher::ShardedSearcher(ShardedIndex index, const SearcherOptions& options,
                                 bool allow_partial)
    : index_(std::move(index)),
      options_(options),
      allow_partial_(allow_partial),
      warnings_taken_(index_.warnings.size()) {
  MakeSearcher();
}

void ShardedSearcher::MakeSearcher() {
  // Remote shards change how a page is fetched; after a failover there may
  // be none left.
  options_.remote_shards = HasRemoteShards(index_);
  searcher_ = std::make_unique<Searcher>(index_.db, options_, index_.local_documents);
}

Status ShardedSearcher::Ready() const { return searcher_->Ready(); }

Result<SearchResults> ShardedSearcher::Search(const SearchRequest& request) {
  return WithFailover([&](Searcher& searcher) { return searcher.Search(request); });
}

Result<SearchResults> ShardedSearcher::SearchQuery(const QueryMaker& make_query,
                                                   const SearchRequest& request) {
  return WithFailover([&](Searcher& searcher) -> Result<SearchResults> {
    auto query = make_query(index_.db);
    if (!query) return query.error();
    return searcher.SearchQuery(*query, request);
  });
}

std::vector<std::string> ShardedSearcher::TakeWarnings() {
  std::vector<std::string> taken(index_.warnings.begin() + warnings_taken_, index_.warnings.end());
  warnings_taken_ = index_.warnings.size();
  return taken;
}

Result<SearchResults> ShardedSearcher::WithFailover(const SearchFn& search) {
  auto results = search(*searcher_);
  if (results || index_.shards.size() <= 1) return results;
  // A search fails for many reasons; only a shard that no longer answers
  // is a reason to search without it.
  auto failing = FailingShards(index_);
  if (failing.empty()) return results;
  if (allow_partial_ && DropFailingShards(index_)) {
    try {
      MakeSearcher();
    } catch (const Xapian::Error& e) {
      return Error{"cannot search the shards left: " + e.get_description(),
                   ErrorCode::kShardFailed};
    }
    return search(*searcher_);
  }
  return Error{"shard '" + failing.front().first + "' failed: " + failing.front().second +
                   " (--allow-partial answers from the other shards)",
               ErrorCode::kShardFailed};
}

}  // namespace newsdex
