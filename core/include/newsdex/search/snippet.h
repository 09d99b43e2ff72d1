// Picks the passage of an article that best matches a query and marks the
// query's words in it. Unlike MSet::snippet, the choice depends only on the
// text and on integer term statistics, so a sharded index (local or remote)
// gives exactly the snippets of a single database.
#ifndef NEWSDEX_SEARCH_SNIPPET_H_
#define NEWSDEX_SEARCH_SNIPPET_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsdex {

class SnippetMaker {
 public:
  // Collects the words of `query` — plain terms, stems ("Z" terms), title:
  // terms and wildcard patterns — weighted by inverse document frequency in
  // `db`. Date, id and other boolean terms are ignored.
  SnippetMaker(const Xapian::Query& query, const Xapian::Database& db);

  // The passage of at most about `max_bytes` bytes of `text` (valid UTF-8)
  // with the most weight of distinct query words, ties going to the earlier
  // passage; matched words are wrapped in kHighlightStart/kHighlightEnd
  // (results.h) and cut ends are marked with "…". Empty when no query word
  // occurs in `text`.
  std::string Make(std::string_view text, std::size_t max_bytes) const;

 private:
  // The index of the query word `word` (lower case) stands for, or -1.
  int Match(const std::string& word) const;

  Xapian::Stem stemmer_;
  std::unordered_map<std::string, int> exact_;         // lower-case word -> index
  std::unordered_map<std::string, int> stems_;         // stem (no "Z") -> index
  std::unordered_set<std::string> stem_prefixes_;      // first two bytes of each stem
  std::vector<std::pair<std::string, int>> prefixes_;  // wildcard patterns
  std::vector<double> weights_;                        // per index
};

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_SNIPPET_H_
