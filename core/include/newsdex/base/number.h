// Numbers read from text (index values, run files, option values) the one
// strict way: the whole text is the number ("1x", " 1" and "" fail), with no
// locale and no exceptions.
#ifndef NEWSDEX_BASE_NUMBER_H_
#define NEWSDEX_BASE_NUMBER_H_

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace newsdex {

// The decimal integer that is all of `text` ("-3" only for signed types);
// nullopt for anything else, including a value out of Int's range.
template <typename Int>
std::optional<Int> ParseWholeInteger(std::string_view text) {
  static_assert(std::is_integral_v<Int>);
  Int value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// The finite floating-point number that is all of `text` ("1.5", "-2",
// "1e3"); nullopt for anything else, including "inf", "nan" and overflow.
std::optional<double> ParseFiniteDouble(std::string_view text);

}  // namespace newsdex

#endif  // NEWSDEX_BASE_NUMBER_H_
