#include "newsdex/news/fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "newsdex/store/schema.h"

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
  EXPECT_EQ(value.size(), kMinHashSize);  // 8 bits per entry
  EXPECT_EQ(*DecodeSignature(value), *signature);
  // Format 6 and older kept 16 bits per entry, little-endian: their low
  // bytes are the entries.
  std::string old_value;
  for (std::uint8_t entry : *signature) {
    old_value += static_cast<char>(entry);
    old_value += static_cast<char>(0xA5);
  }
  EXPECT_EQ(*DecodeSignature(old_value), *signature);
  EXPECT_FALSE(DecodeSignature("short"));
  // A 32-bit signature from a format 2 index is not misread.
  EXPECT_FALSE(DecodeSignature(std::string(kMinHashSize * 4, 'x')));
}

TEST(FingerprintTest, ClustersAreKeyedBySmallestIdWhateverTheOrder) {
  std::string copy = kStory + " Reporting by staff.";
  std::vector<FingerprintedArticle> articles = {
      {"c", *MinHashSignature(kStory), std::nullopt},
      {"z", *MinHashSignature(kOther), std::nullopt},
      {"a", *MinHashSignature(copy), std::nullopt},
      {"b", *MinHashSignature("AP: " + kStory), std::nullopt},
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
  // The undated copy joins a's cluster, but c, weeks after a (the cluster's
  // first article), is never chained in through it.
  EXPECT_EQ(ClusterArticles(articles), (std::vector<std::string>{"a", "a", "", "a"}));
  articles.pop_back();
  EXPECT_EQ(ClusterArticles(articles), (std::vector<std::string>{"a", "a", ""}));
  ClusterOptions no_limit;
  no_limit.max_days_apart = 0;
  EXPECT_EQ(ClusterArticles(articles, no_limit), (std::vector<std::string>{"a", "a", "a"}));
}

// Two signatures that agree on their first `agree` positions (so they share
// the first band and are always compared) and on no other.
std::vector<FingerprintedArticle> PairAgreeingOn(std::size_t agree) {
  Signature a(kMinHashSize), b(kMinHashSize);
  for (std::size_t i = 0; i < kMinHashSize; ++i) {
    a[i] = static_cast<std::uint8_t>(i);
    b[i] = static_cast<std::uint8_t>(i < agree ? i : 128 + i);
  }
  return {{"a", a, 20230301}, {"b", b, 20230302}};
}

TEST(FingerprintTest, NearCopiesFromSixtyPercentOfSignatureAgreeing) {
  // Of 64 positions a share of 1/256 agrees by chance, which the estimate
  // takes out: 39 agreeing positions (0.608) make a near-copy at 0.6, 38
  // (0.592) do not.
  EXPECT_DOUBLE_EQ(
      EstimatedSimilarity(PairAgreeingOn(39)[0].signature, PairAgreeingOn(39)[1].signature),
      (39.0 / 64 - 1.0 / 256) / (1 - 1.0 / 256));
  EXPECT_DOUBLE_EQ(
      EstimatedSimilarity(PairAgreeingOn(64)[0].signature, PairAgreeingOn(64)[1].signature), 1.0);
  EXPECT_DOUBLE_EQ(
      EstimatedSimilarity(PairAgreeingOn(0)[0].signature, PairAgreeingOn(0)[1].signature), 0.0);
  EXPECT_EQ(ClusterArticles(PairAgreeingOn(39)), (std::vector<std::string>{"a", "a"}));
  EXPECT_EQ(ClusterArticles(PairAgreeingOn(38)), (std::vector<std::string>{"", ""}));
  EXPECT_EQ(ClusterArticles(PairAgreeingOn(64)), (std::vector<std::string>{"a", "a"}));
  // --similarity 0.75: 49 of 64 (0.752) is enough, 48 (0.749) is not.
  ClusterOptions strict;
  strict.min_similarity = 0.75;
  EXPECT_EQ(ClusterArticles(PairAgreeingOn(49), strict), (std::vector<std::string>{"a", "a"}));
  EXPECT_EQ(ClusterArticles(PairAgreeingOn(48), strict), (std::vector<std::string>{"", ""}));
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

// An update reclusters only around its changes, which is only right if it
// leaves what reclustering everything would: the full pass then changes
// nothing.
TEST(FingerprintTest, UpdateClustersAroundMatchesAFullRecluster) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  // Variants of two stories on nearby days: copies link within 7 days, so
  // chains form and break as documents come and go.
  auto text = [](int story, int variant) {
    return (story == 0 ? kStory : kOther) + " Update " + std::to_string(variant) + ".";
  };
  auto make = [&](const std::string& id, int story, int variant, int day) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + id);
    doc.add_value(schema::kSlotTieBreak, schema::TieBreakKey(id, schema::PathKey(id)));
    doc.add_value(schema::kSlotDate,
                  "202303" + std::string(day < 10 ? "0" : "") + std::to_string(day));
    doc.add_value(schema::kSlotFingerprint,
                  EncodeSignature(*MinHashSignature(text(story, variant))));
    return doc;
  };
  std::vector<Xapian::docid> docids;
  for (int i = 0; i < 12; ++i) {
    docids.push_back(
        db.add_document(make("d" + std::to_string(10 + i), i % 2, i, 1 + 4 * (i / 2))));
  }
  UpdateClusters(db);
  ASSERT_GT(UpdateClusters(db).clusters, 0u);

  auto old_key = [&](Xapian::docid did) {
    return db.get_document(did).get_value(schema::kSlotCluster);
  };
  struct Step {
    const char* name;
    std::function<void(ClusterChanges&)> change;
  };
  std::vector<Step> steps = {
      {"remove a bridge",
       [&](ClusterChanges& c) {
         c.old_keys.push_back(old_key(docids[4]));
         db.delete_document(docids[4]);
       }},
      {"add a copy with a smaller id",
       [&](ClusterChanges& c) { c.changed.push_back(db.add_document(make("a0", 1, 99, 14))); }},
      {"edit one into the other story",
       [&](ClusterChanges& c) {
         c.old_keys.push_back(old_key(docids[6]));
         db.replace_document(docids[6], make("d16", 1, 6, 13));
         c.changed.push_back(docids[6]);
       }},
      {"put the bridge back",
       [&](ClusterChanges& c) { c.changed.push_back(db.add_document(make("d14", 0, 4, 9))); }},
      {"remove a cluster's key holder",
       [&](ClusterChanges& c) {
         c.old_keys.push_back(old_key(docids[0]));
         db.delete_document(docids[0]);
       }},
      {"nothing", [](ClusterChanges&) {}},
  };
  for (const Step& step : steps) {
    ClusterChanges changes;
    step.change(changes);
    ClusterSummary around = UpdateClustersAround(db, changes);
    ClusterSummary full = UpdateClusters(db);
    EXPECT_EQ(full.changed, 0u) << step.name;
    EXPECT_EQ(around.clusters, full.clusters) << step.name;
    EXPECT_EQ(around.clustered, full.clustered) << step.name;
  }
}

// A new copy linked to one member of a cluster changes the key of
// every member, also of one that shares no LSH band with the copy (chained
// through another member).
TEST(FingerprintTest, UpdateClustersAroundReachesMembersOutsideTheBuckets) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Signature a(kMinHashSize), b(kMinHashSize), c(kMinHashSize);
  for (std::uint32_t i = 0; i < kMinHashSize; ++i) {
    a[i] = i + 1;
    b[i] = i < 48 ? a[i] : 1000 + i;  // 0.75 like a, shares bands 0-11
    // 0.81 like b; like a only 0.56 and in no band (one differing row in
    // each of bands 0-11, and b's rows in bands 12-15).
    c[i] = (i < 48 && i % kRowsPerBand == 0) ? 2000 + i : b[i];
  }
  auto add = [&](const std::string& id, const Signature& signature) {
    Xapian::Document doc;
    doc.add_boolean_term("Q" + id);
    doc.add_value(schema::kSlotTieBreak, schema::TieBreakKey(id, schema::PathKey(id)));
    doc.add_value(schema::kSlotFingerprint, EncodeSignature(signature));
    return db.add_document(doc);
  };
  Xapian::docid first = add("m1", a);
  add("m2", b);
  Xapian::docid third = add("m3", c);
  // m3 is like m2 but not like m1, which starts the cluster: no chain.
  ASSERT_EQ(UpdateClusters(db).clustered, 2u);
  ASSERT_EQ(db.get_document(first).get_value(schema::kSlotCluster), "m1");
  ASSERT_EQ(db.get_document(third).get_value(schema::kSlotCluster), "");

  ClusterChanges changes;
  changes.changed.push_back(add("a0", c));  // a copy of m3, first in order
  ClusterSummary summary = UpdateClustersAround(db, changes);
  // a0 now starts a cluster that takes m2 (more like it than m1) and m3.
  EXPECT_EQ(summary.clustered, 3u);
  EXPECT_EQ(summary.clusters, 1u);
  EXPECT_EQ(db.get_document(first).get_value(schema::kSlotCluster), "");
  EXPECT_EQ(db.get_document(third).get_value(schema::kSlotCluster), "a0");
  EXPECT_EQ(UpdateClusters(db).changed, 0u);
}

// A run of near-copies longer than the rounds the closure grows in: each
// links only to its neighbours, and removing the first shifts every pair
// along the run to its far end.
TEST(FingerprintTest, UpdateClustersAroundFollowsARunOfAnyLength) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const int kRun = 40;
  Signature signature(kMinHashSize);
  for (std::uint32_t i = 0; i < kMinHashSize; ++i) signature[i] = i + 1;
  std::vector<Xapian::docid> docids;
  for (int k = 0; k < kRun; ++k) {
    // Each step rewrites 4 of the 16 bands, in turn: neighbours agree on
    // 0.75 and share 12 bands, articles two apart agree on only 0.5.
    const std::size_t first = (k % 4) * 4 * kRowsPerBand;
    for (std::size_t i = first; i < first + 4 * kRowsPerBand; ++i) {
      // Different at each step, and never the starting i + 1.
      signature[i] = static_cast<std::uint8_t>(100 + 5 * k + i);
    }
    const std::string id = std::string(k < 10 ? "c0" : "c") + std::to_string(k);
    Xapian::Document doc;
    doc.add_boolean_term("Q" + id);
    doc.add_value(schema::kSlotTieBreak, schema::TieBreakKey(id, schema::PathKey(id)));
    doc.add_value(schema::kSlotDate, "20230301");
    doc.add_value(schema::kSlotFingerprint, EncodeSignature(signature));
    docids.push_back(db.add_document(doc));
  }
  auto key = [&](int k) { return db.get_document(docids[k]).get_value(schema::kSlotCluster); };
  ASSERT_EQ(UpdateClusters(db).clusters, static_cast<std::size_t>(kRun / 2));
  ASSERT_EQ(key(kRun - 1), "c38");

  ClusterChanges changes;
  changes.old_keys.push_back(key(0));
  db.delete_document(docids[0]);
  ClusterSummary around = UpdateClustersAround(db, changes);
  EXPECT_EQ(around.changed, static_cast<std::size_t>(kRun - 1));
  EXPECT_EQ(key(1), "c01");
  EXPECT_EQ(key(kRun - 2), "c37");
  EXPECT_EQ(key(kRun - 1), "");
  EXPECT_EQ(UpdateClusters(db).changed, 0u);
}

}  // namespace
}  // namespace newsdex
