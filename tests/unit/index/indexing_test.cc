#include "newsdex/index/indexing.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

// The spelling words of the database at `path` as a reader opened now sees
// them, with their frequencies.
std::map<std::string, Xapian::doccount> Spellings(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, Xapian::doccount> words;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    words[*it] = it.get_termfreq();
  }
  return words;
}

// Articles (title, body) made into documents by one DocumentMaker, their
// words collected after each (as an update does) or once at the end (as a
// build's thread does).
SpellingCollector CollectorOf(const std::vector<std::pair<std::string, std::string>>& articles,
                              bool after_each = false) {
  DocumentMaker maker;
  SpellingCollector collector;
  for (const auto& [title, body] : articles) {
    Article article;
    article.id = "a";
    article.path = "/c/a.txt";
    article.title = title;
    article.body = body;
    maker.Make(article);
    if (after_each) collector.AddWords(maker);
  }
  collector.AddWords(maker);
  return collector;
}

// Words counted by the articles holding them, however often and in
// whichever case; numbers and words under three letters are left out.
const std::vector<std::pair<std::string, std::string>> kDocuments = {
    {"Harbour crane", "Storm at the harbour, 1986: qq crane CRANE."},
    {"", "harbour ferry timetable"},
    {"Harbour", "crane"},
};

const std::map<std::string, Xapian::doccount> kWords = {
    {"crane", 2}, {"ferry", 1}, {"harbour", 3}, {"storm", 1}, {"the", 1}, {"timetable", 1}};

TEST(SpellingCollectorTest, CountsEachWordByTheArticlesHoldingIt) {
  for (bool after_each : {false, true}) {
    SCOPED_TRACE(after_each);
    ScopedTempDir dir;
    const std::string path = dir.path() + "/db";
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    CollectorOf(kDocuments, after_each).WriteTo(db);
    db.commit();
    EXPECT_EQ(Spellings(path), kWords);
  }
}

TEST(DocumentMakerTest, KeepsTheWordCountsOfAVocabularyLargerThanTheStemMemo) {
  // The maker's stem memo starts over past 2^18 words; the counts must not.
  std::string body;
  constexpr int kWordsInBody = (1 << 18) + 1000;
  for (int i = 0; i < kWordsInBody; ++i) body += "w" + std::to_string(i) + " ";
  DocumentMaker maker;
  for (const std::string& text : {body, std::string("w100 w200000 w262999")}) {
    Article article;
    article.id = "a";
    article.path = "/c/a.txt";
    article.body = text;
    maker.Make(article);
  }
  std::unordered_map<std::string, Xapian::termcount> words;
  maker.TakeWordCounts(words);
  EXPECT_EQ(words.size(), static_cast<std::size_t>(kWordsInBody));
  EXPECT_EQ(words["w0"], 1u);
  EXPECT_EQ(words["w100"], 2u);
  EXPECT_EQ(words["w200000"], 2u);
  EXPECT_EQ(words["w262999"], 2u);
  EXPECT_EQ(words["w263000"], 1u);
  // Taken once: the next call adds nothing.
  std::unordered_map<std::string, Xapian::termcount> again;
  maker.TakeWordCounts(again);
  EXPECT_TRUE(again.empty());
}

TEST(SpellingCollectorTest, WritesEveryWordOnceWithItsArticles) {
  ScopedTempDir dir;
  const std::string path = dir.path() + "/db";
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
  SpellingCollector collector = CollectorOf(kDocuments);
  collector.WriteTo(db);
  EXPECT_TRUE(Spellings(path).empty());  // nothing committed yet
  db.commit();
  EXPECT_EQ(Spellings(path), kWords);
  collector.WriteTo(db);  // forgotten once written
  db.commit();
  EXPECT_EQ(Spellings(path), kWords);
}

TEST(SpellingCollectorTest, CommitsAfterEachBatchOfWords) {
  for (std::size_t per_commit : {1u, 2u, 3u, 5u, 6u}) {
    SCOPED_TRACE(per_commit);
    ScopedTempDir dir;
    const std::string path = dir.path() + "/db";
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    SpellingCollector collector = CollectorOf(kDocuments);
    collector.WriteTo(db, per_commit);
    EXPECT_EQ(Spellings(path).size(), kWords.size() / per_commit * per_commit);
    db.commit();
    EXPECT_EQ(Spellings(path), kWords);
  }
}

}  // namespace
}  // namespace newsdex
