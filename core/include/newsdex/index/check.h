// Consistency checks of an index: Xapian's own checker on the current
// generation (what `indexer check` runs) and the newsdex metadata test that
// tells an index from another program's Xapian database.
#ifndef NEWSDEX_INDEX_CHECK_H_
#define NEWSDEX_INDEX_CHECK_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "newsdex/base/error.h"

namespace newsdex {

struct CheckReport {
  std::vector<std::string> checked;  // the databases Xapian checked (each shard)
  bool damaged = false;              // true: searching may fail; rebuild the index
  std::string problem;               // when damaged: what the checker found, one line
  Xapian::doccount articles = 0;     // when not damaged
  std::string built_at;              // newsdex.built_at metadata, when present
  std::string folders;               // the folders it was built from, one a line
};

// Runs Xapian::Database::check on every database the index's stub names
// (each shard of a sharded index; `db_path` itself when it is a plain
// database folder), then checks the newsdex metadata. Fails only when there
// is no index to check (missing path, empty folder: ErrorCode::kNotFound),
// what is there is not a newsdex index of this format (kForeign, or
// kCorrupt for another format), or a shard is remote (kInvalidInput: it is
// checked on its own machine); damage is reported in CheckReport.
Result<CheckReport> CheckIndex(const std::string& db_path);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_CHECK_H_
