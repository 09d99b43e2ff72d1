#include "newsdex/search/results.h"

namespace newsdex {

const char* TextSourceName(TextSource source) {
  switch (source) {
    case TextSource::kFile:
      return "file";
    case TextSource::kIndex:
      return "index";
    case TextSource::kSample:
      return "sample";
    case TextSource::kNone:
      break;
  }
  return "";
}

std::string PlainSnippet(const std::string& snippet) {
  std::string out;
  out.reserve(snippet.size());
  for (char c : snippet) {
    if (c != kHighlightStart && c != kHighlightEnd) out += c;
  }
  return out;
}

}  // namespace newsdex
