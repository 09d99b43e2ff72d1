// Checks for option values with messages in the programs' voice; --help
// shows the accepted values, never a validator's internals.
#ifndef NEWSDEX_CLI_VALIDATORS_H_
#define NEWSDEX_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace newsdex {

// The value is one of `values` (exactly, lower case); otherwise
// "'latest' is not relevance, newest or oldest", with "did you mean" when
// one is close. --help shows the values as {a,b,c}.
CLI::Validator OneOf(std::vector<std::string> values);

// The value is a whole number (no sign) between `min` and `max`.
CLI::Validator Count(unsigned long min, unsigned long max);

// "a, b or c".
std::string JoinOr(const std::vector<std::string>& values);

// The candidate closest to `typed` by edit distance, when it is close
// enough to be a likely typo; "" otherwise.
std::string Closest(const std::string& typed, const std::vector<std::string>& candidates);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_VALIDATORS_H_
