#include "newsdex/search/timeline.h"

#include <cstdio>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {}  // namespace

std::optional<Granularity> ParseGranularity(const std::string& name) {
  if (name == "year") return Granularity::kYear;
  if (name == "month") return Granularity::kMonth;
  if (name == "week") return Granularity::kWeek;
  if (name == "day") return Granularity::kDay;
  return std::nullopt;
}

std::string PeriodOf(Ymd day, Granularity granularity) {
  int y = day / 10000, m = day / 100 % 100, d = day % 100;
  char buf[32];
  switch (granularity) {
    case Granularity::kYear:
      std::snprintf(buf, sizeof buf, "%04d", y);
      break;
    case Granularity::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
      break;
    case Granularity::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      break;
    case Granularity::kWeek: {
      // ISO week: the week (Monday first) holding the year's first Thursday
      // is week 1; the week's year is the year of its Thursday.
      long n = DayNumber(day);
      long weekday = ((n % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
      Ymd thursday = YmdFromDayNumber(n - weekday + 3);
      int week_year = thursday / 10000;
      long jan1 = DayNumber(week_year * 10000 + 101);
      int week = static_cast<int>((DayNumber(thursday) - jan1) / 7 + 1);
      std::snprintf(buf, sizeof buf, "%04d-W%02d", week_year, week);
      break;
    }
  }
  return buf;
}

std::vector<std::string> PeriodsBetween(Ymd first, Ymd last, Granularity granularity) {
  std::vector<std::string> periods;
  long step = granularity == Granularity::kDay ? 1 : granularity == Granularity::kWeek ? 7 : 28;
  // Walk day numbers in steps no longer than the shortest period and keep
  // each new period once; then make sure the last day's period is there.
  long end = DayNumber(last);
  for (long n = DayNumber(first); n <= end; n += step) {
    std::string period = PeriodOf(YmdFromDayNumber(n), granularity);
    if (periods.empty() || periods.back() != period) periods.push_back(period);
  }
  std::string last_period = PeriodOf(last, granularity);
  if (periods.empty() || periods.back() != last_period) periods.push_back(last_period);
  return periods;
}

std::vector<TimelineBucket> BucketCounts(const std::map<std::string, std::uint64_t>& day_counts,
                                         const std::map<std::string, std::uint64_t>& day_totals,
                                         Granularity granularity) {
  std::map<std::string, std::uint64_t> counts, totals;
  std::optional<Ymd> first, last;
  for (const auto& [key, count] : day_counts) {
    auto day = KeyToYmd(key);
    if (!day || count == 0) continue;
    counts[PeriodOf(*day, granularity)] += count;
    if (!first || *day < *first) first = *day;
    if (!last || *day > *last) last = *day;
  }
  for (const auto& [key, total] : day_totals) {
    if (auto day = KeyToYmd(key)) totals[PeriodOf(*day, granularity)] += total;
  }
  std::vector<TimelineBucket> buckets;
  if (!first) return buckets;
  for (const auto& period : PeriodsBetween(*first, *last, granularity)) {
    auto c = counts.find(period);
    auto t = totals.find(period);
    buckets.push_back(
        {period, c == counts.end() ? 0 : c->second, t == totals.end() ? 0 : t->second});
  }
  return buckets;
}

Result<Timeline> ComputeTimeline(const Xapian::Database& db, const SearchRequest& request,
                                 Granularity granularity) {
  QueryBuilder builder(&db);
  auto query = builder.Build(request);
  if (!query) return query.error();
  try {
    auto count_days = [&](const Xapian::Query& q, std::uint64_t* matches) {
      Xapian::Enquire enquire(db);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      Xapian::ValueCountMatchSpy spy(schema::kSlotDate);
      enquire.add_matchspy(&spy);
      // checkatleast = every document: the spy then sees every match, so
      // the counts are exact rather than extrapolated.
      Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
      if (matches) *matches = mset.get_matches_estimated();
      std::map<std::string, std::uint64_t> days;
      for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        days[*it] = it.get_termfreq();
      }
      return days;
    };
    Timeline timeline;
    auto day_counts = count_days(*query, &timeline.matches);
    auto day_totals = count_days(Xapian::Query::MatchAll, nullptr);
    std::uint64_t dated = 0;
    for (const auto& [day, count] : day_counts) dated += count;
    timeline.undated = timeline.matches - dated;
    timeline.buckets = BucketCounts(day_counts, day_totals, granularity);
    return timeline;
  } catch (const Xapian::Error& e) {
    return Error{"counting matches failed: " + e.get_description()};
  }
}

}  // namespace newsdex
