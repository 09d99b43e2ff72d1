// Private to core: turning one corpus file into a Xapian document with the
// file-state values `update` relies on. Shared by build and update so both
// make byte-identical documents.
#ifndef NEWSDEX_INDEX_FILE_INDEXING_H_
#define NEWSDEX_INDEX_FILE_INDEXING_H_

#include <xapian.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/build.h"
#include "newsdex/index/document.h"
#include "newsdex/index/indexing.h"
#include "newsdex/news/fingerprint.h"

namespace newsdex::internal {

// The absolute, lexically normal form of `path`: what documents are keyed by.
std::string AbsolutePath(const std::string& path);

// The corpus folders as the index records them (kMetaFolders): absolute,
// one a line, in the order given.
std::string FoldersMetadata(const std::vector<std::string>& folders);

// Hands what the process has freed back to the system. glibc keeps freed
// memory for the arena that held it, and a build's phases allocate from
// different threads (the walk and the boilerplate learner on the calling
// thread, the indexing on worker threads, the merge on the calling thread
// again): without this, each phase's peak stayed part of the process
// through the later ones.
void ReleaseFreedMemory();

// Seconds elapsed since `start`, for the summaries.
double SecondsSince(std::chrono::steady_clock::time_point start);

using SkipCounts = std::array<std::size_t, kSkipReasonCount>;

inline void CountSkip(SkipCounts& skipped, SkipReason reason) {
  ++skipped[static_cast<std::size_t>(reason)];
}

// Reports and counts the entries the corpus walk skipped (links, unreadable
// folders): build and update treat them alike.
void ReportProblems(const std::vector<CorpusProblem>& problems, SkipCounts& skipped,
                    const FileEventSink& on_event);

// The documents and input bytes a writer has added since its last commit. A
// commit every BuildOptions::batch_docs documents or batch_bytes of input
// bounds the writer's memory, and for update the work a crash can lose
// (each commit is atomic).
//
// With a `min_interval`, a full batch waits until that long after the last
// commit (growing to at most kOverfull times its size meanwhile). Readers
// of a database being updated need it: a search fails once the writer has
// committed twice since it began (Xapian then discards the revision it
// reads), so commits a few milliseconds apart (small batches on a fast
// machine) made searches fail however often they were retried.
class CommitBatch {
 public:
  explicit CommitBatch(const BuildOptions& options,
                       std::chrono::steady_clock::duration min_interval = {})
      : max_docs_(options.batch_docs),
        max_bytes_(options.batch_bytes),
        min_interval_(min_interval),
        last_commit_(std::chrono::steady_clock::now()) {}

  // Nothing added since the last commit.
  bool empty() const { return docs_ == 0; }

  // Counts one document read from `bytes` of input; commits `db` when the
  // batch is full and then returns true.
  bool Add(Xapian::WritableDatabase& db, std::uint64_t bytes) {
    bytes_ += bytes;
    if (++docs_ < max_docs_ && bytes_ < max_bytes_) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_commit_ < min_interval_ && docs_ < kOverfull * max_docs_ &&
        bytes_ < kOverfull * max_bytes_) {
      return false;
    }
    db.commit();
    last_commit_ = std::chrono::steady_clock::now();
    docs_ = 0;
    bytes_ = 0;
    return true;
  }

 private:
  static constexpr std::size_t kOverfull = 16;
  std::size_t max_docs_;
  std::uint64_t max_bytes_;
  std::chrono::steady_clock::duration min_interval_;
  std::chrono::steady_clock::time_point last_commit_;
  std::size_t docs_ = 0;
  std::uint64_t bytes_ = 0;
};

struct PreparedFile {
  bool indexed = false;  // else skipped: see reason/detail
  Xapian::Document doc;  // with the path key and file-state values
  std::string key;       // schema::PathKey of the absolute path
  bool undated = false;
  bool recoded = false;
  std::vector<std::string> warnings;
  SkipReason reason = SkipReason::kEmpty;
  std::string detail;
  std::uint64_t bytes = 0;  // bytes read
};

// How documents are made: the maker (one per thread) and the news layer's
// boilerplate set and fingerprint settings, shared read-only by every thread
// so build and update index a file alike.
struct DocumentContext {
  DocumentMaker& maker;
  const Boilerplate& boilerplate;
  const NewsIndexOptions& news;
};

// Parses already-read `bytes` of `file` into a document.
PreparedFile PrepareFromBytes(const CorpusFile& file, const std::string& abs_path,
                              std::string_view bytes, std::uint64_t hash,
                              const DocumentContext& context);

// Reads `file` (refusing ones over max_bytes) and parses it.
PreparedFile PrepareFile(const CorpusFile& file, const std::string& abs_path,
                         std::uint64_t max_bytes, const DocumentContext& context);

// Gives `doc`, about to replace `old`, the cluster `old` is in, and records
// that cluster in `changes` as one the update left. The clusters redone at
// the end of the update then rewrite the document only if its cluster
// changed: most edits (a correction, a new paragraph) leave an article
// among its copies. A second write is dear: to add one term, Xapian 1.4
// reads back the positions of every term of the document.
void CarryCluster(const Xapian::Document& old, Xapian::Document& doc, ClusterChanges& changes);

// The files BM25's reference length is measured on: at most a few thousand,
// spread evenly over the sorted list, so every build of the same files
// measures the same value whatever its threads or shards. A copy, so the
// build need not keep a second listing of every file while it runs.
std::vector<CorpusFile> LengthSample(const CorpusFiles& files);

// BM25's reference length for a new index: the average length of the
// documents the files of `sample` make (raw counts, in Xapian's count: the
// sum of the within-document frequencies). 0 when no file makes a document.
double MeasureAverageLength(const std::vector<CorpusFile>& sample, std::uint64_t max_bytes,
                            const DocumentOptions& options, const Boilerplate& boilerplate,
                            const NewsIndexOptions& news);

// Sets the file-state values on an existing document (for a file whose
// contents are unchanged but whose mtime moved).
void SetFileState(Xapian::Document& doc, std::uint64_t size, std::int64_t mtime,
                  std::uint64_t hash);

// Fsyncs every file directly in `dir`. Compaction leaves syncing to the
// caller, and the stub must never point at tables that are not on disk yet.
void SyncFolderFiles(const std::string& dir);

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_FILE_INDEXING_H_
