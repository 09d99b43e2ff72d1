#include "newsdex/search/searcher.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "newsdex/index/build.h"
#include "newsdex/index/update.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"
#include "newsdex/store/schema.h"
#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

namespace stdfs = std::filesystem;

const std::string kOn(1, kHighlightStart);
const std::string kOff(1, kHighlightEnd);

// The test corpus. Each article exists to make one behaviour checkable:
//   001 "Harbour" in the title (and so the first body line); 2021-12-31
//   002 "harbour" once, deep in the body only; 2022-01-15
//   003 Kestrel, "launched" and "launch"; 2022-02-28 (end of February)
//   004 the phrase "security guarantee"; 2022-03-01
//   005 "guarantee" and "security" far apart; 2023-07-18
//   006 undated: "kestrels", "harbour", "strike"
//   007 "strike" only; 2019-06-12
//   008 Kestrel, "launch"; 2024-02-29
struct CorpusArticle {
  const char* file;
  const char* text;
};
const CorpusArticle kCorpus[] = {
    {"001_harbour_title.txt",
     " date 2021-12-31 Harbour Strike Ends After Talks\n\n"
     "Dock workers returned to work on Friday after a deal with the port "
     "operator. The walkout lasted six weeks and cost shippers dearly.\n"},
    {"002_harbour_body.txt",
     " date 2022-01-15 City Council Approves New Budget\n\n"
     "The council approved spending on schools and roads. A small sum goes to "
     "repairing the old harbour wall. Council members praised the plan.\n"},
    {"2022/003_kestrel_orbit.txt",
     " date 2022-02-28 Kestrel Aerospace Reaches Orbit\n\n"
     "The rocket maker Kestrel launched its first satellite into orbit on "
     "Monday. Engineers said the launch went smoothly.\n"},
    {"2022/004_security.txt",
     " date 2022-03-01 Allies Discuss Security Guarantee For Ukraine\n\n"
     "Officials said a security guarantee could be agreed within weeks, though "
     "details remain unclear.\n"},
    {"2023/005_guarantee_split.txt",
     " date 2023-07-18 Bank Offers New Deposit Scheme\n\n"
     "The bank said its guarantee covers all deposits, and that the security "
     "of savings was its first priority.\n"},
    {"misc/006_undated.txt",
     "Kestrels Nest On Dock Crane\n\n"
     "Birdwatchers counted two kestrels nesting on a crane at the harbour. The "
     "strike by dock workers did not disturb them.\n"},
    {"misc/007_strike_vote.txt",
     " date 2019-06-12 Union Calls Strike Vote At Port\n\n"
     "Union leaders called a strike vote over pay and hours.\n"},
    {"misc/008_kestrel_booster.txt",
     " date 2024-02-29 Kestrel Booster Lands On Barge\n\n"
     "Kestrel landed its booster on a barge after the third launch of the "
     "year.\n"},
};
constexpr std::size_t kDatedArticles = 7;

void WriteCorpus(const ScopedTempDir& dir, const std::string& folder) {
  for (const CorpusArticle& article : kCorpus) {
    dir.WriteFile(folder + "/" + article.file, article.text);
  }
}

// Builds an index of `folder` into `db_path`; the events are returned so a
// failing test can show them.
Result<BuildSummary> Build(const std::string& folder, const std::string& db_path,
                           const std::atomic<bool>* cancel = nullptr) {
  BuildOptions options;
  options.folders = {folder};
  options.db_path = db_path;
  options.cancel = cancel;
  return BuildIndex(options, [](const FileEvent&) {});
}

std::vector<std::string> Ids(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const Hit& hit : results.hits) ids.push_back(hit.id);
  return ids;
}

std::vector<std::string> Sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

SearchRequest Request(const std::string& text, const std::string& from = "",
                      const std::string& to = "") {
  SearchRequest request;
  request.text = text;
  request.from = from;
  request.to = to;
  return request;
}

// One index for the whole suite: building it is the slow part.
class SearcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScopedTempDir;
    WriteCorpus(*dir_, "corpus");
    db_path_ = dir_->path() + "/index";
    auto summary = Build(dir_->path() + "/corpus", db_path_);
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    ASSERT_EQ(summary->indexed, std::size(kCorpus));
    ASSERT_EQ(summary->undated, 1u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    auto db = OpenIndex(db_path_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    searcher_ = std::make_unique<Searcher>(*db);
  }

  // Runs `request`, failing the test on an error.
  SearchResults Search(const SearchRequest& request) {
    auto results = searcher_->Search(request);
    EXPECT_TRUE(results.ok()) << results.error().message;
    return results.ok() ? *results : SearchResults{};
  }

  std::vector<std::string> SearchIds(const SearchRequest& request) { return Ids(Search(request)); }

  static ScopedTempDir* dir_;
  static std::string db_path_;
  std::unique_ptr<Searcher> searcher_;
};

ScopedTempDir* SearcherTest::dir_ = nullptr;
std::string SearcherTest::db_path_;

TEST_F(SearcherTest, TitleWordOutranksBodyOnlyWord) {
  SearchResults results = Search(Request("harbour"));
  ASSERT_EQ(results.hits.size(), 3u);
  EXPECT_EQ(results.hits[0].id, "001_harbour_title");
  EXPECT_EQ(Sorted(Ids(results)),
            (std::vector<std::string>{"001_harbour_title", "002_harbour_body", "006_undated"}));
  EXPECT_GT(results.hits[0].score, results.hits[1].score);
}

TEST_F(SearcherTest, HitsCarryStoredFieldsAndOneBasedRanks) {
  SearchResults results = Search(Request("harbour"));
  ASSERT_FALSE(results.hits.empty());
  const Hit& top = results.hits[0];
  EXPECT_EQ(top.rank, 1u);
  EXPECT_EQ(top.id, "001_harbour_title");
  EXPECT_EQ(top.title, "Harbour Strike Ends After Talks");
  EXPECT_EQ(top.date, std::optional<Ymd>(20211231));
  EXPECT_TRUE(stdfs::path(top.path).is_absolute()) << top.path;
  EXPECT_EQ(stdfs::path(top.path).filename(), "001_harbour_title.txt");
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    EXPECT_EQ(results.hits[i].rank, i + 1);
  }
  EXPECT_EQ(results.offset, 0u);
  EXPECT_EQ(results.matches_estimated, 3u);
}

TEST_F(SearcherTest, MatchAllRequiresEveryWordMatchAnyOnlyOne) {
  SearchRequest any = Request("strike harbour");
  SearchResults any_results = Search(any);
  EXPECT_EQ(any_results.matches_estimated, 4u);
  EXPECT_EQ(Sorted(Ids(any_results)),
            (std::vector<std::string>{"001_harbour_title", "002_harbour_body", "006_undated",
                                      "007_strike_vote"}));
  // Articles with both words rank above those with one.
  EXPECT_EQ(Sorted({any_results.hits[0].id, any_results.hits[1].id}),
            (std::vector<std::string>{"001_harbour_title", "006_undated"}));

  SearchRequest all = any;
  all.match = MatchMode::kAll;
  SearchResults all_results = Search(all);
  EXPECT_EQ(all_results.matches_estimated, 2u);
  EXPECT_EQ(Sorted(Ids(all_results)),
            (std::vector<std::string>{"001_harbour_title", "006_undated"}));
}

TEST_F(SearcherTest, PhraseMatchesOnlyAdjacentWords) {
  EXPECT_EQ(SearchIds(Request("\"security guarantee\"")),
            (std::vector<std::string>{"004_security"}));
  SearchRequest both = Request("security guarantee");
  both.match = MatchMode::kAll;
  EXPECT_EQ(Sorted(SearchIds(both)),
            (std::vector<std::string>{"004_security", "005_guarantee_split"}));
}

TEST_F(SearcherTest, NotExcludesArticlesWithTheWord) {
  EXPECT_EQ(SearchIds(Request("harbour NOT strike")),
            (std::vector<std::string>{"002_harbour_body"}));
  EXPECT_EQ(SearchIds(Request("harbour -strike")), (std::vector<std::string>{"002_harbour_body"}));
}

TEST_F(SearcherTest, TrailingWildcardExpandsOverIndexedWords) {
  // kestr* covers "kestrel" and "kestrels" (their stem), and the snippets
  // mark the words as written.
  SearchResults results = Search(Request("kestr*"));
  ASSERT_EQ(Sorted(Ids(results)),
            (std::vector<std::string>{"003_kestrel_orbit", "006_undated", "008_kestrel_booster"}));
  for (const Hit& hit : results.hits) {
    SCOPED_TRACE(hit.id);
    const std::string form = hit.id == "006_undated" ? "kestrels" : "Kestrel";
    EXPECT_NE(hit.snippet.find(kOn + form + kOff), std::string::npos) << hit.snippet;
  }
  EXPECT_TRUE(SearchIds(Request("zzq*")).empty());
}

TEST_F(SearcherTest, WildcardFindsWordsWhoseStemItRunsPast) {
  // "nesting" is indexed as "nest" and "Ends" as "end": the patterns begin
  // no indexed term, but they begin words of the spelling data, whose stems
  // join the wildcards.
  SearchResults results = Search(Request("nesti*"));
  ASSERT_EQ(Ids(results), (std::vector<std::string>{"006_undated"}));
  EXPECT_NE(results.hits[0].snippet.find(kOn + "nesting" + kOff), std::string::npos)
      << results.hits[0].snippet;
  EXPECT_EQ(SearchIds(Request("title:ends*")), (std::vector<std::string>{"001_harbour_title"}));
  EXPECT_TRUE(SearchIds(Request("endsz*")).empty());
}

TEST_F(SearcherTest, TitleFieldSearchesTitlesOnly) {
  // "harbour" is in 002's and 006's bodies but only in 001's title.
  EXPECT_EQ(SearchIds(Request("title:harbour")), (std::vector<std::string>{"001_harbour_title"}));
}

TEST_F(SearcherTest, DateFilterIncludesBothEndsOfTheRange) {
  struct Case {
    const char* name;
    SearchRequest request;
    std::vector<std::string> ids;  // sorted
  };
  const std::vector<Case> cases = {
      {"--to month includes its last day",
       Request("kestrel", "", "2022-02"),
       {"003_kestrel_orbit"}},
      {"--to the day itself", Request("kestrel", "", "2022-02-28"), {"003_kestrel_orbit"}},
      {"--to the day before excludes it", Request("kestrel", "", "2022-02-27"), {}},
      {"--from the day itself",
       Request("kestrel", "2022-02-28", "2022-02-28"),
       {"003_kestrel_orbit"}},
      {"--from the next day excludes it", Request("kestrel", "2022-03-01", "2023"), {}},
      {"--from year excludes the last day of the year before",
       Request("harbour", "2022"),
       {"002_harbour_body"}},
      {"--from that last day includes it",
       Request("harbour", "2021-12-31"),
       {"001_harbour_title", "002_harbour_body"}},
      {"--to year includes its last day", Request("harbour", "", "2021"), {"001_harbour_title"}},
      {"leap day is inside February 2024",
       Request("kestrel", "2024-02", "2024-02"),
       {"008_kestrel_booster"}},
      {"date field in the query", Request("kestrel date:2022-02"), {"003_kestrel_orbit"}},
      {"date field open end", Request("kestrel date:2023.."), {"008_kestrel_booster"}},
      {"date field open start", Request("harbour date:..2021"), {"001_harbour_title"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Sorted(SearchIds(c.request)), c.ids);
  }
}

TEST_F(SearcherTest, UndatedArticleMatchesWordsButNeverADateFilter) {
  EXPECT_EQ(Sorted(SearchIds(Request("kestrel"))),
            (std::vector<std::string>{"003_kestrel_orbit", "006_undated", "008_kestrel_booster"}));
  EXPECT_EQ(Sorted(SearchIds(Request("kestrel", "0001", "9999"))),
            (std::vector<std::string>{"003_kestrel_orbit", "008_kestrel_booster"}));
  EXPECT_EQ(Sorted(SearchIds(Request("kestrel date:0001..9999"))),
            (std::vector<std::string>{"003_kestrel_orbit", "008_kestrel_booster"}));
  SearchResults undated = Search(Request("birdwatchers"));
  ASSERT_EQ(Ids(undated), (std::vector<std::string>{"006_undated"}));
  EXPECT_EQ(undated.hits[0].date, std::nullopt);
  EXPECT_EQ(undated.hits[0].title, "Kestrels Nest On Dock Crane");
}

TEST_F(SearcherTest, DatesAloneListArticlesNewestFirst) {
  EXPECT_EQ(SearchIds(Request("", "2022", "2022")),
            (std::vector<std::string>{"004_security", "003_kestrel_orbit", "002_harbour_body"}));
  EXPECT_EQ(SearchIds(Request("date:2022")),
            (std::vector<std::string>{"004_security", "003_kestrel_orbit", "002_harbour_body"}));
}

TEST_F(SearcherTest, SortByDatePutsUndatedLastBothWays) {
  SearchRequest newest = Request("kestrel");
  newest.sort = SortOrder::kNewest;
  EXPECT_EQ(SearchIds(newest),
            (std::vector<std::string>{"008_kestrel_booster", "003_kestrel_orbit", "006_undated"}));
  SearchRequest oldest = Request("kestrel");
  oldest.sort = SortOrder::kOldest;
  EXPECT_EQ(SearchIds(oldest),
            (std::vector<std::string>{"003_kestrel_orbit", "008_kestrel_booster", "006_undated"}));
  SearchRequest strike_oldest = Request("strike harbour");
  strike_oldest.sort = SortOrder::kOldest;
  EXPECT_EQ(SearchIds(strike_oldest),
            (std::vector<std::string>{"007_strike_vote", "001_harbour_title", "002_harbour_body",
                                      "006_undated"}));
}

TEST_F(SearcherTest, OffsetAndLimitPageThroughResultsWithOverallRanks) {
  SearchRequest request = Request("", "1900");
  ASSERT_EQ(SearchIds(request),
            (std::vector<std::string>{"008_kestrel_booster", "005_guarantee_split", "004_security",
                                      "003_kestrel_orbit", "002_harbour_body", "001_harbour_title",
                                      "007_strike_vote"}));
  request.offset = 2;
  request.limit = 3;
  SearchResults page = Search(request);
  EXPECT_EQ(Ids(page),
            (std::vector<std::string>{"004_security", "003_kestrel_orbit", "002_harbour_body"}));
  ASSERT_EQ(page.hits.size(), 3u);
  EXPECT_EQ(page.hits[0].rank, 3u);
  EXPECT_EQ(page.hits[1].rank, 4u);
  EXPECT_EQ(page.hits[2].rank, 5u);
  EXPECT_EQ(page.offset, 2u);
  EXPECT_EQ(page.matches_estimated, kDatedArticles);

  request.offset = 6;
  SearchResults last = Search(request);
  EXPECT_EQ(Ids(last), (std::vector<std::string>{"007_strike_vote"}));
  ASSERT_EQ(last.hits.size(), 1u);
  EXPECT_EQ(last.hits[0].rank, 7u);

  request.offset = 50;
  SearchResults past_end = Search(request);
  EXPECT_TRUE(past_end.hits.empty());
  EXPECT_EQ(past_end.matches_estimated, kDatedArticles);

  request.offset = 0;
  request.limit = 0;
  EXPECT_TRUE(Search(request).hits.empty());
}

TEST_F(SearcherTest, SnippetHighlightsInflectedFormsOfTheQueryWord) {
  // The query "launches" is stemmed to "launch"; Xapian's snippet marks
  // every word of the text with that stem.
  SearchResults results = Search(Request("launches"));
  ASSERT_EQ(Sorted(Ids(results)),
            (std::vector<std::string>{"003_kestrel_orbit", "008_kestrel_booster"}));
  const Hit& orbit = results.hits[0].id == "003_kestrel_orbit" ? results.hits[0] : results.hits[1];
  EXPECT_NE(orbit.snippet.find(kOn + "launched" + kOff), std::string::npos) << orbit.snippet;
  EXPECT_NE(orbit.snippet.find(kOn + "launch" + kOff), std::string::npos) << orbit.snippet;
  EXPECT_EQ(PlainSnippet(orbit.snippet),
            "The rocket maker Kestrel launched its first satellite into orbit "
            "on Monday. Engineers said the launch went smoothly.");
}

TEST_F(SearcherTest, CapitalisedWordFindsAndHighlightsEveryForm) {
  // The index holds stems only: "Kestrel" finds "kestrels" as well.
  SearchResults results = Search(Request("Kestrel"));
  ASSERT_EQ(Sorted(Ids(results)),
            (std::vector<std::string>{"003_kestrel_orbit", "006_undated", "008_kestrel_booster"}));
  for (const Hit& hit : results.hits) {
    SCOPED_TRACE(hit.id);
    const std::string form = hit.id == "006_undated" ? "kestrels" : "Kestrel";
    EXPECT_NE(hit.snippet.find(kOn + form + kOff), std::string::npos) << hit.snippet;
  }
}

TEST_F(SearcherTest, TitleOnlyMatchShowsTheStartOfTheStoryUnmarked) {
  SearchResults results = Search(Request("title:harbour"));
  ASSERT_EQ(results.hits.size(), 1u);
  const std::string& snippet = results.hits[0].snippet;
  EXPECT_EQ(snippet.find(kHighlightStart), std::string::npos) << snippet;
  // The title is shown on its own, so the snippet starts after it.
  EXPECT_EQ(snippet.rfind("Dock workers returned to work", 0), 0u) << snippet;
}

TEST_F(SearcherTest, SnippetsCanBeTurnedOff) {
  auto db = OpenIndex(db_path_);
  ASSERT_TRUE(db.ok()) << db.error().message;
  SearcherOptions options;
  options.snippets = false;
  Searcher searcher(*db, options);
  auto results = searcher.Search(Request("kestrel"));
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_FALSE(results->hits.empty());
  for (const Hit& hit : results->hits) EXPECT_EQ(hit.snippet, "") << hit.id;
}

TEST_F(SearcherTest, NoMatchIsAnEmptyResultNotAnError) {
  SearchResults results = Search(Request("zebra"));
  EXPECT_TRUE(results.hits.empty());
  EXPECT_EQ(results.matches_estimated, 0u);
}

TEST_F(SearcherTest, BadRequestIsAnError) {
  for (const SearchRequest& request :
       {Request("nato AND"), Request(""), Request("x", "2022-13"), Request("date:2023-02-30..")}) {
    SCOPED_TRACE("'" + request.text + "' from '" + request.from + "'");
    auto results = searcher_->Search(request);
    EXPECT_FALSE(results.ok());
  }
}

// ---------------------------------------------------------------------------
// Opening and rebuilding

TEST(OpenIndexTest, MissingIndexSaysHowToBuildOne) {
  ScopedTempDir dir;
  const std::string missing = dir.path() + "/no-index";
  auto db = OpenIndex(missing);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().message.find(missing), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("indexer build"), std::string::npos) << db.error().message;
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
}

TEST(BuildIndexTest, ACancelledBuildFailsAsCancelledAndPublishesNothing) {
  ScopedTempDir dir;
  dir.WriteFile("corpus/a.txt", "A title\n\n2020-01-02\n\nSome words here.\n");
  std::atomic<bool> cancel{true};
  BuildOptions options;
  options.folders = {dir.path() + "/corpus"};
  options.db_path = dir.path() + "/db";
  options.cancel = &cancel;
  auto built = BuildIndex(options, [](const FileEvent&) {});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(ExitCodeFor(built.error()), ExitCode::kInterrupted);
  EXPECT_EQ(OpenIndex(options.db_path).error().code, ErrorCode::kNotFound);
}

TEST(OpenIndexTest, EmptyOrForeignFolderSaysHowToBuildOne) {
  ScopedTempDir dir;
  stdfs::create_directories(dir.path() + "/empty");
  dir.WriteFile("foreign/notes.txt", "not an index");
  for (const std::string& path : {dir.path() + "/empty", dir.path() + "/foreign"}) {
    SCOPED_TRACE(path);
    auto db = OpenIndex(path);
    ASSERT_FALSE(db.ok());
    EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
    EXPECT_NE(db.error().message.find("indexer build"), std::string::npos) << db.error().message;
  }
}

int CountDated(Xapian::Database db) {
  Searcher searcher(std::move(db));
  auto results = searcher.Search(Request("", "0001"));
  EXPECT_TRUE(results.ok()) << results.error().message;
  return results.ok() ? static_cast<int>(results->matches_estimated) : -1;
}

// The sample corpus in a folder of its own, and where its index goes.
class CorpusFolderTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteCorpus(dir_, "corpus"); }

  ScopedTempDir dir_;
  const std::string corpus_ = dir_.path() + "/corpus";
  const std::string db_path_ = dir_.path() + "/index";
};

class RebuildTest : public CorpusFolderTest {};
class UpdateTest : public CorpusFolderTest {
 protected:
  // Updates the index at `db_path` (by default the fixture's) to the corpus
  // folder, with `jobs` threads, reporting each file to `on_event`.
  Result<UpdateSummary> Update(
      const std::string& db_path = "", unsigned jobs = 0,
      const FileEventSink& on_event = [](const FileEvent&) {}) {
    BuildOptions options;
    options.folders = {corpus_};
    options.db_path = db_path.empty() ? db_path_ : db_path;
    options.jobs = jobs;
    return UpdateIndex(options, on_event, {});
  }
};

TEST_F(RebuildTest, RebuiltIndexIsSearchableAndShowsTheNewCorpus) {
  auto first = Build(corpus_, db_path_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  auto before = OpenIndex(db_path_);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(CountDated(*before), static_cast<int>(kDatedArticles));

  // Second build: one more article.
  dir_.WriteFile("corpus/009_new.txt",
                 " date 2022-05-05 Ferry Service Resumes\n\nThe ferry runs again.\n");
  auto second = Build(corpus_, db_path_);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->indexed, std::size(kCorpus) + 1);
  auto after = OpenIndex(db_path_);
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(CountDated(*after), static_cast<int>(kDatedArticles) + 1);
  {
    Searcher searcher(*after);
    auto ferry = searcher.Search(Request("ferry"));
    ASSERT_TRUE(ferry.ok()) << ferry.error().message;
    EXPECT_EQ(Ids(*ferry), (std::vector<std::string>{"009_new"}));
  }
  // A reader opened before the swap keeps working.
  {
    Searcher searcher(*before);
    EXPECT_TRUE(searcher.Search(Request("kestrel")).ok());
  }

  // Third build: the article is gone again, and so is it from the index.
  stdfs::remove(corpus_ + "/009_new.txt");
  auto third = Build(corpus_, db_path_);
  ASSERT_TRUE(third.ok()) << third.error().message;
  auto latest = OpenIndex(db_path_);
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  EXPECT_EQ(CountDated(*latest), static_cast<int>(kDatedArticles));
  Searcher searcher(*latest);
  auto ferry = searcher.Search(Request("ferry"));
  ASSERT_TRUE(ferry.ok()) << ferry.error().message;
  EXPECT_TRUE(ferry->hits.empty());
  // Only the current generation and the one it replaced are kept.
  int generations = 0;
  for (const auto& entry : stdfs::directory_iterator(db_path_)) {
    generations += entry.path().filename().string().rfind("gen-", 0) == 0;
  }
  EXPECT_GE(generations, 1);
  EXPECT_LE(generations, 2);
}

// Format 6 also kept the id and the path key in slots of their own, and
// formats up to 7 the path key as a term; this program reads such an index
// as it is (both come from the tie-break key), and the first update marks
// it with the current format, which older programs refuse.
TEST_F(UpdateTest, UpdatesAnIndexOfTheFormatBefore) {
  auto built = Build(corpus_, db_path_);
  ASSERT_TRUE(built.ok()) << built.error().message;
  const std::string format_key(schema::kMetaFormat);
  {
    Xapian::WritableDatabase db(CurrentGenerationPath(db_path_), Xapian::DB_OPEN);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      const std::string tie_break = doc.get_value(schema::kSlotTieBreak);
      doc.add_value(schema::kSlotRetiredId,
                    std::string(schema::IdFromSortKey(schema::kSlotTieBreak, tie_break)));
      doc.add_value(schema::kSlotRetiredPathKey, schema::PathKeyFromTieBreak(tie_break));
      doc.add_boolean_term(schema::PathKeyFromTieBreak(tie_break));
      db.replace_document(*it, doc);
    }
    db.set_metadata(format_key, "6");
    db.commit();
  }
  auto search = [&](const std::string& text) {
    auto db = OpenIndex(db_path_);
    EXPECT_TRUE(db.ok()) << db.error().message;
    if (!db.ok()) return std::vector<std::string>{};
    auto results = Searcher(*db).Search(Request(text));
    EXPECT_TRUE(results.ok()) << results.error().message;
    return results.ok() ? Sorted(Ids(*results)) : std::vector<std::string>{};
  };
  EXPECT_EQ(search("kestrel"),
            (std::vector<std::string>{"003_kestrel_orbit", "006_undated", "008_kestrel_booster"}));

  dir_.WriteFile("corpus/misc/008_kestrel_booster.txt",
                 " date 2024-02-29 Kestrel Booster Lands On Barge\n\n"
                 "Kestrel landed its booster on a barge; a ferry stood by.\n");
  stdfs::remove(corpus_ + "/2022/003_kestrel_orbit.txt");
  dir_.WriteFile("corpus/009_ferry.txt",
                 " date 2022-05-05 Ferry Service Resumes\n\nThe ferry runs again.\n");
  auto updated = Update();
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_FALSE(updated->built);
  EXPECT_EQ(updated->added, 1u);
  EXPECT_EQ(updated->updated, 1u);
  EXPECT_EQ(updated->removed, 1u);
  EXPECT_EQ(updated->unchanged, std::size(kCorpus) - 2);
  EXPECT_EQ(Xapian::Database(CurrentGenerationPath(db_path_)).get_metadata(format_key),
            schema::kFormatVersion);
  EXPECT_EQ(Xapian::Database(CurrentGenerationPath(db_path_)).get_doccount(), std::size(kCorpus));
  EXPECT_EQ(search("kestrel"), (std::vector<std::string>{"006_undated", "008_kestrel_booster"}));
  EXPECT_EQ(search("ferry"), (std::vector<std::string>{"008_kestrel_booster", "009_ferry"}));
}

// An edit that leaves an article among its copies (a correction at the end)
// leaves its cluster alone: the update writes the article once, already in
// its cluster, and redoing the clusters rewrites nothing.
TEST_F(UpdateTest, EditedCopyStaysInItsClusterWithoutASecondWrite) {
  const std::string story =
      "The harbour authority said on Tuesday that the northern pier will close for repairs "
      "from next month, after divers found cracks in three of its concrete pillars. Ferries "
      "will use the southern berth until the work ends in the spring.\n";
  dir_.WriteFile("corpus/020_pier.txt", " date 2022-06-07 Pier Closes\n" + story);
  dir_.WriteFile("corpus/021_pier_copy.txt", " date 2022-06-08 Northern Pier To Close\n" + story);
  ASSERT_TRUE(Build(corpus_, db_path_).ok());
  auto cluster_of = [&](const std::string& id) {
    Xapian::Database db(CurrentGenerationPath(db_path_));
    auto doc = db.postlist_begin(schema::IdTerm(id));
    return doc == db.postlist_end(schema::IdTerm(id))
               ? std::string("(missing)")
               : db.get_document(*doc).get_value(schema::kSlotCluster);
  };
  auto cluster_size = [&](const std::string& key) {
    Xapian::Database db(CurrentGenerationPath(db_path_));
    return db.get_termfreq(std::string(schema::kPrefixCluster) + key);
  };
  ASSERT_EQ(cluster_of("020_pier"), "020_pier");
  ASSERT_EQ(cluster_of("021_pier_copy"), "020_pier");

  dir_.WriteFile("corpus/021_pier_copy.txt", " date 2022-06-08 Northern Pier To Close\n" + story +
                                                 "Correction: the work ends in April.\n");
  auto updated = Update();
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->updated, 1u);
  EXPECT_EQ(updated->clusters.changed, 0u);
  EXPECT_EQ(cluster_of("020_pier"), "020_pier");
  EXPECT_EQ(cluster_of("021_pier_copy"), "020_pier");
  EXPECT_EQ(cluster_size("020_pier"), 2u);

  // Rewritten with other words, it leaves the cluster, and only it changes.
  dir_.WriteFile("corpus/021_pier_copy.txt",
                 " date 2022-06-08 Rail Strike Ends\nTrain drivers returned to work on Friday "
                 "after the union accepted a pay offer of four percent over two years, and the "
                 "first trains left the central station at dawn.\n");
  updated = Update();
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->clusters.changed, 2u);
  EXPECT_EQ(cluster_of("020_pier"), "");
  EXPECT_EQ(cluster_of("021_pier_copy"), "");
  EXPECT_EQ(cluster_size("020_pier"), 0u);
}

// Searches fail once an update has committed twice since they began, so
// an update commits its batches at most once a second, however small they
// are: 40 files with --batch 1 take a few commits, not 41.
TEST_F(UpdateTest, SmallBatchesAreCommittedAtMostOnceASecond) {
  ASSERT_TRUE(Build(corpus_, db_path_).ok());
  for (int i = 0; i < 40; ++i) {
    dir_.WriteFile("corpus/new/" + std::to_string(100 + i) + ".txt",
                   " date 2022-05-05 Ferry " + std::to_string(i) + "\n\nThe ferry runs again.\n");
  }
  BuildOptions options;
  options.folders = {corpus_};
  options.db_path = db_path_;
  options.batch_docs = 1;
  auto updated = UpdateIndex(options, [](const FileEvent&) {}, {});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->added, 40u);
  // A generous ceiling: one batch a second, plus the final commit, on a
  // machine slow enough to take seconds over 40 small files.
  EXPECT_LE(updated->commits, 6u);
  EXPECT_GE(updated->commits, 1u);
}

// Everything a database holds for its documents and spelling words, for
// comparing two indexes.
std::vector<std::string> DatabaseContents(const std::string& path) {
  Xapian::Database db(path);
  std::vector<std::string> out;
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    Xapian::Document doc;
    try {
      doc = db.get_document(did);
    } catch (const Xapian::DocNotFoundError&) {
      out.push_back(std::to_string(did) + " deleted");
      continue;
    }
    std::string line = std::to_string(did) + " [" + doc.get_data() + "]";
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      line += " " + *term + ":" + std::to_string(term.get_wdf());
      for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
        line += "," + std::to_string(*pos);
      }
    }
    for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
      line += " v" + std::to_string(value.get_valueno()) + "=" + *value;
    }
    out.push_back(line);
  }
  for (auto word = db.spellings_begin(); word != db.spellings_end(); ++word) {
    out.push_back("spelling " + *word + " " + std::to_string(word.get_termfreq()));
  }
  return out;
}

// With two jobs, update reads and parses changed files on a thread ahead of
// the one writing them: the index, the docids and the reports must be those
// of one job.
TEST_F(UpdateTest, ReadingAheadGivesTheIndexAndReportsOfOneJob) {
  // Files written in the second of the build would be read again by any
  // update (their time cannot tell a later edit apart): an hour back, only
  // the changes below are.
  const auto hour_ago = stdfs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : stdfs::recursive_directory_iterator(corpus_)) {
    if (entry.is_regular_file()) stdfs::last_write_time(entry.path(), hour_ago);
  }
  ASSERT_TRUE(Build(corpus_, db_path_).ok());
  const std::string copy = dir_.path() + "/index-copy";
  stdfs::copy(db_path_, copy, stdfs::copy_options::recursive);

  dir_.WriteFile("corpus/010_ferry.txt",
                 " date 2022-05-05 Ferry Service Resumes\n\nThe ferry runs again.\n");
  dir_.WriteFile("corpus/misc/011_crane.txt",
                 " date 2022-05-06 Crane Repaired\n\nThe dock crane lifts again.\n");
  dir_.WriteFile("corpus/001_harbour_title.txt",
                 std::string(kCorpus[0].text) + "Correction: the walkout lasted seven weeks.\n");
  dir_.WriteFile("corpus/2022/004_security.txt", "");  // now empty: skipped and removed
  stdfs::remove(corpus_ + "/misc/007_strike_vote.txt");
  const std::string touched = corpus_ + "/2023/005_guarantee_split.txt";
  stdfs::last_write_time(touched, stdfs::last_write_time(touched) + std::chrono::seconds(100));

  auto recorder = [](std::vector<std::string>& events) {
    return [&events](const FileEvent& e) {
      events.push_back(std::to_string(static_cast<int>(e.kind)) + " " + e.path + " " + e.message);
    };
  };
  std::vector<std::string> one_job_events;
  std::vector<std::string> two_job_events;
  auto one = Update(db_path_, 1, recorder(one_job_events));
  auto two = Update(copy, 2, recorder(two_job_events));
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(one->added, 2u);
  EXPECT_EQ(one->updated, 1u);
  EXPECT_EQ(one->removed, 2u);
  EXPECT_EQ(one->touched, 1u);
  EXPECT_EQ(one->skipped_total(), 1u);
  EXPECT_EQ(two->added, one->added);
  EXPECT_EQ(two->updated, one->updated);
  EXPECT_EQ(two->removed, one->removed);
  EXPECT_EQ(two->unchanged, one->unchanged);
  EXPECT_EQ(two->touched, one->touched);
  EXPECT_EQ(two->skipped_total(), one->skipped_total());
  EXPECT_EQ(two->bytes_read, one->bytes_read);
  EXPECT_EQ(two_job_events, one_job_events);
  EXPECT_EQ(one_job_events.size(), std::size(kCorpus) + 2 + 1);  // + 2 added, + 1 removed
  const auto one_job = DatabaseContents(CurrentGenerationPath(db_path_));
  EXPECT_EQ(DatabaseContents(CurrentGenerationPath(copy)), one_job);
  EXPECT_GT(one_job.size(), std::size(kCorpus));
}

// A rebuild cancelled right after a build leaves the live index alone:
// generation names once had one-second resolution, so such a rebuild reused
// the live generation's folder and its clean-up removed the index.
TEST_F(RebuildTest, CancelledRebuildKeepsThePreviousIndex) {
  auto first = Build(corpus_, db_path_);
  ASSERT_TRUE(first.ok()) << first.error().message;

  std::atomic<bool> cancel{true};
  auto cancelled = Build(corpus_, db_path_, &cancel);
  ASSERT_FALSE(cancelled.ok());

  auto db = OpenIndex(db_path_);
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ(CountDated(*db), static_cast<int>(kDatedArticles));
}

}  // namespace
}  // namespace newsdex
