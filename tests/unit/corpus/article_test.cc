#include "newsdex/corpus/article.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/text.h"

namespace newsdex {
namespace {

using namespace std::string_literals;

const std::string kEllipsis = "\u2026";

// True when any warning contains `needle`.
bool HasWarningContaining(const ParsedArticle& parsed, const std::string& needle) {
  for (const auto& warning : parsed.warnings) {
    if (warning.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string Warnings(const ParsedArticle& parsed) {
  std::string all;
  for (const auto& warning : parsed.warnings) all += "[" + warning + "]";
  return all;
}

// No C0 control character but tab and newline, no DEL, no CR, no C1
// control (U+0080..U+009F, UTF-8 C2 80..C2 9F).
bool HasNoControlCharacters(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if ((u < 0x20 && u != '\n' && u != '\t') || u == 0x7F) return false;
    if (u == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Articles that are indexed: the expected fields, table-driven.

struct IndexedCase {
  std::string name = "";
  std::string bytes = "";
  std::string path = "corpus/001_case.txt";
  std::string id = "001_case";
  std::string title = "";
  std::string body = "";
  std::optional<Ymd> date = std::nullopt;
  bool recoded = false;
  std::vector<std::string> warnings_containing = {};  // empty: no warnings
};

void CheckIndexed(const IndexedCase& c) {
  SCOPED_TRACE(c.name);
  ParsedArticle parsed = ParseArticle(c.bytes, c.path);
  ASSERT_TRUE(parsed.article.has_value()) << "skipped: " << parsed.skip_detail;
  EXPECT_FALSE(parsed.skipped.has_value());
  const Article& article = *parsed.article;
  EXPECT_EQ(article.title, c.title);
  EXPECT_EQ(article.body, c.body);
  EXPECT_EQ(article.date, c.date);
  EXPECT_EQ(article.path, c.path);
  EXPECT_EQ(article.id, c.id);
  EXPECT_EQ(parsed.undated, !c.date.has_value());
  EXPECT_EQ(parsed.recoded, c.recoded);
  if (c.warnings_containing.empty()) {
    EXPECT_TRUE(parsed.warnings.empty()) << Warnings(parsed);
  }
  for (const auto& needle : c.warnings_containing) {
    EXPECT_TRUE(HasWarningContaining(parsed, needle))
        << "no warning contains '" << needle << "': " << Warnings(parsed);
  }
  EXPECT_TRUE(IsValidUtf8(article.title));
  EXPECT_TRUE(IsValidUtf8(article.body));
  EXPECT_TRUE(HasNoControlCharacters(article.title)) << article.title;
  EXPECT_EQ(article.title.find('\n'), std::string::npos);
  EXPECT_TRUE(HasNoControlCharacters(article.body)) << article.body;
}

TEST(ParseArticleTest, ReadsDateTitleAndBody) {
  const std::vector<IndexedCase> cases = {
      {
          .name = "normal article",
          .bytes = " date 2022-02-25 Russia Launches Attack On Kyiv\n\n"
                   "Explosions were heard before dawn.\n\nMore text.\n",
          .path = "dir/012_abc.txt",
          .id = "012_abc",
          .title = "Russia Launches Attack On Kyiv",
          .body = "Russia Launches Attack On Kyiv\n\n"
                  "Explosions were heard before dawn.\n\nMore text.",
          .date = 20220225,
      },
      {
          .name = "no space before date",
          .bytes = "date 2021-03-08 Essendra Records Driest Winter\n\nBody.",
          .title = "Essendra Records Driest Winter",
          .body = "Essendra Records Driest Winter\n\nBody.",
          .date = 20210308,
      },
      {
          .name = "several leading spaces and blank lines before date",
          .bytes = "\n\n    date 2018-10-04 Candidates Clash In Debate\n\nBody.",
          .title = "Candidates Clash In Debate",
          .body = "Candidates Clash In Debate\n\nBody.",
          .date = 20181004,
      },
      {
          .name = "upper-case Date word and tab",
          .bytes = "Date\t2020-01-14 Cargo Backlog Grows\n\nBody.",
          .title = "Cargo Backlog Grows",
          .body = "Cargo Backlog Grows\n\nBody.",
          .date = 20200114,
      },
      {
          .name = "headline on its own line after the date",
          .bytes = " date 2020-05-04\n\nKestrel Completes Engine Test\n\nBody.",
          .title = "Kestrel Completes Engine Test",
          .body = "Kestrel Completes Engine Test\n\nBody.",
          .date = 20200504,
      },
      {
          .name = "date glued to text",
          .bytes = " date 2022-02-25Kyiv Under Attack\n\nBody.",
          .title = "Kyiv Under Attack",
          .body = "Kyiv Under Attack\n\nBody.",
          .date = 20220225,
      },
      {
          .name = "leap day 2024-02-29 is valid",
          .bytes = " date 2024-02-29 Leap Day Story\n\nBody.",
          .title = "Leap Day Story",
          .body = "Leap Day Story\n\nBody.",
          .date = 20240229,
      },
      {
          .name = "leap day 2000-02-29 is valid",
          .bytes = " date 2000-02-29 Millennium Leap Day\n\nBody.",
          .title = "Millennium Leap Day",
          .body = "Millennium Leap Day\n\nBody.",
          .date = 20000229,
      },
      {
          .name = "CRLF line ends",
          .bytes = " date 2022-02-25 Headline Here\r\n\r\nFirst para.\r\n"
                   "Second para.\r\n",
          .title = "Headline Here",
          .body = "Headline Here\n\nFirst para.\nSecond para.",
          .date = 20220225,
      },
      {
          .name = "old Mac CR line ends",
          .bytes = " date 2022-02-25 Headline Here\r\rFirst para.\r",
          .title = "Headline Here",
          .body = "Headline Here\n\nFirst para.",
          .date = 20220225,
      },
      {
          .name = "UTF-8 BOM before the date line",
          .bytes = "\xEF\xBB\xBF date 2022-02-25 Headline After BOM\n\nBody.",
          .title = "Headline After BOM",
          .body = "Headline After BOM\n\nBody.",
          .date = 20220225,
      },
      {
          .name = "control characters become spaces",
          .bytes = " date 2022-02-25 Bad\x1b[31m Escape\x02Marker\x7f Title\n\n"
                   "Body\x03 with\x07 bells.",
          .title = "Bad [31m Escape Marker Title",
          .body = "Bad [31m Escape Marker  Title\n\nBody  with  bells.",
          .date = 20220225,
      },
      {
          // Regression: U+009B is CSI on 8-bit terminals.
          .name = "C1 control characters become spaces",
          .bytes = " date 2022-02-25 Bad\xC2\x9B"
                   "2J Title\n\nBody\xC2\x85"
                   "end.",
          .title = "Bad 2J Title",
          .body = "Bad 2J Title\n\nBody end.",
          .date = 20220225,
      },
      {
          .name = "Reuters-style all-caps short headline",
          .bytes = "date 1987-02-26 BAHIA COCOA REVIEW\n\n"
                   "Showers continued throughout the week in the Bahia cocoa "
                   "zone.",
          .title = "BAHIA COCOA REVIEW",
          .body = "BAHIA COCOA REVIEW\n\nShowers continued throughout the "
                  "week in the Bahia cocoa zone.",
          .date = 19870226,
      },
      {
          .name = "accented UTF-8 kept as is",
          .bytes = " date 2019-06-12 Tom\u00E1s Opens The Caf\u00E9\n\nBody.",
          .title = "Tom\u00E1s Opens The Caf\u00E9",
          .body = "Tom\u00E1s Opens The Caf\u00E9\n\nBody.",
          .date = 20190612,
      },
  };
  for (const auto& c : cases) CheckIndexed(c);
}

TEST(ParseArticleTest, MissingOrImpossibleDateIndexesUndatedWithWarning) {
  const std::vector<IndexedCase> cases = {
      {
          .name = "no date line: whole text is the body",
          .bytes = "Headline Without Date\n\nJust a body.\n",
          .title = "Headline Without Date",
          .body = "Headline Without Date\n\nJust a body.",
          .warnings_containing = {"no 'date YYYY-MM-DD' line"},
      },
      {
          .name = "impossible day 2023-02-30",
          .bytes = " date 2023-02-30 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"2023-02-30", "February 2023 has 28 days"},
      },
      {
          .name = "impossible month 2023-13-01",
          .bytes = " date 2023-13-01 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"2023-13-01", "month 13"},
      },
      {
          .name = "all-zero date 0000-00-00",
          .bytes = " date 0000-00-00 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"0000-00-00"},
      },
      {
          .name = "leap day in a common year 2023-02-29",
          .bytes = " date 2023-02-29 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"2023-02-29", "February 2023 has 28 days"},
      },
      {
          .name = "leap day in 1900",
          .bytes = " date 1900-02-29 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"1900-02-29", "February 1900 has 28 days"},
      },
      {
          .name = "date followed by more digits",
          .bytes = " date 2022-02-250 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"2022-02-250"},
      },
      {
          .name = "partial date only",
          .bytes = " date 2022-02 Headline\n\nBody.",
          .title = "Headline",
          .body = "Headline\n\nBody.",
          .warnings_containing = {"'2022-02': expected YYYY-MM-DD"},
      },
      {
          // Regression: "date" alone on its line used to be read as text
          // (title "date") while "date " with a space was a date line.
          .name = "date word alone on the first line",
          .bytes = "date\nHeadline Here\n\nBody.",
          .title = "Headline Here",
          .body = "Headline Here\n\nBody.",
          .warnings_containing = {"date line has no date"},
      },
      {
          // Regression: a text starting with the word "Date" lost its first
          // two words, read as a date line with a malformed date.
          .name = "text starting with the word Date is not a date line",
          .bytes = "Date Set For Harbour Trial\n\nBody.",
          .title = "Date Set For Harbour Trial",
          .body = "Date Set For Harbour Trial\n\nBody.",
          .warnings_containing = {"no 'date YYYY-MM-DD' line"},
      },
      {
          .name = "date word followed by spaces and a newline",
          .bytes = "date   \nHeadline Here\n\nBody.",
          .title = "Headline Here",
          .body = "Headline Here\n\nBody.",
          .warnings_containing = {"date line has no date"},
      },
  };
  for (const auto& c : cases) CheckIndexed(c);
}

TEST(ParseArticleTest, InvalidUtf8IsDecodedAsWindows1252WithWarning) {
  const std::vector<IndexedCase> cases = {
      {
          .name = "Latin-1 e-acute",
          .bytes = " date 2022-02-25 Caf\xE9 Reopens\n\nThe caf\xE9 is open.",
          .title = "Caf\u00E9 Reopens",
          .body = "Caf\u00E9 Reopens\n\nThe caf\u00E9 is open.",
          .date = 20220225,
          .recoded = true,
          .warnings_containing = {"Windows-1252"},
      },
      {
          .name = "Windows-1252 curly quotes",
          .bytes = " date 2022-02-25 Minister Says \x93No Deal\x94\n\nBody.",
          .title = "Minister Says \u201CNo Deal\u201D",
          .body = "Minister Says \u201CNo Deal\u201D\n\nBody.",
          .date = 20220225,
          .recoded = true,
          .warnings_containing = {"Windows-1252"},
      },
      {
          .name = "truncated UTF-8 sequence at end of file",
          .bytes = " date 2022-02-25 Headline\n\nabc\xE2\x82",
          .title = "Headline",
          .body = "Headline\n\nabc\u00E2\u201A",
          .date = 20220225,
          .recoded = true,
          .warnings_containing = {"not valid UTF-8"},
      },
      {
          .name = "recoded and undated together",
          .bytes = "Caf\xE9 Story\n\nBody.",
          .title = "Caf\u00E9 Story",
          .body = "Caf\u00E9 Story\n\nBody.",
          .recoded = true,
          .warnings_containing = {"Windows-1252", "undated"},
      },
  };
  for (const auto& c : cases) CheckIndexed(c);
}

TEST(ParseArticleTest, IdIsFileNameWithoutTxt) {
  struct Case {
    const char* path;
    const char* id;
  };
  const std::vector<Case> cases = {
      {"dir/012_abc.txt", "012_abc"},
      {"/abs/path/to/007_a1636e83711bfde8.txt", "007_a1636e83711bfde8"},
      {"plain.txt", "plain"},
      {"dir/no_extension", "no_extension"},
      {"dir/archive.txt.bak", "archive.txt.bak"},
      {"dir/two.txt.txt", "two.txt"},
      {"dir/.txt", ".txt"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_EQ(ArticleIdFromPath(c.path), c.id);
    ParsedArticle parsed = ParseArticle(" date 2022-02-25 T\n\nBody.", c.path);
    ASSERT_TRUE(parsed.article.has_value());
    EXPECT_EQ(parsed.article->id, c.id);
    EXPECT_EQ(parsed.article->path, c.path);
  }
}

// ---------------------------------------------------------------------------
// Files that are skipped.

TEST(ParseArticleTest, SkipsEmptyAndBinaryFiles) {
  struct Case {
    const char* name;
    std::string bytes;
    SkipReason reason;
  };
  const std::vector<Case> cases = {
      {"empty file", "", SkipReason::kEmpty},
      {"only spaces", "   ", SkipReason::kEmpty},
      {"only whitespace of all kinds", " \n\t\r\n \f\v\n", SkipReason::kEmpty},
      {"only a BOM", "\xEF\xBB\xBF", SkipReason::kEmpty},
      {"only a date line", " date 2022-02-25", SkipReason::kEmpty},
      {"only a date line and newlines", " date 2022-02-25\n\n\n", SkipReason::kEmpty},
      {"only an impossible date line", " date 2023-02-30\n", SkipReason::kEmpty},
      {"only the word date", "date\n", SkipReason::kEmpty},
      {"only control characters", "\x01\x02\x1b\n", SkipReason::kEmpty},
      {"NUL byte in the body", " date 2022-02-25 Title\n\nab\0cd"s, SkipReason::kBinary},
      {"NUL byte first", "\0ELF"s, SkipReason::kBinary},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ParsedArticle parsed = ParseArticle(c.bytes, "dir/a.txt");
    EXPECT_FALSE(parsed.article.has_value());
    ASSERT_TRUE(parsed.skipped.has_value());
    EXPECT_EQ(*parsed.skipped, c.reason)
        << SkipReasonName(*parsed.skipped) << ": " << parsed.skip_detail;
    EXPECT_FALSE(parsed.skip_detail.empty());
    EXPECT_TRUE(parsed.warnings.empty()) << Warnings(parsed);
    EXPECT_FALSE(parsed.undated);
  }
}

TEST(SkipReasonNameTest, NamesAreStable) {
  EXPECT_STREQ(SkipReasonName(SkipReason::kEmpty), "empty");
  EXPECT_STREQ(SkipReasonName(SkipReason::kBinary), "binary");
  EXPECT_STREQ(SkipReasonName(SkipReason::kUnreadable), "unreadable");
  EXPECT_STREQ(SkipReasonName(SkipReason::kBrokenSymlink), "broken-symlink");
  EXPECT_STREQ(SkipReasonName(SkipReason::kSymlinkLoop), "symlink-loop");
  EXPECT_STREQ(SkipReasonName(SkipReason::kOutsideCorpus), "outside-corpus");
  EXPECT_STREQ(SkipReasonName(SkipReason::kTooLarge), "too-large");
}

// ---------------------------------------------------------------------------
// The title rule.

TEST(ParseArticleTest, ScrapedPageTitleSkipsNavigationLines) {
  const std::string bytes =
      " date 2023-07-18 Open Menu\n"
      "\n"
      "Pentagon Says US, Allies Working On Bilateral Security Guarantee Deals "
      "With Ukraine\n"
      "By Jane Doe | Published 18 July 2023\n"
      "The United States and its allies are working on bilateral security "
      "guarantees for Ukraine, the Pentagon said on Tuesday.\n"
      "Related Topics\n"
      "Recent Stories\n"
      "1 minute ago\n";
  ParsedArticle parsed = ParseArticle(bytes, "scrape/2023/pentagon.txt");
  ASSERT_TRUE(parsed.article.has_value()) << parsed.skip_detail;
  const Article& article = *parsed.article;
  EXPECT_EQ(article.id, "pentagon");
  EXPECT_EQ(article.date, std::optional<Ymd>(20230718));
  EXPECT_EQ(article.title,
            "Pentagon Says US, Allies Working On Bilateral Security Guarantee "
            "Deals With Ukraine");
  // The body is everything after the date, navigation included.
  EXPECT_EQ(article.body.rfind("Open Menu\n\nPentagon Says", 0), 0u) << article.body;
  EXPECT_NE(article.body.find("1 minute ago"), std::string::npos);
  EXPECT_TRUE(parsed.warnings.empty()) << Warnings(parsed);
}

TEST(ExtractTitleTest, PicksTheFirstHeadlineLikeLine) {
  struct Case {
    const char* name;
    std::string body;
    std::string title;
  };
  const std::vector<Case> cases = {
      {"first line", "Ashdown Elected Mayor\n\nBody text.", "Ashdown Elected Mayor"},
      {"leading blank lines", "\n\n  Ashdown Elected Mayor  \nBody.", "Ashdown Elected Mayor"},
      {"inner whitespace collapsed", "Ashdown   Elected\tMayor\nBody.", "Ashdown Elected Mayor"},
      {"skip to content", "Skip to content\nReal Headline Here\nBody.", "Real Headline Here"},
      {"sign in and share bars", "Sign In\nSubscribe\nShare\nReal Headline\nBody.",
       "Real Headline"},
      {"relative times", "5 minutes ago\nan hour ago\n2 days ago\nReal Headline\n",
       "Real Headline"},
      {"symbol-only lines", "| \u00BB --\n***\nReal Headline\n", "Real Headline"},
      {"question headline", "Will Rates Rise Again?\nBody.", "Will Rates Rise Again?"},
      {"short all-caps headline", "BAHIA COCOA REVIEW\n\nBody.", "BAHIA COCOA REVIEW"},
      {"one-word headline", "Kestrel\nBody.", "Kestrel"},
      // Regression: words without ASCII letters were all taken for
      // separators, so short headlines in other scripts were skipped.
      {"short Cyrillic headline",
       "\u0412\u0438\u0431\u0443\u0445\u0438 \u0443 "
       "\u041A\u0438\u0454\u0432\u0456\nBody.",
       "\u0412\u0438\u0431\u0443\u0445\u0438 \u0443 \u041A\u0438\u0454\u0432\u0456"},
      {"short Greek headline",
       "\u039D\u03AD\u03B1 \u03BA\u03C5\u03B2\u03AD\u03C1"
       "\u03BD\u03B7\u03C3\u03B7\nBody.",
       "\u039D\u03AD\u03B1 \u03BA\u03C5\u03B2\u03AD\u03C1\u03BD\u03B7\u03C3\u03B7"},
      {"one-word CJK headline", "\u6771\u4EAC\u3067\u5730\u9707\nBody.",
       "\u6771\u4EAC\u3067\u5730\u9707"},
      {"non-ASCII separators and icons are navigation",
       "\u00AB \u2014 \u00BB\n\u2022 \u2022\n\U0001F50D Search\nReal Headline\n", "Real Headline"},
      {"line ending in a period is a sentence", "The strike ended today. Workers returned.\n",
       "The strike ended today."},
      {"U.S. inside the first sentence",
       "The U.S. said on Monday it would send more aid. Officials agreed.\n",
       "The U.S. said on Monday it would send more aid."},
      {"Jan. inside the first sentence", "Prices rose in Jan. and fell later. Then more.\n",
       "Prices rose in Jan. and fell later."},
      {"initials inside the first sentence", "J. R. Smith won the race easily. Then more.\n",
       "J. R. Smith won the race easily."},
      {"Mr. inside the first sentence", "Mr. Smith said the port would reopen. Others disagreed.\n",
       "Mr. Smith said the port would reopen."},
      {"Dr. and St. inside the first sentence",
       "Dr. Jones lives on Main St. near the port. Others disagree.\n",
       "Dr. Jones lives on Main St. near the port."},
      {"sentence ending in a quote", "He said \"no.\" Then he left the room quickly.\n",
       "He said \"no.\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ExtractTitle(c.body), c.title);
  }
}

TEST(ExtractTitleTest, LongParagraphGivesFirstSentenceCutOnAWord) {
  // A first line of well over 160 characters whose first sentence alone is
  // longer than kMaxTitleChars.
  const std::string first_sentence =
      "Officials from the port authority, the dock workers' union and the "
      "shipping companies met on Tuesday for the first time since the strike "
      "began in November to discuss a settlement";
  const std::string body = first_sentence +
                           ". The talks lasted six hours and ended without "
                           "agreement.\n\nSecond paragraph.";
  ASSERT_GT(Utf8Length(body.substr(0, body.find('\n'))), 160u);
  std::string title = ExtractTitle(body);
  EXPECT_LE(Utf8Length(title), kMaxTitleChars);
  ASSERT_GE(title.size(), kEllipsis.size());
  EXPECT_EQ(title.substr(title.size() - kEllipsis.size()), kEllipsis);
  std::string kept = title.substr(0, title.size() - kEllipsis.size());
  // Cut on a word boundary: what is kept is a prefix of the sentence followed
  // by a space in the original.
  ASSERT_LT(kept.size(), first_sentence.size());
  EXPECT_EQ(first_sentence.compare(0, kept.size(), kept), 0);
  EXPECT_EQ(first_sentence[kept.size()], ' ') << title;
  EXPECT_EQ(title,
            "Officials from the port authority, the dock workers' union and "
            "the shipping companies met on Tuesday for the first time\u2026");
}

TEST(ExtractTitleTest, LongParagraphWithShortFirstSentenceGivesThatSentence) {
  const std::string body =
      "The U.S. Senate passed the bill late on Thursday. It now goes to the "
      "House of Representatives, where leaders said they expected a vote "
      "before the end of the month, possibly sooner.\n";
  ASSERT_GT(Utf8Length(body), 160u);
  EXPECT_EQ(ExtractTitle(body), "The U.S. Senate passed the bill late on Thursday.");
}

TEST(ExtractTitleTest, LongMultibyteSentenceIsNeverSplitInsideACharacter) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "\u00E9t\u00E9 ";
  body += "fin.";
  std::string title = ExtractTitle(body);
  EXPECT_TRUE(IsValidUtf8(title));
  EXPECT_LE(Utf8Length(title), kMaxTitleChars);
  EXPECT_EQ(title.substr(title.size() - kEllipsis.size()), kEllipsis);
}

TEST(ExtractTitleTest, OnlyNavigationFallsBackToFirstSentence) {
  EXPECT_EQ(ExtractTitle("Open Menu\nSearch\n"), "Open Menu Search");
  EXPECT_EQ(ExtractTitle(""), "");
}

}  // namespace
}  // namespace newsdex
