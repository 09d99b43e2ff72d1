// Calendar dates as newsdex uses them: strict ISO parsing, partial dates
// (YYYY, YYYY-MM) expanded to day ranges, and the YYYYMMDD integer form that
// the index stores.
#ifndef NEWSDEX_BASE_DATE_H_
#define NEWSDEX_BASE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsdex/base/error.h"

namespace newsdex {

// A date as the integer YYYYMMDD (20220225). Integers of this form sort in
// calendar order, and their zero-padded decimal strings do too.
using Ymd = int;

bool IsLeapYear(int year);

// Number of days in the month, 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

// Parses exactly "YYYY-MM-DD" naming a real day of years 0001..9999.
// Returns nullopt for anything else, including 2023-02-30 and 2022-2-5.
std::optional<Ymd> ParseIsoDate(std::string_view text);

// An inclusive range of days.
struct DayRange {
  Ymd first = 0;
  Ymd last = 0;
};

// The first and last days a Ymd names (0001-01-01 and 9999-12-31), and the
// range between them: an open-ended date range's missing end.
inline constexpr Ymd kFirstDay = 10101;
inline constexpr Ymd kLastDay = 99991231;
inline constexpr DayRange kAllDays{kFirstDay, kLastDay};

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into the days it covers:
// "2022" -> 20220101..20221231, "2022-02" -> 20220201..20220228.
// On failure the error names the text and says what is wrong with it
// ("2023-02-30: February 2023 has 28 days").
Result<DayRange> ParsePartialDate(std::string_view text);

// Today's date in UTC, or the date in $NEWSDEX_TODAY when it holds a valid
// YYYY-MM-DD (so tests and reproducible runs can fix "today"; any other
// value is ignored).
Ymd Today();

// A date as people give it on the command line, in date: ranges and in
// batch date columns: what ParsePartialDate accepts, or a day relative to
// `today`: "Nd", "Nw", "Nm", "Ny" (N days, weeks, months or years before
// today; a month or year back from the 31st or from February 29 lands on
// the last day of the shorter month), "today" and "yesterday". A relative
// form covers one day. On failure the error names the text and lists the
// accepted forms.
Result<DayRange> ParseUserDate(std::string_view text, Ymd today);

// The accepted forms, for messages: "YYYY, YYYY-MM, YYYY-MM-DD, ...".
extern const char* const kUserDateForms;

// "20220225" style string of a Ymd, as stored in the date value slot.
std::string YmdToKey(Ymd ymd);

// "2022-02-25".
std::string YmdToIso(Ymd ymd);

// Days since 1970-01-01 (proleptic Gregorian calendar), for differences
// between dates and stepping through them; YmdFromDayNumber inverts it.
long DayNumber(Ymd ymd);
Ymd YmdFromDayNumber(long days);

// The current UTC time formatted by strftime(3), e.g. "%Y%m%dT%H%M%SZ".
std::string UtcNow(const char* strftime_format);

// The current UTC time as "2022-02-25T14:03:09Z": how the index records when
// it was built and updated.
std::string IsoUtcNow();

// The current time in seconds since 1970-01-01 UTC.
std::int64_t UnixNow();

// Inverse of YmdToKey; nullopt when the key is not 8 digits.
std::optional<Ymd> KeyToYmd(std::string_view key);

}  // namespace newsdex

#endif  // NEWSDEX_BASE_DATE_H_
