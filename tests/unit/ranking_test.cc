#include "newsdex/ranking.h"

#include <gtest/gtest.h>

#include <string>

#include "newsdex/query_builder.h"

namespace newsdex {
namespace {

TEST(RankingTest, ParsesWeightingNames) {
  for (const char* name : {"bm25", "bm25+", "pl2", "dlh", "lm", "tfidf"}) {
    auto parsed = ParseWeighting(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(WeightingName(*parsed), name);
    EXPECT_NE(MakeWeight(RankingOptions{*parsed}), nullptr);
  }
  auto bad = ParseWeighting("okapi");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bm25, bm25+"), std::string::npos);
}

TEST(RankingTest, ParsesBm25Params) {
  RankingOptions options;
  ASSERT_TRUE(ParseBm25Params("0.9,0.4", &options).ok());
  EXPECT_DOUBLE_EQ(options.k1, 0.9);
  EXPECT_DOUBLE_EQ(options.b, 0.4);
  for (const char* bad : {"1.2", "1.2;0.7", "x,0.5", "1,1.5", "-1,0.5", "1,0.5,3"}) {
    EXPECT_FALSE(ParseBm25Params(bad, &options).ok()) << bad;
  }
  EXPECT_DOUBLE_EQ(options.k1, 0.9);  // unchanged by failures
}

TEST(RankingTest, StopwordsDroppedOutsidePhrasesOnly) {
  QueryBuilder builder;
  builder.SetStopper(&EnglishStopper());
  SearchRequest request;
  request.text = "the price of oil";
  auto query = builder.Build(request);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->get_description(), "Query((Zprice@2 OR Zoil@4))");
  request.text = "\"price of oil\"";
  query = builder.Build(request);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->get_description(), "Query((price@1 PHRASE 3 of@2 PHRASE 3 oil@3))");
  request.text = "the who";  // all stopwords: kept, or nothing would be left
  query = builder.Build(request);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->get_description(), "Query((Zthe@1 OR Zwho@2))");
}

// A tiny in-memory index: "oil" documents share "crude" and "barrel".
Xapian::Database OilDatabase() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (const char* text :
       {"oil crude barrel prices", "oil crude barrel output", "oil crude exports",
        "crude barrel opec meeting", "wheat harvest", "wheat exports grain"}) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    db.add_document(doc);
  }
  return db;
}

TEST(RankingTest, ExpansionAddsFeedbackTermsAndKeepsFilters) {
  Xapian::Database db = OilDatabase();
  Xapian::Enquire enquire(db);
  Xapian::Query oil("Zoil");
  Xapian::RSet feedback;
  feedback.add_document(1);
  feedback.add_document(2);
  RankingOptions options;
  options.expand_terms = 2;
  options.expand_adds = true;
  Xapian::Query filter(Xapian::Query::OP_VALUE_RANGE, 0, "1", "2");
  Xapian::Query filtered(Xapian::Query::OP_FILTER, oil, filter);
  enquire.set_query(filtered);
  std::string expanded = ExpandQuery(filtered, enquire, feedback, options).get_description();
  EXPECT_EQ(expanded.rfind("Query(((Zoil OR (", 0), 0u) << expanded;
  EXPECT_NE(expanded.find("Zcrude"), std::string::npos) << expanded;
  EXPECT_NE(expanded.find("Zbarrel"), std::string::npos) << expanded;
  EXPECT_NE(expanded.find("FILTER VALUE_RANGE"), std::string::npos) << expanded;

  // Required parts stay required: expansion only re-ranks.
  Xapian::Query both(Xapian::Query::OP_AND, oil, Xapian::Query("Zcrude"));
  std::string and_maybe = ExpandQuery(both, enquire, feedback, options).get_description();
  EXPECT_NE(and_maybe.find("AND_MAYBE"), std::string::npos) << and_maybe;

  // Re-rank mode (the default): the typed query's matches only.
  options.expand_adds = false;
  std::string rerank = ExpandQuery(oil, enquire, feedback, options).get_description();
  EXPECT_EQ(rerank.rfind("Query((Zoil AND_MAYBE (", 0), 0u) << rerank;

  options.expand_terms = 0;
  EXPECT_EQ(ExpandQuery(oil, enquire, feedback, options).get_description(), oil.get_description());
}

}  // namespace
}  // namespace newsdex
