// Batch mode: reading a file of queries and answering them all with one set
// of options, on one or more threads, in input order.
//
// Query file format, one query per line (UTF-8):
//   QUERY                     id = the line number (1-based, counting every line)
//   QID<TAB>QUERY             id = QID
//   QID<TAB>QUERY<TAB>FROM..TO  and only articles dated FROM to TO, inclusive
//                               (YYYY, YYYY-MM or YYYY-MM-DD; either end may
//                               be left open: 1987-03.., ..1987-06)
// Blank lines and lines starting with '#' are skipped; a trailing '\r' is
// ignored. Example:
//   # topics for the March run
//   q1<TAB>oil prices
//   q2<TAB>"interest rate"<TAB>1987-03-01..1987-03-31
#ifndef NEWSDEX_SEARCH_BATCH_H_
#define NEWSDEX_SEARCH_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/eval/eval.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/results.h"
#include "newsdex/search/searcher.h"
#include "newsdex/store/open.h"

namespace newsdex {

struct BatchQuery {
  std::string qid;
  std::string text;
  std::string from;  // from the third column, "" when open
  std::string to;
  int line = 0;  // 1-based line number in the input
  // Set when the line itself is malformed; the query is then not run and the
  // batch reports it under its qid.
  std::string error;
};

// Reads every query line of `in`. Never fails as a whole: a bad line becomes
// a BatchQuery with `error` set, so the others are still answered.
std::vector<BatchQuery> ParseBatch(std::istream& in);

// The request for one query of a batch: the shared options of `base` with
// the query's text, and its date column intersected with base.from/base.to.
// Fails when the column's dates are invalid or do not overlap the shared
// range.
Result<SearchRequest> BatchRequest(const SearchRequest& base, const BatchQuery& query);

struct BatchOptions {
  std::string db_path;  // each worker opens its own handle (see OpenShardedIndex)
  OpenOptions open;     // remote shard timeouts; allow_partial: the failover of ShardedSearcher
  SearcherOptions searcher;
  SearchRequest base;  // shared options; text/from/to come per query
  unsigned jobs = 1;   // worker threads; answers still come in input order
};

// One query's outcome, passed to the callback in input order.
struct BatchAnswer {
  const BatchQuery* query = nullptr;
  Result<SearchResults> results = Error{""};
  std::int64_t micros = 0;  // time spent answering it (parse, match, snippets)
  // Shards left out while answering it (a failover under
  // OpenOptions::allow_partial), one warning each.
  std::vector<std::string> warnings;
};

// Answers every query, calling `on_answer` once per query in input order, on
// the calling thread. Fails only when the index cannot be opened; per-query
// failures arrive as answers with an error. A shard that fails mid-batch is
// handled as ShardedSearcher does for each worker: the queries it breaks
// fail naming it, or under options.open.allow_partial are answered from the
// other shards (BatchAnswer::warnings says so once per worker).
// Shards left out when the index is opened (allow_partial) are added to
// `warnings` (when not null).
Status RunBatch(const std::vector<BatchQuery>& queries, const BatchOptions& options,
                const std::function<void(const BatchAnswer&)>& on_answer,
                std::vector<std::string>* warnings = nullptr);

// Adds one query's hits to a run for Evaluate().
void AddToRun(const std::string& qid, const SearchResults& results, Run* run);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_BATCH_H_
