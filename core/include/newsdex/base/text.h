// Small text helpers: ASCII whitespace and case, UTF-8 validation,
// Windows-1252 recovery, and cutting text on word and character boundaries
// for titles and terminal output. None depends on the locale.
#ifndef NEWSDEX_BASE_TEXT_H_
#define NEWSDEX_BASE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex {

// True for the six ASCII whitespace characters: space, \t, \n, \v, \f, \r.
bool IsAsciiSpace(char c);

// `text` without its leading and trailing ASCII whitespace (IsAsciiSpace).
std::string_view Trim(std::string_view text);

// `line` without its leading and trailing spaces, tabs and carriage returns
// (the blanks around one line of a file, a CRLF line end's CR included);
// other whitespace stays.
std::string_view TrimBlanks(std::string_view line);

// `text` with A-Z lowered; every other byte (UTF-8 included) unchanged.
std::string AsciiLower(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Decodes bytes as Windows-1252 (a superset of Latin-1 for printable text, and
// what mislabelled "Latin-1" news scrapes usually are) into UTF-8. The five
// bytes 1252 leaves undefined become U+FFFD.
std::string Windows1252ToUtf8(std::string_view bytes);

// Number of code points in valid UTF-8 text: a fair stand-in for its width in
// a terminal for the alphabetic scripts news is mostly written in.
std::size_t Utf8Length(std::string_view text);

// Cuts valid UTF-8 text to at most `max_chars` code points, preferring the
// last space before the limit (when one is in the last third), and appends
// "…" when anything was cut. Text that fits is returned unchanged.
std::string TruncateOnWord(std::string_view text, std::size_t max_chars);

// Collapses every run of whitespace (including newlines) to one space and
// trims both ends.
std::string CollapseWhitespace(std::string_view text);

// Replaces control characters (below U+0020, and DEL) with "\xHH" so a file
// name with a newline or an escape sequence prints as one harmless line.
// Other bytes, including invalid UTF-8, pass through.
std::string EscapeControlChars(std::string_view text);

}  // namespace newsdex

#endif  // NEWSDEX_BASE_TEXT_H_
