#include "newsdex/base/date.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace newsdex {
namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// The current time, broken down in UTC.
std::tm UtcTimeNow() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm;
}

Error BadDate(std::string_view text, const std::string& why) {
  return Error{"'" + std::string(text) + "': " + why};
}

// Days since 1970-01-01 (proleptic Gregorian), Howard Hinnant's algorithm.
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace

long DayNumber(Ymd ymd) { return DaysFromCivil(ymd / 10000, ymd / 100 % 100, ymd % 100); }

Ymd YmdFromDayNumber(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return static_cast<Ymd>(y * 10000 + m * 100 + d);
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<Ymd> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto range = ParsePartialDate(text);
  if (!range) return std::nullopt;
  return range->first;
}

Result<DayRange> ParsePartialDate(std::string_view text) {
  const std::string_view kExpected = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD";
  std::string_view ys = text.substr(0, 4);
  if (text.size() < 4 || !AllDigits(ys)) {
    return BadDate(text, std::string(kExpected));
  }
  int year = ToInt(ys);
  if (year < 1) return BadDate(text, "year 0000 does not exist");
  if (text.size() == 4) return DayRange{year * 10000 + 101, year * 10000 + 1231};

  if (text.size() < 7 || text[4] != '-' || !AllDigits(text.substr(5, 2)) ||
      (text.size() != 7 && text.size() != 10)) {
    return BadDate(text, std::string(kExpected));
  }
  int month = ToInt(text.substr(5, 2));
  if (month < 1 || month > 12) {
    return BadDate(text, "month " + std::to_string(month) + " is not between 01 and 12");
  }
  int base = year * 10000 + month * 100;
  if (text.size() == 7) {
    return DayRange{base + 1, base + DaysInMonth(year, month)};
  }

  if (text[7] != '-' || !AllDigits(text.substr(8, 2))) {
    return BadDate(text, std::string(kExpected));
  }
  int day = ToInt(text.substr(8, 2));
  int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return BadDate(text, std::string(kMonthNames[month - 1]) + " " + std::to_string(year) +
                             " has " + std::to_string(days) + " days");
  }
  return DayRange{base + day, base + day};
}

const char* const kUserDateForms =
    "YYYY, YYYY-MM, YYYY-MM-DD, Nd, Nw, Nm, Ny (N days, weeks, months or years ago), today "
    "or yesterday";

Ymd Today() {
  if (const char* fixed = std::getenv("NEWSDEX_TODAY")) {
    if (auto day = ParseIsoDate(fixed)) return *day;
  }
  std::tm tm = UtcTimeNow();
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

namespace {

// `months` months before `today`, the day cut to the target month's length.
Ymd MonthsBefore(Ymd today, long months) {
  long index = (today / 10000) * 12L + (today / 100 % 100 - 1) - months;
  if (index < 12) return kFirstDay;  // before year 1: the first day there is
  int year = static_cast<int>(index / 12);
  int month = static_cast<int>(index % 12) + 1;
  int day = std::min(today % 100, DaysInMonth(year, month));
  return year * 10000 + month * 100 + day;
}

std::optional<Ymd> RelativeDate(std::string_view text, Ymd today) {
  if (text == "today") return today;
  if (text == "yesterday") return YmdFromDayNumber(DayNumber(today) - 1);
  if (text.size() < 2 || text.size() > 6 || !AllDigits(text.substr(0, text.size() - 1))) {
    return std::nullopt;
  }
  long n = ToInt(text.substr(0, text.size() - 1));
  long first_day = DayNumber(kFirstDay);
  switch (text.back()) {
    case 'd':
      return YmdFromDayNumber(std::max(first_day, DayNumber(today) - n));
    case 'w':
      return YmdFromDayNumber(std::max(first_day, DayNumber(today) - 7 * n));
    case 'm':
      return MonthsBefore(today, n);
    case 'y':
      return MonthsBefore(today, 12 * n);
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<DayRange> ParseUserDate(std::string_view text, Ymd today) {
  if (auto day = RelativeDate(text, today)) return DayRange{*day, *day};
  // YYYY, YYYY-MM or YYYY-MM-DD in shape: ParsePartialDate says what is
  // wrong with the numbers (month 13, February 30); anything else gets the
  // list of accepted forms.
  bool iso_shape = (text.size() == 4 || text.size() == 7 || text.size() == 10) &&
                   AllDigits(text.substr(0, 4)) &&
                   (text.size() == 4 || (text[4] == '-' && AllDigits(text.substr(5, 2)))) &&
                   (text.size() != 10 || (text[7] == '-' && AllDigits(text.substr(8, 2))));
  if (!iso_shape) return BadDate(text, std::string("expected a date as ") + kUserDateForms);
  return ParsePartialDate(text);
}

std::string YmdToKey(Ymd ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08d", ymd);
  return buf;
}

std::string YmdToIso(Ymd ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ymd / 10000, (ymd / 100) % 100, ymd % 100);
  return buf;
}

std::optional<Ymd> KeyToYmd(std::string_view key) {
  if (key.size() != 8 || !AllDigits(key)) return std::nullopt;
  return ToInt(key);
}

std::string UtcNow(const char* strftime_format) {
  std::tm tm = UtcTimeNow();
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}

std::string IsoUtcNow() { return UtcNow("%Y-%m-%dT%H:%M:%SZ"); }

std::int64_t UnixNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace newsdex
