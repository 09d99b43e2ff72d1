// Plain result structs passed from the searcher to the formatters; free of
// Xapian so formatting code and its tests never need it.
#ifndef NEWSDEX_SEARCH_RESULTS_H_
#define NEWSDEX_SEARCH_RESULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/date.h"

namespace newsdex {

// Snippets mark the query's words with these bytes (control characters the
// article parser never lets through), so each formatter chooses how to show
// them: bold on a terminal, nothing in JSON.
inline constexpr char kHighlightStart = '\x02';
inline constexpr char kHighlightEnd = '\x03';

// Where the text behind a hit's snippet, or a shown article, came from
// (search/article_text.h).
enum class TextSource {
  kNone,    // no text was read (no snippets asked for)
  kFile,    // the article's file, unchanged since it was indexed
  kIndex,   // the whole text kept in the index (indexer build --store-text)
  kSample,  // the file is gone, unreadable or changed: the sample the index keeps
};

// "file", "index" or "sample" ("" for kNone), as JSON output names them.
const char* TextSourceName(TextSource source);

// What one query term gave a hit (--explain), so a reader can see why it ranks where it does.
struct ScorePart {
  std::string term;  // as indexed: "Z"+stem, "S"+title word, or a word
  unsigned wdf = 0;  // occurrences in the article (0: term absent)
  // On a length-normalised index (ranking.h TermWeights) wdf is stored as
  // scale * tf / K: this is tf / K, what BM25 saturates; -1 otherwise.
  double normalized_tf = -1;
  double score = 0;  // the term's weight for this article
};

struct Hit {
  std::size_t rank = 0;  // 1-based, counting from the first result overall
  double score = 0;      // the weighting scheme's score (BM25 by default)
  std::string id;
  std::optional<Ymd> date;
  std::string title;
  std::string path;
  std::string snippet;                         // may contain kHighlightStart/kHighlightEnd
  TextSource text_source = TextSource::kNone;  // what the snippet was made from
  // Near-copies of the same wire story. `cluster` is the cluster key ("" when the
  // article has no near-copies), `cluster_size` the articles in it;
  // `similar` the other matching members hidden behind this hit (when
  // collapsing), dated `similar_first`..`similar_last`.
  std::string cluster;
  std::size_t cluster_size = 0;
  std::size_t similar = 0;
  std::optional<Ymd> similar_first;
  std::optional<Ymd> similar_last;
  std::vector<ScorePart> score_parts;  // only with --explain
};

struct SearchResults {
  std::vector<Hit> hits;
  std::size_t offset = 0;  // rank of hits[0] minus one
  // How many entries the full list has: articles, or stories when near-copies
  // are collapsed (an article without near-copies is a story of its own).
  // Exact when lower == upper (SearcherOptions::exact_counts); otherwise
  // only the lower bound is a fact.
  std::uint64_t matches_estimated = 0;
  std::uint64_t matches_lower_bound = 0;
  std::uint64_t matches_upper_bound = 0;
  // The matching articles, copies included (equal to matches_* unless
  // `collapsed`), with the same convention.
  bool collapsed = false;
  std::uint64_t articles_estimated = 0;
  std::uint64_t articles_lower_bound = 0;
  std::uint64_t articles_upper_bound = 0;
  std::string query_description;  // Query::get_description, the parsed query (--explain)
};

// One article as searcher --show prints it.
struct ShownArticle {
  std::string id;
  std::optional<Ymd> date;
  std::string title;
  std::string path;
  std::string body;  // the whole body, or with kSample the start of it
  TextSource source = TextSource::kFile;
};

// Removes the highlight markers.
std::string PlainSnippet(const std::string& snippet);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_RESULTS_H_
