#include "newsdex/search/query_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace newsdex {
namespace {

// The queries below read as Xapian 1.4 prints them. Terms are stemmed with
// the English stemmer under STEM_SOME: a lower-case word becomes "Z"+stem
// (ukraine -> Zukrain), a capitalised word stays exact and unstemmed
// (Kestrel -> kestrel), and a title: word gets the "S" prefix (Z + S + stem
// when stemmed). "@N" is the word's position in the query. Dates are value
// ranges over slot 0 holding YYYYMMDD; an open end runs to 00010101 or
// 99991231. --from/--to filter (OP_FILTER) whatever the text matches.
struct BuildCase {
  std::string name;
  std::string text;
  std::string from = "";
  std::string to = "";
  MatchMode match = MatchMode::kAny;
  std::string description = "";  // Query::get_description() of the result
};

TEST(QueryBuilderTest, BuildsTheExpectedQuery) {
  const std::vector<BuildCase> cases = {
      {.name = "one word is stemmed", .text = "nato", .description = "Query(Znato@1)"},
      {.name = "inflected word is stemmed", .text = "launches", .description = "Query(Zlaunch@1)"},
      {.name = "capitalised word is stemmed too",
       .text = "Kestrels",
       .description = "Query(Zkestrel@1)"},
      {.name = "match any joins words with OR",
       .text = "ukraine nato",
       .description = "Query((Zukrain@1 OR Znato@2))"},
      {.name = "match all joins words with AND",
       .text = "ukraine nato",
       .match = MatchMode::kAll,
       .description = "Query((Zukrain@1 AND Znato@2))"},
      {.name = "explicit AND under match any",
       .text = "ukraine AND nato",
       .description = "Query((Zukrain@1 AND Znato@2))"},
      {.name = "explicit OR under match all",
       .text = "ukraine OR nato",
       .match = MatchMode::kAll,
       .description = "Query((Zukrain@1 OR Znato@2))"},
      {.name = "title field, lower case, stemmed",
       .text = "title:pentagon",
       .description = "Query(ZSpentagon@1)"},
      {.name = "title field, capitalised, stemmed",
       .text = "title:Pentagons",
       .description = "Query(ZSpentagon@1)"},
      {.name = "phrase of stems",
       .text = "\"security guarantees\"",
       .description = "Query((Zsecur@1 PHRASE 2 Zguarante@2))"},
      {.name = "NEAR",
       .text = "nato NEAR russia",
       .description = "Query((Znato@1 NEAR 11 Zrussia@2))"},
      {.name = "NOT",
       .text = "nato NOT russia",
       .description = "Query((Znato@1 AND_NOT Zrussia@2))"},
      {.name = "minus",
       .text = "nato -russia",
       .description = "Query((Znato@1 AND_NOT Zrussia@2))"},
      {.name = "pure NOT matches everything else",
       .text = "NOT russia",
       .description = "Query((<alldocuments> AND_NOT Zrussia@1))"},
      {.name = "plus makes a word required",
       .text = "+nato russia",
       .description = "Query((Znato@1 AND_MAYBE Zrussia@2))"},
      {.name = "wildcard without a database is a plain word",
       .text = "kestr*",
       .description = "Query(Zkestr@1)"},
      {.name = "date:YEAR is the whole year",
       .text = "date:2022",
       .description = "Query(0 * Y2022)"},
      {.name = "date:YEAR-MONTH in a leap year",
       .text = "date:2024-02",
       .description = "Query(0 * M202402)"},
      {.name = "date:DAY", .text = "date:2022-02-24", .description = "Query(0 * D20220224)"},
      {.name = "date month range runs to the end of the last month",
       .text = "date:2022-02..2022-03",
       .description = "Query(0 * (M202202 OR M202203))"},
      {.name = "date open end",
       .text = "date:2023..",
       .description = "Query(VALUE_RANGE 0 20230101 99991231)"},
      {.name = "date open start",
       .text = "date:..2021-06",
       .description = "Query(VALUE_RANGE 0 00010101 20210630)"},
      {.name = "words and a date field filter",
       .text = "nato date:2022",
       .description = "Query((Znato@1 FILTER Y2022))"},
      {.name = "words and a date field filter under match all",
       .text = "nato date:2022",
       .match = MatchMode::kAll,
       .description = "Query((Znato@1 FILTER Y2022))"},
      {.name = "--from only",
       .text = "nato",
       .from = "2022",
       .description = "Query((Znato@1 FILTER VALUE_RANGE 0 20220101 99991231))"},
      {.name = "--to month runs to its last day",
       .text = "nato",
       .to = "2022-02",
       .description = "Query((Znato@1 FILTER VALUE_RANGE 0 00010101 20220228))"},
      {.name = "--from day and --to month",
       .text = "nato",
       .from = "2022-02-24",
       .to = "2022-03",
       .description = "Query((Znato@1 FILTER (D20220224 OR D20220225 OR D20220226 OR D20220227 OR "
                      "D20220228 OR M202203)))"},
      {.name = "--from equals --to",
       .text = "nato",
       .from = "2022-02-24",
       .to = "2022-02-24",
       .description = "Query((Znato@1 FILTER D20220224))"},
      {.name = "several words under match all and --from/--to",
       .text = "ukraine nato",
       .from = "2022",
       .to = "2023",
       .match = MatchMode::kAll,
       .description = "Query(((Zukrain@1 AND Znato@2) FILTER (Y2022 OR Y2023)))"},
      {.name = "date field and --from both apply",
       .text = "nato date:2022",
       .from = "2022-06",
       // Without a database to bound it, the open end spans centuries: a
       // value range is cheaper than thousands of year terms.
       .description = "Query(((Znato@1 FILTER Y2022) "
                      "FILTER VALUE_RANGE 0 20220601 99991231))"},
      {.name = "empty text with --from lists everything from then",
       .text = "",
       .from = "2022",
       .description = "Query((<alldocuments> FILTER VALUE_RANGE 0 20220101 99991231))"},
      {.name = "blank text with --to",
       .text = "   ",
       .to = "2021",
       .description = "Query((<alldocuments> FILTER VALUE_RANGE 0 00010101 20211231))"},
  };
  QueryBuilder builder(nullptr);
  for (const BuildCase& c : cases) {
    SCOPED_TRACE(c.name + ": '" + c.text + "' from '" + c.from + "' to '" + c.to + "'");
    SearchRequest request;
    request.text = c.text;
    request.from = c.from;
    request.to = c.to;
    request.match = c.match;
    auto query = builder.Build(request);
    ASSERT_TRUE(query.ok()) << query.error().message;
    EXPECT_EQ(query->get_description(), c.description);
  }
}

TEST(QueryBuilderTest, RejectsBadRequestsWithMessagesThatQuoteTheProblem) {
  struct Case {
    std::string name;
    std::string text;
    std::string from = "";
    std::string to = "";
    std::vector<std::string> message_contains = {};
  };
  const std::vector<Case> cases = {
      {.name = "operator at the end",
       .text = "nato AND",
       .message_contains = {"query syntax error", "'AND' at the end", "(in query: nato AND)"}},
      {.name = "operator at the start",
       .text = "AND nato",
       .message_contains = {"'AND' at the start"}},
      {.name = "two operators in a row",
       .text = "nato AND OR russia",
       .message_contains = {"'AND OR' needs a word between"}},
      {.name = "impossible day in an open date range",
       .text = "date:2023-02-30..",
       .message_contains = {"2023-02-30", "February 2023 has 28 days"}},
      {.name = "impossible month in a date field",
       .text = "date:2023-13",
       .message_contains = {"month 13", "(in query: date:2023-13)"}},
      {.name = "reversed date range",
       .text = "date:2023..2022",
       .message_contains = {"date:2023..2022", "ends before it starts"}},
      {.name = "date range without dates",
       .text = "date:..",
       .message_contains = {"date:..", "has no dates"}},
      {.name = "bad --from",
       .text = "nato",
       .from = "2022-13",
       .message_contains = {"--from", "2022-13", "month 13"}},
      {.name = "impossible --to",
       .text = "nato",
       .to = "2022-02-30",
       .message_contains = {"--to", "2022-02-30", "February 2022 has 28 days"}},
      {.name = "malformed --from",
       .text = "nato",
       .from = "2022/01",
       .message_contains = {"--from", "2022/01", "YYYY-MM-DD"}},
      {.name = "--from after --to",
       .text = "nato",
       .from = "2023",
       .to = "2022",
       .message_contains = {"--from 2023 is after --to 2022"}},
      {.name = "--from day after --to day in the same month",
       .text = "",
       .from = "2022-02-10",
       .to = "2022-02-09",
       .message_contains = {"--from 2022-02-10 is after --to 2022-02-09"}},
      {.name = "empty text without dates", .text = "", .message_contains = {"empty query"}},
      {.name = "blank text without dates", .text = " \t ", .message_contains = {"empty query"}},
      {.name = "only an empty phrase", .text = "\"\"", .message_contains = {"no searchable words"}},
  };
  QueryBuilder builder(nullptr);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name + ": '" + c.text + "' from '" + c.from + "' to '" + c.to + "'");
    SearchRequest request;
    request.text = c.text;
    request.from = c.from;
    request.to = c.to;
    auto query = builder.Build(request);
    ASSERT_FALSE(query.ok()) << query->get_description();
    for (const std::string& needle : c.message_contains) {
      EXPECT_NE(query.error().message.find(needle), std::string::npos)
          << "'" << needle << "' not in: " << query.error().message;
    }
  }
}

TEST(QueryBuilderTest, BuilderIsReusableAfterAnError) {
  QueryBuilder builder(nullptr);
  SearchRequest bad;
  bad.text = "nato AND";
  EXPECT_FALSE(builder.Build(bad).ok());
  SearchRequest good;
  good.text = "nato";
  auto query = builder.Build(good);
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->get_description(), "Query(Znato@1)");
}

TEST(QueryBuilderTest, MatchModeDoesNotLeakIntoTheNextRequest) {
  QueryBuilder builder(nullptr);
  SearchRequest all;
  all.text = "ukraine nato";
  all.match = MatchMode::kAll;
  ASSERT_TRUE(builder.Build(all).ok());
  SearchRequest any;
  any.text = "ukraine nato";
  auto query = builder.Build(any);
  ASSERT_TRUE(query.ok()) << query.error().message;
  EXPECT_EQ(query->get_description(), "Query((Zukrain@1 OR Znato@2))");
}

// ---------------------------------------------------------------------------
// ParseDateFilter and DateFilterQuery

TEST(ParseDateFilterTest, TurnsOptionsIntoOneInclusiveRange) {
  struct Case {
    std::string from;
    std::string to;
    std::optional<std::pair<Ymd, Ymd>> range;
  };
  const std::vector<Case> cases = {
      {"", "", std::nullopt},
      {"2022", "", std::make_pair(20220101, 99991231)},
      {"", "2022-02", std::make_pair(10101, 20220228)},
      {"2022-02", "2022-02", std::make_pair(20220201, 20220228)},
      {"2024-02-29", "2024-03", std::make_pair(20240229, 20240331)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("from '" + c.from + "' to '" + c.to + "'");
    auto parsed = ParseDateFilter(c.from, c.to);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->has_value(), c.range.has_value());
    if (c.range) {
      EXPECT_EQ((*parsed)->first, c.range->first);
      EXPECT_EQ((*parsed)->last, c.range->second);
    }
  }
}

TEST(DateFilterQueryTest, CoversTheRangeWithTheFewestDateTerms) {
  EXPECT_EQ(DateFilterQuery(DayRange{20220201, 20220228}).get_description(), "Query(M202202)");
  // Partial month, whole months, a whole year, whole months, partial month.
  EXPECT_EQ(DateFilterQuery(DayRange{20211230, 20230201}).get_description(),
            "Query((D20211230 OR D20211231 OR Y2022 OR M202301 OR D20230201))");
  EXPECT_EQ(DateFilterQuery(DayRange{20211101, 20220131}).get_description(),
            "Query((M202111 OR M202112 OR M202201))");
  // Leap day and the turn of a month inside one range.
  EXPECT_EQ(DateFilterQuery(DayRange{20240228, 20240301}).get_description(),
            "Query((D20240228 OR D20240229 OR D20240301))");
}

TEST(DateFilterQueryTest, CenturiesFallBackToAValueRange) {
  EXPECT_EQ(DateFilterQuery(DayRange{10101, 99991231}).get_description(),
            "Query(VALUE_RANGE 0 00010101 99991231)");
}

// ---------------------------------------------------------------------------
// ExpandSingleDates

TEST(ExpandSingleDatesTest, RewritesSingleDatesOutsideQuotes) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"x date:2022 y", "x date:2022..2022 y"},
      {"date:2022-02", "date:2022-02..2022-02"},
      {"date:2022-02-24 nato", "date:2022-02-24..2022-02-24 nato"},
      {"(date:2022)", "(date:2022..2022)"},
      {"-date:2022-02 x", "-date:2022-02..2022-02 x"},
      {"+date:2022 x", "+date:2022..2022 x"},
      {"date:2022 date:2023", "date:2022..2022 date:2023..2023"},
      {"date:2022..2023", "date:2022..2023"},
      {"date:2023..", "date:2023.."},
      {"date:..2021-06", "date:..2021-06"},
      {"\"date:2022\" x", "\"date:2022\" x"},
      {"a \"b date:2022\" date:2023", "a \"b date:2022\" date:2023..2023"},
      {"xdate:2022", "xdate:2022"},
      {"date:", "date:"},
      {"no dates here", "no dates here"},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("'" + c.text + "'");
    EXPECT_EQ(ExpandSingleDates(c.text), c.expected);
  }
}

}  // namespace
}  // namespace newsdex
