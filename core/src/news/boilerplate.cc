#include "newsdex/news/boilerplate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "newsdex/base/hash.h"
#include "newsdex/base/text.h"
#include "newsdex/corpus/files.h"

namespace newsdex {
namespace {

struct Line {
  std::string_view text;  // without the newline
  bool had_newline = false;
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back({text.substr(pos, eol - pos), eol < text.size()});
    if (eol == text.size()) break;
    pos = eol + 1;
  }
  return lines;
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// Hard-wrapped prose (wire copy wraps at ~70 columns) repeats fragments such
// as "said." or "Moody's Investors Service Inc said it" in hundreds of
// stories; they are pieces of sentences, not page furniture. A line can only
// be boilerplate when it stands alone: it does not start in lower case (a
// sentence continuing from the line above), does not end in a comma or
// hyphen, the line above does not end in one (nor, when the line ends a
// sentence, in a letter or digit), and the line below does not start in lower
// case (the sentence running on).
bool StandsAlone(const std::vector<Line>& lines, std::size_t i) {
  std::string_view line = TrimBlanks(lines[i].text);
  if (line.empty() || IsLower(line.front())) return false;
  if (line.back() == ',' || line.back() == '-') return false;
  if (i > 0) {
    std::string_view above = TrimBlanks(lines[i - 1].text);
    if (!above.empty() && (above.back() == ',' || above.back() == '-')) return false;
    // "Department said." after "...the Agriculture": the end of a sentence
    // begun on the line above. (A headline cut with ".." in a list of
    // recent stories is not a sentence end.)
    bool ends_sentence = line.back() == '.' && !(line.size() > 1 && line[line.size() - 2] == '.');
    if (!above.empty() && ends_sentence && std::isalnum(static_cast<unsigned char>(above.back()))) {
      return false;
    }
  }
  if (i + 1 < lines.size()) {
    std::string_view below = TrimBlanks(lines[i + 1].text);
    if (!below.empty() && IsLower(below.front())) return false;
  }
  return true;
}

std::size_t CountWords(std::string_view line) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    bool space = c == ' ' || c == '\t' || c == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Whitespace-separated tokens holding a digit ("31", "1.20", "2.8%").
std::size_t CountNumbers(std::string_view line) {
  std::size_t numbers = 0;
  bool in_word = false;
  bool counted = false;
  for (char c : line) {
    bool space = c == ' ' || c == '\t' || c == '\r';
    if (space) {
      in_word = false;
      continue;
    }
    if (!in_word) counted = false;
    in_word = true;
    if (!counted && c >= '0' && c <= '9') {
      ++numbers;
      counted = true;
    }
  }
  return numbers;
}

// A sentence of the article ("Terms were not disclosed.", "Shares fell
// sharply on Monday."): words ending in a full stop, question or exclamation
// mark (before any closing quote or bracket). Wire copy repeats such
// sentences across hundreds of stories, and they are text people search for;
// page furniture is labels and links ("Recent Stories", "Share on X",
// "1 minute ago"), and a headline cut short in a list of links ends in "..".
bool SentenceLike(std::string_view line) {
  while (!line.empty()) {
    std::string_view tail2 = line.size() >= 2 ? line.substr(line.size() - 2) : "";
    std::string_view tail3 = line.size() >= 3 ? line.substr(line.size() - 3) : "";
    if (line.back() == '"' || line.back() == '\'' || line.back() == ')' || line.back() == ']') {
      line.remove_suffix(1);
    } else if (tail3 == "\xE2\x80\x9D" || tail3 == "\xE2\x80\x99") {  // ” ’
      line.remove_suffix(3);
    } else if (tail2 == "\xC2\xBB") {  // »
      line.remove_suffix(2);
    } else {
      break;
    }
  }
  if (line.empty()) return false;
  char last = line.back();
  if (last != '.' && last != '!' && last != '?') return false;
  if (line.size() >= 2 && line[line.size() - 2] == '.') return false;  // ".." or "..."
  if (CountWords(line) < 3) return false;
  return std::any_of(line.begin(), line.end(), [](char c) { return IsLower(c); });
}

// What a line looks like for TableRow: a short line with a number, and a
// table row proper (a label and two figures: "Shr 1.20 dlrs vs 1.10 dlrs").
struct LineShape {
  bool blank = true;
  bool numeric = false;
  bool row = false;
};

std::vector<LineShape> Shapes(const std::vector<Line>& lines) {
  std::vector<LineShape> shapes(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = TrimBlanks(lines[i].text);
    if (line.empty()) continue;
    std::size_t words = CountWords(line);
    std::size_t numbers = CountNumbers(line);
    shapes[i] = {false, numbers >= 1 && words <= 12, numbers >= 2 && words <= 12};
  }
  return shapes;
}

// A line inside a table of figures: earnings and dividend notices put labels
// such as "Year", "Nine mths", "Record March 31" or "Pay April 30" between
// rows of numbers, the same labels in hundreds of articles. Within the line
// and the two non-blank lines on each side, at least two are short lines
// with a number and one is a row of figures.
bool TableRow(const std::vector<LineShape>& shapes, std::size_t i) {
  std::size_t numeric = shapes[i].numeric;
  bool row = shapes[i].row;
  auto look = [&](std::size_t k) {
    numeric += shapes[k].numeric;
    row = row || shapes[k].row;
  };
  for (std::size_t k = i, seen = 0; k > 0 && seen < 2;) {
    if (!shapes[--k].blank) {
      look(k);
      ++seen;
    }
  }
  for (std::size_t k = i + 1, seen = 0; k < shapes.size() && seen < 2; ++k) {
    if (!shapes[k].blank) {
      look(k);
      ++seen;
    }
  }
  return row && numeric >= 2;
}

// Whether line i can be page furniture at all (learned, or removed when
// learned): it stands alone and is neither a sentence nor part of a table.
bool Eligible(const std::vector<Line>& lines, const std::vector<LineShape>& shapes, std::size_t i) {
  return StandsAlone(lines, i) && !SentenceLike(TrimBlanks(lines[i].text)) && !TableRow(shapes, i);
}

// Calls visit(trimmed, key) for each line of `body` that could be
// boilerplate, in order: the line trimmed, and normalised (NormalizeLine).
template <typename Visit>
void ForEachCandidate(std::string_view body, const BoilerplateOptions& options, Visit visit) {
  std::vector<Line> lines = SplitLines(body);
  std::vector<LineShape> shapes = Shapes(lines);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view trimmed = TrimBlanks(lines[i].text);
    if (trimmed.empty() || Utf8Length(trimmed) > options.max_line_chars) continue;
    if (!Eligible(lines, shapes, i)) continue;
    visit(trimmed, NormalizeLine(trimmed));
  }
}

// What the learner counts a line by: the hash of schema::LineTerm, so that
// a build counts lines as `update` counts their terms when it learns again.
std::uint64_t LineHash(std::string_view key) { return Fnv1a64(key, kLineTermSeed); }

}  // namespace

std::vector<std::string> CandidateLines(std::string_view body, const BoilerplateOptions& options) {
  std::vector<std::string> keys;
  if (!options.enabled) return keys;
  std::unordered_set<std::string> seen;
  ForEachCandidate(body, options, [&](std::string_view, std::string key) {
    if (seen.insert(key).second) keys.push_back(std::move(key));
  });
  return keys;
}

std::string NormalizeLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  bool space = false;
  for (char c : TrimBlanks(line)) {
    if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

BoilerplateLearner::BoilerplateLearner(const BoilerplateOptions& options) : options_(options) {}

void BoilerplateLearner::Add(std::string_view body) {
  const auto article = static_cast<std::uint32_t>(articles_++);
  std::unordered_set<std::uint64_t> seen_here;
  ForEachCandidate(body, options_, [&](std::string_view, const std::string& key) {
    const std::uint64_t hash = LineHash(key);
    if (!seen_here.insert(hash).second) return;
    Seen& seen = counts_[hash];
    if (seen.articles++ == 0) seen.first = article;
  });
}

void BoilerplateLearner::Absorb(const BoilerplateLearner& later) {
  const auto offset = static_cast<std::uint32_t>(articles_);
  counts_.reserve(counts_.size() + later.counts_.size());
  for (const auto& [hash, theirs] : later.counts_) {
    Seen& seen = counts_[hash];
    if (seen.articles == 0) seen.first = offset + theirs.first;
    seen.articles += theirs.articles;
  }
  articles_ += later.articles_;
}

std::vector<BoilerplateLine> BoilerplateLearner::Learned(const BodyOf& body_of) const {
  std::vector<BoilerplateLine> lines;
  if (!options_.enabled) return lines;
  auto by_share = static_cast<std::size_t>(std::ceil(options_.min_share * articles_));
  std::size_t bar = std::max(options_.min_articles, by_share);
  std::vector<std::pair<Seen, std::uint64_t>> learned;  // by first article
  for (const auto& [hash, seen] : counts_) {
    if (seen.articles >= bar) learned.emplace_back(seen, hash);
  }
  std::sort(learned.begin(), learned.end(), [](const auto& a, const auto& b) {
    return a.first.first != b.first.first ? a.first.first < b.first.first : a.second < b.second;
  });
  // Each first article is read once, for the text of all its learned lines.
  for (std::size_t begin = 0, end = 0; begin < learned.size(); begin = end) {
    while (end < learned.size() && learned[end].first.first == learned[begin].first.first) ++end;
    std::optional<std::string> body = body_of(learned[begin].first.first);
    if (!body) continue;
    std::unordered_map<std::uint64_t, std::string> texts;  // the first of each line
    ForEachCandidate(*body, options_, [&](std::string_view trimmed, const std::string& key) {
      texts.emplace(LineHash(key), std::string(trimmed));
    });
    for (std::size_t k = begin; k < end; ++k) {
      auto text = texts.find(learned[k].second);
      if (text != texts.end()) lines.push_back({text->second, learned[k].first.articles});
    }
  }
  std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    return a.text < b.text;
  });
  return lines;
}

Boilerplate::Boilerplate(std::vector<BoilerplateLine> lines) : lines_(std::move(lines)) {
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    index_.emplace(NormalizeLine(lines_[i].text), i);
  }
}

bool Boilerplate::IsBoilerplate(std::string_view line) const {
  if (index_.empty()) return false;
  std::string_view trimmed = TrimBlanks(line);
  if (trimmed.empty()) return false;
  return index_.count(NormalizeLine(trimmed)) > 0;
}

std::vector<TextPart> Boilerplate::Split(std::string_view text) const {
  std::vector<TextPart> parts;
  if (index_.empty()) {
    parts.push_back({text, true});
    return parts;
  }
  std::vector<Line> lines = SplitLines(text);
  std::vector<LineShape> shapes = Shapes(lines);
  std::size_t begin = 0;  // offset of the current line in `text`
  bool any_content = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t size = lines[i].text.size() + (lines[i].had_newline ? 1 : 0);
    // The same words inside wrapped prose, a sentence or a table stay
    // content (see Eligible).
    bool furniture = IsBoilerplate(lines[i].text) && Eligible(lines, shapes, i);
    any_content = any_content || (!furniture && !TrimBlanks(lines[i].text).empty());
    if (!parts.empty() && parts.back().weighted == !furniture) {
      parts.back().text =
          text.substr(parts.back().text.data() - text.data(), parts.back().text.size() + size);
    } else {
      parts.push_back({text.substr(begin, size), !furniture});
    }
    begin += size;
  }
  // An article that is all boilerplate keeps its own text rather than
  // becoming empty and unfindable.
  if (!any_content) return {TextPart{text, true}};
  return parts;
}

std::string Boilerplate::Clean(std::string_view text) const {
  if (index_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (const TextPart& part : Split(text)) {
    if (part.weighted) out.append(part.text);
  }
  return out;
}

Article Boilerplate::CleanArticle(const Article& article) const {
  if (index_.empty()) return article;
  Article cleaned = article;
  cleaned.body = Clean(article.body);
  // An article that is all boilerplate keeps its own text rather than
  // becoming empty and unfindable.
  if (cleaned.body.find_first_not_of(" \t\r\n") == std::string::npos) return article;
  cleaned.title = ExtractTitle(cleaned.body);
  return cleaned;
}

std::string Boilerplate::Encode() const {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& line : lines_) j.push_back({{"line", line.text}, {"articles", line.articles}});
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Boilerplate Boilerplate::Decode(std::string_view json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  std::vector<BoilerplateLine> lines;
  if (!j.is_array()) return Boilerplate();
  for (const auto& item : j) {
    if (!item.is_object()) continue;
    auto line = item.find("line");
    auto count = item.find("articles");
    if (line == item.end() || !line->is_string()) continue;
    lines.push_back({line->get<std::string>(), count != item.end() && count->is_number_unsigned()
                                                   ? count->get<std::size_t>()
                                                   : 0});
  }
  return Boilerplate(std::move(lines));
}

Boilerplate LearnBoilerplateFromFiles(const CorpusFiles& files, std::uint64_t max_file_bytes,
                                      const BoilerplateOptions& options, unsigned jobs) {
  if (!options.enabled) return Boilerplate();
  auto body_of_file = [&](std::size_t i) -> std::optional<std::string> {
    const std::string path = files.path(i);
    SkipReason reason = SkipReason::kUnreadable;
    auto bytes = ReadArticleFile(path, max_file_bytes, &reason);
    if (!bytes) return std::nullopt;
    ParsedArticle parsed = ParseArticle(*bytes, path);
    if (!parsed.article) return std::nullopt;
    return std::move(parsed.article->body);
  };
  // Reading and parsing dominate, so each thread learns a contiguous slice
  // and the slices' counts are joined in order. The caller weighs how many
  // threads the corpus is worth.
  const std::size_t slices =
      std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(1, files.size()));
  std::vector<BoilerplateLearner> learners(slices, BoilerplateLearner(options));
  std::vector<std::vector<std::uint32_t>> files_of(slices);  // of each article learned from
  auto learn = [&](std::size_t k) {
    for (std::size_t i = files.size() * k / slices; i < files.size() * (k + 1) / slices; ++i) {
      if (auto body = body_of_file(i)) {
        learners[k].Add(*body);
        files_of[k].push_back(static_cast<std::uint32_t>(i));
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 1; k < slices; ++k) threads.emplace_back(learn, k);
  learn(0);
  for (auto& thread : threads) thread.join();
  std::vector<std::uint32_t> file_of = std::move(files_of[0]);
  for (std::size_t k = 1; k < slices; ++k) {
    learners[0].Absorb(learners[k]);
    learners[k] = BoilerplateLearner(options);  // its counts are no longer needed
    file_of.insert(file_of.end(), files_of[k].begin(), files_of[k].end());
    files_of[k] = {};
  }
  return Boilerplate(
      learners[0].Learned([&](std::size_t article) { return body_of_file(file_of[article]); }));
}

}  // namespace newsdex
