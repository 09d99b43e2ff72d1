#include "newsdex/news/boilerplate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "newsdex/base/text.h"
#include "newsdex/corpus/files.h"

namespace newsdex {
namespace {

std::string_view TrimView(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

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
  std::string_view line = TrimView(lines[i].text);
  if (line.empty() || IsLower(line.front())) return false;
  if (line.back() == ',' || line.back() == '-') return false;
  if (i > 0) {
    std::string_view above = TrimView(lines[i - 1].text);
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
    std::string_view below = TrimView(lines[i + 1].text);
    if (!below.empty() && IsLower(below.front())) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  bool space = false;
  for (char c : TrimView(line)) {
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
  ++articles_;
  std::unordered_set<std::string> seen_here;
  std::vector<Line> lines = SplitLines(body);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view trimmed = TrimView(lines[i].text);
    if (!StandsAlone(lines, i) || Utf8Length(trimmed) > options_.max_line_chars) continue;
    std::string key = NormalizeLine(trimmed);
    if (!seen_here.insert(key).second) continue;
    Seen& seen = counts_[key];
    if (seen.articles++ == 0) seen.first_text = std::string(trimmed);
  }
}

std::vector<BoilerplateLine> BoilerplateLearner::Learned() const {
  std::vector<BoilerplateLine> lines;
  if (!options_.enabled) return lines;
  auto by_share = static_cast<std::size_t>(std::ceil(options_.min_share * articles_));
  std::size_t bar = std::max(options_.min_articles, by_share);
  for (const auto& [key, seen] : counts_) {
    if (seen.articles >= bar) lines.push_back({seen.first_text, seen.articles});
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
  std::string_view trimmed = TrimView(line);
  if (trimmed.empty()) return false;
  return index_.count(NormalizeLine(trimmed)) > 0;
}

std::string Boilerplate::Clean(std::string_view text) const {
  if (index_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::vector<Line> lines = SplitLines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    // The same words inside wrapped prose stay (see StandsAlone).
    if (IsBoilerplate(lines[i].text) && StandsAlone(lines, i)) continue;
    out.append(lines[i].text);
    if (lines[i].had_newline) out += '\n';
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

Boilerplate LearnBoilerplateFromFiles(const std::vector<CorpusFile>& files,
                                      std::uint64_t max_file_bytes,
                                      const BoilerplateOptions& options) {
  if (!options.enabled) return Boilerplate();
  BoilerplateLearner learner(options);
  for (const auto& file : files) {
    SkipReason reason = SkipReason::kUnreadable;
    auto bytes = ReadArticleFile(file.path, max_file_bytes, &reason);
    if (!bytes) continue;
    ParsedArticle parsed = ParseArticle(*bytes, file.path);
    if (parsed.article) learner.Add(parsed.article->body);
  }
  return Boilerplate(learner.Learned());
}

}  // namespace newsdex
