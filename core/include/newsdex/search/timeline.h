// Timelines: how many articles matching a query fall in each year, month,
// ISO week or day, counted exactly over all matches with a Xapian match spy
// on the date slot, with the empty periods in between filled in.
#ifndef NEWSDEX_SEARCH_TIMELINE_H_
#define NEWSDEX_SEARCH_TIMELINE_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/date.h"
#include "newsdex/base/error.h"
#include "newsdex/search/query_builder.h"

namespace newsdex {

enum class Granularity { kYear, kMonth, kWeek, kDay };

// "year", "month", "week", "day"; nullopt for anything else.
std::optional<Granularity> ParseGranularity(const std::string& name);

// The period a day falls in: "1987", "1987-03", "1987-W10" (ISO 8601 week,
// whose year may differ from the calendar year near New Year) or
// "1987-03-05".
std::string PeriodOf(Ymd day, Granularity granularity);

// Every period from the one holding `first` to the one holding `last`, in
// order (REQUIRES: first <= last).
std::vector<std::string> PeriodsBetween(Ymd first, Ymd last, Granularity granularity);

struct TimelineBucket {
  std::string period;
  std::uint64_t count = 0;  // matching articles dated in the period
  std::uint64_t total = 0;  // all articles dated in the period (for shares)
  // count / total, or 0 when the period has no articles at all.
  double share() const { return total ? static_cast<double>(count) / total : 0; }
};

struct Timeline {
  std::vector<TimelineBucket> buckets;  // first to last matching period
  std::uint64_t matches = 0;            // all matching articles
  std::uint64_t undated = 0;            // matching articles without a date
};

// Adds up per-day counts (YYYYMMDD keys, as the date slot holds them) into
// periods; `totals` gives each period's total. Empty periods between the
// first and last non-empty one are included with count 0. Pure, for tests.
std::vector<TimelineBucket> BucketCounts(const std::map<std::string, std::uint64_t>& day_counts,
                                         const std::map<std::string, std::uint64_t>& day_totals,
                                         Granularity granularity);

// Runs `request` (query text and every filter) on `db` and counts its
// matches per period. Fails like QueryBuilder::Build on a bad request.
Result<Timeline> ComputeTimeline(const Xapian::Database& db, const SearchRequest& request,
                                 Granularity granularity);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_TIMELINE_H_
