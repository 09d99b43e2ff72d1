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

// A failure the caller is expected to handle: the message says what happened
// and, where it can, what to do about it. It never includes the program name.
struct Error {
  std::string message;
};

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
