// Searching an opened index with the shard failover policy, the same for a
// single query and for every query of a batch.
#ifndef NEWSDEX_SEARCH_SHARDED_SEARCHER_H_
#define NEWSDEX_SEARCH_SHARDED_SEARCHER_H_

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/results.h"
#include "newsdex/search/searcher.h"
#include "newsdex/store/open.h"

namespace newsdex {

// A Searcher over an index opened shard by shard (OpenShardedIndex). When a
// search fails and some shard no longer answers, the search fails naming
// that shard (ErrorCode::kShardFailed), or, with `allow_partial`, the
// failing shards are left out for this and every later search and the
// search runs again on the others, with a warning. Not thread-safe: one per
// thread, each with its own ShardedIndex.
class ShardedSearcher {
 public:
  // `options.remote_shards` is set from the index (HasRemoteShards).
  // Throws Xapian::Error when the index cannot be read (as Searcher does).
  ShardedSearcher(ShardedIndex index, const SearcherOptions& options, bool allow_partial);

  // See Searcher::Ready.
  Status Ready() const;

  // Searcher::Search with failover.
  Result<SearchResults> Search(const SearchRequest& request);

  // Builds a query from the database searched (for example LikeQuery) and
  // runs it as Searcher::SearchQuery does, with failover; after a failover
  // the query is built again from the shards left.
  using QueryMaker = std::function<Result<Xapian::Query>(const Xapian::Database&)>;
  Result<SearchResults> SearchQuery(const QueryMaker& make_query, const SearchRequest& request);

  // The database searched now: every shard that opened, less those a
  // failover left out.
  const Xapian::Database& db() const { return index_.db; }

  // The database that holds the spelling data ("Did you mean"): db(), or
  // with --parallel the local shards it matches through xapian-progsrv
  // (whose protocol reads no spelling data).
  const Xapian::Database& words_db() const {
    return index_.local_documents.size() > 0 ? index_.local_documents : index_.db;
  }

  // The warnings of the shards failovers left out since the last call (not
  // those left out when the index was opened: ShardedIndex::warnings).
  std::vector<std::string> TakeWarnings();

 private:
  using SearchFn = std::function<Result<SearchResults>(Searcher&)>;
  Result<SearchResults> WithFailover(const SearchFn& search);
  void MakeSearcher();

  ShardedIndex index_;
  SearcherOptions options_;
  bool allow_partial_;
  std::unique_ptr<Searcher> searcher_;
  std::size_t warnings_taken_;  // index_.warnings before this are reported
};

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_SHARDED_SEARCHER_H_
