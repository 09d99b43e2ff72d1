// Terminal columns of UTF-8 text: CJK and other wide characters take two,
// combining marks none (wcwidth(3) under a UTF-8 locale).
#ifndef NEWSDEX_CLI_DISPLAY_WIDTH_H_
#define NEWSDEX_CLI_DISPLAY_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex {

// Columns of one code point: 0, 1 or 2 (control characters count 1).
int CodePointWidth(unsigned code_point);

// Columns of the whole text.
std::size_t DisplayWidth(std::string_view text);

// The text cut to at most `columns` columns with "…" at the end, at a space
// when one falls in the last third; the text itself when it fits.
std::string TruncateToWidth(std::string_view text, std::size_t columns);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_DISPLAY_WIDTH_H_
