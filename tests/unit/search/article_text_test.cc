#include "newsdex/search/article_text.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdex/corpus/article.h"
#include "newsdex/index/build.h"
#include "newsdex/store/open.h"
#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

// Long enough that the stored sample is only the start of it.
const std::string kLong =
    " date 2023-03-23 Central Bank Lifts Interest Rate\n\n"
    "The central bank raised its interest rate by half a point on Thursday and "
    "signalled that it may be close to the end of its tightening campaign. "
    "Inflation fell in February, still well above the target, and the bank said "
    "wages were rising faster than it had expected at the start of the year. "
    "Economists had expected the move. The currency rose against the dollar "
    "after the decision, and shares of the largest lenders gained in late trade, "
    "while the yield on the ten-year bond fell for a third day.\n";
const std::string kShort =
    " date 2023-03-24 Harbour Strike Ends\n\nDock workers returned on Friday.\n";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class ArticleTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    long_path_ = dir_.WriteFile("corpus/long.txt", kLong);
    short_path_ = dir_.WriteFile("corpus/short.txt", kShort);
  }

  // Builds the index (with or without the whole text) and opens it.
  Xapian::Database Build(bool store_text) {
    BuildOptions options;
    options.folders = {dir_.path() + "/corpus"};
    options.db_path = dir_.path() + "/index";
    options.document.store_text = store_text;
    auto built = BuildIndex(options, [](const FileEvent&) {});
    EXPECT_TRUE(built.ok()) << built.error().message;
    auto db = OpenIndex(options.db_path);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return *db;
  }

  // The document of the file `path` and its text.
  ArticleText Load(const Xapian::Database& db, const std::string& path,
                   schema::StoredArticle* stored) {
    Xapian::Document doc = DocumentOf(db, path);
    *stored = schema::DecodeDocData(doc.get_data());
    return LoadArticleText(doc, *stored);
  }

  // The document of the file at `path`, found by the path key in its
  // tie-break value (as update finds it).
  Xapian::Document DocumentOf(const Xapian::Database& db, const std::string& path) {
    const std::string key = schema::PathKey(path);
    for (auto it = db.valuestream_begin(schema::kSlotTieBreak);
         it != db.valuestream_end(schema::kSlotTieBreak); ++it) {
      if (schema::PathKeyFromTieBreak(*it) == key) return db.get_document(it.get_docid());
    }
    ADD_FAILURE() << "no document for " << path;
    return Xapian::Document();
  }

  // The body the indexer parsed from the file as it is now.
  std::string BodyOnDisk(const std::string& path) {
    return ParseArticle(Read(path), path).article->body;
  }

  ScopedTempDir dir_;
  std::string long_path_;
  std::string short_path_;
};

TEST_F(ArticleTextTest, AnUnchangedFileGivesTheBodyThatWasIndexed) {
  Xapian::Database db = Build(false);
  schema::StoredArticle stored;
  for (const std::string& path : {long_path_, short_path_}) {
    ArticleText text = Load(db, path, &stored);
    EXPECT_EQ(text.source, TextSource::kFile) << path;
    EXPECT_EQ(text.body, BodyOnDisk(path)) << path;
  }
}

TEST_F(ArticleTextTest, TheBodyIsTakenFromWhereTheIndexerFoundItInTheFile) {
  // Windows-1252: the body is recoded, so not a run of the file's bytes,
  // and the file is parsed again.
  const std::string recoded_path = dir_.WriteFile(
      "corpus/recoded.txt", " date 2023-03-25 Caf\xe9 Reopens\n\nThe caf\xe9 is open.\n");
  Xapian::Database db = Build(false);
  schema::StoredArticle stored;
  ArticleText text = Load(db, long_path_, &stored);
  ASSERT_GT(stored.body_size, 0u);
  EXPECT_EQ(Read(long_path_).substr(stored.body_offset, stored.body_size), BodyOnDisk(long_path_));
  EXPECT_EQ(text.body, BodyOnDisk(long_path_));
  // Taken from there, not parsed: a span moved by one byte moves the body.
  Xapian::Document doc = DocumentOf(db, long_path_);
  ++stored.body_offset;
  EXPECT_EQ(LoadArticleText(doc, stored).body,
            Read(long_path_).substr(stored.body_offset, stored.body_size));
  text = Load(db, recoded_path, &stored);
  EXPECT_EQ(stored.body_size, 0u);
  EXPECT_EQ(text.source, TextSource::kFile);
  EXPECT_EQ(text.body, BodyOnDisk(recoded_path));
  EXPECT_NE(text.body.find("Caf\u00e9"), std::string::npos) << text.body;
}

TEST_F(ArticleTextTest, TheIndexKeepsOnlyASampleOfTheStart) {
  Xapian::Database db = Build(false);
  schema::StoredArticle stored;
  Load(db, long_path_, &stored);
  EXPECT_FALSE(stored.whole_text);
  const std::string body = BodyOnDisk(long_path_);
  ASSERT_GT(body.size(), schema::kSampleBytes);
  EXPECT_LE(stored.text.size(), schema::kSampleBytes);
  EXPECT_GT(stored.text.size(), schema::kSampleBytes / 2);
  EXPECT_EQ(body.compare(0, stored.text.size(), stored.text), 0) << stored.text;
  // Cut before a space, not inside a word.
  EXPECT_EQ(body[stored.text.size()], ' ') << stored.text;
  Load(db, short_path_, &stored);
  EXPECT_EQ(stored.text, BodyOnDisk(short_path_)) << "a short article is its own sample";
}

TEST_F(ArticleTextTest, AnEditedFileGivesTheStoredSample) {
  Xapian::Database db = Build(false);
  std::string edited = kLong;
  edited[edited.find("half")] = 'H';  // same size, other bytes
  dir_.WriteFile("corpus/long.txt", edited);
  schema::StoredArticle stored;
  ArticleText text = Load(db, long_path_, &stored);
  EXPECT_EQ(text.source, TextSource::kSample);
  EXPECT_EQ(text.body, stored.text);
  dir_.WriteFile("corpus/long.txt", kLong + "More.\n");  // grown
  EXPECT_EQ(Load(db, long_path_, &stored).source, TextSource::kSample);
}

TEST_F(ArticleTextTest, AMissingFileGivesTheStoredSample) {
  Xapian::Database db = Build(false);
  std::filesystem::remove(long_path_);
  schema::StoredArticle stored;
  ArticleText text = Load(db, long_path_, &stored);
  EXPECT_EQ(text.source, TextSource::kSample);
  EXPECT_EQ(text.body, stored.text);
  EXPECT_FALSE(text.body.empty());
}

TEST_F(ArticleTextTest, StoreTextKeepsTheWholeBodyAndNeedsNoFile) {
  Xapian::Database db = Build(true);
  const std::string body = BodyOnDisk(long_path_);
  std::filesystem::remove(long_path_);
  schema::StoredArticle stored;
  ArticleText text = Load(db, long_path_, &stored);
  EXPECT_TRUE(stored.whole_text);
  EXPECT_EQ(text.source, TextSource::kIndex);
  EXPECT_EQ(text.body, body);
}

}  // namespace
}  // namespace newsdex
