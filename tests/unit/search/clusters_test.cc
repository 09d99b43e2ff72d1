// Tests of the search-side news modules on a small in-memory index built the
// way the indexer builds it: like.h, suggest.h, explain.h, date_report.h.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "newsdex/index/indexing.h"
#include "newsdex/search/date_report.h"
#include "newsdex/search/explain.h"
#include "newsdex/search/like.h"
#include "newsdex/search/suggest.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

class NewsSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // On disk: the in-memory backend has no spelling table.
    char dir[] = "/tmp/newsdex-news-test-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
    db_ = Xapian::WritableDatabase(dir_ + "/db", Xapian::DB_CREATE);
    Add("a1", 20220224, "Ukraine Invaded", "Troops crossed into Ukraine at dawn; Kyiv under fire.");
    Add("a2", 20220301, "Kyiv Holds", "Ukraine said Kyiv held as troops and convoy stalled.");
    Add("a3", 20220315, "Convoy Stalls", "The convoy outside Kyiv stalled; Ukraine troops held.");
    Add("b1", 20220310, "Wheat Prices", "Bread and wheat prices rose at the market in spring.");
    Add("b2", 20220501, "Harvest Fails", "The wheat harvest failed; bread prices rose again.");
    Add("c1", 18870101, "Old Paper", "An old wheat report.");
    Add("c2", 30220101, "Typo Date", "A future wheat report.");
    Add("u1", 0, "Undated", "No date on this wheat report.");
  }

  void Add(const std::string& id, Ymd date, const std::string& title, const std::string& body,
           const std::string& folder = "/c/") {
    Article article;
    article.id = id;
    article.path = folder + id + ".txt";
    article.title = title;
    article.body = title + "\n\n" + body;
    if (date) article.date = date;
    Xapian::Document doc = MakeNewsDocument(maker_, article, Boilerplate());
    SpellingCollector spelling;
    spelling.AddWords(maker_);
    spelling.WriteTo(db_);
    db_.add_document(doc);
  }

  void TearDown() override {
    db_.close();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  DocumentMaker maker_;
  Xapian::WritableDatabase db_;
};

TEST_F(NewsSearchTest, SuggestsIndexedSpelling) {
  EXPECT_EQ(SuggestSpelling(db_, "ukrane"), "ukraine");
  EXPECT_EQ(SuggestSpelling(db_, "ukrane date:2022"), "ukraine date:2022");
  EXPECT_EQ(SuggestSpelling(db_, "ukraine"), std::nullopt);
  EXPECT_EQ(SuggestSpelling(db_, "date:2022"), std::nullopt);
}

TEST_F(NewsSearchTest, SuggestionKeepsQuotesBracketsFieldsAndOperators) {
  EXPECT_EQ(SuggestSpelling(db_, "\"wheat harvst\""), "\"wheat harvest\"");
  EXPECT_EQ(SuggestSpelling(db_, "title:harvst"), "title:harvest");
  EXPECT_EQ(SuggestSpelling(db_, "title:\"harvst fails\""), "title:\"harvest fails\"");
  EXPECT_EQ(SuggestSpelling(db_, "(convoi OR wheat) AND NOT bread"),
            "(convoy OR wheat) AND NOT bread");
  EXPECT_EQ(SuggestSpelling(db_, "+convoi -bread date:2022-03..2022-04"),
            "+convoy -bread date:2022-03..2022-04");
  EXPECT_EQ(SuggestSpelling(db_, "Convoi NEAR kyiv"), "convoy NEAR kyiv");
  // Nothing to correct: indexed words (any case, any inflection), wildcards.
  EXPECT_EQ(SuggestSpelling(db_, "\"Wheat prices\" (kyiv)"), std::nullopt);
  EXPECT_EQ(SuggestSpelling(db_, "convoys"), std::nullopt);
  EXPECT_EQ(SuggestSpelling(db_, "harv*"), std::nullopt);
}

TEST_F(NewsSearchTest, SuggestionNeverReplacesAnIndexedWord) {
  // "what" is far more frequent than "wheat", one edit away.
  Add("w1", 20220601, "What Now", "What what what what what what what what tender tender.");
  Add("w2", 20220602, "What Then", "What what what what what what what what next.");
  db_.commit();
  EXPECT_EQ(SuggestSpelling(db_, "\"wheat tendr\""), "\"wheat tender\"");
  EXPECT_EQ(SuggestSpelling(db_, "(wheat)"), std::nullopt);
}

TEST_F(NewsSearchTest, DidYouMeanOnlyWhenTheSuggestionFindsMore) {
  db_.commit();
  SearcherOptions options;
  SearchRequest request;
  request.text = "harvst";
  EXPECT_EQ(DidYouMean(db_, options, request), "harvest");
  // Corrected, the phrase still matches nothing: no help.
  request.text = "\"convoy harvst\"";
  EXPECT_EQ(SuggestSpelling(db_, request.text), "\"convoy harvest\"");
  EXPECT_EQ(DidYouMean(db_, options, request), std::nullopt);
  // The date filter applies to both counts.
  request.text = "harvst";
  request.to = "2022-04";
  EXPECT_EQ(DidYouMean(db_, options, request), std::nullopt);
}

TEST_F(NewsSearchTest, LikeRanksTheSameStoryFirstAndExcludesTheArticle) {
  auto query = LikeQuery(db_, "a1");
  ASSERT_TRUE(query) << query.error().message;
  Xapian::Enquire enquire(db_);
  enquire.set_query(*query);
  Xapian::MSet mset = enquire.get_mset(0, 10);
  std::vector<std::string> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ids.push_back(schema::DecodeDocData(it.get_document().get_data()).id);
  }
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.begin() + 2),
            (std::set<std::string>{"a2", "a3"}));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "a1"), 0);
  EXPECT_FALSE(LikeQuery(db_, "nope"));
}

TEST_F(NewsSearchTest, FindArticlesReturnsEveryFileWithTheId) {
  Add("a1", 20220225, "Copy", "A second file with the same id.");
  auto found = FindArticles(db_, "a1");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].body,
            "Ukraine Invaded\n\nTroops crossed into Ukraine at dawn; Kyiv under fire.");
  auto missing = FindArticles(db_, "zz");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no article with id 'zz'"), std::string::npos);
}

TEST_F(NewsSearchTest, ExplainPartsAddUpToTheScore) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_database(db_);
  Xapian::Query query = parser.parse_query("wheat bread");
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, 3);
  ASSERT_FALSE(mset.empty());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto parts = ExplainScore(db_, query, it);
    ASSERT_EQ(parts.size(), 2u);
    double sum = 0;
    for (const auto& part : parts) sum += part.score;
    EXPECT_NEAR(sum, it.get_weight(), 1e-9);
  }
}

// Two files with one name in two folders share an id: each hit is still
// explained by its own document's scores, not by its namesake's.
TEST_F(NewsSearchTest, ExplainTellsApartArticlesSharingAnId) {
  Add("b1", 20220311, "Wheat Wheat Wheat", "Wheat, wheat and more wheat; bread too.", "/d/");
  db_.commit();
  Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query("Zwheat"), Xapian::Query("Zbread"));
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, 10);
  int namesakes = 0;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::string tie_break = it.get_document().get_value(schema::kSlotTieBreak);
    if (schema::IdFromSortKey(schema::kSlotTieBreak, tie_break) != "b1") continue;
    ++namesakes;
    auto parts = ExplainScore(db_, query, it);
    double sum = 0;
    for (const auto& part : parts) sum += part.score;
    EXPECT_NEAR(sum, it.get_weight(), 1e-9) << schema::PathKeyFromTieBreak(tie_break);
  }
  EXPECT_EQ(namesakes, 2);
}

TEST_F(NewsSearchTest, DateReportCountsOutOfRangeAndGaps) {
  DateReport report = BuildDateReport(db_, Granularity::kMonth, 20250101);
  EXPECT_EQ(report.articles, 8u);
  EXPECT_EQ(report.undated, 1u);
  EXPECT_EQ(report.future, 1u);
  EXPECT_EQ(report.before_1900, 1u);
  EXPECT_EQ(report.first, "2022-02-24");
  EXPECT_EQ(report.last, "2022-05-01");
  ASSERT_EQ(report.periods.size(), 4u);
  EXPECT_EQ(report.periods[1].count, 3u);  // 2022-03
  EXPECT_EQ(report.gaps, std::vector<std::string>{"2022-04"});
  std::ostringstream json;
  WriteDateReportJson(json, report);
  EXPECT_NE(json.str().find("\"gaps\":[\"2022-04\"]"), std::string::npos) << json.str();
}

}  // namespace
}  // namespace newsdex
