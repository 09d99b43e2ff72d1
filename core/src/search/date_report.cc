#include "newsdex/search/date_report.h"

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

const char* GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kYear:
      return "year";
    case Granularity::kMonth:
      return "month";
    case Granularity::kWeek:
      return "week";
    case Granularity::kDay:
      return "day";
  }
  return "month";
}

}  // namespace

DateReport BuildDateReport(const Xapian::Database& db, Granularity granularity, Ymd today) {
  DateReport report;
  report.granularity = granularity;
  report.articles = db.get_doccount();
  std::map<std::string, std::uint64_t> days;
  for (auto it = db.valuestream_begin(schema::kSlotDate);
       it != db.valuestream_end(schema::kSlotDate); ++it) {
    auto day = KeyToYmd(*it);
    if (!day) continue;
    ++report.dated;
    if (*day > today) {
      ++report.future;
    } else if (*day < 19000101) {
      ++report.before_1900;
    } else {
      ++days[*it];
    }
  }
  report.undated = report.articles - report.dated;
  if (!days.empty()) {
    report.first = YmdToIso(*KeyToYmd(days.begin()->first));
    report.last = YmdToIso(*KeyToYmd(days.rbegin()->first));
  }
  report.periods = BucketCounts(days, days, granularity);
  for (const auto& bucket : report.periods) {
    if (bucket.count == 0) report.gaps.push_back(bucket.period);
  }
  return report;
}

void WriteDateReportText(std::ostream& out, const DateReport& report) {
  out << "articles      " << report.articles << "\n"
      << "dated         " << report.dated << "\n"
      << "undated       " << report.undated << "\n"
      << "future        " << report.future << "\n"
      << "before 1900   " << report.before_1900 << "\n";
  if (!report.first.empty()) {
    out << "span          " << report.first << " .. " << report.last << "\n";
  }
  out << "gaps          " << report.gaps.size() << " empty " << GranularityName(report.granularity)
      << (report.gaps.size() == 1 ? "" : "s") << "\n";
  if (report.periods.empty()) return;
  out << "\n" << GranularityName(report.granularity) << "\tarticles\n";
  for (const auto& bucket : report.periods) {
    out << bucket.period << "\t" << bucket.count << (bucket.count == 0 ? "\tgap" : "") << "\n";
  }
}

void WriteDateReportJson(std::ostream& out, const DateReport& report) {
  nlohmann::ordered_json j;
  j["granularity"] = GranularityName(report.granularity);
  j["articles"] = report.articles;
  j["dated"] = report.dated;
  j["undated"] = report.undated;
  j["future"] = report.future;
  j["before_1900"] = report.before_1900;
  j["first"] =
      report.first.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(report.first);
  j["last"] =
      report.last.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(report.last);
  j["periods"] = nlohmann::ordered_json::array();
  for (const auto& bucket : report.periods) {
    j["periods"].push_back({{"period", bucket.period}, {"count", bucket.count}});
  }
  j["gaps"] = report.gaps;
  out << j.dump() << "\n";
}

}  // namespace newsdex
