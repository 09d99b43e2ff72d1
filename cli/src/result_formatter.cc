#include "newsdex/cli/result_formatter.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "newsdex/base/text.h"
#include "newsdex/cli/display_width.h"

namespace newsdex {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";
constexpr std::size_t kIndent = 4;

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", score);
  return buf;
}

std::string DateText(const std::optional<Ymd>& date) { return date ? YmdToIso(*date) : "undated"; }

// Cuts a snippet to `width` visible characters without splitting a
// highlighted word's markers, then renders the markers.
std::string RenderSnippet(const std::string& snippet, bool color, std::size_t width) {
  std::string flat = CollapseWhitespace(snippet);
  if (width > 0) {
    std::string plain = PlainSnippet(flat);
    if (DisplayWidth(plain) > width) {
      // Walk the marked text, counting only visible characters.
      std::string cut;
      std::size_t visible = 0;
      bool open = false;
      for (std::size_t i = 0; i < flat.size(); ++i) {
        char c = flat[i];
        if (c == kHighlightStart) open = true;
        if (c == kHighlightEnd) open = false;
        bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != kHighlightStart &&
                           c != kHighlightEnd;
        if (starts_char) {
          // Columns of the character starting here: wide ones take two.
          std::size_t length = 1;
          while (i + length < flat.size() &&
                 (static_cast<unsigned char>(flat[i + length]) & 0xC0) == 0x80) {
            ++length;
          }
          std::size_t columns = DisplayWidth(std::string_view(flat).substr(i, length));
          if (visible + columns > width - 1) break;
          visible += columns;
        }
        cut += c;
      }
      // Drop a highlight that would hold nothing, and the space before "…".
      if (open && !cut.empty() && cut.back() == kHighlightStart) {
        cut.pop_back();
        open = false;
      }
      while (!cut.empty() && cut.back() == ' ') cut.pop_back();
      if (open) cut += kHighlightEnd;
      flat = cut + "\u2026";
    }
  }
  std::string out;
  for (char c : flat) {
    if (c == kHighlightStart) {
      if (color) out += kBold;
    } else if (c == kHighlightEnd) {
      if (color) out += kReset;
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeTsv(const std::string& field) {
  std::string out;
  for (char c : field) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// --explain: "score 2.1234 = Zmarlow 1.5000 (wdf 3) + ...", the parts adding up to the score.
void WriteScoreParts(std::ostream& out, const Hit& hit) {
  out << std::string(kIndent, ' ') << "score " << FormatScore(hit.score) << " =";
  double sum = 0;
  for (std::size_t i = 0; i < hit.score_parts.size(); ++i) {
    const ScorePart& part = hit.score_parts[i];
    sum += part.score;
    out << (i ? " + " : " ") << EscapeControlChars(part.term) << " " << FormatScore(part.score);
    if (part.normalized_tf >= 0) {
      out << " (tf/K " << FormatScore(part.normalized_tf) << ")";
    } else {
      out << " (wdf " << part.wdf << ")";
    }
  }
  if (hit.score_parts.empty()) out << " 0 (no weighted terms)";
  out << "  [sum " << FormatScore(sum) << "]\n";
}

// "N" when exact, "at least N" when Xapian stopped counting early: never an
// estimate, which could be above or below the truth.
std::string CountText(std::uint64_t lower, std::uint64_t upper) {
  return (lower == upper ? "" : "at least ") + std::to_string(lower);
}

}  // namespace

std::string CountHeader(const SearchResults& results) {
  std::string header = std::to_string(results.hits.size()) + " of " +
                       CountText(results.articles_lower_bound, results.articles_upper_bound) +
                       (results.articles_upper_bound == 1 ? " article" : " articles");
  // Stories are worth a mention only when copies are hidden behind them.
  const bool same = results.matches_lower_bound == results.articles_lower_bound &&
                    results.matches_upper_bound == results.articles_upper_bound &&
                    results.articles_lower_bound == results.articles_upper_bound;
  if (results.collapsed && !same) {
    header += " (" + CountText(results.matches_lower_bound, results.matches_upper_bound) +
              (results.matches_upper_bound == 1 ? " story)" : " stories)");
  }
  return header;
}

namespace {

void WriteText(std::ostream& out, const SearchResults& results, const FormatOptions& options) {
  if (!options.qid.empty()) {
    out << "== " << EscapeControlChars(options.qid);
    if (!options.query_text.empty()) out << ": " << EscapeControlChars(options.query_text);
    out << "\n";
  }
  out << CountHeader(results);
  if (results.offset > 0 && !results.hits.empty()) {
    out << " (from rank " << results.offset + 1 << ")";
  }
  out << "\n";
  if (!results.query_description.empty()) {
    out << "query: " << EscapeControlChars(results.query_description) << "\n";
  }
  std::size_t text_width = options.width > kIndent + 10 ? options.width - kIndent : 0;
  for (const Hit& hit : results.hits) {
    std::string number = std::to_string(hit.rank) + ". ";
    // Cut before escaping, so a cut never splits an escape sequence.
    std::string title = hit.title;
    std::string id_line = DateText(hit.date) + "  " + hit.id;
    // The near-copies collapsed behind this hit, so none is lost from view.
    if (hit.similar > 0) {
      id_line += "  +" + std::to_string(hit.similar) + " similar";
      if (hit.similar_first) {
        id_line += " (" + YmdToIso(*hit.similar_first);
        if (hit.similar_last != hit.similar_first) id_line += " .. " + YmdToIso(*hit.similar_last);
        id_line += ")";
      }
    }
    if (options.width > number.size() + 10) {
      title = TruncateToWidth(title, options.width - number.size());
      id_line = TruncateToWidth(id_line, options.width - kIndent);
    }
    title = EscapeControlChars(title);
    id_line = EscapeControlChars(id_line);
    out << "\n" << number;
    if (options.color) out << kBold;
    out << title;
    if (options.color) out << kReset;
    out << "\n" << std::string(kIndent, ' ') << id_line << "\n";
    if (!hit.snippet.empty()) {
      out << std::string(kIndent, ' ') << RenderSnippet(hit.snippet, options.color, text_width)
          << "\n";
    }
    // Set only under --explain.
    if (!results.query_description.empty()) WriteScoreParts(out, hit);
  }
}

void WriteJson(std::ostream& out, const SearchResults& results, const std::string& qid) {
  for (const Hit& hit : results.hits) {
    nlohmann::ordered_json j;
    if (!qid.empty()) j["qid"] = qid;
    j["rank"] = hit.rank;
    j["id"] = hit.id;
    j["score"] = hit.score;
    j["date"] =
        hit.date ? nlohmann::ordered_json(YmdToIso(*hit.date)) : nlohmann::ordered_json(nullptr);
    j["title"] = hit.title;
    j["path"] = hit.path;
    j["snippet"] = CollapseWhitespace(PlainSnippet(hit.snippet));
    if (hit.text_source != TextSource::kNone) j["text_source"] = TextSourceName(hit.text_source);
    // Near-duplicate cluster (null and 1 for an article alone), so programs
    // can group copies themselves.
    j["cluster"] =
        hit.cluster.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(hit.cluster);
    j["cluster_size"] = hit.cluster.empty() ? std::size_t{1} : hit.cluster_size;
    if (hit.similar > 0) j["similar"] = hit.similar;
    if (!hit.score_parts.empty()) {
      nlohmann::ordered_json parts = nlohmann::ordered_json::array();
      for (const auto& part : hit.score_parts) {
        nlohmann::ordered_json one = {{"term", part.term}, {"wdf", part.wdf}};
        if (part.normalized_tf >= 0) one["normalized_tf"] = part.normalized_tf;
        one["score"] = part.score;
        parts.push_back(std::move(one));
      }
      j["explain"] = parts;
    }
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  }
}

void WriteTsv(std::ostream& out, const SearchResults& results, const FormatOptions& options) {
  bool with_qid = !options.qid.empty();
  if (options.tsv_header) out << TsvHeader(with_qid) << "\n";
  for (const Hit& hit : results.hits) {
    if (with_qid) out << EscapeTsv(options.qid) << '\t';
    out << hit.rank << '\t' << EscapeTsv(hit.id) << '\t' << FormatScore(hit.score) << '\t'
        << (hit.date ? YmdToIso(*hit.date) : "") << '\t' << EscapeTsv(hit.title) << '\t'
        << EscapeTsv(hit.path) << '\t' << EscapeTsv(CollapseWhitespace(PlainSnippet(hit.snippet)))
        << "\n";
  }
}

// TREC fields are split on whitespace: an id holding some would shift them.
std::string TrecField(const std::string& field) {
  std::string out = field.empty() ? "-" : field;
  for (char& c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

void WriteTrec(std::ostream& out, const SearchResults& results, const std::string& qid) {
  const std::string shown_qid = TrecField(qid.empty() ? "1" : qid);
  for (const Hit& hit : results.hits) {
    char score[40];
    // Enough digits that trec_eval's score order matches ours.
    std::snprintf(score, sizeof score, "%.6f", hit.score);
    out << shown_qid << " Q0 " << TrecField(hit.id) << ' ' << hit.rank << ' ' << score
        << " newsdex\n";
  }
}

}  // namespace

void WriteCount(std::ostream& out, const SearchResults& counted, const FormatOptions& options) {
  if (options.format == OutputFormat::kJson) {
    nlohmann::ordered_json j;
    if (!options.qid.empty()) j["qid"] = options.qid;
    j["articles"] = counted.articles_lower_bound;
    j["stories"] = counted.matches_lower_bound;
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return;
  }
  if (!options.qid.empty()) out << EscapeControlChars(options.qid) << '\t';
  out << counted.articles_lower_bound << "\n";
}

std::string SampledTextWarning(std::size_t sampled, std::size_t total, bool shown) {
  if (sampled == 0) return "";
  return "indexed text no longer on disk for " + std::to_string(sampled) + " of " +
         std::to_string(total) + (shown ? " articles" : " results") +
         " (file gone, unreadable or changed since indexing): " +
         (shown ? "showing" : "snippets from") +
         " the sample kept in the index; run indexer update (or build with --store-text where "
         "the searcher cannot read the corpus files)";
}

std::size_t SampledHits(const SearchResults& results) {
  std::size_t sampled = 0;
  for (const Hit& hit : results.hits) sampled += hit.text_source == TextSource::kSample ? 1 : 0;
  return sampled;
}

std::string TsvHeader(bool with_qid) {
  return std::string(with_qid ? "qid\t" : "") + "rank\tid\tscore\tdate\ttitle\tpath\tsnippet";
}

void WriteResults(std::ostream& out, const SearchResults& results, const FormatOptions& options) {
  switch (options.format) {
    case OutputFormat::kText:
      WriteText(out, results, options);
      break;
    case OutputFormat::kJson:
      WriteJson(out, results, options.qid);
      break;
    case OutputFormat::kTsv:
      WriteTsv(out, results, options);
      break;
    case OutputFormat::kTrec:
      WriteTrec(out, results, options.qid);
      break;
  }
}

}  // namespace newsdex
