#include "newsdex/store/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "newsdex/index/document.h"

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
  StoredArticle article{"reut-00001",
                        "/corpus/reut-00001.txt",
                        19870226,
                        "BAHIA COCOA",
                        "BAHIA COCOA\n\n\"Showers\" continued,\tsaid {x}.\n",
                        true};
  std::string data = EncodeDocData(article);
  EXPECT_EQ(data.front(), '\0') << "the id is not stored: the path gives it";
  StoredArticle back = DecodeDocData(data);
  EXPECT_EQ(back.id, article.id);
  EXPECT_EQ(back.path, article.path);
  EXPECT_EQ(back.date, article.date);
  EXPECT_EQ(back.title, article.title);
  EXPECT_EQ(back.text, article.text);
  EXPECT_TRUE(back.whole_text);
}

TEST(DocDataTest, RoundTripsAnIdUnlikeThePathAndNoDate) {
  // A title over 127 bytes needs a two-byte length.
  StoredArticle article{"custom", "/c/other.txt", std::nullopt, std::string(300, 't'), "body"};
  StoredArticle back = DecodeDocData(EncodeDocData(article));
  EXPECT_EQ(back.id, "custom");
  EXPECT_EQ(back.path, "/c/other.txt");
  EXPECT_FALSE(back.date.has_value());
  EXPECT_EQ(back.title, article.title);
  EXPECT_EQ(back.text, "body");
  EXPECT_FALSE(back.whole_text) << "a sample, as stored by default";
}

TEST(DocDataTest, DamagedDataDecodesToEmptyFields) {
  std::string data = EncodeDocData({"a", "/c/a.txt", 20240229, "Title", "Body"});
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
    StoredArticle back = DecodeDocData(data.substr(0, cut));
    EXPECT_EQ(back.path, "") << cut;
    EXPECT_EQ(back.text, "") << cut;
  }
  EXPECT_EQ(DecodeDocData("\xff\xff\xff\xff\xff\xff").path, "");
}

// The searcher reads ids from the sort keys Xapian hands back instead of
// reading documents (remote shards): the keys must be the stored values, as
// written by the index writer, also for the reversed date sorts.
TEST(TieBreakKeyTest, GivesBackTheIdAndThePathKey) {
  DocumentMaker maker;
  Article article{"story-7", "/news/2023/story-7.txt", "A title", "Some words.", Ymd{20230301}};
  Xapian::Document doc = maker.Make(article);
  const std::string tie_break = doc.get_value(kSlotTieBreak);
  EXPECT_EQ(IdFromSortKey(kSlotTieBreak, tie_break), "story-7");
  EXPECT_EQ(PathKeyFromTieBreak(tie_break), PathKey("/news/2023/story-7.txt"));
  // Both are read from the tie-break key alone: the slots that held them
  // up to format 6 stay empty.
  EXPECT_EQ(doc.get_value(kSlotRetiredId), "");
  EXPECT_EQ(doc.get_value(kSlotRetiredPathKey), "");
  // Nor is the path key a term any more (up to format 7 it was).
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    EXPECT_NE((*it).rfind(kPrefixPathKey, 0), 0u) << *it;
  }
  EXPECT_EQ(PathKeyFromTieBreak("no separator"), "");
  EXPECT_EQ(PathKeyFromTieBreak(std::string("id\0short", 8)), "");
}

TEST(FormatTest, ReadsTheCurrentFormatAndTheOnesBefore) {
  EXPECT_EQ(kFormatVersion, "8");
  EXPECT_TRUE(IsReadableFormat(kFormatVersion));
  EXPECT_TRUE(IsReadableFormat("7"));
  EXPECT_TRUE(IsReadableFormat("6"));
  EXPECT_FALSE(IsReadableFormat("5"));
  EXPECT_FALSE(IsReadableFormat("9"));
  EXPECT_FALSE(IsReadableFormat("70"));
  EXPECT_FALSE(IsReadableFormat(""));
}

TEST(IdFromSortKeyTest, ReadsTheIdsOfEverySortOrder) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  DocumentMaker maker;
  struct Input {
    const char* id;
    std::optional<Ymd> date;
  };
  for (const Input& input :
       {Input{"b-2", 20220301}, Input{"a-1", 20210101}, Input{"c-3", std::nullopt}}) {
    Article article{input.id, std::string("/x/") + input.id + ".txt", "Same title", "same words",
                    input.date};
    db.replace_document(PathKey(article.path), maker.Make(article));
  }
  db.commit();
  auto ids = [&](unsigned slot, bool relevance_first) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(std::string(kPrefixStem) + "same"));
    if (relevance_first) {
      enquire.set_sort_by_relevance_then_value(slot, false);
    } else {
      enquire.set_sort_by_value_then_relevance(slot, true);
    }
    std::vector<std::string> out;
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out.emplace_back(IdFromSortKey(slot, it.get_sort_key()));
    }
    return out;
  };
  EXPECT_EQ(ids(kSlotTieBreak, true), (std::vector<std::string>{"a-1", "b-2", "c-3"}));
  // Undated articles have no date key (and come last): no id from it.
  EXPECT_EQ(ids(kSlotNewestFirst, false), (std::vector<std::string>{"b-2", "a-1", ""}));
  EXPECT_EQ(ids(kSlotOldestFirst, false), (std::vector<std::string>{"a-1", "b-2", ""}));
  EXPECT_EQ(IdFromSortKey(kSlotDate, "a-1"), "");
  EXPECT_EQ(IdFromSortKey(kSlotTieBreak, "no separator"), "");
}

}  // namespace
}  // namespace newsdex::schema
