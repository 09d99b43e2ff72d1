// Turns the bytes of one article file into an Article: date header, title,
// body, and the warnings or skip reason that dirty input earns. No I/O, no
// Xapian: the format itself is described in corpus/README.md.
#ifndef NEWSDEX_CORPUS_ARTICLE_H_
#define NEWSDEX_CORPUS_ARTICLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/base/date.h"

namespace newsdex {

struct Article {
  std::string id;           // file name without ".txt"
  std::string path;         // where it was read from, as given to the parser
  std::string title;        // one line, whitespace collapsed, valid UTF-8
  std::string body;         // all text after the date, valid UTF-8, LF ends
  std::optional<Ymd> date;  // nullopt: undated (no or impossible date)
};

// Why a file was not indexed. Stable names (SkipReasonName) appear in the
// indexer's summary and JSON, so scripts may rely on them.
enum class SkipReason {
  kEmpty,          // empty, whitespace only, or a date line and nothing else
  kBinary,         // contains NUL bytes
  kUnreadable,     // open/read failed (permissions, I/O error, vanished)
  kBrokenSymlink,  // a symlink whose target does not exist
  kSymlinkLoop,    // a directory symlink leading back into the walk
  kOutsideCorpus,  // a symlink leaving the corpus folders (not followed)
  kTooLarge,       // over the size limit
};
inline constexpr int kSkipReasonCount = 7;

// "empty", "binary", "unreadable", "broken-symlink", "symlink-loop",
// "outside-corpus", "too-large".
const char* SkipReasonName(SkipReason reason);

struct ParsedArticle {
  std::optional<Article> article;     // set unless the file is skipped
  std::optional<SkipReason> skipped;  // set when article is not
  std::string skip_detail;            // human explanation of `skipped`
  bool undated = false;               // no usable date: see warnings
  bool recoded = false;               // was not UTF-8; decoded as 1252
  std::vector<std::string> warnings;  // one sentence each, no file name
};

// Parses one article. `path` is only recorded (and gives the id); the bytes
// are never assumed to be valid UTF-8. Never fails: bad input is reported in
// the result (see ParsedArticle) so one file cannot stop a run.
ParsedArticle ParseArticle(std::string_view bytes, std::string_view path);

// The article id for a path: its file name without a final ".txt".
std::string ArticleIdFromPath(std::string_view path);

// The title rule on its own, for text without the date header: the first
// line that reads like a headline after skipping navigation lines ("Open
// Menu", "Skip to content", "5 minutes ago"), else the first sentence cut on a
// word boundary near kMaxTitleChars.
std::string ExtractTitle(std::string_view body);
inline constexpr std::size_t kMaxTitleChars = 120;

}  // namespace newsdex

#endif  // NEWSDEX_CORPUS_ARTICLE_H_
