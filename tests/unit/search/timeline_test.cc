#include "newsdex/search/timeline.h"

#include <gtest/gtest.h>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

TEST(TimelineTest, PeriodNames) {
  EXPECT_EQ(PeriodOf(19870305, Granularity::kYear), "1987");
  EXPECT_EQ(PeriodOf(19870305, Granularity::kMonth), "1987-03");
  EXPECT_EQ(PeriodOf(19870305, Granularity::kDay), "1987-03-05");
  EXPECT_EQ(PeriodOf(19870305, Granularity::kWeek), "1987-W10");
  // ISO weeks across New Year: 2021-01-03 is a Sunday of 2020's week 53,
  // 2024-12-30 a Monday of 2025's week 1.
  EXPECT_EQ(PeriodOf(20210103, Granularity::kWeek), "2020-W53");
  EXPECT_EQ(PeriodOf(20210104, Granularity::kWeek), "2021-W01");
  EXPECT_EQ(PeriodOf(20241230, Granularity::kWeek), "2025-W01");
}

TEST(TimelineTest, PeriodsBetweenFillsEveryPeriod) {
  EXPECT_EQ(PeriodsBetween(20220131, 20220502, Granularity::kMonth),
            (std::vector<std::string>{"2022-01", "2022-02", "2022-03", "2022-04", "2022-05"}));
  EXPECT_EQ(PeriodsBetween(20200227, 20200302, Granularity::kDay),
            (std::vector<std::string>{"2020-02-27", "2020-02-28", "2020-02-29", "2020-03-01",
                                      "2020-03-02"}));
  EXPECT_EQ(PeriodsBetween(20201230, 20210112, Granularity::kWeek),
            (std::vector<std::string>{"2020-W53", "2021-W01", "2021-W02"}));
  EXPECT_EQ(PeriodsBetween(19991231, 20010101, Granularity::kYear),
            (std::vector<std::string>{"1999", "2000", "2001"}));
}

TEST(TimelineTest, BucketCountsAddsDaysAndKeepsEmptyPeriods) {
  std::map<std::string, std::uint64_t> days = {{"20220103", 2}, {"20220120", 1}, {"20220401", 4}};
  std::map<std::string, std::uint64_t> totals = {
      {"20220103", 4}, {"20220120", 4}, {"20220215", 3}, {"20220401", 8}, {"20230101", 1}};
  auto buckets = BucketCounts(days, totals, Granularity::kMonth);
  ASSERT_EQ(buckets.size(), 4u);
  EXPECT_EQ(buckets[0].period, "2022-01");
  EXPECT_EQ(buckets[0].count, 3u);
  EXPECT_EQ(buckets[0].total, 8u);
  EXPECT_EQ(buckets[1].count, 0u);
  EXPECT_EQ(buckets[1].total, 3u);
  EXPECT_EQ(buckets[2].period, "2022-03");
  EXPECT_EQ(buckets[2].total, 0u);
  EXPECT_EQ(buckets[2].share(), 0.0);
  EXPECT_DOUBLE_EQ(buckets[3].share(), 0.5);
}

TEST(TimelineTest, ComputeTimelineCountsEveryMatchWithFilters) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // 300 articles over 1987, article i in month 1 + (i / 5) % 12: each month
  // gets five runs of five articles, 25 in all. "oil" is in every third
  // article (i % 3 == 0). By hand, for the filtered months:
  //   March (i = 10..14, 70..74, ...; one run in 12): 12 72 132 192 252 -> 5
  //   April (15..19, 75..79, ...): 15 18, 75 78, 135 138, 195 198, 255 258 -> 10
  //   May (20..24, 80..84, ...): 21 24, 81 84, 141 144, 201 204, 261 264 -> 10
  for (int i = 0; i < 300; ++i) {
    Xapian::Document doc;
    int month = 1 + (i / 5) % 12, day = 1 + i % 28;
    std::string key = YmdToKey(19870000 + month * 100 + day);
    doc.add_value(schema::kSlotDate, key);
    doc.add_boolean_term("Y1987");
    doc.add_boolean_term("M" + key.substr(0, 6));
    doc.add_boolean_term("D" + key);
    doc.add_term(i % 3 == 0 ? "oil" : "grain");
    doc.add_term(i % 3 == 0 ? "Zoil" : "Zgrain");
    db.add_document(doc);
  }
  SearchRequest request;
  request.text = "oil";
  request.from = "1987-03";
  request.to = "1987-05";
  auto timeline = ComputeTimeline(db, request, Granularity::kMonth);
  ASSERT_TRUE(timeline) << timeline.error().message;
  ASSERT_EQ(timeline->buckets.size(), 3u);
  const struct {
    const char* period;
    std::uint64_t count;
  } expected[] = {{"1987-03", 5}, {"1987-04", 10}, {"1987-05", 10}};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(timeline->buckets[k].period, expected[k].period);
    EXPECT_EQ(timeline->buckets[k].count, expected[k].count) << expected[k].period;
    EXPECT_EQ(timeline->buckets[k].total, 25u) << expected[k].period;
  }
  EXPECT_EQ(timeline->matches, 25u);
  EXPECT_EQ(timeline->undated, 0u);
}

}  // namespace
}  // namespace newsdex
