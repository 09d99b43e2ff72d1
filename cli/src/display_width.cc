#include "newsdex/cli/display_width.h"

#include <locale.h>
#include <xapian.h>

#include <cwchar>

namespace newsdex {
namespace {

// wcwidth answers by LC_CTYPE; the programs never call setlocale, so ask a
// UTF-8 locale of our own (C.UTF-8 is always present on Debian).
locale_t Utf8Locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

}  // namespace

int CodePointWidth(unsigned code_point) {
  if (code_point < 0x7f) return 1;
  locale_t utf8 = Utf8Locale();
  if (utf8 == static_cast<locale_t>(0)) return 1;
  locale_t old = uselocale(utf8);
  int width = ::wcwidth(static_cast<wchar_t>(code_point));
  uselocale(old);
  return width < 0 ? 1 : width;
}

std::size_t DisplayWidth(std::string_view text) {
  std::size_t columns = 0;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    columns += CodePointWidth(*it);
  }
  return columns;
}

std::string TruncateToWidth(std::string_view text, std::size_t columns) {
  if (DisplayWidth(text) <= columns) return std::string(text);
  if (columns == 0) return "";
  std::size_t keep = columns - 1;  // room for "…"
  std::size_t used = 0, end = 0, last_space = std::string_view::npos, space_used = 0;
  const char* base = text.data();
  Xapian::Utf8Iterator it(base, text.size()), stop;
  while (it != stop) {
    unsigned cp = *it;
    std::size_t start = it.raw() - base;
    std::size_t w = CodePointWidth(cp);
    if (used + w > keep) break;
    if (cp == ' ') {
      last_space = start;
      space_used = used;
    }
    used += w;
    ++it;
    end = it == stop ? text.size() : static_cast<std::size_t>(it.raw() - base);
  }
  if (it != stop && *it == ' ') {
    last_space = end;
    space_used = used;
  }
  // Cut at a word boundary unless that loses more than a third.
  if (last_space != std::string_view::npos && space_used * 3 >= keep * 2) end = last_space;
  std::string out(text.substr(0, end));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == ',' ||
                          out.back() == ';' || out.back() == ':')) {
    out.pop_back();
  }
  return out + "\u2026";
}

}  // namespace newsdex
