#include "newsdex/cli/news_formatter.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace newsdex {
namespace {

std::string Number(const TimelineBucket& bucket, bool normalize) {
  if (!normalize) return std::to_string(bucket.count);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * bucket.share());
  return buf;
}

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void WriteTimeline(std::ostream& out, const Timeline& timeline, bool normalize,
                   const FormatOptions& options) {
  if (options.format == OutputFormat::kJson) {
    for (const auto& bucket : timeline.buckets) {
      nlohmann::ordered_json j;
      j["period"] = bucket.period;
      j["count"] = bucket.count;
      if (normalize) {
        j["total"] = bucket.total;
        j["share"] = bucket.share();
      }
      out << Dump(j) << "\n";
    }
    return;
  }
  if (options.format == OutputFormat::kTsv) {
    out << "period\tcount\ttotal\n";
    for (const auto& b : timeline.buckets) {
      out << b.period << '\t' << b.count << '\t' << b.total << "\n";
    }
    return;
  }
  auto value = [&](const TimelineBucket& b) {
    return normalize ? b.share() : static_cast<double>(b.count);
  };
  double peak = 0;
  std::size_t label = 0, number = 0;
  for (const auto& b : timeline.buckets) {
    peak = std::max(peak, value(b));
    label = std::max(label, b.period.size());
    number = std::max(number, Number(b, normalize).size());
  }
  std::size_t width = options.width > 0 ? options.width : 80;
  const std::string kPeakMark = "  <- peak";
  std::size_t bar_width = width > label + number + kPeakMark.size() + 4
                              ? width - label - number - kPeakMark.size() - 4
                              : 10;
  bool peak_marked = false;
  for (const auto& b : timeline.buckets) {
    std::size_t bar = peak > 0 ? static_cast<std::size_t>(value(b) / peak * bar_width + 0.5) : 0;
    if (bar == 0 && value(b) > 0) bar = 1;  // a non-empty period is never invisible
    std::string bars;
    for (std::size_t i = 0; i < bar; ++i) bars += "\u2588";
    std::string num = Number(b, normalize);
    out << b.period << std::string(label - b.period.size() + 1, ' ')
        << std::string(number - num.size(), ' ') << num << " " << bars;
    if (!peak_marked && peak > 0 && value(b) == peak) {
      out << kPeakMark;
      peak_marked = true;  // first of equal peaks only
    }
    out << "\n";
  }
  out << timeline.matches << " matching articles";
  if (timeline.undated > 0) out << " (" << timeline.undated << " undated, not shown)";
  out << "\n";
}

void WriteArticles(std::ostream& out, const std::vector<ShownArticle>& articles,
                   const FormatOptions& options) {
  if (options.format == OutputFormat::kJson) {
    for (const auto& a : articles) {
      nlohmann::ordered_json j;
      j["id"] = a.id;
      j["date"] =
          a.date ? nlohmann::ordered_json(YmdToIso(*a.date)) : nlohmann::ordered_json(nullptr);
      j["title"] = a.title;
      j["path"] = a.path;
      j["body"] = a.body;
      j["text_source"] = TextSourceName(a.source);
      out << Dump(j) << "\n";
    }
    return;
  }
  if (articles.size() > 1) {
    out << articles.size() << " articles share the id " << articles.front().id << "\n\n";
  }
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto& a = articles[i];
    if (i > 0) out << "\n" << std::string(40, '-') << "\n\n";
    out << "id:    " << a.id << "\n"
        << "date:  " << (a.date ? YmdToIso(*a.date) : "undated") << "\n"
        << "title: " << a.title << "\n"
        << "path:  " << a.path << "\n\n"
        << a.body;
    if (a.body.empty() || a.body.back() != '\n') out << "\n";
  }
}

}  // namespace newsdex
