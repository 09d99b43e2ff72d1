#include "newsdex/search/batch.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "make_hit.h"
#include "newsdex/cli/result_formatter.h"

namespace newsdex {
namespace {

std::vector<BatchQuery> Parse(const std::string& text) {
  std::istringstream in(text);
  return ParseBatch(in);
}

TEST(ParseBatchTest, IdsFromTabOrLineNumber) {
  auto queries =
      Parse("q1\toil prices\nwheat exports\r\n\n  # comment\nq9\tgold\t1987-03..1987-04\n");
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_EQ(queries[0].qid, "q1");
  EXPECT_EQ(queries[0].text, "oil prices");
  EXPECT_EQ(queries[0].line, 1);
  EXPECT_EQ(queries[1].qid, "2");  // line number, CR dropped
  EXPECT_EQ(queries[1].text, "wheat exports");
  EXPECT_EQ(queries[2].qid, "q9");
  EXPECT_EQ(queries[2].line, 5);
  EXPECT_EQ(queries[2].from, "1987-03");
  EXPECT_EQ(queries[2].to, "1987-04");
  for (const auto& q : queries) EXPECT_EQ(q.error, "") << q.qid;
}

TEST(ParseBatchTest, MalformedLinesKeepTheirPlaceAndName) {
  auto queries = Parse("a\tone\nb\ttwo\tnot-a-range\nc\tthree\tx\ty\n\tfour\nd\tfive\n");
  ASSERT_EQ(queries.size(), 5u);
  EXPECT_EQ(queries[0].error, "");
  EXPECT_EQ(queries[1].qid, "b");
  EXPECT_NE(queries[1].error.find("not FROM..TO"), std::string::npos) << queries[1].error;
  EXPECT_EQ(queries[2].qid, "c");
  EXPECT_NE(queries[2].error.find("4 tab-separated fields"), std::string::npos);
  EXPECT_EQ(queries[3].qid, "4");
  EXPECT_NE(queries[3].error.find("starts with a tab"), std::string::npos);
  EXPECT_EQ(queries[4].qid, "d");
  EXPECT_EQ(queries[4].error, "");
}

TEST(BatchRequestTest, DateColumnIntersectsSharedRange) {
  SearchRequest base;
  base.from = "1987-03-15";
  base.limit = 7;
  BatchQuery query{"q", "oil", "1987-03", "1987-04", 1, ""};
  auto request = BatchRequest(base, query);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->text, "oil");
  EXPECT_EQ(request->from, "1987-03-15");
  EXPECT_EQ(request->to, "1987-04-30");
  EXPECT_EQ(request->limit, 7u);
}

TEST(BatchRequestTest, OpenEndsAndErrors) {
  SearchRequest base;
  auto open = BatchRequest(base, BatchQuery{"q", "oil", "", "1987-02", 1, ""});
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->from, "0001-01-01");
  EXPECT_EQ(open->to, "1987-02-28");
  auto bad = BatchRequest(base, BatchQuery{"q", "oil", "1987-02-30", "", 1, ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("1987-02-30"), std::string::npos) << bad.error().message;
  base.to = "1986";
  auto disjoint = BatchRequest(base, BatchQuery{"q", "oil", "1987", "1987", 1, ""});
  EXPECT_FALSE(disjoint.ok());
  auto plain = BatchRequest(base, BatchQuery{"q", "oil", "", "", 1, ""});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->to, "1986");  // no column: the shared options unchanged
}

TEST(AddToRunTest, KeepsOrderScoresAndRanks) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 2.5, "a", std::nullopt, "", "", ""));
  results.hits.push_back(MakeHit(2, 1.5, "b", std::nullopt, "", "", ""));
  newsdex::Run run;
  AddToRun("q1", results, &run);
  ASSERT_EQ(run["q1"].size(), 2u);
  EXPECT_EQ(run["q1"][1].docid, "b");
  EXPECT_EQ(run["q1"][1].rank, 2);
  EXPECT_DOUBLE_EQ(run["q1"][0].score, 2.5);
}

SearchResults TwoHits() {
  SearchResults results;
  results.matches_lower_bound = results.matches_upper_bound = 2;
  results.articles_lower_bound = results.articles_upper_bound = 2;
  results.hits.push_back(MakeHit(1, 3.25, "id 1", Ymd{19870301}, "Oil up", "a/id 1.txt",
                                 std::string("crude ") + kHighlightStart + "oil" + kHighlightEnd));
  results.hits.push_back(MakeHit(2, 1.0, "b", std::nullopt, "T\tab", "b.txt", ""));
  return results;
}

std::string Format(const SearchResults& results, FormatOptions options) {
  std::ostringstream out;
  WriteResults(out, results, options);
  return out.str();
}

TEST(BatchFormatTest, TrecLinesWithQidOrOne) {
  FormatOptions options;
  options.format = OutputFormat::kTrec;
  EXPECT_EQ(Format(TwoHits(), options),
            "1 Q0 id_1 1 3.250000 newsdex\n1 Q0 b 2 1.000000 newsdex\n");
  options.qid = "q7";
  EXPECT_EQ(Format(TwoHits(), options),
            "q7 Q0 id_1 1 3.250000 newsdex\nq7 Q0 b 2 1.000000 newsdex\n");
}

TEST(BatchFormatTest, JsonStartsWithQidOnlyInBatches) {
  FormatOptions options;
  options.format = OutputFormat::kJson;
  std::string single = Format(TwoHits(), options);
  EXPECT_EQ(single.substr(0, 9), "{\"rank\":1");
  options.qid = "q7";
  std::string batch = Format(TwoHits(), options);
  EXPECT_EQ(batch.substr(0, 22), "{\"qid\":\"q7\",\"rank\":1,\"");
  EXPECT_NE(batch.find("\"snippet\":\"crude oil\""), std::string::npos);
}

TEST(BatchFormatTest, TsvQidColumnAndOptionalHeader) {
  FormatOptions options;
  options.format = OutputFormat::kTsv;
  options.qid = "q7";
  options.tsv_header = false;
  EXPECT_EQ(Format(TwoHits(), options),
            "q7\t1\tid 1\t3.2500\t1987-03-01\tOil up\ta/id 1.txt\tcrude oil\n"
            "q7\t2\tb\t1.0000\t\tT\\tab\tb.txt\t\n");
  EXPECT_EQ(TsvHeader(true), "qid\trank\tid\tscore\tdate\ttitle\tpath\tsnippet");
  EXPECT_EQ(TsvHeader(), "rank\tid\tscore\tdate\ttitle\tpath\tsnippet");
}

TEST(BatchFormatTest, TextNamesTheQuery) {
  FormatOptions options;
  options.qid = "q7";
  options.query_text = "oil";
  std::string text = Format(TwoHits(), options);
  EXPECT_EQ(text.substr(0, 27), "== q7: oil\n2 of 2 articles\n");
}

}  // namespace
}  // namespace newsdex
