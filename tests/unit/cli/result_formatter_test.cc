#include "newsdex/cli/result_formatter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "make_hit.h"
#include "newsdex/search/results.h"

namespace newsdex {
namespace {

// Highlight markers spelled out, so expected strings read naturally.
const std::string kOn(1, kHighlightStart);
const std::string kOff(1, kHighlightEnd);
const std::string kBold = "\x1b[1m";
const std::string kReset = "\x1b[0m";
const std::string kEllipsis = "\u2026";

// Every count of `results` exactly `count` (no near-copies collapsed).
void SetExactCount(SearchResults* results, std::uint64_t count) {
  results->matches_estimated = results->matches_lower_bound = results->matches_upper_bound = count;
  results->articles_estimated = results->articles_lower_bound = results->articles_upper_bound =
      count;
}

// A dated hit with a highlighted snippet and an undated one without snippet.
SearchResults TwoHits() {
  SearchResults results;
  results.hits.push_back(
      MakeHit(1, 12.5, "012_abc", 20220225, "Russia Launches Attack", "/corpus/012_abc.txt",
              "Explosions  in\n" + kOn + "Kyiv" + kOff + " before dawn" + kEllipsis));
  results.hits.push_back(
      MakeHit(2, 3.25, "013_def", std::nullopt, "Undated Story", "/corpus/013_def.txt", ""));
  SetExactCount(&results, 2);
  return results;
}

std::string Write(const SearchResults& results, const FormatOptions& options) {
  std::ostringstream out;
  WriteResults(out, results, options);
  return out.str();
}

FormatOptions Text(bool color = false, std::size_t width = 0) {
  FormatOptions options;
  options.format = OutputFormat::kText;
  options.color = color;
  options.width = width;
  return options;
}

FormatOptions Format(OutputFormat format) {
  FormatOptions options;
  options.format = format;
  return options;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// ---------------------------------------------------------------------------
// Text

TEST(WriteResultsTextTest, PlainTextShowsHeaderTitleDateIdAndSnippet) {
  EXPECT_EQ(Write(TwoHits(), Text()),
            "2 of 2 articles\n"
            "\n"
            "1. Russia Launches Attack\n"
            "    2022-02-25  012_abc\n"
            "    Explosions in Kyiv before dawn\u2026\n"
            "\n"
            "2. Undated Story\n"
            "    undated  013_def\n");
}

TEST(WriteResultsTextTest, ColorMakesTitlesAndHighlightedWordsBold) {
  EXPECT_EQ(Write(TwoHits(), Text(/*color=*/true)),
            "2 of 2 articles\n"
            "\n"
            "1. " +
                kBold + "Russia Launches Attack" + kReset +
                "\n"
                "    2022-02-25  012_abc\n"
                "    Explosions in " +
                kBold + "Kyiv" + kReset +
                " before dawn\u2026\n"
                "\n"
                "2. " +
                kBold + "Undated Story" + kReset +
                "\n"
                "    undated  013_def\n");
}

TEST(WriteResultsTextTest, LaterPageSaysWhichRankItStartsFrom) {
  SearchResults results = TwoHits();
  results.offset = 10;
  results.hits[0].rank = 11;
  results.hits[1].rank = 12;
  SetExactCount(&results, 40);
  EXPECT_EQ(Write(results, Text()),
            "2 of 40 articles (from rank 11)\n"
            "\n"
            "11. Russia Launches Attack\n"
            "    2022-02-25  012_abc\n"
            "    Explosions in Kyiv before dawn\u2026\n"
            "\n"
            "12. Undated Story\n"
            "    undated  013_def\n");
}

TEST(CountHeaderTest, CollapsedListSaysArticlesAndStories) {
  SearchResults results = TwoHits();
  results.collapsed = true;
  results.matches_lower_bound = results.matches_upper_bound = 41;
  results.articles_lower_bound = results.articles_upper_bound = 46;
  EXPECT_EQ(CountHeader(results), "2 of 46 articles (41 stories)");
  results.matches_lower_bound = results.matches_upper_bound = 1;
  results.articles_lower_bound = results.articles_upper_bound = 3;
  EXPECT_EQ(CountHeader(results), "2 of 3 articles (1 story)");
  // Nothing hidden: no stories to mention.
  results.matches_lower_bound = results.matches_upper_bound = 3;
  EXPECT_EQ(CountHeader(results), "2 of 3 articles");
}

TEST(CountHeaderTest, UnfinishedCountIsALowerBoundNeverAnEstimate) {
  SearchResults results = TwoHits();
  results.matches_estimated = results.articles_estimated = 1500;
  results.matches_lower_bound = results.articles_lower_bound = 1000;
  results.matches_upper_bound = results.articles_upper_bound = 2000;
  EXPECT_EQ(CountHeader(results), "2 of at least 1000 articles");
  results.collapsed = true;
  results.matches_lower_bound = 900;
  EXPECT_EQ(CountHeader(results), "2 of at least 1000 articles (at least 900 stories)");
}

TEST(WriteResultsTextTest, NoResultsIsJustTheHeader) {
  SearchResults results;
  EXPECT_EQ(Write(results, Text()), "0 of 0 articles\n");
  results.offset = 20;  // a page past the end
  SetExactCount(&results, 5);
  EXPECT_EQ(Write(results, Text()), "0 of 5 articles\n");
}

TEST(WriteResultsTextTest, WidthCutsTitleAndSnippetLines) {
  SearchResults results;
  results.hits.push_back(MakeHit(
      1, 1.0, "012_abc", 20220225, "Russia Launches Attack On Kyiv At Dawn", "/corpus/012_abc.txt",
      "Explosions were heard in " + kOn + "Kyiv" + kOff + " before dawn on Thursday."));
  SetExactCount(&results, 1);
  // Width 31: the title gets 28 columns after "1. " and is cut on a word; the
  // snippet gets 27 after the indent and is cut inside the highlighted word,
  // which is closed before the ellipsis.
  const std::string plain = Write(results, Text(false, 31));
  EXPECT_EQ(plain,
            "1 of 1 article\n"
            "\n"
            "1. Russia Launches Attack On\u2026\n"
            "    2022-02-25  012_abc\n"
            "    Explosions were heard in K\u2026\n");
  EXPECT_EQ(Write(results, Text(true, 31)),
            "1 of 1 article\n"
            "\n"
            "1. " +
                kBold + "Russia Launches Attack On\u2026" + kReset +
                "\n"
                "    2022-02-25  012_abc\n"
                "    Explosions were heard in " +
                kBold + "K" + kReset + "\u2026\n");
  // Hit lines fit the width.
  for (const std::string& line : Lines(plain)) {
    SCOPED_TRACE(line);
    std::size_t columns = 0;
    for (char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(columns, 31u);
  }
}

TEST(WriteResultsTextTest, WidthCutJustBeforeAHighlightLeavesNoEmptyHighlight) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 1.0, "012_abc", 20220225, "Title", "/c/012_abc.txt",
                                 "Explosions were heard in " + kOn + "Kyiv" + kOff + " at dawn."));
  SetExactCount(&results, 1);
  // Width 29: the snippet gets 25 columns, which end with "in " just before
  // the highlighted word.
  EXPECT_EQ(Write(results, Text(true, 29)),
            "1 of 1 article\n"
            "\n"
            "1. " +
                kBold + "Title" + kReset +
                "\n"
                "    2022-02-25  012_abc\n"
                "    Explosions were heard in\u2026\n");
}

TEST(WriteResultsTextTest, WidthCutsALongIdLine) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 1.0, std::string(60, 'x'), 20220225, "Title", "/c/x.txt", ""));
  SetExactCount(&results, 1);
  std::vector<std::string> lines = Lines(Write(results, Text(false, 40)));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[3], "    2022-02-25  " + std::string(23, 'x') + "\u2026");
}

TEST(WriteResultsTextTest, WidthNeverSplitsMultibyteCharacters) {
  SearchResults results;
  std::string snippet;
  for (int i = 0; i < 30; ++i) snippet += "\u00E9";
  results.hits.push_back(MakeHit(1, 1.0, "id", 20220225, "T", "p", snippet));
  SetExactCount(&results, 1);
  std::string out = Write(results, Text(false, 20));
  // 20 columns - 4 indent = 16 visible: 15 e-acutes and the ellipsis.
  std::string expected_snippet;
  for (int i = 0; i < 15; ++i) expected_snippet += "\u00E9";
  EXPECT_EQ(out,
            "1 of 1 article\n"
            "\n"
            "1. T\n"
            "    2022-02-25  id\n"
            "    " +
                expected_snippet + "\u2026\n");
}

TEST(WriteResultsTextTest, ControlCharactersInIdAndTitleAreEscaped) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 1.0, "evil\x1b[2Jid", 20220225, "Bell\x07 Title\x7f",
                                 "/c/evil.txt", "plain snippet"));
  SetExactCount(&results, 1);
  EXPECT_EQ(Write(results, Text()),
            "1 of 1 article\n"
            "\n"
            "1. Bell\\x07 Title\\x7f\n"
            "    2022-02-25  evil\\x1b[2Jid\n"
            "    plain snippet\n");
}

// ---------------------------------------------------------------------------
// JSON

TEST(WriteResultsJsonTest, OneObjectPerHitWithFixedKeys) {
  EXPECT_EQ(Write(TwoHits(), Format(OutputFormat::kJson)),
            "{\"rank\":1,\"id\":\"012_abc\",\"score\":12.5,"
            "\"date\":\"2022-02-25\",\"title\":\"Russia Launches Attack\","
            "\"path\":\"/corpus/012_abc.txt\","
            "\"snippet\":\"Explosions in Kyiv before dawn\u2026\","
            "\"cluster\":null,\"cluster_size\":1}\n"
            "{\"rank\":2,\"id\":\"013_def\",\"score\":3.25,\"date\":null,"
            "\"title\":\"Undated Story\",\"path\":\"/corpus/013_def.txt\","
            "\"snippet\":\"\",\"cluster\":null,\"cluster_size\":1}\n");
}

TEST(WriteResultsJsonTest, EveryLineParsesWithKeysInOrder) {
  SearchResults results = TwoHits();
  results.hits.push_back(MakeHit(3, 0.5, "tab\tid", 20240229, "Quote \" and \\ backslash",
                                 "/c/x.txt", "new\nline " + kOn + "word" + kOff));
  const std::string out = Write(results, Format(OutputFormat::kJson));
  const std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  const std::vector<std::string> keys = {"rank", "id",      "score",   "date",        "title",
                                         "path", "snippet", "cluster", "cluster_size"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1) + ": " + lines[i]);
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(lines[i], nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    ASSERT_TRUE(j.is_object());
    std::vector<std::string> got;
    for (const auto& item : j.items()) got.push_back(item.key());
    EXPECT_EQ(got, keys);
    EXPECT_EQ(j["rank"].get<std::size_t>(), results.hits[i].rank);
    EXPECT_EQ(j["id"].get<std::string>(), results.hits[i].id);
    EXPECT_DOUBLE_EQ(j["score"].get<double>(), results.hits[i].score);
    EXPECT_EQ(j["title"].get<std::string>(), results.hits[i].title);
    EXPECT_EQ(j["path"].get<std::string>(), results.hits[i].path);
    const std::string snippet = j["snippet"].get<std::string>();
    EXPECT_EQ(snippet.find(kHighlightStart), std::string::npos);
    EXPECT_EQ(snippet.find(kHighlightEnd), std::string::npos);
  }
  EXPECT_TRUE(nlohmann::json::parse(lines[1])["date"].is_null());
  EXPECT_EQ(nlohmann::json::parse(lines[2])["date"], "2024-02-29");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["snippet"], "new line word");
}

TEST(WriteResultsJsonTest, InvalidUtf8IsReplacedNotThrown) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 1.0, "caf\xE9", 20220225, "T", "/c/caf\xE9.txt", ""));
  std::string out;
  ASSERT_NO_THROW(out = Write(results, Format(OutputFormat::kJson)));
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j["id"], "caf\uFFFD");
  EXPECT_EQ(j["path"], "/c/caf\uFFFD.txt");
}

TEST(WriteResultsJsonTest, NoResultsWritesNothing) {
  EXPECT_EQ(Write(SearchResults{}, Format(OutputFormat::kJson)), "");
}

TEST(WriteResultsJsonTest, IgnoresTextOptions) {
  FormatOptions options = Format(OutputFormat::kJson);
  options.color = true;
  options.width = 20;
  EXPECT_EQ(Write(TwoHits(), options), Write(TwoHits(), Format(OutputFormat::kJson)));
}

// ---------------------------------------------------------------------------
// TSV

TEST(WriteResultsTsvTest, HeaderThenOneLinePerHit) {
  EXPECT_EQ(TsvHeader(), "rank\tid\tscore\tdate\ttitle\tpath\tsnippet");
  EXPECT_EQ(Write(TwoHits(), Format(OutputFormat::kTsv)),
            "rank\tid\tscore\tdate\ttitle\tpath\tsnippet\n"
            "1\t012_abc\t12.5000\t2022-02-25\tRussia Launches Attack\t"
            "/corpus/012_abc.txt\tExplosions in Kyiv before dawn\u2026\n"
            "2\t013_def\t3.2500\t\tUndated Story\t/corpus/013_def.txt\t\n");
}

TEST(WriteResultsTsvTest, EscapesTabsNewlinesAndBackslashes) {
  SearchResults results;
  results.hits.push_back(MakeHit(1, 0.123456, "tab\there", 20220225, "line\nbreak\rreturn",
                                 "C:\\dir\\a.txt", "a\\b " + kOn + "c" + kOff));
  EXPECT_EQ(Write(results, Format(OutputFormat::kTsv)),
            "rank\tid\tscore\tdate\ttitle\tpath\tsnippet\n"
            "1\ttab\\there\t0.1235\t2022-02-25\tline\\nbreak\\rreturn\t"
            "C:\\\\dir\\\\a.txt\ta\\\\b c\n");
}

TEST(WriteResultsTsvTest, NoResultsIsTheHeaderOnly) {
  EXPECT_EQ(Write(SearchResults{}, Format(OutputFormat::kTsv)),
            "rank\tid\tscore\tdate\ttitle\tpath\tsnippet\n");
}

// ---------------------------------------------------------------------------
// PlainSnippet

TEST(PlainSnippetTest, RemovesOnlyTheMarkers) {
  EXPECT_EQ(PlainSnippet("a " + kOn + "b" + kOff + " c"), "a b c");
  EXPECT_EQ(PlainSnippet(""), "");
  EXPECT_EQ(PlainSnippet("caf\u00E9 \u2026"), "caf\u00E9 \u2026");
}

}  // namespace
}  // namespace newsdex
