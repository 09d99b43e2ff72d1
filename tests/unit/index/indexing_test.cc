#include "newsdex/index/indexing.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <string>
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

SpellingCollector CollectorOf(const std::vector<std::vector<std::string>>& documents) {
  SpellingCollector collector;
  for (const auto& terms : documents) {
    Xapian::Document doc;
    for (const auto& term : terms) doc.add_term(term);
    collector.Add(doc);
  }
  return collector;
}

const std::vector<std::vector<std::string>> kDocuments = {
    {"harbour", "crane", "storm", "XPwhatever", "1986", "qq"},
    {"harbour", "ferry", "timetable"},
    {"harbour", "crane"},
};

const std::map<std::string, Xapian::doccount> kWords = {
    {"crane", 2}, {"ferry", 1}, {"harbour", 3}, {"storm", 1}, {"timetable", 1}};

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
