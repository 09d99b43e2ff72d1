// Where the index lives and how it is opened: the default location, opening
// for search with errors that say what to do, and the generation swap that
// makes a rebuild atomic for readers.
#ifndef NEWSDEX_STORE_DATABASE_H_
#define NEWSDEX_STORE_DATABASE_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/base/error.h"

namespace newsdex {

// $NEWSDEX_DB when set and not empty, else $XDG_DATA_HOME/newsdex/index,
// else $HOME/.local/share/newsdex/index.
std::string DefaultDbPath();

// Opens an index for searching: a newsdex index folder, a plain Xapian
// database or a stub file. Fails with a message that names the path and says
// how to build an index when there is none.
Result<Xapian::Database> OpenIndex(const std::string& db_path);

struct OpenOptions {
  // Applies to every exchange with a remote shard, so a dead or stalled
  // xapian-tcpsrv cannot hang a search.
  unsigned remote_timeout_ms = 10000;
  unsigned connect_timeout_ms = 3000;
  // Search the shards that answer when some do not (with a warning) instead
  // of failing.
  bool allow_partial = false;
  // Match each local shard of a sharded index in its own xapian-progsrv
  // process (Xapian's remote protocol over a pipe), so one query uses as
  // many cores as there are shards; results are those of one database.
  bool parallel = false;
};

// An index opened shard by shard, so a failure can be pinned on one shard.
struct ShardedIndex {
  Xapian::Database db;                   // every shard that opened, as one
  std::vector<std::string> shard_names;  // e.g. "remote 127.0.0.1:7001"
  std::vector<Xapian::Database> shards;  // parallel to shard_names
  std::vector<std::string> warnings;     // shards left out (allow_partial)
  // With OpenOptions::parallel: the same shards opened in this process, in
  // the same order (so with the same docids), to read documents from
  // without a round trip each. Otherwise no shards.
  Xapian::Database local_documents;
};

// True when some shard matches over Xapian's remote protocol (a remote
// shard, or a parallel one), where each document read is a round trip
// unless asked for in advance.
bool HasRemoteShards(const ShardedIndex& index);

// Like OpenIndex, but reads stub files itself: "auto|glass PATH" lines
// (relative to the stub's folder) and "remote HOST:PORT" lines, which get the
// timeouts of `options` (Xapian's own stub reader applies none). Fails naming
// the shard that could not be opened, unless options.allow_partial and at
// least one shard opened.
Result<ShardedIndex> OpenShardedIndex(const std::string& db_path, const OpenOptions& options);

// The shards of `index` that do not answer now (a remote keep-alive fails),
// with the reason; for saying which shard broke a search.
std::vector<std::pair<std::string, std::string>> FailingShards(ShardedIndex& index);

// Rebuilds index.db from the shards that still answer, recording the others
// in index.warnings. Returns false when none answers.
bool DropFailingShards(ShardedIndex& index);

// Exclusive hold on an index folder for one writer. The lock file records the
// holder's pid so a second writer can say who is in the way.
class WriterLock {
 public:
  // Takes the lock, waiting up to `wait_seconds` (0: fail at once).
  static Result<std::unique_ptr<WriterLock>> Acquire(const std::string& db_path,
                                                     double wait_seconds);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

// A new generation being written inside an index folder. Nothing is visible
// to readers until Publish(); dropping an unpublished Generation removes it.
class Generation {
 public:
  // REQUIRES: the caller holds the folder's WriterLock.
  // Fails when db_path exists but is not a newsdex index folder, or cannot be
  // created.
  static Result<std::unique_ptr<Generation>> Create(const std::string& db_path);
  ~Generation();
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  // Opened (created) on first use; a caller may instead fill path() by
  // other means (Database::compact) and never call db().
  Xapian::WritableDatabase& db();
  const std::string& path() const { return gen_path_; }

  // Commits, closes, points the folder's stub at this generation with an
  // atomic rename, and deletes generations older than the one it replaces
  // (that one is kept so readers that opened it just before keep working).
  Status Publish();

  // Publishes a generation whose caller filled path() with one database per
  // shard: `entries` are "gen-X/shard-K" paths relative to the index folder.
  Status PublishShards(const std::vector<std::string>& entries);

 private:
  Generation(std::string db_path, std::string gen_name);
  std::string db_path_;
  std::string gen_name_;
  std::string gen_path_;
  Xapian::WritableDatabase db_;
  bool opened_ = false;
  bool published_ = false;
};

// The generation folder the stub points at, or empty when there is none yet.
// For a sharded index, its first shard.
std::string CurrentGenerationPath(const std::string& db_path);

// The databases an index is made of, as its stub lists them (an index
// folder or a stub file; `db_path` itself when it is a database folder).
struct IndexDatabases {
  std::vector<std::string> local;   // paths
  std::vector<std::string> remote;  // shard names, e.g. "remote 127.0.0.1:7001":
                                    // what needs their files runs where they are
};
// Fails when a stub cannot be read or parsed.
Result<IndexDatabases> ListIndexDatabases(const std::string& db_path);

// Bytes used by the files below `path` (0 when it does not exist).
std::uint64_t DiskUsage(const std::string& path);

// Bytes of the databases the index is made of now (not the previous
// generation kept for readers still on it); nullopt when a shard is remote.
std::optional<std::uint64_t> IndexBytes(const std::string& db_path);

// The shard (0..shards-1) an article belongs to: a stable hash of its id,
// so a rebuild or an update puts it in the same shard.
std::size_t ShardOf(const std::string& id, std::size_t shards);

// A fresh generation folder path inside db_path (not created). For writers
// that fill a generation themselves (compaction, shards).
// REQUIRES: the caller holds the folder's WriterLock.
std::string ReserveGeneration(const std::string& db_path);

// Points db_path's stub at `entries` (paths relative to db_path, all inside
// the generation folder `gen_name`, e.g. "gen-X" or "gen-X/shard-0") with an
// atomic rename, then deletes every generation but `gen_name` and the one it
// replaced. REQUIRES: the caller holds the folder's WriterLock.
Status PublishGeneration(const std::string& db_path, const std::string& gen_name,
                         const std::vector<std::string>& entries);

}  // namespace newsdex

#endif  // NEWSDEX_STORE_DATABASE_H_
