#include "newsdex/index/change_detect.h"

#include <gtest/gtest.h>

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
  EXPECT_FALSE(DecodeFileState("", "1", "0000000000000001"));
  EXPECT_FALSE(DecodeFileState("12x", "1", "0000000000000001"));
  EXPECT_FALSE(DecodeFileState("12", "1", "01"));
  EXPECT_FALSE(DecodeFileState("12", "1", "zzzzzzzzzzzzzzzz"));
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
