#include "newsdex/base/number.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace newsdex {
namespace {

TEST(ParseWholeIntegerTest, AcceptsOnlyTextThatIsAllTheNumber) {
  EXPECT_EQ(ParseWholeInteger<int>("0"), 0);
  EXPECT_EQ(ParseWholeInteger<int>("42"), 42);
  EXPECT_EQ(ParseWholeInteger<int>("-3"), -3);
  EXPECT_EQ(ParseWholeInteger<int>("007"), 7);
  EXPECT_EQ(ParseWholeInteger<std::uint64_t>("18446744073709551615"),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(ParseWholeInteger<std::int64_t>("-9223372036854775808"),
            std::numeric_limits<std::int64_t>::min());
  const std::vector<std::string> bad = {"", " 1", "1 ", "1x", "+1", "1.0", "0x10", "-", "\t"};
  for (const std::string& text : bad) {
    EXPECT_FALSE(ParseWholeInteger<int>(text).has_value()) << "'" << text << "'";
  }
  EXPECT_FALSE(ParseWholeInteger<std::uint64_t>("-1").has_value());
  EXPECT_FALSE(ParseWholeInteger<std::uint64_t>("18446744073709551616").has_value());
  EXPECT_FALSE(ParseWholeInteger<int>("2147483648").has_value());
}

TEST(ParseFiniteDoubleTest, AcceptsFiniteNumbersOnly) {
  EXPECT_EQ(ParseFiniteDouble("1.5"), 1.5);
  EXPECT_EQ(ParseFiniteDouble("-2"), -2.0);
  EXPECT_EQ(ParseFiniteDouble("1e3"), 1000.0);
  EXPECT_EQ(ParseFiniteDouble("0.75"), 0.75);
  const std::vector<std::string> bad = {"",    " 1",    "1 ",   "1,5", "inf",
                                        "nan", "1e999", "1.5x", "+1",  "."};
  for (const std::string& text : bad) {
    EXPECT_FALSE(ParseFiniteDouble(text).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace newsdex
