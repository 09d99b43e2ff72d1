#include "newsdex/news/signature_spool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

// Articles whose signatures form near-copy families: each family member
// differs from its family's base in a few positions (some in the same LSH
// band, some not), some families are spread over dates far apart, and many
// articles have no copy at all. Ids do not follow the order.
std::vector<FingerprintedArticle> MakeArticles(std::size_t families, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<FingerprintedArticle> articles;
  for (std::size_t f = 0; f < families; ++f) {
    Signature base(kMinHashSize);
    for (auto& v : base) v = static_cast<std::uint8_t>(random());
    std::size_t copies = 1 + random() % 4;
    for (std::size_t c = 0; c < copies; ++c) {
      FingerprintedArticle article;
      article.id = "a" + std::to_string(random() % 100000) + "-" + std::to_string(f * 10 + c);
      article.signature = base;
      std::size_t changes = random() % 40;  // 0..39 of 64 positions differ
      for (std::size_t k = 0; k < changes; ++k) {
        article.signature[random() % kMinHashSize] = static_cast<std::uint8_t>(random());
      }
      if (random() % 5 != 0) article.date = 20200101 + static_cast<int>(random() % 3) * 100;
      articles.push_back(article);
    }
  }
  std::shuffle(articles.begin(), articles.end(), random);
  return articles;
}

// Writes `articles` into `spools` spool files (consecutive slices) and
// clusters them from there; returns the key of each article ("" unclustered).
std::vector<std::string> ClusterThroughSpools(const std::vector<FingerprintedArticle>& articles,
                                              std::size_t spools, const std::string& dir) {
  std::vector<std::string> paths;
  for (std::size_t s = 0; s < spools; ++s) {
    paths.push_back(dir + "/spool-" + std::to_string(s));
    auto spool = SignatureSpool::Create(paths.back());
    EXPECT_TRUE(spool.ok());
    std::size_t begin = articles.size() * s / spools, end = articles.size() * (s + 1) / spools;
    for (std::size_t i = begin; i < end; ++i) {
      // Docids count from 1 in each spool, as in each writer's database.
      spool->Add(articles[i].signature, articles[i].date, static_cast<std::uint32_t>(i - begin + 1),
                 static_cast<std::uint32_t>(i));
    }
    EXPECT_EQ(spool->count(), end - begin);
    EXPECT_TRUE(spool->Finish().ok());
  }
  auto clustered = ClusterSpools(
      paths, [&](std::uint32_t ref) { return articles.at(ref).id; }, ClusterOptions{});
  EXPECT_TRUE(clustered.ok()) << (clustered.ok() ? "" : clustered.error().message);
  std::vector<std::string> keys(articles.size());
  if (!clustered.ok()) return keys;
  std::size_t previous = 0;
  for (const auto& member : *clustered) {
    EXPECT_LE(previous, member.ref) << "members come in record order";
    previous = member.ref;
    std::size_t begin = articles.size() * member.spool / spools;
    EXPECT_EQ(member.ref, begin + member.docid - 1) << "spool and docid name the record";
    keys.at(member.ref) = member.key;
  }
  return keys;
}

TEST(SignatureSpoolTest, SameClustersAsClusteringEverythingInMemory) {
  ScopedTempDir dir;
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    std::vector<FingerprintedArticle> articles = MakeArticles(400, seed);
    std::vector<std::string> expected = ClusterArticles(articles);
    std::size_t clustered = 0;
    for (const auto& key : expected) clustered += !key.empty();
    // The data must exercise both outcomes for the comparison to mean anything.
    ASSERT_GT(clustered, 100u);
    ASSERT_LT(clustered, articles.size() - 100);
    for (std::size_t spools : {1u, 3u}) {
      EXPECT_EQ(ClusterThroughSpools(articles, spools, dir.path()), expected)
          << "seed " << seed << ", " << spools << " spools";
    }
  }
}

TEST(SignatureSpoolTest, NoArticlesNoClusters) {
  ScopedTempDir dir;
  auto spool = SignatureSpool::Create(dir.path() + "/empty");
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE(spool->Finish().ok());
  auto clustered = ClusterSpools({dir.path() + "/empty"}, [](std::uint32_t) { return ""; });
  ASSERT_TRUE(clustered.ok());
  EXPECT_TRUE(clustered->empty());
}

TEST(SignatureSpoolTest, DamagedOrMissingSpoolIsAnError) {
  ScopedTempDir dir;
  std::string path = dir.path() + "/short";
  {
    std::ofstream out(path);
    out << "not a whole record";
  }
  auto damaged = ClusterSpools({path}, [](std::uint32_t) { return ""; });
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.error().message.find("damaged"), std::string::npos);
  auto missing = ClusterSpools({dir.path() + "/none"}, [](std::uint32_t) { return ""; });
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot read"), std::string::npos);
  auto unwritable = SignatureSpool::Create(dir.path() + "/no/such/folder/spool");
  EXPECT_FALSE(unwritable.ok());
}

}  // namespace
}  // namespace newsdex
