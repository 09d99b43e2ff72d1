#include "newsdex/news/boilerplate.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/corpus/files.h"
#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

// A page of one fictional outlet: its menu and footer around `story`.
std::string Page(const std::string& headline, const std::string& story) {
  return "Open Menu\n\n" + headline + "\n\n" + story +
         "\n\nRelated Topics\n\nShare on Facebook\nShare on X\n\nRecent Stories\n\n"
         "1 minute ago\n 1 minute ago\n5 minutes ago\n";
}

BoilerplateOptions SmallCorpus() {
  BoilerplateOptions options;
  options.min_articles = 3;
  options.min_share = 0.2;
  return options;
}

// A learner with the bodies it was given, which Learned reads again for
// the text of each learned line; `reads` lists the articles it read.
class Learning {
 public:
  explicit Learning(const BoilerplateOptions& options = {}) : learner_(options) {}

  void Add(const std::string& body) {
    learner_.Add(body);
    bodies_.push_back(body);
  }

  std::vector<BoilerplateLine> Learned() {
    return learner_.Learned([&](std::size_t article) -> std::optional<std::string> {
      reads.push_back(article);
      return bodies_.at(article);
    });
  }

  std::vector<std::string> bodies_;  // what Learned is given again
  std::vector<std::size_t> reads;

 private:
  BoilerplateLearner learner_;
};

TEST(BoilerplateTest, LearnsLinesRepeatedAcrossArticles) {
  Learning learner(SmallCorpus());
  for (int i = 0; i < 6; ++i) {
    learner.Add(Page("Headline number " + std::to_string(i), "Story text " + std::to_string(i)));
  }
  std::vector<std::string> texts;
  for (const auto& line : learner.Learned()) {
    EXPECT_EQ(line.articles, 6u) << line.text;
    texts.push_back(line.text);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"1 minute ago", "5 minutes ago", "Open Menu",
                                             "Recent Stories", "Related Topics",
                                             "Share on Facebook", "Share on X"}));
}

TEST(BoilerplateTest, RepeatsWithinOneArticleCountOnce) {
  Learning learner(SmallCorpus());
  learner.Add("same line\nsame line\nsame line\nsame line\n");
  learner.Add("other\n");
  learner.Add("other two\n");
  EXPECT_TRUE(learner.Learned().empty());
}

TEST(BoilerplateTest, QuoteSharedByTwoStoriesIsContent) {
  Learning learner;  // defaults: at least 5 articles
  std::string quote = "\"We will not back down,\" the minister said.";
  for (int i = 0; i < 40; ++i) {
    std::string body = "Story " + std::to_string(i) + " text.\n";
    if (i < 2) body += quote + "\n";
    learner.Add(body);
  }
  EXPECT_TRUE(learner.Learned().empty());
}

TEST(BoilerplateTest, FragmentsOfWrappedProseAreNeverBoilerplate) {
  Learning learner(SmallCorpus());
  for (int i = 0; i < 6; ++i) {
    learner.Add("The company " + std::to_string(i) +
                " had a good year, the company\nsaid.\n\n"
                "Moody's Investors Service Inc said it\nupgraded the debt.\n\n"
                "Net profit rose in the year ended December 31,\n1986.\n\n"
                "Prices for week " +
                std::to_string(i) + " were reported, the Agriculture\nDepartment said.\n\nShare\n");
  }
  auto learned = learner.Learned();
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].text, "Share");
  Boilerplate boilerplate(learned);
  EXPECT_EQ(boilerplate.Clean("Share\nthe profit.\n\nShare\n"), "Share\nthe profit.\n\n");
}

TEST(BoilerplateTest, LongLinesAreNeverBoilerplate) {
  BoilerplateOptions options = SmallCorpus();
  options.max_line_chars = 20;
  Learning learner(options);
  for (int i = 0; i < 5; ++i) {
    learner.Add("This line is longer than twenty characters\nShort\n");
  }
  auto learned = learner.Learned();
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].text, "Short");
}

TEST(BoilerplateTest, ShareThresholdRisesWithCorpusSize) {
  BoilerplateOptions options;
  options.min_articles = 2;
  options.min_share = 0.5;
  Learning learner(options);
  for (int i = 0; i < 10; ++i) learner.Add(i < 4 ? "Menu\n" : "x" + std::to_string(i));
  EXPECT_TRUE(learner.Learned().empty());  // 4 of 10 < 50%
  learner.Add("Menu\n");
  EXPECT_TRUE(learner.Learned().empty());  // 5 of 11 < ceil(5.5) = 6
  learner.Add("Menu\n");
  EXPECT_EQ(learner.Learned().size(), 1u);  // 6 of 12
}

TEST(BoilerplateTest, KeepsEachLineAsTheFirstArticleHoldingItWritesIt) {
  Learning learner(SmallCorpus());
  learner.Add("Story zero\n");
  learner.Add("Story one\n\nRECENT    stories\n\nOpen  menu\n\nRecent Stories\n");
  learner.Add("Recent Stories\n\nOPEN MENU\n");
  learner.Add("Open Menu\n\nRecent  STORIES\n");
  auto learned = learner.Learned();
  ASSERT_EQ(learned.size(), 2u);
  EXPECT_EQ(learned[0].text, "Open  menu");
  EXPECT_EQ(learned[0].articles, 3u);
  EXPECT_EQ(learned[1].text, "RECENT    stories");
  EXPECT_EQ(learned[1].articles, 3u);
  // Both first appear in article 1, which is read once for them.
  EXPECT_EQ(learner.reads, (std::vector<std::size_t>{1}));
}

// A corpus learned in two runs, the second absorbed into the first, learns
// what one run over all of it learns: the same counts, and each line as the
// first article holding it writes it, numbered across both runs.
TEST(BoilerplateTest, AbsorbingALaterRunLearnsAsOneRun) {
  const std::vector<std::string> bodies = {
      "Story zero\n\nOpen Menu\n",
      "Story one\n\nOPEN menu\n",
      "Story two\n",
      "Story three\n\nRECENT    stories\n",  // the later run's first
      "Story four\n\nRecent Stories\n",
      "Story five\n\nRecent  Stories\n\nOpen Menu\n"};
  std::vector<std::size_t> reads;
  auto body_of = [&](std::size_t article) -> std::optional<std::string> {
    reads.push_back(article);
    return bodies.at(article);
  };
  BoilerplateLearner whole(SmallCorpus());
  for (const auto& body : bodies) whole.Add(body);
  const auto expected = whole.Learned(body_of);
  const auto expected_reads = reads;
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(expected[0].text, "Open Menu");
  EXPECT_EQ(expected[0].articles, 3u);
  EXPECT_EQ(expected[1].text, "RECENT    stories");
  EXPECT_EQ(expected[1].articles, 3u);

  BoilerplateLearner first(SmallCorpus());
  BoilerplateLearner later(SmallCorpus());
  for (std::size_t i = 0; i < bodies.size(); ++i) (i < 3 ? first : later).Add(bodies[i]);
  first.Absorb(later);
  EXPECT_EQ(first.articles(), bodies.size());
  reads.clear();
  auto learned = first.Learned(body_of);
  ASSERT_EQ(learned.size(), expected.size());
  for (std::size_t k = 0; k < learned.size(); ++k) {
    EXPECT_EQ(learned[k].text, expected[k].text);
    EXPECT_EQ(learned[k].articles, expected[k].articles);
  }
  EXPECT_EQ(reads, expected_reads);
  EXPECT_EQ(reads, (std::vector<std::size_t>{0, 3}));
}

// The first pass of a build learns on several threads what it learns on
// one, whichever slice a line first appears in.
TEST(BoilerplateTest, LearningFilesOnThreadsLearnsAsOneThread) {
  ScopedTempDir dir;
  CorpusFiles files;
  for (int i = 0; i < 1600; ++i) {
    std::string body = "Story " + std::to_string(i) + " about the harbour.\n";
    if (i % 4 == 0) body += i < 900 ? "\nShare on X\n" : "\nSHARE  on x\n";
    if (i >= 1100 && i % 2 == 0) body += "\nLate Footer\n";  // only in the last slice
    char name[32];
    std::snprintf(name, sizeof name, "a%04d.txt", i);
    std::string path = dir.path() + "/" + name;
    std::ofstream(path) << " date 2024-01-02 Story " << i << "\n\n" << body;
    files.Add(path, 0, 0);
  }
  BoilerplateOptions options;
  options.min_articles = 50;
  auto texts = [](const Boilerplate& learned) {
    std::vector<std::string> out;
    for (const auto& line : learned.lines()) {
      out.push_back(line.text + " " + std::to_string(line.articles));
    }
    return out;
  };
  const auto one = texts(LearnBoilerplateFromFiles(files, 1 << 20, options, 1));
  EXPECT_EQ(one, (std::vector<std::string>{"Share on X 400", "Late Footer 250"}));
  EXPECT_EQ(texts(LearnBoilerplateFromFiles(files, 1 << 20, options, 2)), one);
  EXPECT_EQ(texts(LearnBoilerplateFromFiles(files, 1 << 20, options, 3)), one);
}

TEST(BoilerplateTest, LineItsFirstArticleNoLongerHoldsIsLeftOut) {
  Learning learner(SmallCorpus());
  learner.Add("Menu\n\nShare\n");
  learner.Add("Footer\n\nShare\n");
  for (int i = 0; i < 3; ++i) learner.Add("Menu\n\nFooter\n\nShare\n");
  learner.bodies_[0] = "Share\n";  // changed since it was counted
  learner.bodies_[1] = "";
  auto learned = learner.Learned();
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].text, "Share");
  EXPECT_EQ(learned[0].articles, 5u);
  EXPECT_EQ(learner.reads, (std::vector<std::size_t>{0, 1}));
}

TEST(BoilerplateTest, CleanRemovesOnlyLearnedLinesCaseAndSpaceInsensitively) {
  Boilerplate boilerplate({{"Open Menu", 9}, {"Recent Stories", 9}});
  EXPECT_EQ(boilerplate.Clean("OPEN   menu\nReal line\n  Recent Stories  \nEnd"), "Real line\nEnd");
  EXPECT_TRUE(boilerplate.IsBoilerplate(" open menu "));
  EXPECT_FALSE(boilerplate.IsBoilerplate("Open Menu Now"));
}

TEST(BoilerplateTest, CleanArticleChoosesTitleFromCleanedBody) {
  Boilerplate boilerplate({{"Breaking Markets Ticker Update Live Now", 50}});
  Article article;
  article.id = "a";
  article.body =
      "Breaking Markets Ticker Update Live Now\n\nHarbour Pilots Vote To Strike\n\nText.";
  article.title = ExtractTitle(article.body);
  ASSERT_EQ(article.title, "Breaking Markets Ticker Update Live Now");
  Article cleaned = boilerplate.CleanArticle(article);
  EXPECT_EQ(cleaned.title, "Harbour Pilots Vote To Strike");
  EXPECT_EQ(cleaned.body.find("Ticker"), std::string::npos);
}

TEST(BoilerplateTest, ArticleOfBoilerplateOnlyIsKeptWhole) {
  Boilerplate boilerplate({{"Open Menu", 9}});
  Article article;
  article.body = "Open Menu\n";
  article.title = "Open Menu";
  EXPECT_EQ(boilerplate.CleanArticle(article).body, "Open Menu\n");
}

TEST(BoilerplateTest, EncodeDecodeRoundTrips) {
  Boilerplate boilerplate({{"Open Menu", 9}, {"Caf\xc3\xa9 news", 7}});
  Boilerplate back = Boilerplate::Decode(boilerplate.Encode());
  ASSERT_EQ(back.lines().size(), 2u);
  EXPECT_EQ(back.lines()[1].text, "Caf\xc3\xa9 news");
  EXPECT_EQ(back.lines()[1].articles, 7u);
  EXPECT_TRUE(Boilerplate::Decode("not json").empty());
  EXPECT_TRUE(Boilerplate::Decode("").empty());
}

}  // namespace
}  // namespace newsdex
