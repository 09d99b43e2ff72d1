#include "newsdex/search/ranking.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "newsdex/search/query_builder.h"
#include "text_document.h"

namespace newsdex {
namespace {

TEST(RankingTest, ParsesWeightingNames) {
  for (const char* name : {"bm25", "bm25+", "pl2", "dlh", "lm", "tfidf"}) {
    auto parsed = ParseWeighting(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(WeightingName(*parsed), name);
    auto weight = MakeWeight(RankingOptions{*parsed});
    ASSERT_TRUE(weight.ok()) << name;
    EXPECT_NE(*weight, nullptr);
  }
  auto bad = ParseWeighting("okapi");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bm25, bm25+"), std::string::npos);
}

TEST(RankingTest, NormalisedIndexGivesBm25OnlyWithItsB) {
  TermWeights normalized = NormalizedTermWeights();
  for (const char* name : {"bm25", "bm25+"}) {
    auto weight = MakeWeight(RankingOptions{*ParseWeighting(name)}, normalized);
    ASSERT_TRUE(weight.ok()) << name;
  }
  for (const char* name : {"pl2", "dlh", "lm", "tfidf"}) {
    auto weight = MakeWeight(RankingOptions{*ParseWeighting(name)}, normalized);
    ASSERT_FALSE(weight.ok()) << name;
    EXPECT_NE(weight.error().message.find("--exact-tf"), std::string::npos);
  }
  RankingOptions other_b;
  ASSERT_TRUE(ParseBm25Params("2,0.75", &other_b).ok());
  auto weight = MakeWeight(other_b, normalized);
  ASSERT_FALSE(weight.ok());
  EXPECT_NE(weight.error().message.find("b=0.4"), std::string::npos);
  ASSERT_TRUE(ParseBm25Params("2,0.4", &other_b).ok());
  EXPECT_TRUE(MakeWeight(other_b, normalized).ok());
}

// With the reference length equal to the collection's average length, a
// normalised index ranks like Xapian's own BM25 over raw counts, and each
// score is the raw one times (k1 * scale + 1) / (k1 + 1), up to rounding.
TEST(RankingTest, NormalisedBm25RanksLikeBm25) {
  const std::vector<std::string> texts = {
      "kestrel falcon kestrel hawk",
      "kestrel",
      "the kestrel hovered over the long grass of the meadow for a while",
      "falcon hawk owl kite buzzard harrier kestrel kestrel kestrel merlin",
      "owl owl owl owl owl",
      "kestrel sightings kestrel counts kestrel nests in the old quarry kestrel",
  };
  Xapian::WritableDatabase raw(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& text : texts) raw.add_document(TextDocument(text));
  TermWeights weights{true, 0.4, 16, raw.get_avlength()};
  Xapian::WritableDatabase normalized(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& text : texts) {
    Xapian::Document doc = TextDocument(text);
    NormalizeTermWeights(weights, &doc);
    normalized.add_document(doc);
  }
  RankingOptions options;
  auto raw_weight = MakeWeight(options, TermWeights{});
  auto fast_weight = MakeWeight(options, weights);
  ASSERT_TRUE(raw_weight.ok());
  ASSERT_TRUE(fast_weight.ok());
  auto rank = [](Xapian::Database db, const Xapian::Weight& weight) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("kestrel"));
    enquire.set_weighting_scheme(weight);
    std::vector<std::pair<Xapian::docid, double>> out;
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  };
  auto expected = rank(raw, **raw_weight);
  auto got = rank(normalized, **fast_weight);
  ASSERT_EQ(expected.size(), 5u);
  ASSERT_EQ(got.size(), expected.size());
  const double factor = (options.k1 * 16 + 1) / (options.k1 + 1);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, expected[i].first) << i;
    EXPECT_NEAR(got[i].second / (expected[i].second * factor), 1.0, 0.03) << i;
  }
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
  EXPECT_EQ(query->get_description(), "Query((Zprice@1 PHRASE 3 Zof@2 PHRASE 3 Zoil@3))");
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
  std::string expanded = ExpandQuery(filtered, db, enquire, feedback, options).get_description();
  EXPECT_EQ(expanded.rfind("Query(((Zoil OR (", 0), 0u) << expanded;
  EXPECT_NE(expanded.find("Zcrude"), std::string::npos) << expanded;
  EXPECT_NE(expanded.find("Zbarrel"), std::string::npos) << expanded;
  EXPECT_NE(expanded.find("FILTER VALUE_RANGE"), std::string::npos) << expanded;

  // Required parts stay required: expansion only re-ranks.
  Xapian::Query both(Xapian::Query::OP_AND, oil, Xapian::Query("Zcrude"));
  std::string and_maybe = ExpandQuery(both, db, enquire, feedback, options).get_description();
  EXPECT_NE(and_maybe.find("AND_MAYBE"), std::string::npos) << and_maybe;

  // Re-rank mode (the default): the typed query's matches only.
  options.expand_adds = false;
  std::string rerank = ExpandQuery(oil, db, enquire, feedback, options).get_description();
  EXPECT_EQ(rerank.rfind("Query((Zoil AND_MAYBE (", 0), 0u) << rerank;

  options.expand_terms = 0;
  EXPECT_EQ(ExpandQuery(oil, db, enquire, feedback, options).get_description(),
            oil.get_description());
}

}  // namespace
}  // namespace newsdex
