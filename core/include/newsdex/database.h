// Where the index lives and how it is opened: the default location, opening
// for search with errors that say what to do, and the generation swap that
// makes a rebuild atomic for readers.
#ifndef NEWSDEX_DATABASE_H_
#define NEWSDEX_DATABASE_H_

#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "newsdex/error.h"

namespace newsdex {

// $NEWSDEX_DB when set and not empty, else $XDG_DATA_HOME/newsdex/index,
// else $HOME/.local/share/newsdex/index.
std::string DefaultDbPath();

// Opens an index for searching: a newsdex index folder, a plain Xapian
// database or a stub file. Fails with a message that names the path and says
// how to build an index when there is none.
Result<Xapian::Database> OpenIndex(const std::string& db_path);

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
std::string CurrentGenerationPath(const std::string& db_path);

}  // namespace newsdex

#endif  // NEWSDEX_DATABASE_H_
