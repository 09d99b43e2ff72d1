// Private to core: bringing one shard's database in line with its files, the
// per-shard work of UpdateIndex (update.cc holds the rest: settings, the
// shards in turn, boilerplate, clusters and compaction).
#ifndef NEWSDEX_INDEX_SHARD_UPDATE_H_
#define NEWSDEX_INDEX_SHARD_UPDATE_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/file_indexing.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/build.h"
#include "newsdex/index/change_detect.h"
#include "newsdex/index/document.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/update.h"
#include "newsdex/news/boilerplate.h"
#include "newsdex/news/fingerprint.h"

namespace newsdex::internal {

// What the index holds for one file, found by its path key.
struct StoredFile {
  Xapian::docid docid = 0;
  std::optional<FileState> state;  // nullopt: missing or damaged values
  bool seen = false;               // a file on disk still maps to it
};

// AbsolutePath for the files of a listing, which come folder by folder: the
// normal form of a folder is worked out once and each file's name appended
// (boost's absolute + lexically_normal per file was a tenth of an update that
// finds nothing changed).
class AbsolutePaths {
 public:
  std::string operator()(const std::string& path);

 private:
  bool known_ = false;
  std::string dir_;      // the folder part of the last path, as listed
  std::string abs_dir_;  // its normal absolute form, ending in '/'
};

// Brings one shard's database in line with its files: adds new files,
// re-indexes changed ones, removes documents whose files are gone, and
// records what changed for the clusters. Counts everything in `summary` and
// reports each file to `on_event`; both must outlive it, as must `options`.
// Throws Xapian::Error.
class ShardUpdate {
 public:
  ShardUpdate(Xapian::WritableDatabase db, const BuildOptions& options,
              const FileEventSink& on_event, UpdateSummary& summary);

  // Each returns false when cancelled (after committing the finished
  // batches; the next update does the rest).
  bool UpdateFiles(const CorpusFiles& files, Progress& progress, const ProgressSink& on_progress);
  bool RemoveGone();
  // Writes the spelling words and folder metadata and commits.
  void Finish();

  // The docids changed and the cluster keys left, for the clusters.
  ClusterChanges& changes() { return changes_; }
  // An earlier update was interrupted before redoing the clusters.
  bool was_stale() const { return was_stale_; }

 private:
  // A listed file as the index knows it: unchanged, or to be read.
  struct Examined {
    StoredFile* entry = nullptr;  // nullptr: a new file
    std::optional<FileState> state;
    StatVerdict verdict = StatVerdict::kUnchanged;
    std::string abs_path;
  };
  // What reading a file that may have changed gave.
  struct ReadOutcome {
    PreparedFile prepared;  // unless touched
    bool touched = false;   // the bytes indexed, with a newer mtime
    std::uint64_t bytes_read = 0;
    std::uint64_t hash = 0;
  };

  bool Cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }
  Examined Examine(const CorpusFile& file);
  // Reads and parses a file; uses maker_, context_ and spelling_, and
  // nothing of the database, so it may run on a thread of its own.
  ReadOutcome ReadFile(const CorpusFile& file, const std::string& abs_path,
                       const Examined& examined);
  void Apply(const CorpusFile& file, const Examined& examined, ReadOutcome& read);
  void CountUnchanged(const CorpusFile& file);
  bool UpdateFilesReadingAhead(const CorpusFiles& files, Progress& progress,
                               const ProgressSink& on_progress);
  void Reindex(const CorpusFile& file, StoredFile* entry, PreparedFile& prepared);
  void Skip(const CorpusFile& file, StoredFile* entry, PreparedFile& prepared);
  void ForgetCluster(Xapian::docid docid);
  void CountChange(std::uint64_t bytes);

  Xapian::WritableDatabase db_;
  const BuildOptions& options_;
  const FileEventSink& on_event_;
  UpdateSummary& summary_;
  std::unordered_map<std::string, StoredFile> stored_;  // by path key
  DocumentMaker maker_;
  Boilerplate boilerplate_;
  DocumentContext context_;
  SpellingCollector spelling_;
  // What changed, so only the clusters around it are recomputed (a fresh
  // build would give the same).
  ClusterChanges changes_;
  bool was_stale_;
  CommitBatch batch_;
  AbsolutePaths absolute_path_;
};

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_SHARD_UPDATE_H_
