// Compaction: rewrites an index (one database or all its shards) into one
// compact database with Xapian's compactor, in place or into a new folder.
#ifndef NEWSDEX_INDEX_COMPACT_H_
#define NEWSDEX_INDEX_COMPACT_H_

#include <cstdint>
#include <optional>
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

// How far an index has grown since it was last written compactly (by a
// build or a compaction). Updates in place split the full blocks of a
// compact index, so an index updated often ends up much larger than a fresh
// build of the same articles.
struct IndexGrowth {
  std::uint64_t bytes_now = 0;  // the current databases on disk
  std::uint64_t articles_now = 0;
  std::uint64_t compacted_bytes = 0;     // right after the last build or compaction
  std::uint64_t compacted_articles = 0;  // articles then
  // bytes_now against compacted_bytes scaled to today's article count (an
  // estimate of a fresh build's size): about 1.0 after a build.
  double ratio() const;
};

// The growth of the index at `db_path`; nullopt when it does not record its
// compacted size (written by an older version: the next build or compaction
// records it) or when a shard is remote.
std::optional<IndexGrowth> ReadIndexGrowth(const std::string& db_path);

// Records the size and article count of the database at `database_path`,
// just written compactly, as its growth baseline. Throws Xapian::Error.
void RecordCompactedSize(const std::string& database_path);

// Compacts every local database of the index folder `db_path` into a new
// generation (shards stay shards), records the baselines and publishes it
// like a build, so readers switch atomically. `update` calls it when the
// growth passes its threshold. REQUIRES: the caller holds the WriterLock.
Result<CompactSummary> CompactGeneration(const std::string& db_path);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_COMPACT_H_
