#include "newsdex/eval/eval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace newsdex {
namespace {

constexpr double kTolerance = 1e-9;

// Inside a TEST body the unqualified name Run means testing::Test::Run(), so
// the run type is always spelled newsdex::Run here.

// log2(3) turns up in every nDCG below: it is the discount of rank 2.
const double kLog2Of3 = std::log2(3.0);

RunEntry Doc(const std::string& docid, double score, int rank = 0) {
  return RunEntry{docid, score, rank};
}

// Returns a copy: callers pass the temporary report straight from Evaluate().
QueryMetrics OnlyQuery(const EvalReport& report) {
  EXPECT_EQ(report.per_query.size(), 1u);
  if (report.per_query.empty()) return QueryMetrics{};
  return report.per_query.front();
}

// ---------------------------------------------------------------------------
// Evaluate

TEST(EvaluateTest, PerfectRunScoresOneOnEveryMeasureButP10) {
  Qrels qrels = {{"q1", {{"d1", 1}, {"d2", 1}}}};
  newsdex::Run run = {{"q1", {Doc("d1", 2.0), Doc("d2", 1.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  EXPECT_EQ(q.qid, "q1");
  // AP = (1/1 + 2/2) / 2 = 1.
  EXPECT_NEAR(q.ap, 1.0, kTolerance);
  // P@10 = 2 relevant / 10 = 0.2: only two documents exist.
  EXPECT_NEAR(q.p10, 0.2, kTolerance);
  // DCG = 1/log2(2) + 1/log2(3) = ideal DCG, so nDCG = 1.
  EXPECT_NEAR(q.ndcg10, 1.0, kTolerance);
  // Recall = 2/2.
  EXPECT_NEAR(q.recall1000, 1.0, kTolerance);
  EXPECT_EQ(q.num_ret, 2);
  EXPECT_EQ(q.num_rel, 2);
  EXPECT_EQ(q.num_rel_ret, 2);
}

TEST(EvaluateTest, MixedRunMatchesHandComputedValues) {
  // d1, d3, d5 relevant (R = 3); d2 judged non-relevant; d4 unjudged.
  Qrels qrels = {{"q1", {{"d1", 1}, {"d2", 0}, {"d3", 1}, {"d5", 1}}}};
  newsdex::Run run = {{"q1", {Doc("d1", 5.0), Doc("d2", 4.0), Doc("d3", 3.0), Doc("d4", 2.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // Relevant at ranks 1 and 3: AP = (1/1 + 2/3) / 3 = (5/3) / 3 = 5/9.
  EXPECT_NEAR(q.ap, 5.0 / 9.0, kTolerance);
  // P@10 = 2/10.
  EXPECT_NEAR(q.p10, 0.2, kTolerance);
  // DCG = 1/log2(2) + 1/log2(4) = 1 + 0.5 = 1.5.
  // Ideal = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1.5 + 0.6309297536 = 2.1309...
  // nDCG = 1.5 / 2.1309297536 = 0.7039180890.
  EXPECT_NEAR(q.ndcg10, 1.5 / (1.5 + 1.0 / kLog2Of3), kTolerance);
  EXPECT_NEAR(q.ndcg10, 0.7039180890, 1e-9);
  // Recall = 2/3.
  EXPECT_NEAR(q.recall1000, 2.0 / 3.0, kTolerance);
  EXPECT_EQ(q.num_ret, 4);
  EXPECT_EQ(q.num_rel, 3);
  EXPECT_EQ(q.num_rel_ret, 2);
}

TEST(EvaluateTest, RunWithNoRelevantDocumentScoresZero) {
  Qrels qrels = {{"q1", {{"d1", 1}, {"d2", 0}}}};
  newsdex::Run run = {{"q1", {Doc("d2", 2.0), Doc("d9", 1.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // No relevant rank contributes: AP = 0 / 1, DCG = 0 so nDCG = 0 / 1.
  EXPECT_NEAR(q.ap, 0.0, kTolerance);
  EXPECT_NEAR(q.p10, 0.0, kTolerance);
  EXPECT_NEAR(q.ndcg10, 0.0, kTolerance);
  EXPECT_NEAR(q.recall1000, 0.0, kTolerance);
  EXPECT_EQ(q.num_ret, 2);
  EXPECT_EQ(q.num_rel, 1);
  EXPECT_EQ(q.num_rel_ret, 0);
}

TEST(EvaluateTest, QrelsQueryMissingFromRunIsLeftOutByDefault) {
  Qrels qrels = {{"q1", {{"d1", 1}}}, {"q2", {{"d2", 1}}}, {"q3", {{"d3", 1}}}};
  // q3 was asked and found nothing: it is part of the run and scores 0.
  newsdex::Run run = {{"q1", {Doc("d1", 1.0)}}, {"q3", {}}};

  EvalReport report = Evaluate(qrels, run);
  ASSERT_EQ(report.per_query.size(), 2u);
  EXPECT_EQ(report.per_query[0].qid, "q1");
  EXPECT_EQ(report.per_query[1].qid, "q3");
  EXPECT_NEAR(report.mean.ap, (1.0 + 0.0) / 2, kTolerance);
  EXPECT_EQ(report.mean.num_rel, 2);
}

TEST(EvaluateTest, QrelsQueryMissingFromRunCountsAsZerosWithAllJudged) {
  Qrels qrels = {{"q1", {{"d1", 1}}}, {"q2", {{"d2", 1}}}};
  newsdex::Run run = {{"q1", {Doc("d1", 1.0)}}};

  EvalReport report = Evaluate(qrels, run, newsdex::EvalScope::kAllJudged);
  ASSERT_EQ(report.per_query.size(), 2u);
  const QueryMetrics& missing = report.per_query[1];
  EXPECT_EQ(missing.qid, "q2");
  EXPECT_NEAR(missing.ap, 0.0, kTolerance);
  EXPECT_NEAR(missing.p10, 0.0, kTolerance);
  EXPECT_NEAR(missing.ndcg10, 0.0, kTolerance);
  EXPECT_NEAR(missing.recall1000, 0.0, kTolerance);
  EXPECT_EQ(missing.num_ret, 0);
  EXPECT_EQ(missing.num_rel, 1);
  EXPECT_EQ(missing.num_rel_ret, 0);

  // q1 is perfect: AP 1, P@10 1/10, nDCG 1, recall 1. q2 is all zeros.
  EXPECT_EQ(report.mean.qid, "all");
  EXPECT_NEAR(report.mean.ap, (1.0 + 0.0) / 2, kTolerance);
  EXPECT_NEAR(report.mean.p10, (0.1 + 0.0) / 2, kTolerance);
  EXPECT_NEAR(report.mean.ndcg10, (1.0 + 0.0) / 2, kTolerance);
  EXPECT_NEAR(report.mean.recall1000, (1.0 + 0.0) / 2, kTolerance);
  // Counts are totals, like trec_eval's "all" row: 1 + 0, 1 + 1, 1 + 0.
  EXPECT_EQ(report.mean.num_ret, 1);
  EXPECT_EQ(report.mean.num_rel, 2);
  EXPECT_EQ(report.mean.num_rel_ret, 1);
}

TEST(EvaluateTest, RunQueryWithoutQrelsIsIgnored) {
  Qrels qrels = {{"q1", {{"d1", 1}, {"d2", 1}}}};
  newsdex::Run run = {{"q1", {Doc("d1", 1.0)}}, {"q9", {Doc("d1", 1.0), Doc("d2", 0.5)}}};

  EvalReport report = Evaluate(qrels, run);
  ASSERT_EQ(report.per_query.size(), 1u);
  EXPECT_EQ(report.per_query[0].qid, "q1");
  // Mean is q1 alone: AP = (1/1) / 2 = 0.5; q9 would have pulled it around.
  EXPECT_NEAR(report.mean.ap, 0.5, kTolerance);
  EXPECT_EQ(report.mean.num_ret, 1);
}

TEST(EvaluateTest, QrelsQueryWithOnlyNonRelevantJudgmentsIsNotEvaluated) {
  Qrels qrels = {{"q1", {{"d1", 1}}}, {"q2", {{"d1", 0}, {"d2", -1}}}};
  newsdex::Run run = {{"q1", {Doc("d1", 1.0)}}, {"q2", {Doc("d1", 1.0)}}};

  EvalReport report = Evaluate(qrels, run);
  ASSERT_EQ(report.per_query.size(), 1u);
  EXPECT_EQ(report.per_query[0].qid, "q1");
  EXPECT_NEAR(report.mean.ap, 1.0, kTolerance);
}

TEST(EvaluateTest, PerQueryIsSortedByQidInByteOrder) {
  Qrels qrels = {{"q2", {{"d", 1}}}, {"q10", {{"d", 1}}}, {"q1", {{"d", 1}}}};

  EvalReport report = Evaluate(qrels, newsdex::Run{}, newsdex::EvalScope::kAllJudged);
  ASSERT_EQ(report.per_query.size(), 3u);
  // Byte order, as trec_eval prints them: "q1" < "q10" < "q2".
  EXPECT_EQ(report.per_query[0].qid, "q1");
  EXPECT_EQ(report.per_query[1].qid, "q10");
  EXPECT_EQ(report.per_query[2].qid, "q2");
}

TEST(EvaluateTest, EmptyQrelsGiveNoQueriesAndZeroMean) {
  newsdex::Run run = {{"q1", {Doc("d1", 1.0)}}};

  EvalReport report = Evaluate(Qrels{}, run);
  EXPECT_TRUE(report.per_query.empty());
  EXPECT_EQ(report.mean.qid, "all");
  EXPECT_NEAR(report.mean.ap, 0.0, kTolerance);
  EXPECT_EQ(report.mean.num_ret, 0);
}

TEST(EvaluateTest, TiedScoresAreBrokenByDocidDescending) {
  Qrels qrels = {{"q1", {{"a", 1}}}};
  // Same score; the file lists "a" first and gives it rank 1. trec_eval puts
  // "b" first anyway because "b" > "a".
  newsdex::Run run = {{"q1", {Doc("a", 1.0, 1), Doc("b", 1.0, 2)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // Order b, a: relevant at rank 2, so AP = (1/2) / 1 = 0.5 (file order would
  // give 1.0).
  EXPECT_NEAR(q.ap, 0.5, kTolerance);
  // nDCG = (1/log2(3)) / (1/log2(2)) = 0.6309297536.
  EXPECT_NEAR(q.ndcg10, 1.0 / kLog2Of3, kTolerance);
  // Both still in the top 10.
  EXPECT_NEAR(q.p10, 0.1, kTolerance);
}

TEST(EvaluateTest, TieBreakComparesDocidsAsStringsNotNumbers) {
  Qrels qrels = {{"q1", {{"d10", 1}}}};
  newsdex::Run run = {{"q1", {Doc("d10", 3.0), Doc("d9", 3.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // strcmp("d9", "d10") > 0 ('9' > '1'), so d9 ranks first and d10 second:
  // AP = (1/2) / 1 = 0.5. A numeric comparison would have given 1.0.
  EXPECT_NEAR(q.ap, 0.5, kTolerance);
}

TEST(EvaluateTest, RankColumnAndFileOrderAreIgnored) {
  Qrels qrels = {{"q1", {{"low", 1}}}};
  // The file claims "low" is rank 1, but its score is lower.
  newsdex::Run run = {{"q1", {Doc("low", 1.0, 1), Doc("high", 2.0, 2)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // Order high, low: AP = (1/2) / 1 = 0.5.
  EXPECT_NEAR(q.ap, 0.5, kTolerance);
}

TEST(EvaluateTest, GradedRelevanceUsesGradesAsNdcgGains) {
  // a is highly relevant (2), b relevant (1), c judged non-relevant.
  Qrels qrels = {{"q1", {{"a", 2}, {"b", 1}, {"c", 0}}}};
  newsdex::Run run = {{"q1", {Doc("b", 3.0), Doc("a", 2.0), Doc("c", 1.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // DCG   = 1/log2(2) + 2/log2(3) + 0 = 1 + 1.2618595071 = 2.2618595071.
  // Ideal = 2/log2(2) + 1/log2(3)     = 2 + 0.6309297536 = 2.6309297536.
  // nDCG  = 2.2618595071 / 2.6309297536 = 0.8597186999.
  EXPECT_NEAR(q.ndcg10, (1.0 + 2.0 / kLog2Of3) / (2.0 + 1.0 / kLog2Of3), kTolerance);
  EXPECT_NEAR(q.ndcg10, 0.8597186999, 1e-9);
  // AP, P@10 and recall are binary: both relevant docs at ranks 1 and 2,
  // AP = (1/1 + 2/2) / 2 = 1.
  EXPECT_NEAR(q.ap, 1.0, kTolerance);
  EXPECT_EQ(q.num_rel, 2);
}

TEST(EvaluateTest, IdealDcgIncludesRelevantDocumentsNotRetrieved) {
  Qrels qrels = {{"q1", {{"a", 1}, {"b", 2}}}};
  newsdex::Run run = {{"q1", {Doc("a", 1.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // DCG = 1/log2(2) = 1. Ideal = 2/log2(2) + 1/log2(3) = 2.6309297536.
  // nDCG = 1 / 2.6309297536 = 0.3800937667.
  EXPECT_NEAR(q.ndcg10, 1.0 / (2.0 + 1.0 / kLog2Of3), kTolerance);
  // AP = (1/1) / 2 = 0.5; recall = 1/2.
  EXPECT_NEAR(q.ap, 0.5, kTolerance);
  EXPECT_NEAR(q.recall1000, 0.5, kTolerance);
}

TEST(EvaluateTest, IdealDcgIsCutAtTen) {
  // Twelve relevant documents; the run retrieves ten of them, at ranks 1-10.
  Qrels qrels;
  newsdex::Run run;
  for (int i = 0; i < 12; ++i) {
    const std::string docid = "d" + std::to_string(100 + i);
    qrels["q1"][docid] = 1;
    if (i < 10) run["q1"].push_back(Doc(docid, 100.0 - i));
  }

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // DCG@10 = sum_{r=1..10} 1/log2(r+1) = ideal DCG@10, so nDCG@10 = 1 even
  // though two relevant documents are missing.
  EXPECT_NEAR(q.ndcg10, 1.0, kTolerance);
  // P@10 = 10/10; recall = 10/12; AP = (1/1 + ... + 10/10) / 12 = 10/12.
  EXPECT_NEAR(q.p10, 1.0, kTolerance);
  EXPECT_NEAR(q.recall1000, 10.0 / 12.0, kTolerance);
  EXPECT_NEAR(q.ap, 10.0 / 12.0, kTolerance);
}

TEST(EvaluateTest, RankElevenCountsForApButNotForP10OrNdcg10) {
  Qrels qrels = {{"q1", {{"d11", 1}}}};
  newsdex::Run run;
  for (int r = 1; r <= 11; ++r) {
    run["q1"].push_back(Doc("d" + std::to_string(r), 100.0 - r));
  }

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // The only relevant document is at rank 11: AP = (1/11) / 1.
  EXPECT_NEAR(q.ap, 1.0 / 11.0, kTolerance);
  EXPECT_NEAR(q.p10, 0.0, kTolerance);
  EXPECT_NEAR(q.ndcg10, 0.0, kTolerance);
  EXPECT_NEAR(q.recall1000, 1.0, kTolerance);
}

TEST(EvaluateTest, P10DividesByTenWhenFewerThanTenRetrieved) {
  Qrels qrels = {{"q1", {{"a", 1}, {"b", 1}, {"c", 1}}}};
  newsdex::Run run = {{"q1", {Doc("a", 2.0), Doc("b", 1.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // 2 relevant / 10, not 2 / 2.
  EXPECT_NEAR(q.p10, 0.2, kTolerance);
  // AP = (1/1 + 2/2) / 3 = 2/3.
  EXPECT_NEAR(q.ap, 2.0 / 3.0, kTolerance);
}

TEST(EvaluateTest, DuplicateDocidKeepsOnlyItsFirstOccurrence) {
  Qrels qrels = {{"q1", {{"a", 1}}}};
  // "a" appears twice; the first occurrence (score 1.0) is the one kept.
  newsdex::Run run = {{"q1", {Doc("x", 2.0), Doc("a", 1.0), Doc("a", 5.0)}}};

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  // Order x (2.0), a (1.0): AP = (1/2) / 1 = 0.5. Keeping the later a (5.0)
  // would give 1.0; keeping both would count a twice.
  EXPECT_NEAR(q.ap, 0.5, kTolerance);
  EXPECT_EQ(q.num_ret, 2);
  EXPECT_EQ(q.num_rel_ret, 1);
  EXPECT_NEAR(q.recall1000, 1.0, kTolerance);
}

TEST(EvaluateTest, OnlyTheTopThousandDocumentsAreEvaluated) {
  Qrels qrels;
  newsdex::Run run;
  // 1001 documents with strictly decreasing scores; the relevant ones sit at
  // ranks 1000 and 1001.
  for (int r = 1; r <= 1001; ++r) {
    const std::string docid = "d" + std::to_string(r);
    run["q1"].push_back(Doc(docid, 5000.0 - r));
  }
  qrels["q1"]["d1000"] = 1;
  qrels["q1"]["d1001"] = 1;

  const QueryMetrics q = OnlyQuery(Evaluate(qrels, run));
  EXPECT_EQ(q.num_ret, 1000);
  EXPECT_EQ(q.num_rel_ret, 1);
  // Rank 1001 is cut: AP = (1/1000) / 2 = 0.0005; recall = 1/2.
  EXPECT_NEAR(q.ap, 0.0005, kTolerance);
  EXPECT_NEAR(q.recall1000, 0.5, kTolerance);
}

TEST(EvaluateTest, MeanAveragesPerQueryValues) {
  Qrels qrels = {{"q1", {{"a", 1}, {"b", 1}}}, {"q2", {{"c", 2}}}};
  newsdex::Run run = {{"q1", {Doc("a", 2.0), Doc("z", 1.5), Doc("b", 1.0)}},
                      {"q2", {Doc("y", 2.0), Doc("c", 1.0)}}};

  EvalReport report = Evaluate(qrels, run);
  // q1: AP = (1/1 + 2/3) / 2 = 5/6.   q2: AP = (1/2) / 1 = 1/2.
  // MAP = (5/6 + 1/2) / 2 = (4/3) / 2 = 2/3.
  EXPECT_NEAR(report.mean.ap, 2.0 / 3.0, kTolerance);
  // P@10: (2/10 + 1/10) / 2 = 0.15.
  EXPECT_NEAR(report.mean.p10, 0.15, kTolerance);
  // q1 nDCG = (1 + 1/log2(4)) / (1 + 1/log2(3)) = 1.5 / 1.6309297536.
  // q2 nDCG = (2/log2(3)) / (2/log2(2)) = 1/log2(3) = 0.6309297536.
  // Mean = (0.9197207891 + 0.6309297536) / 2 = 0.7753252714.
  const double q1_ndcg = 1.5 / (1.0 + 1.0 / kLog2Of3);
  const double q2_ndcg = 1.0 / kLog2Of3;
  EXPECT_NEAR(report.mean.ndcg10, (q1_ndcg + q2_ndcg) / 2, kTolerance);
  EXPECT_NEAR(report.mean.ndcg10, 0.7753252714, 1e-9);
  EXPECT_NEAR(report.mean.recall1000, 1.0, kTolerance);
  // Totals: 3 + 2 retrieved, 2 + 1 relevant, 2 + 1 found.
  EXPECT_EQ(report.mean.num_ret, 5);
  EXPECT_EQ(report.mean.num_rel, 3);
  EXPECT_EQ(report.mean.num_rel_ret, 3);
}

// ---------------------------------------------------------------------------
// ParseQrels / ParseRun

TEST(ParseQrelsTest, ReadsJudgmentsSkippingBlankAndCommentLines) {
  std::istringstream in(
      "# topic 1\n"
      "q1 0 d1 1\n"
      "\n"
      "q1\t0\td2\t0\r\n"
      "   \n"
      "q2 Q0 d3 2");  // No final newline.

  ParsedQrels parsed = ParseQrels(in);
  EXPECT_TRUE(parsed.errors.empty());
  Qrels expected = {{"q1", {{"d1", 1}, {"d2", 0}}}, {"q2", {{"d3", 2}}}};
  EXPECT_EQ(parsed.qrels, expected);
}

TEST(ParseQrelsTest, ReportsBadLinesByLineNumberAndKeepsGoodOnes) {
  std::istringstream in(
      "q1 0 d1 1\n"        // 1 good
      "q1 0 d2\n"          // 2 three fields
      "\n"                 // 3 blank
      "q1 0 d3 yes\n"      // 4 REL not an integer
      "q1 0 d4 1.5\n"      // 5 REL not an integer
      "q1 0 d5 2\n"        // 6 good
      "q1 0 d1 2\n"        // 7 duplicate of line 1
      "q1 0 d6 1 extra\n"  // 8 five fields
      "q2 0 d7 -1\n");     // 9 good (negative grades are allowed)

  ParsedQrels parsed = ParseQrels(in);
  ASSERT_EQ(parsed.errors.size(), 5u);
  EXPECT_EQ(parsed.errors[0].line, 2);
  EXPECT_EQ(parsed.errors[1].line, 4);
  EXPECT_EQ(parsed.errors[2].line, 5);
  EXPECT_EQ(parsed.errors[3].line, 7);
  EXPECT_EQ(parsed.errors[4].line, 8);
  EXPECT_NE(parsed.errors[1].message.find("yes"), std::string::npos);
  EXPECT_NE(parsed.errors[3].message.find("duplicate"), std::string::npos);

  // The duplicate keeps the first grade.
  Qrels expected = {{"q1", {{"d1", 1}, {"d5", 2}}}, {"q2", {{"d7", -1}}}};
  EXPECT_EQ(parsed.qrels, expected);
}

TEST(ParseRunTest, ReadsEntriesInFileOrder) {
  std::istringstream in(
      "q1 Q0 d2 1 7.5 myrun\n"
      "q1 Q0 d1 2 -3e-2 myrun\n"
      "\n"
      "q2 Q0 d9 1 10 myrun\r\n");

  ParsedRun parsed = ParseRun(in);
  EXPECT_TRUE(parsed.errors.empty());
  ASSERT_EQ(parsed.run.size(), 2u);
  const std::vector<RunEntry>& q1 = parsed.run.at("q1");
  ASSERT_EQ(q1.size(), 2u);
  EXPECT_EQ(q1[0].docid, "d2");
  EXPECT_EQ(q1[0].rank, 1);
  EXPECT_NEAR(q1[0].score, 7.5, kTolerance);
  EXPECT_EQ(q1[1].docid, "d1");
  EXPECT_EQ(q1[1].rank, 2);
  EXPECT_NEAR(q1[1].score, -0.03, kTolerance);
  ASSERT_EQ(parsed.run.at("q2").size(), 1u);
  EXPECT_NEAR(parsed.run.at("q2")[0].score, 10.0, kTolerance);
}

TEST(ParseRunTest, ReportsBadLinesByLineNumberAndKeepsGoodOnes) {
  std::istringstream in(
      "q1 Q0 d1 1 2.0 run\n"      // 1 good
      "q1 Q0 d2 2 1.0\n"          // 2 five fields
      "q1 Q0 d3 3 high run\n"     // 3 score not a number
      "q1 Q0 d4 first 1.0 run\n"  // 4 rank not an integer
      "q1 Q0 d5 5 nan run\n"      // 5 score not finite
      "# q1 Q0 d6 6 1.0 run\n"    // 6 comment
      "q1 Q0 d7 7 0.5 run\n");    // 7 good

  ParsedRun parsed = ParseRun(in);
  ASSERT_EQ(parsed.errors.size(), 4u);
  EXPECT_EQ(parsed.errors[0].line, 2);
  EXPECT_EQ(parsed.errors[1].line, 3);
  EXPECT_EQ(parsed.errors[2].line, 4);
  EXPECT_EQ(parsed.errors[3].line, 5);
  EXPECT_NE(parsed.errors[1].message.find("high"), std::string::npos);

  ASSERT_EQ(parsed.run.size(), 1u);
  const std::vector<RunEntry>& q1 = parsed.run.at("q1");
  ASSERT_EQ(q1.size(), 2u);
  EXPECT_EQ(q1[0].docid, "d1");
  EXPECT_EQ(q1[1].docid, "d7");
}

TEST(ParseRunTest, ParsedFilesEvaluateLikeHandBuiltOnes) {
  std::istringstream qrels_in(
      "q1 0 a 1\n"
      "q1 0 b 0\n"
      "q1 0 c 2\n");
  // Ranks in the file are deliberately wrong; only scores matter.
  std::istringstream run_in(
      "q1 Q0 c 3 1.0 r\n"
      "q1 Q0 b 1 3.0 r\n"
      "q1 Q0 a 2 2.0 r\n");

  ParsedQrels qrels = ParseQrels(qrels_in);
  ParsedRun run = ParseRun(run_in);
  ASSERT_TRUE(qrels.errors.empty());
  ASSERT_TRUE(run.errors.empty());
  const QueryMetrics q = OnlyQuery(Evaluate(qrels.qrels, run.run));
  // Order b (0), a (1), c (2): relevant at ranks 2 and 3.
  // AP = (1/2 + 2/3) / 2 = (7/6) / 2 = 7/12.
  EXPECT_NEAR(q.ap, 7.0 / 12.0, kTolerance);
  // DCG = 1/log2(3) + 2/log2(4) = 0.6309297536 + 1 = 1.6309297536.
  // Ideal = 2/log2(2) + 1/log2(3) = 2.6309297536.
  // nDCG = 1.6309297536 / 2.6309297536 = 0.6199062333.
  EXPECT_NEAR(q.ndcg10, (1.0 / kLog2Of3 + 1.0) / (2.0 + 1.0 / kLog2Of3), kTolerance);
}

}  // namespace
}  // namespace newsdex
