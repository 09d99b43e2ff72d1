#include "newsdex/search/results.h"

namespace newsdex {

std::string PlainSnippet(const std::string& snippet) {
  std::string out;
  out.reserve(snippet.size());
  for (char c : snippet) {
    if (c != kHighlightStart && c != kHighlightEnd) out += c;
  }
  return out;
}

}  // namespace newsdex
