// Incremental indexing: bring an existing index in line with its folders,
// reading only files that changed, committing in batches so that a crash at
// any moment leaves a consistent index that the next update completes.
#ifndef NEWSDEX_INDEX_UPDATE_H_
#define NEWSDEX_INDEX_UPDATE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "newsdex/base/error.h"
#include "newsdex/index/build.h"
#include "newsdex/index/indexing.h"

namespace newsdex {

struct UpdateSummary {
  bool built = false;         // there was no usable index: a full build ran
  std::string built_because;  // why, when built: "there was none to update", ...
  std::size_t added = 0;      // new files indexed
  std::size_t updated = 0;    // changed files re-indexed
  std::size_t removed = 0;    // articles deleted (file gone, or now skipped)
  std::size_t unchanged = 0;  // includes `touched`
  std::size_t touched = 0;    // same contents, newer mtime: only the time recorded
  std::size_t undated = 0;    // of the added and updated, how many lack a date
  std::array<std::size_t, kSkipReasonCount> skipped{};  // by SkipReason
  std::uint64_t bytes_read = 0;
  std::size_t commits = 0;  // batches committed
  ClusterSummary clusters;  // near-duplicate groups after the update
  // Growth against the last build or compaction when the update ended
  // (before compacting; 0: not recorded), and whether it then compacted
  // the index (BuildOptions::compact_above), with the sizes before and after.
  double growth = 0;
  bool compacted = false;
  std::uint64_t bytes_before_compaction = 0;
  std::uint64_t bytes_after_compaction = 0;
  double seconds = 0;

  std::size_t skipped_total() const;
};

// Updates the index at options.db_path in place to match options.folders:
// unchanged files (same size and mtime) are not opened; a file whose mtime
// changed is read and hashed, and only re-indexed if its bytes changed.
// Readers see each committed batch atomically. On a folder with no index (or
// one in an older format) this runs BuildIndex and reports what it added.
// Fails when a folder is missing, the index is locked (after waiting
// options.wait_seconds), cancelled (committed batches stay; the next update
// finishes), or Xapian cannot write.
Result<UpdateSummary> UpdateIndex(const BuildOptions& options, const FileEventSink& on_event,
                                  const ProgressSink& on_progress = {});

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_UPDATE_H_
