// What an index holds, for `indexer stats`: counts, date span, per-year
// histogram, size on disk, and when and from where it was built.
#ifndef NEWSDEX_INDEX_STATS_H_
#define NEWSDEX_INDEX_STATS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/index/compact.h"

namespace newsdex {

struct IndexStats {
  std::string db_path;
  std::uint64_t articles = 0;
  std::uint64_t undated = 0;
  std::string first_date;  // "YYYY-MM-DD", empty when no article is dated
  std::string last_date;
  std::map<std::string, std::uint64_t> per_year;  // "YYYY" -> articles
  // The databases of the current generation (every local shard); nullopt
  // when a shard is remote.
  std::optional<std::uint64_t> bytes_on_disk;
  bool has_positions = false;  // false after `build --no-positions`
  std::string built_at;        // ISO times; empty when unknown
  std::string updated_at;
  std::vector<std::string> folders;  // as given to the last build or update
  // The build settings (DescribeSettings: name, value as JSON text); empty
  // for an index that does not record them.
  std::vector<std::pair<std::string, std::string>> settings;
  // Growth since the last build or compaction (see compact.h); nullopt when
  // the index does not record it or a shard is remote.
  std::optional<IndexGrowth> growth;
};

// Reads the statistics of the index at `db_path` (see OpenIndex for the
// failures: missing, empty or damaged index).
Result<IndexStats> ReadIndexStats(const std::string& db_path);

// Human-readable text, one fact per line.
void WriteStatsText(const IndexStats& stats, std::ostream& out);
// One JSON object with the same facts (keys: db, articles, undated,
// first_date, last_date, per_year, bytes_on_disk, positions, built_at,
// updated_at, folders, settings, growth, compacted_bytes), dates null when
// unknown; settings is an object of the build settings (null when not recorded).
void WriteStatsJson(const IndexStats& stats, std::ostream& out);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_STATS_H_
