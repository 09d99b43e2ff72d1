#include "newsdex/fingerprint.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "newsdex/schema.h"

namespace newsdex {
namespace {

const std::string kStory =
    "The central bank raised its main interest rate by half a point on Thursday, the third "
    "rise this year, saying inflation had proved more stubborn than expected. The governor "
    "told reporters that further increases could not be ruled out if prices kept climbing "
    "through the summer months, while exporters warned of job losses.";

const std::string kOther =
    "Dock workers at the northern port voted to strike from Monday after talks with the "
    "terminal operator broke down over night shifts. The union said about two thousand members "
    "would stop work, and shipping lines began diverting vessels to other harbours along the "
    "coast as the dispute dragged on.";

TEST(FingerprintTest, IdenticalTextsHaveIdenticalSignatures) {
  auto a = MinHashSignature(kStory);
  auto b = MinHashSignature(kStory);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), kMinHashSize);
  EXPECT_EQ(EstimatedSimilarity(*a, *b), 1.0);
}

TEST(FingerprintTest, SmallEditStaysSimilarDifferentStoryDoesNot) {
  std::string edited = kStory;
  edited.replace(edited.find("Thursday"), 8, "Wednesday");
  auto story = MinHashSignature(kStory);
  auto copy = MinHashSignature("REUTERS - " + edited + " Reporting by staff.");
  auto other = MinHashSignature(kOther);
  EXPECT_GE(EstimatedSimilarity(*story, *copy), 0.6);
  EXPECT_LT(EstimatedSimilarity(*story, *other), 0.2);
}

TEST(FingerprintTest, CaseAndPunctuationDoNotMatter) {
  std::string shouted = kStory;
  std::transform(shouted.begin(), shouted.end(), shouted.begin(), ::toupper);
  EXPECT_EQ(*MinHashSignature(kStory), *MinHashSignature(shouted));
}

TEST(FingerprintTest, ShortTextsGetNoSignature) {
  EXPECT_FALSE(MinHashSignature("Shr 12 cts vs 10 cts"));
  EXPECT_FALSE(MinHashSignature(""));
}

TEST(FingerprintTest, EncodeDecodeRoundTrips) {
  auto signature = MinHashSignature(kStory);
  std::string value = EncodeSignature(*signature);
  EXPECT_EQ(value.size(), kMinHashSize * 2);  // 16 bits per entry
  EXPECT_EQ(*DecodeSignature(value), *signature);
  EXPECT_FALSE(DecodeSignature("short"));
  // A 32-bit signature from a format 2 index is not misread.
  EXPECT_FALSE(DecodeSignature(std::string(kMinHashSize * 4, 'x')));
}

TEST(FingerprintTest, ClustersAreKeyedBySmallestIdWhateverTheOrder) {
  std::string copy = kStory + " Reporting by staff.";
  std::vector<FingerprintedArticle> articles = {
      {"c", *MinHashSignature(kStory)},
      {"z", *MinHashSignature(kOther)},
      {"a", *MinHashSignature(copy)},
      {"b", *MinHashSignature("AP: " + kStory)},
  };
  auto keys = ClusterArticles(articles);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "", "a", "a"}));
  std::reverse(articles.begin(), articles.end());
  keys = ClusterArticles(articles);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "a", "", "a"}));
}

TEST(FingerprintTest, CopiesFarApartInTimeAreNotClustered) {
  std::vector<FingerprintedArticle> articles = {
      {"a", *MinHashSignature(kStory), 19870301},
      {"b", *MinHashSignature(kStory), 19870306},  // 5 days later: a copy
      {"c", *MinHashSignature(kStory), 19870420},  // weeks later: a new story
      {"d", *MinHashSignature(kStory), std::nullopt},
  };
  EXPECT_EQ(ClusterArticles(articles), (std::vector<std::string>{"a", "a", "a", "a"}));
  articles.pop_back();  // without the undated bridge, c stands alone
  EXPECT_EQ(ClusterArticles(articles), (std::vector<std::string>{"a", "a", ""}));
  ClusterOptions no_limit;
  no_limit.max_days_apart = 0;
  EXPECT_EQ(ClusterArticles(articles, no_limit), (std::vector<std::string>{"a", "a", "a"}));
}

TEST(FingerprintTest, UpdateClustersWritesTermsAndValues) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto add = [&](const std::string& id, const std::string& text) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + id);
    doc.add_value(schema::kSlotFingerprint, EncodeSignature(*MinHashSignature(text)));
    return db.add_document(doc);
  };
  Xapian::docid first = add("x1", kStory);
  add("x2", kStory + " More.");
  Xapian::docid alone = add("y1", kOther);
  ClusterSummary summary = UpdateClusters(db);
  EXPECT_EQ(summary.fingerprinted, 3u);
  EXPECT_EQ(summary.clustered, 2u);
  EXPECT_EQ(summary.clusters, 1u);
  EXPECT_EQ(db.get_termfreq("XCx1"), 2u);
  EXPECT_EQ(db.get_document(first).get_value(schema::kSlotCluster), "x1");
  EXPECT_EQ(db.get_document(alone).get_value(schema::kSlotCluster), "");
  // Running again changes nothing.
  EXPECT_EQ(UpdateClusters(db).changed, 0u);
}

}  // namespace
}  // namespace newsdex
