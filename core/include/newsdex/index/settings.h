// The build settings that shape an index's contents, recorded in the index
// when it is built: `update` reads them back so that documents it writes are
// made exactly as a fresh build with those settings would make them, and
// `indexer stats` shows them.
//
// Adding a setting: a field in IndexSettings (or in the option structs it
// holds) and one row in the table of settings.cc; nothing else reads or
// writes the stored form.
#ifndef NEWSDEX_INDEX_SETTINGS_H_
#define NEWSDEX_INDEX_SETTINGS_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/index/document.h"
#include "newsdex/index/indexing.h"

namespace newsdex {

struct IndexSettings {
  // Title weight, word positions and how term frequencies are stored.
  DocumentOptions document;
  // Boilerplate learning thresholds, near-duplicate clustering, spelling.
  NewsIndexOptions news;
  // Larger files are skipped (so they are not in the index).
  std::uint64_t max_file_bytes = 10u << 20;
  // Follow symlinks that lead outside the corpus folders (see WalkOptions).
  bool follow_symlinks = false;
};

// The settings, one (name, value) pair each in a fixed order, the value as
// JSON text (`1`, `true`, `0.6`, `"bm25 b=0.4 scale=16 length=280"`). Names
// are those of the indexer's flags without dashes ("title-weight").
std::vector<std::pair<std::string, std::string>> DescribeSettings(const IndexSettings& settings);

// Writes `settings` into the index metadata (schema::kMetaSettings, and the
// term weights also under schema::kMetaTermWeights, where searches read them).
void WriteIndexSettings(const IndexSettings& settings, Xapian::WritableDatabase& db);

// The settings recorded in `db`, or nullopt for an index that has none.
// A setting missing from the record (added to newsdex after the build)
// keeps its default.
std::optional<IndexSettings> ReadIndexSettings(const Xapian::Database& db);

// For an update: takes every setting from `stored` except the ones named in
// `given` (settings the user set with a flag), which must equal the stored
// ones. Fails naming the first that differs, its stored value and what to do.
Result<IndexSettings> ReconcileSettings(const IndexSettings& stored, const IndexSettings& requested,
                                        const std::vector<std::string>& given);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_SETTINGS_H_
