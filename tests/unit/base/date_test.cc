#include "newsdex/base/date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace newsdex {
namespace {

TEST(IsLeapYearTest, FollowsGregorianRules) {
  struct Case {
    int year;
    bool leap;
  };
  const std::vector<Case> cases = {
      {1900, false},  // divisible by 100 but not by 400
      {2000, true},   // divisible by 400
      {2024, true},   // divisible by 4
      {2023, false}, {2100, false}, {1600, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("year " + std::to_string(c.year));
    EXPECT_EQ(IsLeapYear(c.year), c.leap);
  }
}

TEST(DaysInMonthTest, KnowsEveryMonthAndLeapFebruary) {
  struct Case {
    int year;
    int month;
    int days;
  };
  const std::vector<Case> cases = {
      {2023, 1, 31}, {2023, 2, 28}, {2024, 2, 29},  {1900, 2, 28},  {2000, 2, 29},
      {2023, 3, 31}, {2023, 4, 30}, {2023, 5, 31},  {2023, 6, 30},  {2023, 7, 31},
      {2023, 8, 31}, {2023, 9, 30}, {2023, 10, 31}, {2023, 11, 30}, {2023, 12, 31},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.year) + "-" + std::to_string(c.month));
    EXPECT_EQ(DaysInMonth(c.year, c.month), c.days);
  }
}

TEST(DaysInMonthTest, MonthOutsideOneToTwelveHasNoDays) {
  EXPECT_EQ(DaysInMonth(2023, 0), 0);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
  EXPECT_EQ(DaysInMonth(2023, -1), 0);
}

TEST(ParseIsoDateTest, AcceptsOnlyRealDaysInStrictFormat) {
  struct Case {
    const char* name;
    const char* text;
    std::optional<Ymd> expected;
  };
  const std::vector<Case> cases = {
      {"normal", "2022-02-25", 20220225},
      {"first day of year 1", "0001-01-01", 10101},
      {"last day of year 9999", "9999-12-31", 99991231},
      {"leap day in leap year", "2024-02-29", 20240229},
      {"leap day in 2000", "2000-02-29", 20000229},
      {"leap day in common year", "2023-02-29", std::nullopt},
      {"leap day in 1900", "1900-02-29", std::nullopt},
      {"february 30", "2023-02-30", std::nullopt},
      {"april 31", "2023-04-31", std::nullopt},
      {"month 13", "2023-13-01", std::nullopt},
      {"month 00", "2023-00-10", std::nullopt},
      {"day 00", "2023-01-00", std::nullopt},
      {"year 0000", "0000-01-01", std::nullopt},
      {"all zeros", "0000-00-00", std::nullopt},
      {"single-digit month and day", "2022-2-5", std::nullopt},
      {"single-digit day", "2022-02-5", std::nullopt},
      {"two-digit year", "22-02-05", std::nullopt},
      {"trailing text", "2022-02-05x", std::nullopt},
      {"leading space", " 2022-02-05", std::nullopt},
      {"slashes", "2022/02/05", std::nullopt},
      {"no separators", "20220205", std::nullopt},
      {"year only", "2022", std::nullopt},
      {"year and month", "2022-02", std::nullopt},
      {"signed day", "2022-02-+5", std::nullopt},
      {"empty", "", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.name) + ": '" + c.text + "'");
    EXPECT_EQ(ParseIsoDate(c.text), c.expected);
  }
}

TEST(ParsePartialDateTest, ExpandsYearsAndMonthsToDayRanges) {
  struct Case {
    const char* text;
    Ymd first;
    Ymd last;
  };
  const std::vector<Case> cases = {
      {"2022", 20220101, 20221231},    {"2022-02", 20220201, 20220228},
      {"2024-02", 20240201, 20240229}, {"2000-02", 20000201, 20000229},
      {"1900-02", 19000201, 19000228}, {"2022-12", 20221201, 20221231},
      {"2022-04", 20220401, 20220430}, {"2022-02-25", 20220225, 20220225},
      {"0001", 10101, 11231},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto range = ParsePartialDate(c.text);
    ASSERT_TRUE(range.ok()) << range.error().message;
    EXPECT_EQ(range->first, c.first);
    EXPECT_EQ(range->last, c.last);
  }
}

TEST(ParsePartialDateTest, ErrorNamesTheDateAndWhatIsWrong) {
  struct Case {
    const char* text;
    std::string message;  // the whole error message
  };
  const std::string kExpected = "expected a date as YYYY, YYYY-MM or YYYY-MM-DD";
  const std::vector<Case> cases = {
      {"2023-02-30", "'2023-02-30': February 2023 has 28 days"},
      {"2024-02-30", "'2024-02-30': February 2024 has 29 days"},
      {"2023-04-31", "'2023-04-31': April 2023 has 30 days"},
      {"2023-13", "'2023-13': month 13 is not between 01 and 12"},
      {"2023-13-01", "'2023-13-01': month 13 is not between 01 and 12"},
      {"2023-00", "'2023-00': month 0 is not between 01 and 12"},
      {"0000", "'0000': year 0000 does not exist"},
      {"0000-00-00", "'0000-00-00': year 0000 does not exist"},
      {"", "'': " + kExpected},
      {"22", "'22': " + kExpected},
      {"abcd", "'abcd': " + kExpected},
      {"2022-2", "'2022-2': " + kExpected},
      {"2022-2-5", "'2022-2-5': " + kExpected},
      {"2022-02-5", "'2022-02-5': " + kExpected},
      {"2022/02", "'2022/02': " + kExpected},
      {"2022-02-05x", "'2022-02-05x': " + kExpected},
      {"2022-02x05", "'2022-02x05': " + kExpected},
      {"2022-", "'2022-': " + kExpected},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("'" + std::string(c.text) + "'");
    auto range = ParsePartialDate(c.text);
    ASSERT_FALSE(range.ok());
    EXPECT_EQ(range.error().message, c.message);
  }
}

TEST(YmdConversionTest, KeyAndIsoFormsAreZeroPadded) {
  struct Case {
    Ymd ymd;
    const char* key;
    const char* iso;
  };
  const std::vector<Case> cases = {
      {20220225, "20220225", "2022-02-25"},
      {10101, "00010101", "0001-01-01"},
      {99991231, "99991231", "9999-12-31"},
      {20000229, "20000229", "2000-02-29"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    EXPECT_EQ(YmdToKey(c.ymd), c.key);
    EXPECT_EQ(YmdToIso(c.ymd), c.iso);
    EXPECT_EQ(KeyToYmd(c.key), std::optional<Ymd>(c.ymd));
  }
}

TEST(YmdConversionTest, KeyToYmdRejectsAnythingButEightDigits) {
  for (const char* key :
       {"", "2022022", "202202250", "2022-02-", "2022022x", " 2022022", "-2022022"}) {
    SCOPED_TRACE(std::string("'") + key + "'");
    EXPECT_EQ(KeyToYmd(key), std::nullopt);
  }
}

TEST(YmdConversionTest, KeysSortInCalendarOrder) {
  const std::vector<Ymd> days = {10101, 19991231, 20000101, 20220228, 20220301, 99991231};
  for (std::size_t i = 0; i + 1 < days.size(); ++i) {
    SCOPED_TRACE(YmdToKey(days[i]) + " < " + YmdToKey(days[i + 1]));
    EXPECT_LT(YmdToKey(days[i]), YmdToKey(days[i + 1]));
  }
}

TEST(DateBoundsTest, AllDaysRunsFromYear1ToYear9999) {
  auto first_year = ParsePartialDate("0001");
  auto last_year = ParsePartialDate("9999");
  ASSERT_TRUE(first_year.ok());
  ASSERT_TRUE(last_year.ok());
  EXPECT_EQ(kAllDays.first, first_year->first);
  EXPECT_EQ(kAllDays.last, last_year->last);
  EXPECT_EQ(kFirstDay, 10101);
  EXPECT_EQ(kLastDay, 99991231);
}

TEST(NowTest, IsoUtcNowAndUnixNowTellTheSameTime) {
  std::int64_t before = UnixNow();
  std::string iso = IsoUtcNow();
  std::int64_t after = UnixNow();
  ASSERT_EQ(iso.size(), 20u) << iso;
  EXPECT_TRUE(
      std::regex_match(iso, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")))
      << iso;
  // The ISO date is the UTC day of the Unix time around it.
  auto day = ParseIsoDate(iso.substr(0, 10));
  ASSERT_TRUE(day.has_value()) << iso;
  long day_number = DayNumber(*day);
  EXPECT_GE(day_number, before / 86400);
  EXPECT_LE(day_number, after / 86400);
}

}  // namespace
}  // namespace newsdex
