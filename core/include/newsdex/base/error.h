// Error values and exit codes shared by the library and both programs.
#ifndef NEWSDEX_BASE_ERROR_H_
#define NEWSDEX_BASE_ERROR_H_

#include <string>
#include <utility>
#include <variant>

namespace newsdex {

// Exit statuses of both programs. They are part of the CLI contract: scripts
// branch on them, so they are listed in --help and tested.
enum class ExitCode : int {
  kOk = 0,             // searcher: something matched; indexer: every file indexed
  kPartial = 1,        // searcher: nothing matched; indexer: some files skipped
  kError = 2,          // usage error, bad query or date, missing/corrupt index
  kInterrupted = 130,  // indexer stopped by SIGINT/SIGTERM; old index intact
};

// What kind of failure an Error is, for callers that act on it (an exit
// status, a retry without a shard, a rebuild); the message is for people.
enum class ErrorCode {
  kFailed,        // anything else: I/O, an unexpected Xapian error
  kNotFound,      // nothing where an index (or an article) was asked for
  kCorrupt,       // damaged, or in a format this version does not read: rebuild it
  kForeign,       // not a newsdex index: another program's database or other files
  kLocked,        // another writer holds the index
  kCancelled,     // stopped on request (SIGINT/SIGTERM); see the operation's contract
  kShardFailed,   // a shard of a sharded index could not be opened or failed
  kInvalidInput,  // a bad query, date, option value or stub line
};

// A failure the caller is expected to handle: the message says what happened
// and, where it can, what to do about it. It never includes the program name.
struct Error {
  std::string message;
  ErrorCode code = ErrorCode::kFailed;
};

// The exit status a program ends with after `error`: the one place that
// maps failures to the CLI contract.
constexpr ExitCode ExitCodeFor(const Error& error) {
  return error.code == ErrorCode::kCancelled ? ExitCode::kInterrupted : ExitCode::kError;
}

// Either a value or an Error. Deliberately tiny: the library never throws for
// expected failures, and this keeps call sites explicit.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace newsdex

#endif  // NEWSDEX_BASE_ERROR_H_
