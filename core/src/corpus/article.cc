#include "newsdex/corpus/article.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "newsdex/base/text.h"

namespace newsdex {
namespace {

// A headline longer than this is a paragraph that happens to lack a period.
constexpr std::size_t kMaxHeadlineChars = 160;
// Only the top of an article is searched for its headline: further down,
// short lines are captions, sign-offs and link lists.
constexpr int kTitleSearchLines = 12;

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsAsciiSpace(line[i])) ++i;
    std::size_t start = i;
    while (i < line.size() && !IsAsciiSpace(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// Normalises line ends, drops control characters other than tab and newline
// (they would end up in titles and terminals), and strips a leading BOM.
std::string CleanText(std::string_view utf8) {
  if (utf8.substr(0, 3) == "\xEF\xBB\xBF") utf8.remove_prefix(3);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    char c = utf8[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
    } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += ' ';
    } else if (c == '\xC2' && i + 1 < utf8.size() &&
               static_cast<unsigned char>(utf8[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(utf8[i + 1]) <= 0x9F) {
      out += ' ';  // a C1 control (U+0080..U+009F), e.g. CSI U+009B
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// True when `word` (valid UTF-8) holds a non-ASCII code point that is not
// punctuation or a symbol: a letter of another script ("Києві", "東京"), as
// opposed to "»", "—", "•" or an emoji. Block ranges, not Unicode tables: good
// enough to tell a headline from a separator.
bool HasNonAsciiLetter(std::string_view word) {
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned cp = *it;
    if (cp < 0x80) continue;
    bool symbol = cp < 0xC0 || cp == 0xD7 || cp == 0xF7 ||
                  (cp >= 0x2000 && cp <= 0x2BFF) ||  // punctuation, arrows, shapes
                  (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
                  (cp >= 0xFFF0 && cp <= 0xFFFF) ||  // specials, U+FFFD
                  (cp >= 0x1F000 && cp <= 0x1FAFF);  // emoji and pictographs
    if (!symbol) return true;
  }
  return false;
}

bool IsNavigationWord(std::string_view word) {
  static const std::array<std::string_view, 52> kNavWords = {"open",       "close",
                                                             "menu",       "home",
                                                             "search",     "skip",
                                                             "to",         "main",
                                                             "content",    "navigation",
                                                             "nav",        "sign",
                                                             "in",         "up",
                                                             "out",        "log",
                                                             "login",      "logout",
                                                             "subscribe",  "share",
                                                             "print",      "email",
                                                             "tweet",      "facebook",
                                                             "twitter",    "whatsapp",
                                                             "linkedin",   "toggle",
                                                             "back",       "top",
                                                             "more",       "next",
                                                             "previous",   "advertisement",
                                                             "ad",         "sponsored",
                                                             "cookies",    "accept",
                                                             "newsletter", "register",
                                                             "account",    "my",
                                                             "sections",   "latest",
                                                             "news",       "breaking",
                                                             "trending",   "related",
                                                             "topics",     "recent",
                                                             "stories",    "the"};
  std::string w;
  for (char c : word) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (w.empty()) return !HasNonAsciiLetter(word);  // "|", "»", "--" and the like
  return std::find(kNavWords.begin(), kNavWords.end(), w) != kNavWords.end();
}

bool IsRelativeTime(const std::vector<std::string_view>& words) {
  if (words.size() != 3 || AsciiLower(words[2]) != "ago") return false;
  if (!std::all_of(words[0].begin(), words[0].end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      AsciiLower(words[0]) != "a" && AsciiLower(words[0]) != "an") {
    return false;
  }
  std::string unit = AsciiLower(words[1]);
  if (!unit.empty() && unit.back() == 's') unit.pop_back();
  return unit == "second" || unit == "minute" || unit == "hour" || unit == "day" ||
         unit == "week" || unit == "month" || unit == "year";
}

bool HasLetter(std::string_view line) {
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || u >= 0x80) return true;
  }
  return false;
}

bool IsNavigationLine(std::string_view line) {
  if (!HasLetter(line)) return true;
  auto words = Words(line);
  if (IsRelativeTime(words)) return true;
  return words.size() <= 3 && std::all_of(words.begin(), words.end(), IsNavigationWord);
}

bool IsAbbreviation(std::string_view word) {
  // "U.S.", "Mr.", "Jan.": a period that does not end a sentence.
  std::string w = AsciiLower(word);
  while (!w.empty() && !std::isalpha(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
  if (w.size() <= 2) return true;  // "U.S", "Mr", "St", initials
  static const std::array<std::string_view, 26> kAbbrev = {
      "mr.",  "ms.",   "dr.",  "st.",   "jr.",   "sr.",   "mrs.", "gov.", "gen.",
      "sen.", "rep.",  "col.", "capt.", "corp.", "inc.",  "ltd.", "jan.", "feb.",
      "aug.", "sept.", "oct.", "nov.",  "dec.",  "prof.", "u.s.", "u.k."};
  return std::find(kAbbrev.begin(), kAbbrev.end(), w) != kAbbrev.end() ||
         std::count(w.begin(), w.end(), '.') >= 2;
}

std::string FirstSentence(std::string_view text) {
  std::string flat = CollapseWhitespace(text);
  std::size_t word_start = 0;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    char c = flat[i];
    if (c == ' ') {
      word_start = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    std::size_t next = i + 1;
    while (next < flat.size() && (flat[next] == '"' || flat[next] == '\'' || flat[next] == ')')) {
      ++next;
    }
    if (next < flat.size() && flat[next] != ' ') continue;
    if (c == '.' && IsAbbreviation(std::string_view(flat).substr(word_start, i + 1 - word_start))) {
      continue;
    }
    flat.resize(next);
    break;
  }
  return TruncateOnWord(flat, kMaxTitleChars);
}

// The bytes of an article file as valid UTF-8 with LF line ends and no BOM:
// decoded as Windows-1252 when they are not UTF-8, which `result` records.
std::string DecodeArticleText(std::string_view bytes, ParsedArticle* result) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) return CleanText(bytes);
  result->recoded = true;
  result->warnings.push_back("not valid UTF-8; decoded as Windows-1252");
  return CleanText(Windows1252ToUtf8(bytes));
}

// Whether `text` (from its first non-blank character) starts with the date
// header. "date" alone on its line is a header missing its date; "Date set
// for trial" is text, not a header with a malformed date: a date line's
// token must start with a digit (or be absent).
bool StartsWithDateHeader(std::string_view text) {
  if (text.size() < 4 || AsciiLower(text.substr(0, 4)) != "date") return false;
  if (text.size() > 4 && !IsAsciiSpace(text[4])) return false;
  std::string_view after = text.substr(4);
  while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) {
    after.remove_prefix(1);
  }
  return after.empty() || IsAsciiSpace(after.front()) ||
         std::isdigit(static_cast<unsigned char>(after.front()));
}

// The date of the header line whose "date" word `rest` has just passed, and
// `rest` moved past it. A missing or malformed date gives nullopt and a
// warning in `result`; `rest` then skips a malformed token (its text is not
// the article's).
std::optional<Ymd> ReadHeaderDate(std::string_view* rest, ParsedArticle* result) {
  while (!rest->empty() && (rest->front() == ' ' || rest->front() == '\t')) {
    rest->remove_prefix(1);
  }
  std::size_t token_end = 0;
  while (token_end < rest->size() && !IsAsciiSpace((*rest)[token_end])) ++token_end;
  std::string_view token = rest->substr(0, token_end);
  // Accept a date glued to trailing text ("2022-02-25Kyiv") but not to more
  // digits ("2022-02-250").
  std::string_view candidate = token.substr(0, 10);
  bool date_shaped = candidate.size() == 10 &&
                     (token.size() == 10 || !std::isdigit(static_cast<unsigned char>(token[10])));
  if (auto ymd = date_shaped ? ParseIsoDate(candidate) : std::nullopt) {
    rest->remove_prefix(10);
    return ymd;
  }
  result->undated = true;
  if (token.empty() || token.find('\n') != std::string_view::npos) {
    result->warnings.push_back("date line has no date; indexed as undated");
  } else {
    auto why = ParsePartialDate(token);
    std::string detail =
        why ? "'" + std::string(token) + "': expected YYYY-MM-DD" : why.error().message;
    result->warnings.push_back("impossible or malformed date " + detail + "; indexed as undated");
    rest->remove_prefix(token.size());
  }
  return std::nullopt;
}

}  // namespace

const char* SkipReasonName(SkipReason reason) {
  switch (reason) {
    case SkipReason::kEmpty:
      return "empty";
    case SkipReason::kBinary:
      return "binary";
    case SkipReason::kUnreadable:
      return "unreadable";
    case SkipReason::kBrokenSymlink:
      return "broken-symlink";
    case SkipReason::kSymlinkLoop:
      return "symlink-loop";
    case SkipReason::kOutsideCorpus:
      return "outside-corpus";
    case SkipReason::kTooLarge:
      return "too-large";
  }
  return "unknown";
}

std::string ArticleIdFromPath(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.size() > 4 && name.substr(name.size() - 4) == ".txt") {
    name.remove_suffix(4);
  }
  return std::string(name);
}

std::string ExtractTitle(std::string_view body) {
  int looked_at = 0;
  std::size_t pos = 0;
  while (pos < body.size() && looked_at < kTitleSearchLines) {
    std::size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = Trim(body.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty()) continue;
    ++looked_at;
    if (IsNavigationLine(line)) continue;
    std::string flat = CollapseWhitespace(line);
    bool reads_like_headline = Utf8Length(flat) <= kMaxHeadlineChars && flat.back() != '.' &&
                               flat.back() != ',' && flat.back() != ';' && flat.back() != ':';
    if (reads_like_headline) return TruncateOnWord(flat, kMaxHeadlineChars);
    return FirstSentence(line);
  }
  return FirstSentence(body);
}

ParsedArticle ParseArticle(std::string_view bytes, std::string_view path) {
  ParsedArticle result;
  if (bytes.find('\0') != std::string_view::npos) {
    result.skipped = SkipReason::kBinary;
    result.skip_detail = "contains NUL bytes (binary file)";
    return result;
  }
  std::string text = DecodeArticleText(bytes, &result);
  if (Trim(text).empty()) {
    result.skipped = SkipReason::kEmpty;
    result.skip_detail = bytes.empty() ? "empty file" : "only whitespace";
    return result;
  }

  Article article;
  article.path = std::string(path);
  article.id = ArticleIdFromPath(path);
  // The header is the first non-blank line: "date YYYY-MM-DD first words".
  std::string_view rest = text;
  while (!rest.empty() && IsAsciiSpace(rest.front())) rest.remove_prefix(1);
  if (StartsWithDateHeader(rest)) {
    rest.remove_prefix(4);
    article.date = ReadHeaderDate(&rest, &result);
  } else {
    result.undated = true;
    result.warnings.push_back("no 'date YYYY-MM-DD' line; indexed as undated");
  }

  rest = Trim(rest);
  if (rest.empty()) {
    result.skipped = SkipReason::kEmpty;
    result.skip_detail = "no text after the date line";
    result.warnings.clear();
    result.undated = false;
    return result;
  }
  article.body = std::string(rest);
  article.title = ExtractTitle(article.body);
  result.article = std::move(article);
  return result;
}

}  // namespace newsdex
