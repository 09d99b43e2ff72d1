// Compaction: rewrites an index (one database or all its shards) into one
// compact database with Xapian's compactor, in place or into a new folder.
#ifndef NEWSDEX_INDEX_COMPACT_H_
#define NEWSDEX_INDEX_COMPACT_H_

#include <cstdint>
#include <string>

#include "newsdex/base/error.h"

namespace newsdex {

struct CompactOptions {
  std::string db_path;  // index folder, Xapian database or stub file to read
  // Where to write: empty compacts db_path in place (db_path must then be a
  // newsdex index folder); otherwise a new newsdex index folder.
  std::string to_path;
  double wait_seconds = 0;  // for another writer's lock
};

struct CompactSummary {
  std::size_t shards_in = 0;
  std::uint64_t documents = 0;
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  double seconds = 0;
};

// Compacts (and, for a sharded index, merges) the index. In place, the result
// is published like a build: readers switch atomically and an interrupted
// compaction changes nothing.
Result<CompactSummary> CompactIndex(const CompactOptions& options);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_COMPACT_H_
