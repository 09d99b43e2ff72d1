#include "newsdex/base/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsdex {
namespace {

const std::string kEllipsis = "\u2026";

TEST(IsValidUtf8Test, AcceptsWellFormedAndRejectsMalformedSequences) {
  struct Case {
    const char* name;
    std::string bytes;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"empty", "", true},
      {"ascii", "plain ascii", true},
      {"two-byte e-acute", "caf\xC3\xA9", true},
      {"three-byte euro", "\xE2\x82\xAC", true},
      {"four-byte emoji", "\xF0\x9F\x98\x80", true},
      {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"last before surrogates U+D7FF", "\xED\x9F\xBF", true},
      {"first after surrogates U+E000", "\xEE\x80\x80", true},
      {"overlong NUL C0 80", "\xC0\x80", false},
      {"overlong slash C1 AF", "\xC1\xAF", false},
      {"overlong three-byte E0 80 80", "\xE0\x80\x80", false},
      {"overlong four-byte F0 80 80 80", "\xF0\x80\x80\x80", false},
      {"surrogate ED A0 80", "\xED\xA0\x80", false},
      {"low surrogate ED BF BF", "\xED\xBF\xBF", false},
      {"above U+10FFFF F4 90 80 80", "\xF4\x90\x80\x80", false},
      {"lead byte F5", "\xF5\x80\x80\x80", false},
      {"latin-1 e-acute", "caf\xE9", false},
      {"lone continuation", "\x80", false},
      {"truncated two-byte", "abc\xC3", false},
      {"truncated three-byte", "abc\xE2\x82", false},
      {"truncated four-byte", "\xF0\x9F\x98", false},
      {"bad continuation", "\xC3\x28", false},
      {"FF byte", "\xFF", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid);
  }
}

TEST(Windows1252ToUtf8Test, DecodesEveryRangeOfTheCodePage) {
  struct Case {
    const char* name;
    std::string bytes;
    std::string utf8;
  };
  const std::vector<Case> cases = {
      {"ascii unchanged", "abc 123\n", "abc 123\n"},
      {"0x80 is the euro sign", "\x80", "\u20AC"},
      {"0x81 is undefined", "\x81", "\uFFFD"},
      {"0x8D 0x8F 0x90 0x9D are undefined", "\x8D\x8F\x90\x9D", "\uFFFD\uFFFD\uFFFD\uFFFD"},
      {"curly quotes 0x93 0x94", "\x93quoted\x94", "\u201Cquoted\u201D"},
      {"en and em dash", "\x96\x97", "\u2013\u2014"},
      {"0x9F is Y diaeresis", "\x9F", "\u0178"},
      {"0xA0 is no-break space", "\xA0", "\u00A0"},
      {"0xE9 is e-acute", "caf\xE9", "caf\u00E9"},
      {"0xFF is y diaeresis", "\xFF", "\u00FF"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string decoded = Windows1252ToUtf8(c.bytes);
    EXPECT_EQ(decoded, c.utf8);
    EXPECT_TRUE(IsValidUtf8(decoded));
  }
}

TEST(Windows1252ToUtf8Test, AnyByteStringBecomesValidUtf8) {
  std::string all_bytes;
  for (int b = 1; b < 256; ++b) all_bytes += static_cast<char>(b);
  EXPECT_TRUE(IsValidUtf8(Windows1252ToUtf8(all_bytes)));
}

TEST(Utf8LengthTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("caf\u00E9"), 4u);
  EXPECT_EQ(Utf8Length("\u2026"), 1u);
  EXPECT_EQ(Utf8Length("\U0001F600x"), 2u);
  EXPECT_EQ(Utf8Length("Kova\u010D Ara\u00FAjo"), 12u);
}

TEST(TruncateOnWordTest, CutsOnWordsAndMarksTheCut) {
  struct Case {
    const char* name;
    std::string text;
    std::size_t max_chars;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"fits unchanged", "short title", 20, "short title"},
      {"exactly the limit is unchanged", "0123456789", 10, "0123456789"},
      {"empty text", "", 5, ""},
      {"cuts at the last space", "the quick brown fox jumps", 18, "the quick brown" + kEllipsis},
      {"space right at the limit", "aaaa bbbb cccc", 10, "aaaa bbbb" + kEllipsis},
      {"no space: hard cut", "abcdefghijklmnop", 8, "abcdefg" + kEllipsis},
      {"space too early: hard cut", "ab cdefghijklmnop", 10, "ab cdefgh" + kEllipsis},
      {"drops punctuation before the ellipsis", "first part, second part", 16,
       "first part" + kEllipsis},
      {"multibyte kept whole", "\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9", 4,
       "\u00E9\u00E9\u00E9" + kEllipsis},
      {"four-byte kept whole", "\U0001F600\U0001F600\U0001F600", 2, "\U0001F600" + kEllipsis},
      {"limit of one", "abc", 1, kEllipsis},
      {"limit of zero", "abc", 0, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out = TruncateOnWord(c.text, c.max_chars);
    EXPECT_EQ(out, c.expected);
    EXPECT_LE(Utf8Length(out), c.max_chars);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(TruncateOnWordTest, NeverSplitsACharacterAndStaysWithinTheLimit) {
  // Every limit over a mixed-width text: the result is valid UTF-8, at most
  // max_chars code points, and a prefix of the text plus "…".
  const std::string text =
      "Kova\u010D and Ara\u00FAjo met in the caf\u00E9 \u2014 \U0001F600 "
      "\u0416\u0416\u0416 end";
  const std::size_t length = Utf8Length(text);
  for (std::size_t max = 0; max <= length + 1; ++max) {
    SCOPED_TRACE("max_chars " + std::to_string(max));
    std::string out = TruncateOnWord(text, max);
    EXPECT_TRUE(IsValidUtf8(out));
    EXPECT_LE(Utf8Length(out), max);
    if (max >= length) {
      EXPECT_EQ(out, text);
    } else if (max > 0) {
      ASSERT_GE(out.size(), kEllipsis.size());
      EXPECT_EQ(out.substr(out.size() - kEllipsis.size()), kEllipsis);
      std::string kept = out.substr(0, out.size() - kEllipsis.size());
      EXPECT_EQ(text.compare(0, kept.size(), kept), 0);
    }
  }
}

TEST(CollapseWhitespaceTest, TurnsRunsIntoOneSpaceAndTrims) {
  struct Case {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"empty", "", ""},
      {"only whitespace", " \t\n\r\f\v ", ""},
      {"already clean", "a b c", "a b c"},
      {"trims both ends", "  a b  ", "a b"},
      {"newlines and tabs", "a\n\nb\tc\r\nd", "a b c d"},
      {"long runs", "a     \t\t   b", "a b"},
      {"keeps multibyte text", " caf\u00E9 \n au lait ", "caf\u00E9 au lait"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CollapseWhitespace(c.text), c.expected);
  }
}

TEST(IsAsciiSpaceTest, TheSixAsciiWhitespaceCharactersOnly) {
  for (char c : std::string(" \t\n\v\f\r")) EXPECT_TRUE(IsAsciiSpace(c)) << int(c);
  for (char c : std::string("a0_\x1f\x7f\xa0\xc2\x85", 8)) EXPECT_FALSE(IsAsciiSpace(c)) << int(c);
  EXPECT_FALSE(IsAsciiSpace('\0'));
}

TEST(TrimTest, TrimsAllAsciiWhitespaceButNotInside) {
  struct Case {
    const char* name;
    std::string text;
    std::string trim;
    std::string trim_blanks;
  };
  const std::vector<Case> cases = {
      {"empty", "", "", ""},
      {"only blanks", " \t\r ", "", ""},
      {"form feed and vertical tab", "\f\va b\v\f", "a b", "\f\va b\v\f"},
      {"newline", "\n a \n", "a", "\n a \n"},
      {"crlf line", "  key = value\r", "key = value", "key = value"},
      {"inside kept", "a \t\r b", "a \t\r b", "a \t\r b"},
      {"no-break space is not blank", "\u00A0x\u00A0", "\u00A0x\u00A0", "\u00A0x\u00A0"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Trim(c.text), c.trim);
    EXPECT_EQ(TrimBlanks(c.text), c.trim_blanks);
  }
}

TEST(AsciiLowerTest, LowersAsciiLettersOnly) {
  EXPECT_EQ(AsciiLower(""), "");
  EXPECT_EQ(AsciiLower("Date: 2022-02-25 AGO"), "date: 2022-02-25 ago");
  EXPECT_EQ(AsciiLower("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(AsciiLower("@[`{"), "@[`{");  // the bytes either side of A-Z and a-z
  EXPECT_EQ(AsciiLower("\u00C9COLE \u0130"), "\u00C9cole \u0130");  // UTF-8 untouched
}

}  // namespace
}  // namespace newsdex
