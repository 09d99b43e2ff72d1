#include "newsdex/search/snippet.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

#include "newsdex/index/document.h"
#include "newsdex/search/results.h"

namespace newsdex {
namespace {

const std::string kOn(1, kHighlightStart);
const std::string kOff(1, kHighlightEnd);

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    DocumentMaker maker;
    const char* bodies[] = {"The port strike ended.", "Cargo ships waited at the port.",
                            "Rockets launched from the cape.", "A quiet day."};
    int n = 0;
    for (const char* body : bodies) {
      Article article;
      article.id = "a" + std::to_string(n);
      article.path = "/c/a" + std::to_string(n++) + ".txt";
      article.title = "t";
      article.body = body;
      db_.add_document(maker.Make(article));
    }
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_database(db_);
    parser_.add_prefix("title", "S");
  }

  std::string Snip(const std::string& query, const std::string& text, std::size_t bytes = 200) {
    Xapian::Query q = parser_.parse_query(
        query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
    return SnippetMaker(q, db_).Make(text, bytes);
  }

  Xapian::WritableDatabase db_;
  Xapian::QueryParser parser_;
};

TEST_F(SnippetTest, HighlightsInflectedFormsOfTheTypedWord) {
  EXPECT_EQ(Snip("launches", "Kestrel launched a rocket. The launch went well."),
            "Kestrel " + kOn + "launched" + kOff + " a rocket. The " + kOn + "launch" + kOff +
                " went well.");
}

TEST_F(SnippetTest, EmptyWhenNoQueryWordOccurs) {
  EXPECT_EQ(Snip("cargo", "Nothing to see here."), "");
  EXPECT_EQ(Snip("date:2022", "Nothing to see here."), "");
}

TEST_F(SnippetTest, PrefersThePassageWithMoreDistinctWords) {
  std::string text = "The strike went on. " + std::string(300, 'x') +
                     " Ships with cargo waited while the strike went on.";
  std::string snippet = Snip("strike cargo", text, 60);
  EXPECT_NE(snippet.find(kOn + "cargo" + kOff), std::string::npos) << snippet;
  EXPECT_NE(snippet.find(kOn + "strike" + kOff), std::string::npos) << snippet;
  EXPECT_EQ(snippet.rfind("\u2026", 0), 0u) << "cut start is marked: " << snippet;
}

TEST_F(SnippetTest, StartsAtTheSentenceThatHoldsTheMatch) {
  std::string text = std::string(200, 'y') + ". Dock workers voted to strike on Monday.";
  EXPECT_EQ(Snip("strike", text, 80),
            "\u2026Dock workers voted to " + kOn + "strike" + kOff + " on Monday.");
}

TEST_F(SnippetTest, WildcardsAndTitleFieldWordsAreHighlighted) {
  EXPECT_EQ(Snip("rock*", "Rockets rocked the cape."),
            kOn + "Rockets" + kOff + " " + kOn + "rocked" + kOff + " the cape.");
  EXPECT_EQ(Snip("title:port", "At the port."), "At the " + kOn + "port" + kOff + ".");
}

TEST_F(SnippetTest, NeverLongerThanTheBudgetPlusEllipses) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "port strike cargo ";
  std::string snippet = PlainSnippet(Snip("port", text, 100));
  EXPECT_LE(snippet.size(), 100u + 2 * std::string("\u2026").size());
}

}  // namespace
}  // namespace newsdex
