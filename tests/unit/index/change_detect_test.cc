#include "newsdex/index/change_detect.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdex {
namespace {

TEST(ChangeDetectTest, NewFileIsRead) {
  EXPECT_EQ(JudgeStat(std::nullopt, 10, 100), StatVerdict::kNew);
}

TEST(ChangeDetectTest, SameSizeAndTimeIsNotEvenOpened) {
  FileState stored{10, 100, 0xabc};
  EXPECT_EQ(JudgeStat(stored, 10, 100), StatVerdict::kUnchanged);
}

TEST(ChangeDetectTest, ChangedTimeOrSizeIsRead) {
  FileState stored{10, 100, 0xabc};
  EXPECT_EQ(JudgeStat(stored, 10, 101), StatVerdict::kRead);
  EXPECT_EQ(JudgeStat(stored, 11, 100), StatVerdict::kRead);
  EXPECT_EQ(JudgeStat(stored, 9, 99), StatVerdict::kRead);
}

TEST(ChangeDetectTest, TouchWithSameBytesOnlyRecordsTheTime) {
  FileState stored{5, 100, ContentHash("hello")};
  EXPECT_EQ(JudgeContent(stored, 5, ContentHash("hello")), ContentVerdict::kTouched);
}

TEST(ChangeDetectTest, DifferentBytesAreReindexed) {
  FileState stored{5, 100, ContentHash("hello")};
  EXPECT_EQ(JudgeContent(stored, 5, ContentHash("jello")), ContentVerdict::kModified);
  EXPECT_EQ(JudgeContent(stored, 6, ContentHash("hello!")), ContentVerdict::kModified);
}

TEST(ChangeDetectTest, ContentHashIsStableFnv1a) {
  // Stored in indexes: must never change between builds.
  EXPECT_EQ(ContentHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(ContentHash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_NE(ContentHash("ab"), ContentHash("ba"));
}

TEST(ChangeDetectTest, FileStateRoundTripsThroughValueEncodings) {
  auto state = DecodeFileState(EncodeUnsigned(123456789012ULL), EncodeSigned(-1),
                               EncodeHash(0x0123456789abcdefULL));
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->size, 123456789012ULL);
  EXPECT_EQ(state->mtime, -1);
  EXPECT_EQ(state->hash, 0x0123456789abcdefULL);
  EXPECT_EQ(EncodeHash(1), std::string("\0\0\0\0\0\0\0\1", 8));
  // A hex hash from a format 2 index counts as damaged, never as a match.
  EXPECT_FALSE(DecodeFileState("1", "1", "0123456789abcdef").has_value());
}

TEST(ChangeDetectTest, DamagedStateDecodesAsMissing) {
  // A well-formed hash (8 bytes), so that the damaged field is what decides.
  const std::string hash = EncodeHash(0x0102030405060708ULL);
  ASSERT_TRUE(DecodeFileState("12", "-3", hash).has_value());
  for (const char* size : {"", "12x", "x12", "1 2", "-12", "+12", "0x12", "18446744073709551616"}) {
    EXPECT_FALSE(DecodeFileState(size, "1", hash).has_value()) << "size '" << size << "'";
  }
  for (const char* mtime : {"", "1.5", "1e3", "9223372036854775808", "--1", "7 "}) {
    EXPECT_FALSE(DecodeFileState("12", mtime, hash).has_value()) << "mtime '" << mtime << "'";
  }
  // Hashes of the wrong size: short, long, empty.
  EXPECT_FALSE(DecodeFileState("12", "1", hash.substr(0, 7)).has_value());
  EXPECT_FALSE(DecodeFileState("12", "1", hash + '\0').has_value());
  EXPECT_FALSE(DecodeFileState("12", "1", "").has_value());
}

TEST(ChangeDetectTest, FileModifiedInTheSecondItIsIndexedIsCheckedAgain) {
  EXPECT_EQ(MtimeToRecord(1000, 1000), kRacyMtime);
  EXPECT_EQ(MtimeToRecord(999, 1000), kRacyMtime);
  EXPECT_EQ(MtimeToRecord(2000, 1000), kRacyMtime);  // clock skew: future mtime
  EXPECT_EQ(MtimeToRecord(998, 1000), 998);
  // A racy record never equals a real mtime, so the next update reads it.
  EXPECT_EQ(JudgeStat(FileState{5, kRacyMtime, 0}, 5, 1000), StatVerdict::kRead);
}

}  // namespace
}  // namespace newsdex
