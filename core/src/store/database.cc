#include "newsdex/store/database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "newsdex/base/date.h"
#include "newsdex/base/hash.h"
#include "newsdex/index/check.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

constexpr const char* kLockFile = ".newsdex.lock";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string BuildHint(const std::string& db_path) {
  return "build one with: indexer build CORPUS_DIR --db " + db_path;
}

std::string ReadStubTarget(const std::string& db_path) {
  std::ifstream in(db_path + "/" + std::string(schema::kStubFile));
  std::string kind, target;
  if (in >> kind >> target && kind == "auto") return target;
  return "";
}

std::string NewGenerationName() {
  std::string stamp = UtcNow("%Y%m%dT%H%M%SZ");
  // pid and a counter keep two builds in one second (or one process) apart.
  static std::atomic<unsigned> counter{0};
  return std::string(schema::kGenerationPrefix) + stamp + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++);
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Error{"cannot open " + dir + ": " + std::strerror(errno)};
  ::fsync(fd);
  ::close(fd);
  return Ok{};
}

}  // namespace

std::string DefaultDbPath() {
  std::string explicit_db = Env("NEWSDEX_DB");
  if (!explicit_db.empty()) return explicit_db;
  std::string data_home = Env("XDG_DATA_HOME");
  if (data_home.empty()) {
    std::string home = Env("HOME");
    data_home = (home.empty() ? std::string(".") : home) + "/.local/share";
  }
  return data_home + "/newsdex/index";
}

namespace {

std::string OpenErrorMessage(const std::string& what, const Xapian::Error& e) {
  return "cannot open " + what + ": " + e.get_type() + ": " + e.get_msg();
}

// The stub file behind a path, or "" when the path is a database folder.
std::string StubFileOf(const std::string& db_path) {
  error_code ec;
  if (fs::is_regular_file(db_path, ec)) return db_path;
  std::string inner = db_path + "/" + std::string(schema::kStubFile);
  return fs::is_regular_file(inner, ec) ? inner : "";
}

struct StubEntry {
  std::string name;  // as shown in messages
  std::string kind;  // "local" or "remote"
  std::string path;  // local: resolved path
  std::string host;  // remote
  unsigned port = 0;
};

Result<std::vector<StubEntry>> ReadStub(const std::string& stub) {
  std::ifstream in(stub);
  if (!in) return Error{"cannot read stub file " + stub};
  std::string folder = fs::path(stub).parent_path().string();
  std::vector<StubEntry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string kind, target;
    if (!(words >> kind) || kind[0] == '#') continue;
    std::getline(words >> std::ws, target);
    while (!target.empty() && (target.back() == ' ' || target.back() == '\r')) target.pop_back();
    StubEntry entry;
    if (kind == "auto" || kind == "glass" || kind == "chert" || kind == "honey") {
      entry.kind = "local";
      // Relative to the stub's folder ("" for a stub named without one).
      entry.path =
          (!target.empty() && target[0] == '/') || folder.empty() ? target : folder + "/" + target;
      entry.name = target;
    } else if (kind == "remote" && !target.empty() && target[0] != ':') {
      std::size_t colon = target.rfind(':');
      if (colon == std::string::npos || colon + 1 == target.size()) {
        return Error{stub + ":" + std::to_string(number) + ": expected 'remote HOST:PORT', got '" +
                     line + "'"};
      }
      entry.kind = "remote";
      entry.host = target.substr(0, colon);
      if (entry.host.size() > 2 && entry.host.front() == '[' && entry.host.back() == ']') {
        entry.host = entry.host.substr(1, entry.host.size() - 2);
      }
      entry.port = static_cast<unsigned>(std::strtoul(target.c_str() + colon + 1, nullptr, 10));
      entry.name = "remote " + target;
      if (entry.port == 0 || entry.port > 65535) {
        return Error{stub + ":" + std::to_string(number) + ": bad port in '" + line + "'"};
      }
    } else {
      return Error{stub + ":" + std::to_string(number) + ": unsupported stub line '" + line +
                   "' (newsdex reads 'auto PATH' and 'remote HOST:PORT')"};
    }
    entries.push_back(std::move(entry));
  }
  if (entries.empty()) return Error{"stub file " + stub + " lists no databases"};
  return entries;
}

}  // namespace

Result<ShardedIndex> OpenShardedIndex(const std::string& db_path, const OpenOptions& options) {
  std::string stub = StubFileOf(db_path);
  auto entries = stub.empty() ? Result<std::vector<StubEntry>>(Error{""}) : ReadStub(stub);
  bool has_remote = entries && std::any_of(entries->begin(), entries->end(),
                                           [](const StubEntry& e) { return e.kind == "remote"; });
  if (!entries || (!has_remote && entries->size() == 1)) {
    // A database folder, a stub we cannot read, or one local database:
    // OpenIndex (Xapian's own opening) explains damaged and foreign indexes
    // best.
    auto db = OpenIndex(db_path);
    if (!db) return db.error();
    ShardedIndex index;
    index.db = *db;
    index.shard_names.push_back(db_path);
    index.shards.push_back(*db);
    return index;
  }
  ShardedIndex index;
  for (const auto& entry : *entries) {
    Xapian::Database shard;
    std::string failure;
    if (entry.kind == "remote") {
      try {
        shard = Xapian::Remote::open(entry.host, entry.port, options.remote_timeout_ms,
                                     options.connect_timeout_ms);
      } catch (const Xapian::Error& e) {
        failure = OpenErrorMessage("shard '" + entry.name + "'", e);
      }
    } else {
      auto local = OpenIndex(entry.path);
      if (!local) {
        failure = "shard '" + entry.name + "': " + local.error().message;
      } else if (options.parallel && entries->size() > 1) {
        // xapian-progsrv takes its arguments split at spaces.
        if (entry.path.find_first_of(" \t") != std::string::npos) {
          return Error{"--parallel cannot pass the shard path '" + entry.path +
                       "' (it has spaces) to xapian-progsrv; move the index"};
        }
        try {
          shard = Xapian::Remote::open("xapian-progsrv", entry.path, options.remote_timeout_ms);
          index.local_documents.add_database(*local);
        } catch (const Xapian::Error& e) {
          failure = OpenErrorMessage("shard '" + entry.name +
                                         "' (xapian-progsrv, from the "
                                         "xapian-tools package)",
                                     e);
        }
      } else {
        shard = *local;
      }
    }
    if (!failure.empty()) {
      if (!options.allow_partial) {
        return Error{failure +
                     (entries->size() > 1 ? " (--allow-partial searches the other shards)" : "")};
      }
      index.warnings.push_back(failure + "; searching the other shards");
      continue;
    }
    index.db.add_database(shard);
    index.shard_names.push_back(entry.name);
    index.shards.push_back(shard);
  }
  if (index.shards.empty()) {
    return Error{"no shard of " + db_path + " could be opened: " +
                 (index.warnings.empty() ? std::string() : index.warnings.front())};
  }
  return index;
}

std::vector<std::pair<std::string, std::string>> FailingShards(ShardedIndex& index) {
  std::vector<std::pair<std::string, std::string>> failing;
  for (std::size_t i = 0; i < index.shards.size(); ++i) {
    try {
      index.shards[i].keep_alive();
    } catch (const Xapian::Error& e) {
      failing.emplace_back(index.shard_names[i], e.get_type() + std::string(": ") + e.get_msg());
    }
  }
  return failing;
}

bool DropFailingShards(ShardedIndex& index) {
  auto failing = FailingShards(index);
  if (failing.empty()) return true;
  ShardedIndex kept;
  kept.warnings = index.warnings;
  for (std::size_t i = 0; i < index.shards.size(); ++i) {
    bool bad = false;
    for (const auto& f : failing) bad = bad || f.first == index.shard_names[i];
    if (bad) continue;
    kept.db.add_database(index.shards[i]);
    kept.shard_names.push_back(index.shard_names[i]);
    kept.shards.push_back(index.shards[i]);
  }
  for (const auto& f : failing) {
    kept.warnings.push_back("shard '" + f.first + "' failed (" + f.second +
                            "); searching the other shards");
  }
  index = std::move(kept);
  return !index.shards.empty();
}

Result<Xapian::Database> OpenIndex(const std::string& db_path) {
  error_code ec;
  fs::file_status status = fs::status(db_path, ec);
  if (!fs::exists(status)) {
    return Error{"no index at " + db_path + "; " + BuildHint(db_path)};
  }
  if (fs::is_directory(status) && fs::is_empty(db_path, ec)) {
    return Error{"index folder " + db_path + " is empty; " + BuildHint(db_path)};
  }
  if (fs::is_directory(status) && fs::exists(db_path + "/" + std::string(schema::kStubFile), ec) &&
      CurrentGenerationPath(db_path).empty()) {
    return Error{"index at " + db_path + " is damaged (its " + std::string(schema::kStubFile) +
                 " stub names no generation); rebuild it: indexer build CORPUS_DIR --db " +
                 db_path};
  }
  if (fs::is_directory(status) && !fs::exists(db_path + "/" + std::string(schema::kStubFile), ec) &&
      !fs::exists(db_path + "/iamglass", ec) && !fs::exists(db_path + "/iamchert", ec) &&
      fs::exists(db_path + "/" + kLockFile, ec)) {
    // An index folder whose first build failed or is still running.
    return Error{"no index at " + db_path + " yet (no build has completed there); " +
                 BuildHint(db_path)};
  }
  try {
    Xapian::Database db(db_path);
    // Another program's database opens fine and then finds nothing.
    Status valid = ValidateNewsdexMetadata(db, db_path);
    if (!valid) return valid.error();
    return db;
  } catch (const Xapian::DatabaseVersionError& e) {
    return Error{"index at " + db_path + " was written by an incompatible Xapian version (" +
                 e.get_msg() + "); rebuild it: indexer build CORPUS_DIR --db " + db_path};
  } catch (const Xapian::DatabaseCorruptError& e) {
    return Error{"index at " + db_path + " is damaged (" + e.get_msg() +
                 "); rebuild it: indexer build CORPUS_DIR --db " + db_path};
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error{"cannot open index at " + db_path + " (" + e.get_msg() +
                 "); it is not a newsdex index or it is damaged; " + BuildHint(db_path)};
  } catch (const Xapian::DatabaseError& e) {
    // Truncated or overwritten table files often surface as plain
    // DatabaseError ("Error reading block ...") rather than as corruption.
    return Error{"index at " + db_path + " cannot be read (" + e.get_msg() +
                 "); it is probably damaged: check it with indexer check --db " + db_path +
                 " and rebuild it: indexer build CORPUS_DIR --db " + db_path};
  } catch (const Xapian::Error& e) {
    return Error{"cannot open index at " + db_path + ": " + e.get_description() +
                 "; check it with: indexer check --db " + db_path};
  }
}

Result<std::unique_ptr<WriterLock>> WriterLock::Acquire(const std::string& db_path,
                                                        double wait_seconds) {
  error_code ec;
  if (fs::is_regular_file(db_path, ec)) {
    // Searchers may be given a stub file; writers need the index folder.
    return Error{db_path +
                 " is a file (a stub listing shards?), not an index folder: give the "
                 "index folder to --db; shards served remotely are updated on their own machines"};
  }
  fs::create_directories(db_path, ec);
  if (ec) {
    return Error{"cannot create index folder " + db_path + ": " + ec.message()};
  }
  std::string lock_path = db_path + "/" + kLockFile;
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error{"cannot write in index folder " + db_path + ": " + std::strerror(errno)};
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd);
      return Error{"cannot lock " + lock_path + ": " + std::strerror(err)};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      char holder[64] = {0};
      ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
      ::close(fd);
      std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "";
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      return Error{"index " + db_path + " is being written by another indexer" +
                   (pid.empty() ? std::string() : " (pid " + pid + ")") +
                   "; wait for it to finish, or pass --wait SECONDS"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t w = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return std::unique_ptr<WriterLock>(new WriterLock(fd));
}

WriterLock::~WriterLock() {
  if (::ftruncate(fd_, 0) != 0) {
    // Nothing useful to do: the stale pid is only shown in messages.
  }
  ::close(fd_);  // releases the flock
}

namespace {

// A stub may list index folders, themselves behind stubs (as Xapian's own
// stubs may): followed down to the databases, `depth` levels at most.
Status AddIndexDatabases(const std::string& db_path, int depth, IndexDatabases* out) {
  std::string stub = StubFileOf(db_path);
  if (stub.empty()) {
    out->local.push_back(db_path);
    return Ok{};
  }
  if (depth == 0) return Error{"stub files nested too deep at " + stub};
  auto entries = ReadStub(stub);
  if (!entries) return entries.error();
  for (const StubEntry& entry : *entries) {
    if (entry.kind == "remote") {
      out->remote.push_back(entry.name);
      continue;
    }
    Status added = AddIndexDatabases(entry.path, depth - 1, out);
    if (!added) return added;
  }
  return Ok{};
}

}  // namespace

Result<IndexDatabases> ListIndexDatabases(const std::string& db_path) {
  IndexDatabases databases;
  Status added = AddIndexDatabases(db_path, 4, &databases);
  if (!added) return added.error();
  return databases;
}

std::uint64_t DiskUsage(const std::string& path) {
  error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::is_regular_file(it->symlink_status(ec))) {
      std::uint64_t size = fs::file_size(it->path(), ec);
      if (!ec) total += size;
    }
  }
  return total;
}

std::optional<std::uint64_t> IndexBytes(const std::string& db_path) {
  auto databases = ListIndexDatabases(db_path);
  if (!databases || !databases->remote.empty()) return std::nullopt;
  std::uint64_t total = 0;
  for (const std::string& path : databases->local) total += DiskUsage(path);
  return total;
}

std::size_t ShardOf(const std::string& id, std::size_t shards) {
  if (shards <= 1) return 0;
  return static_cast<std::size_t>(Fnv1a64(id) % shards);  // fixed: shards stay put
}

std::string CurrentGenerationPath(const std::string& db_path) {
  std::string target = ReadStubTarget(db_path);
  return target.empty() ? "" : db_path + "/" + target;
}

Result<std::unique_ptr<Generation>> Generation::Create(const std::string& db_path) {
  error_code ec;
  bool has_stub = fs::exists(db_path + "/" + std::string(schema::kStubFile), ec);
  if (!has_stub) {
    // Refuse to mix generations into a folder that holds something else
    // (another program's database, somebody's documents).
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name == kLockFile || name.rfind(schema::kGenerationPrefix, 0) == 0) {
        continue;
      }
      return Error{db_path + " exists and is not a newsdex index (it holds '" + name +
                   "'); choose another --db or remove that folder"};
    }
  }
  std::string name = NewGenerationName();
  try {
    return std::unique_ptr<Generation>(new Generation(db_path, name));
  } catch (const Xapian::Error& e) {
    return Error{"cannot create a database in " + db_path + ": " + e.get_msg()};
  }
}

Generation::Generation(std::string db_path, std::string gen_name)
    : db_path_(std::move(db_path)),
      gen_name_(std::move(gen_name)),
      gen_path_(db_path_ + "/" + gen_name_) {}

Xapian::WritableDatabase& Generation::db() {
  if (!opened_) {
    db_ = Xapian::WritableDatabase(gen_path_, Xapian::DB_CREATE_OR_OPEN);
    opened_ = true;
  }
  return db_;
}

Generation::~Generation() {
  if (published_) return;
  try {
    db_.close();
  } catch (const Xapian::Error&) {
  }
  error_code ec;
  fs::remove_all(gen_path_, ec);
}

Status Generation::Publish() {
  try {
    if (opened_) {
      db_.commit();
      db_.close();
    }
  } catch (const Xapian::Error& e) {
    return Error{"cannot commit the new index: " + e.get_description()};
  }
  Status published = PublishGeneration(db_path_, gen_name_, {gen_name_});
  if (published) published_ = true;
  return published;
}

Status Generation::PublishShards(const std::vector<std::string>& entries) {
  Status published = PublishGeneration(db_path_, gen_name_, entries);
  if (published) published_ = true;
  return published;
}

std::string ReserveGeneration(const std::string& db_path) {
  return db_path + "/" + NewGenerationName();
}

Status PublishGeneration(const std::string& db_path, const std::string& gen_name,
                         const std::vector<std::string>& entries) {
  // The generation a stub points at is the first component of its entries.
  std::string previous = ReadStubTarget(db_path);
  previous = previous.substr(0, previous.find('/'));
  std::string stub = db_path + "/" + std::string(schema::kStubFile);
  std::string tmp = stub + ".tmp";
  {
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return Error{"cannot write " + tmp + ": " + std::strerror(errno)};
    for (const auto& entry : entries) std::fprintf(f, "auto %s\n", entry.c_str());
    bool ok = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return Error{"cannot write " + tmp + ": " + std::strerror(errno)};
  }
  if (std::rename(tmp.c_str(), stub.c_str()) != 0) {
    return Error{"cannot replace " + stub + ": " + std::strerror(errno)};
  }
  (void)SyncDirectory(db_path);

  // Older generations, and leftovers of builds that crashed, go now; the one
  // just replaced stays until the next publish, for readers that opened it.
  error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(schema::kGenerationPrefix, 0) != 0) continue;
    if (name == gen_name || name == previous) continue;
    stale.push_back(it->path());
  }
  for (const auto& path : stale) fs::remove_all(path, ec);
  return Ok{};
}

bool HasRemoteShards(const ShardedIndex& index) {
  if (index.local_documents.size() > 0) return true;
  for (const std::string& name : index.shard_names) {
    if (name.rfind("remote ", 0) == 0) return true;
  }
  return false;
}

}  // namespace newsdex
