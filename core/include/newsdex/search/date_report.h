// Date quality of an index: articles per period, undated and out-of-range
// dates, and gaps (periods inside the corpus's span with no article at all,
// as a scraper outage leaves).
#ifndef NEWSDEX_SEARCH_DATE_REPORT_H_
#define NEWSDEX_SEARCH_DATE_REPORT_H_

#include <xapian.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "newsdex/base/date.h"
#include "newsdex/search/timeline.h"

namespace newsdex {

struct DateReport {
  Granularity granularity = Granularity::kMonth;
  std::uint64_t articles = 0;
  std::uint64_t dated = 0;
  std::uint64_t undated = 0;
  std::uint64_t future = 0;       // dated after `today`
  std::uint64_t before_1900 = 0;  // dated before 1900-01-01
  std::string first;              // earliest in-range date (YYYY-MM-DD), "" if none
  std::string last;
  // Per period from the first to the last in-range date, empty ones included
  // (total = count here).
  std::vector<TimelineBucket> periods;
  std::vector<std::string> gaps;  // the periods above with no article
};

// Dates outside 1900-01-01..today are counted as out of range and left out
// of the periods and gaps (a year-3023 typo would otherwise stretch the span
// by a millennium of empty months).
DateReport BuildDateReport(const Xapian::Database& db, Granularity granularity, Ymd today);

// A table for people: summary lines, then one line per period with a count,
// gaps marked; or JSON: one object with the summary, "periods" and "gaps".
void WriteDateReportText(std::ostream& out, const DateReport& report);
void WriteDateReportJson(std::ostream& out, const DateReport& report);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_DATE_REPORT_H_
