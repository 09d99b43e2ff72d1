#include "newsdex/store/folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "newsdex/base/date.h"
#include "newsdex/base/env.h"
#include "newsdex/base/hash.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

std::string InFolder(const std::string& db_path, std::string_view name) {
  return db_path + "/" + std::string(name);
}

std::string ReadStubTarget(const std::string& db_path) {
  std::ifstream in(InFolder(db_path, schema::kStubFile));
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

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // the rename is done; only its durability is at stake
  ::fsync(fd);
  ::close(fd);
}

// A port of 1..65535, all digits.
std::optional<unsigned> ParsePort(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  unsigned long port = std::strtoul(text.c_str(), nullptr, 10);
  if (port == 0 || port > 65535) return std::nullopt;
  return static_cast<unsigned>(port);
}

// Parses the target of a "remote" line: HOST:PORT or [IPV6]:PORT.
Result<StubEntry> ParseRemote(const std::string& target, const std::string& where,
                              const std::string& line) {
  std::size_t colon = target.rfind(':');
  if (target.empty() || target[0] == ':' || colon == std::string::npos ||
      colon + 1 == target.size()) {
    return Error{where + ": expected 'remote HOST:PORT', got '" + line + "'",
                 ErrorCode::kInvalidInput};
  }
  StubEntry entry;
  entry.kind = ShardKind::kRemote;
  entry.host = target.substr(0, colon);
  if (entry.host.size() > 2 && entry.host.front() == '[' && entry.host.back() == ']') {
    entry.host = entry.host.substr(1, entry.host.size() - 2);
  }
  auto port = ParsePort(target.substr(colon + 1));
  if (!port) return Error{where + ": bad port in '" + line + "'", ErrorCode::kInvalidInput};
  entry.port = *port;
  entry.name = "remote " + target;
  return entry;
}

// A stub may list index folders, themselves behind stubs (as Xapian's own
// stubs may): followed down to the databases, `depth` levels at most.
Status AddIndexDatabases(const std::string& db_path, int depth, IndexDatabases* out) {
  std::string stub = StubFileOf(db_path);
  if (stub.empty()) {
    out->local.push_back(db_path);
    return Ok{};
  }
  if (depth == 0) return Error{"stub files nested too deep at " + stub, ErrorCode::kInvalidInput};
  auto entries = ReadStub(stub);
  if (!entries) return entries.error();
  for (StubEntry& entry : *entries) {
    if (entry.kind == ShardKind::kRemote) {
      out->remote.push_back(std::move(entry));
      continue;
    }
    Status added = AddIndexDatabases(entry.path, depth - 1, out);
    if (!added) return added;
  }
  return Ok{};
}

// Points db_path's stub at `entries` (paths relative to db_path, all inside
// the generation folder `gen_name`) with an atomic rename, then deletes
// every generation but `gen_name` and the one it replaced.
Status PublishStub(const std::string& db_path, const std::string& gen_name,
                   const std::vector<std::string>& entries) {
  // The generation a stub points at is the first component of its entries.
  std::string previous = ReadStubTarget(db_path);
  previous = previous.substr(0, previous.find('/'));
  std::string stub = InFolder(db_path, schema::kStubFile);
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
  SyncDirectory(db_path);

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

}  // namespace

std::string DefaultDbPath() {
  std::string explicit_db = Env("NEWSDEX_DB");
  if (!explicit_db.empty()) return explicit_db;
  return XdgBaseDir("XDG_DATA_HOME", ".local/share") + "/newsdex/index";
}

Result<std::vector<StubEntry>> ReadStub(const std::string& stub) {
  std::ifstream in(stub);
  if (!in) return Error{"cannot read stub file " + stub, ErrorCode::kNotFound};
  std::string folder = fs::path(stub).parent_path().string();
  std::vector<StubEntry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string kind, target;
    if (!(words >> kind) || kind[0] == '#') continue;
    std::getline(words >> std::ws, target);
    while (!target.empty() && (target.back() == ' ' || target.back() == '\r')) target.pop_back();
    const std::string where = stub + ":" + std::to_string(number);
    if (kind == "auto" || kind == "glass" || kind == "chert" || kind == "honey") {
      StubEntry entry;
      // Relative to the stub's folder ("" for a stub named without one).
      entry.path =
          (!target.empty() && target[0] == '/') || folder.empty() ? target : folder + "/" + target;
      entry.name = target;
      entries.push_back(std::move(entry));
    } else if (kind == "remote") {
      auto entry = ParseRemote(target, where, line);
      if (!entry) return entry.error();
      entries.push_back(std::move(*entry));
    } else {
      return Error{where + ": unsupported stub line '" + line +
                       "' (newsdex reads 'auto PATH' and 'remote HOST:PORT')",
                   ErrorCode::kInvalidInput};
    }
  }
  if (entries.empty())
    return Error{"stub file " + stub + " lists no databases", ErrorCode::kInvalidInput};
  return entries;
}

std::string StubFileOf(const std::string& db_path) {
  error_code ec;
  if (fs::is_regular_file(db_path, ec)) return db_path;
  std::string inner = InFolder(db_path, schema::kStubFile);
  return fs::is_regular_file(inner, ec) ? inner : "";
}

std::string CurrentGenerationPath(const std::string& db_path) {
  std::string target = ReadStubTarget(db_path);
  return target.empty() ? "" : db_path + "/" + target;
}

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
  return static_cast<std::size_t>(Fnv1a64(id, kShardSeed) % shards);  // fixed: shards stay put
}

Result<std::unique_ptr<WriterLock>> WriterLock::Acquire(const std::string& db_path,
                                                        double wait_seconds) {
  error_code ec;
  if (fs::is_regular_file(db_path, ec)) {
    // Searchers may be given a stub file; writers need the index folder.
    return Error{
        db_path +
            " is a file (a stub listing shards?), not an index folder: give the "
            "index folder to --db; shards served remotely are updated on their own machines",
        ErrorCode::kInvalidInput};
  }
  fs::create_directories(db_path, ec);
  if (ec) return Error{"cannot create index folder " + db_path + ": " + ec.message()};
  std::string lock_path = InFolder(db_path, schema::kLockFile);
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
                       "; wait for it to finish, or pass --wait SECONDS",
                   ErrorCode::kLocked};
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
  // A failure leaves a stale pid, which is only ever shown in messages.
  [[maybe_unused]] int truncated = ::ftruncate(fd_, 0);
  ::close(fd_);  // releases the flock
}

Result<std::unique_ptr<Generation>> Generation::Create(const std::string& db_path) {
  error_code ec;
  if (!fs::exists(InFolder(db_path, schema::kStubFile), ec)) {
    // Refuse to mix generations into a folder that holds something else
    // (another program's database, somebody's documents).
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name == schema::kLockFile || name.rfind(schema::kGenerationPrefix, 0) == 0) continue;
      return Error{db_path + " exists and is not a newsdex index (it holds '" + name +
                       "'); choose another --db or remove that folder",
                   ErrorCode::kForeign};
    }
  }
  return std::unique_ptr<Generation>(new Generation(db_path, NewGenerationName()));
}

Generation::Generation(std::string db_path, std::string gen_name)
    : db_path_(std::move(db_path)),
      gen_name_(std::move(gen_name)),
      gen_path_(db_path_ + "/" + gen_name_) {}

Generation::~Generation() {
  if (published_) return;
  error_code ec;
  fs::remove_all(gen_path_, ec);
}

Status Generation::Publish() { return PublishShards({gen_name_}); }

Status Generation::PublishShards(const std::vector<std::string>& entries) {
  Status published = PublishStub(db_path_, gen_name_, entries);
  if (published) published_ = true;
  return published;
}

}  // namespace newsdex
