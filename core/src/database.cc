#include "newsdex/database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/filesystem.hpp>

#include "newsdex/schema.h"

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
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(schema::kGenerationPrefix) + stamp + "-" +
         std::to_string(::getpid());
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

Result<Xapian::Database> OpenIndex(const std::string& db_path) {
  error_code ec;
  fs::file_status status = fs::status(db_path, ec);
  if (!fs::exists(status)) {
    return Error{"no index at " + db_path + "; " + BuildHint(db_path)};
  }
  if (fs::is_directory(status) && fs::is_empty(db_path, ec)) {
    return Error{"index folder " + db_path + " is empty; " + BuildHint(db_path)};
  }
  try {
    return Xapian::Database(db_path);
  } catch (const Xapian::DatabaseVersionError& e) {
    return Error{"index at " + db_path + " was written by an incompatible Xapian version (" +
                 e.get_msg() + "); rebuild it: indexer build CORPUS_DIR --db " + db_path};
  } catch (const Xapian::DatabaseCorruptError& e) {
    return Error{"index at " + db_path + " is damaged (" + e.get_msg() +
                 "); rebuild it: indexer build CORPUS_DIR --db " + db_path};
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error{"cannot open index at " + db_path + " (" + e.get_msg() +
                 "); it is not a newsdex index or it is damaged; " + BuildHint(db_path)};
  } catch (const Xapian::Error& e) {
    return Error{"cannot open index at " + db_path + ": " + e.get_description()};
  }
}

Result<std::unique_ptr<WriterLock>> WriterLock::Acquire(
    const std::string& db_path, double wait_seconds) {
  error_code ec;
  fs::create_directories(db_path, ec);
  if (ec) {
    return Error{"cannot create index folder " + db_path + ": " + ec.message()};
  }
  std::string lock_path = db_path + "/" + kLockFile;
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error{"cannot write in index folder " + db_path + ": " +
                 std::strerror(errno)};
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration<double>(wait_seconds);
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
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end;
         it.increment(ec)) {
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
    db_ = Xapian::WritableDatabase(gen_path_, Xapian::DB_CREATE_OR_OVERWRITE);
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
  std::string previous = ReadStubTarget(db_path_);
  std::string stub = db_path_ + "/" + std::string(schema::kStubFile);
  std::string tmp = stub + ".tmp";
  {
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) return Error{"cannot write " + tmp + ": " + std::strerror(errno)};
    std::fprintf(f, "auto %s\n", gen_name_.c_str());
    bool ok = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return Error{"cannot write " + tmp + ": " + std::strerror(errno)};
  }
  if (std::rename(tmp.c_str(), stub.c_str()) != 0) {
    return Error{"cannot replace " + stub + ": " + std::strerror(errno)};
  }
  published_ = true;
  (void)SyncDirectory(db_path_);

  // Older generations, and leftovers of builds that crashed, go now; the one
  // just replaced stays until the next publish.
  error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(db_path_, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(schema::kGenerationPrefix, 0) != 0) continue;
    if (name == gen_name_ || name == previous) continue;
    stale.push_back(it->path());
  }
  for (const auto& path : stale) fs::remove_all(path, ec);
  return Ok{};
}

}  // namespace newsdex
