// Plain result structs passed from the searcher to the formatters; free of
// Xapian so formatting code and its tests never need it.
#ifndef NEWSDEX_RESULTS_H_
#define NEWSDEX_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/date.h"

namespace newsdex {

// Snippets mark the query's words with these bytes (control characters the
// article parser never lets through), so each formatter chooses how to show
// them: bold on a terminal, nothing in JSON.
inline constexpr char kHighlightStart = '\x02';
inline constexpr char kHighlightEnd = '\x03';

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result overall
  double score = 0;      // the weighting scheme's score (BM25 by default)
  std::string id;
  std::optional<Ymd> date;
  std::string title;
  std::string path;
  std::string snippet;   // may contain kHighlightStart/kHighlightEnd
};

struct SearchResults {
  std::vector<Hit> hits;
  std::size_t offset = 0;             // rank of hits[0] minus one
  std::uint64_t matches_estimated = 0;
  std::uint64_t matches_lower_bound = 0;
  std::uint64_t matches_upper_bound = 0;
};

// Removes the highlight markers.
std::string PlainSnippet(const std::string& snippet);

}  // namespace newsdex

#endif  // NEWSDEX_RESULTS_H_
