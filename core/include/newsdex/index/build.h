// A whole indexing run: walk the corpus folders, read and parse each file,
// write a new index generation and swap it in, reporting each file's fate.
#ifndef NEWSDEX_INDEX_BUILD_H_
#define NEWSDEX_INDEX_BUILD_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/document.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/settings.h"

namespace newsdex {

// The default BuildOptions::compact_above: an updated index stays within
// about 1.2x the size of a fresh build of the same articles.
inline constexpr double kDefaultCompactAbove = 1.2;

// The settings that shape the index (max_file_bytes, follow_symlinks,
// document, news: see settings.h) are the IndexSettings part; the rest says
// where and how fast to work.
struct BuildOptions : IndexSettings {
  std::vector<std::string> folders;  // corpus folders, walked in this order
  std::string db_path;               // index folder (see database.h)
  double wait_seconds = 0;           // for another writer's lock
  // Names of the settings the user gave (DescribeSettings names, e.g.
  // "title-weight"): an update takes every other setting from the index and
  // refuses these when they differ from it.
  std::vector<std::string> settings_given;
  // Normalised indexes (see TermWeights): BM25's reference length is the
  // corpus's average document length, measured by the build and stored in
  // the index with the other settings, so short texts (abstracts, wire
  // briefs) are normalised against each other, not against a fixed news
  // length. `update` keeps the stored value (false here, with
  // document.term_weights.ref_length set: indexer build --length-reference N).
  bool measure_reference_length = true;
  // Threads that read, parse and index (0: one per core). Each writes a
  // partial database over a contiguous slice of the sorted file list; the
  // slices are merged in order, so every value gives the same index.
  unsigned jobs = 0;
  // More than 1: articles go to this many shards by a hash of their id
  // (ShardOf), each its own database built on its own thread, listed
  // together in the index folder's stub; searched as one index.
  unsigned shards = 1;
  // A writer commits after this many documents or this many bytes of input,
  // whichever comes first: this bounds memory, and for `update` it is the
  // most work a crash can lose.
  std::size_t batch_docs = 1000;
  std::uint64_t batch_bytes = 32u << 20;
  // Polled between files; when it turns true the build stops and publishes
  // nothing. May be null.
  const std::atomic<bool>* cancel = nullptr;
  // `update` only: updating in place splits the full blocks of the compact
  // index a build writes, so the index grows faster than its articles.
  // Once it has grown past this many times its size right after the last
  // build or compaction (scaled to the article count; IndexGrowth), the
  // update compacts it into a new generation, published like a build.
  // 0: never.
  double compact_above = kDefaultCompactAbove;
};

// What happened to one file, for the CLI to print (core never prints).
struct FileEvent {
  enum class Kind {
    kIndexed,  // added; `message` empty
    kWarning,  // added, with a problem worth knowing (undated, recoded, clash)
    kSkipped,  // not added; `reason` says why
    // Only from `update`:
    kUpdated,    // re-indexed because its contents changed
    kUnchanged,  // left alone (`message` says "touched" when only its time changed)
    kRemoved,    // its file is gone (or now skipped): the article was deleted
  };
  Kind kind = Kind::kIndexed;
  std::string path;
  std::string message;
  SkipReason reason = SkipReason::kEmpty;  // meaningful for kSkipped
};
using FileEventSink = std::function<void(const FileEvent&)>;

// How far a run is, for a progress display. Called from worker threads, one
// call at a time, after every file.
struct Progress {
  std::size_t done = 0;   // files handled so far
  std::size_t total = 0;  // files in the listing
};
using ProgressSink = std::function<void(const Progress&)>;

struct BuildSummary {
  std::size_t files_seen = 0;  // files and problem entries considered
  std::size_t indexed = 0;
  std::size_t undated = 0;                              // indexed without a date
  std::size_t recoded = 0;                              // indexed after Windows-1252 decoding
  std::size_t id_clashes = 0;                           // indexed under an id another file also has
  std::array<std::size_t, kSkipReasonCount> skipped{};  // by SkipReason
  std::uint64_t bytes_read = 0;
  double seconds = 0;
  std::size_t boilerplate_lines = 0;  // lines learned as boilerplate
  ClusterSummary clusters;            // near-duplicate groups

  std::size_t skipped_total() const;
};

// Builds a fresh index of `options.folders` into `options.db_path`. Readers
// keep seeing the previous index until the new one is complete; an
// interrupted build leaves it untouched.
// Fails (nothing published) when cancelled, when a folder is missing, the index folder is
// locked or unusable, or Xapian cannot write; per-file problems are events.
// Events and progress may come from several threads, but never at the same
// time.
Result<BuildSummary> BuildIndex(const BuildOptions& options, const FileEventSink& on_event,
                                const ProgressSink& on_progress = {});

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_BUILD_H_
