// The index folder: where an index lives and how writers change it. A
// folder holds a stub file naming the current generation (one database, or
// one per shard), the generations themselves, and a writer lock. Readers
// follow the stub; a writer fills a new generation and swaps the stub with
// an atomic rename, so readers never see a half-written index.
#ifndef NEWSDEX_STORE_FOLDER_H_
#define NEWSDEX_STORE_FOLDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/error.h"

namespace newsdex {

// $NEWSDEX_DB when set and not empty, else $XDG_DATA_HOME/newsdex/index,
// else $HOME/.local/share/newsdex/index.
std::string DefaultDbPath();

// Where a shard's database is: on this machine, or behind xapian-tcpsrv.
enum class ShardKind { kLocal, kRemote };

// One line of a stub file.
struct StubEntry {
  ShardKind kind = ShardKind::kLocal;
  std::string name;   // as shown in messages: the path as written, or "remote HOST:PORT"
  std::string path;   // kLocal: resolved against the stub's folder
  std::string host;   // kRemote: without the brackets of an IPv6 address
  unsigned port = 0;  // kRemote: 1..65535
};

// Parses a stub file: "auto|glass|chert|honey PATH" lines (a relative PATH
// is relative to the stub's folder) and "remote HOST:PORT" lines ("[::1]:7001"
// for IPv6); blank lines and "#" comments are skipped. Fails naming the file
// and line of anything else, and when the stub lists nothing.
Result<std::vector<StubEntry>> ReadStub(const std::string& stub_file);

// The stub file behind `db_path` (the path itself when it is a file, else
// the folder's stub), or "" when there is none (a database folder).
std::string StubFileOf(const std::string& db_path);

// The generation folder the stub points at, or empty when there is none yet.
// For a sharded index, its first shard.
std::string CurrentGenerationPath(const std::string& db_path);

// The databases an index is made of, as its stubs list them (followed
// through nested stubs; `db_path` itself when it is a database folder).
struct IndexDatabases {
  std::vector<std::string> local;  // paths
  std::vector<StubEntry> remote;   // what needs their files runs where they are
};
// Fails when a stub cannot be read or parsed, or stubs nest too deep.
Result<IndexDatabases> ListIndexDatabases(const std::string& db_path);

// Bytes used by the files below `path` (0 when it does not exist).
std::uint64_t DiskUsage(const std::string& path);

// Bytes of the databases the index is made of now (not the previous
// generation kept for readers still on it); nullopt when a shard is remote.
std::optional<std::uint64_t> IndexBytes(const std::string& db_path);

// The shard (0..shards-1) an article belongs to: a stable hash of its id,
// so a rebuild or an update puts it in the same shard.
std::size_t ShardOf(const std::string& id, std::size_t shards);

// Exclusive hold on an index folder for one writer (creating the folder).
// The lock file records the holder's pid so a second writer can say who is
// in the way.
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

// A new generation inside an index folder, for a writer to fill (with one
// database at path(), or one per shard below it). Nothing is visible to
// readers until it is published; dropping an unpublished Generation removes
// what was written at path().
class Generation {
 public:
  // REQUIRES: the caller holds the folder's WriterLock.
  // Fails when db_path exists but is not a newsdex index folder.
  static Result<std::unique_ptr<Generation>> Create(const std::string& db_path);
  ~Generation();
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  // The folder to write, e.g. "DB/gen-20240101T000000Z-123-0" (not created).
  const std::string& path() const { return gen_path_; }

  // Points the folder's stub at this generation, a single database, with
  // an atomic rename, and deletes older generations and the leftovers of
  // crashed writers, but not the generation it replaces (readers that
  // opened it just before keep working until the next publish).
  Status Publish();

  // The same for a generation holding one database per shard: `entries`
  // are "gen-X/shard-K" paths relative to the index folder.
  Status PublishShards(const std::vector<std::string>& entries);

 private:
  Generation(std::string db_path, std::string gen_name);
  std::string db_path_;
  std::string gen_name_;
  std::string gen_path_;
  bool published_ = false;
};

}  // namespace newsdex

#endif  // NEWSDEX_STORE_FOLDER_H_
