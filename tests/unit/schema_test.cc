#include "newsdex/schema.h"

#include <string>

#include <gtest/gtest.h>

namespace newsdex::schema {
namespace {

TEST(PathKeyTest, FixedSizeWhateverThePathLength) {
  std::string long_path = "/news/" + std::string(300, 'x') + ".txt";
  for (const std::string& path : {std::string("/a.txt"), long_path}) {
    std::string key = PathKey(path);
    EXPECT_EQ(key.size(), kPrefixPathKey.size() + 8) << path;
    EXPECT_EQ(key.substr(0, kPrefixPathKey.size()), kPrefixPathKey) << path;
    EXPECT_EQ(PathKeyHash(key), key.substr(kPrefixPathKey.size())) << path;
  }
}

TEST(PathKeyTest, StableAndDistinct) {
  // Stored in indexes: the same path must give the same key in every build.
  EXPECT_EQ(PathKey("/corpus/a.txt"), PathKey("/corpus/a.txt"));
  EXPECT_NE(PathKey("/corpus/a.txt"), PathKey("/corpus/b.txt"));
  EXPECT_NE(PathKey("/corpus/a.txt"), PathKey("/corpus2/a.txt"));
}

TEST(DocDataTest, RoundTripsWithTheIdTakenFromThePath) {
  StoredArticle article{"reut-00001", "/corpus/reut-00001.txt", 19870226, "BAHIA COCOA",
                        "BAHIA COCOA\n\n\"Showers\" continued,\tsaid {x}.\n"};
  std::string data = EncodeDocData(article);
  EXPECT_EQ(data.front(), '\0') << "the id is not stored: the path gives it";
  StoredArticle back = DecodeDocData(data);
  EXPECT_EQ(back.id, article.id);
  EXPECT_EQ(back.path, article.path);
  EXPECT_EQ(back.date, article.date);
  EXPECT_EQ(back.title, article.title);
  EXPECT_EQ(back.body, article.body);
}

TEST(DocDataTest, RoundTripsAnIdUnlikeThePathAndNoDate) {
  // A title over 127 bytes needs a two-byte length.
  StoredArticle article{"custom", "/c/other.txt", std::nullopt, std::string(300, 't'), "body"};
  StoredArticle back = DecodeDocData(EncodeDocData(article));
  EXPECT_EQ(back.id, "custom");
  EXPECT_EQ(back.path, "/c/other.txt");
  EXPECT_FALSE(back.date.has_value());
  EXPECT_EQ(back.title, article.title);
  EXPECT_EQ(back.body, "body");
}

TEST(DocDataTest, DamagedDataDecodesToEmptyFields) {
  std::string data = EncodeDocData({"a", "/c/a.txt", 20240229, "Title", "Body"});
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
    StoredArticle back = DecodeDocData(data.substr(0, cut));
    EXPECT_EQ(back.path, "") << cut;
    EXPECT_EQ(back.body, "") << cut;
  }
  EXPECT_EQ(DecodeDocData("\xff\xff\xff\xff\xff\xff").path, "");
}

}  // namespace
}  // namespace newsdex::schema
