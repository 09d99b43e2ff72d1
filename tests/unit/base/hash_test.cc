#include "newsdex/base/hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "newsdex/index/change_detect.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/schema.h"

// Golden values: indexes on disk hold these hashes, so a change to any of
// them must be deliberate (and come with a kFormatVersion bump). The expected
// values were computed outside newsdex, by a short independent script of the
// published definitions (FNV-1a 64, MurmurHash3's finalisers), not by this
// code; FNV-1a 64 of "" and "a" are also the published test vectors.
namespace newsdex {
namespace {

TEST(HashGoldenTest, Fnv1a64WithThePublishedOffsetBasis) {
  EXPECT_EQ(Fnv1a64("", kFnvOffsetBasis), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a", kFnvOffsetBasis), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("newsdex", kFnvOffsetBasis), 0x9885fae95e5a7b93ULL);
}

TEST(HashGoldenTest, Fnv1a64WithTheShortOffsetBasis) {
  EXPECT_EQ(Fnv1a64("", kFnvShortOffsetBasis), 0x14650fb0739d0383ULL);
  EXPECT_EQ(Fnv1a64("newsdex", kFnvShortOffsetBasis), 0x7de66a49b4c61f49ULL);
}

TEST(HashGoldenTest, Fnv1a64Of16StepsOncePerValue) {
  const std::uint16_t values[] = {1, 2, 3, 0xffff};
  EXPECT_EQ(Fnv1a64Of16(values, 4, kFnvShortOffsetBasis), 0x7feb9b982665dd86ULL);
}

TEST(HashGoldenTest, Mixers) {
  EXPECT_EQ(Mix64(1), 0xb456bcfc34c2cb2cULL);
  EXPECT_EQ(Mix32(1), 0x85efe535u);
  EXPECT_EQ(ShingleHash("the quick fox"), 0xb29002dec4117ff3ULL);
  EXPECT_EQ(MinHashValue(0x0123456789abcdefULL, 0), 0xacda5695u);
  EXPECT_EQ(MinHashValue(0x0123456789abcdefULL, 63), 0x982a036du);
}

TEST(HashGoldenTest, HashBytesAreBigEndian) {
  EXPECT_EQ(HashToBytes(0x0123456789abcdefULL), std::string("\x01\x23\x45\x67\x89\xab\xcd\xef", 8));
  EXPECT_EQ(HashToBytes(1), std::string("\0\0\0\0\0\0\0\1", 8));
  EXPECT_EQ(HashFromBytes(std::string("\x01\x23\x45\x67\x89\xab\xcd\xef", 8)),
            0x0123456789abcdefULL);
  EXPECT_FALSE(HashFromBytes("1234567").has_value());
  EXPECT_FALSE(HashFromBytes("123456789").has_value());
}

// Each stored use, through the function that stores it, so that a changed
// seed shows up even where the seed constant itself looks harmless.
TEST(StoredHashGoldenTest, PathKeyIsTheBigEndianHashOfThePath) {
  EXPECT_EQ(schema::PathKey("/corpus/a.txt"),
            std::string("XP\x08\x24\x7f\x0a\xfb\x3f\xdf\x0c", 10));
}

TEST(StoredHashGoldenTest, LineTermIsTheBigEndianHashOfTheLine) {
  EXPECT_EQ(schema::LineTerm("reuters"), std::string("XL\xd8\x98\x2b\x50\xf2\x7a\xe6\x3b", 10));
}

TEST(StoredHashGoldenTest, LongIdTermCarriesItsHashInHex) {
  EXPECT_EQ(schema::IdTerm(std::string(250, 'x')), "Q#ec9ed1cac0d8ee3b#" + std::string(120, 'x'));
}

TEST(StoredHashGoldenTest, ContentHash) { EXPECT_EQ(ContentHash("hello"), 0xa430d84680aabd0bULL); }

TEST(StoredHashGoldenTest, ShardOf) {
  EXPECT_EQ(ShardOf("reut2-000-1", 7), 5u);
  EXPECT_EQ(ShardOf("a", 7), 5u);
  EXPECT_EQ(ShardOf("article-42", 7), 0u);
}

TEST(StoredHashGoldenTest, MinHashSignatureAndBandKeys) {
  const Signature expected = {0xc6, 0xf9, 0x52, 0xb8, 0x12, 0xcd, 0xe8, 0x6c, 0xf5, 0xef, 0xe5,
                              0x2f, 0x27, 0x9d, 0x10, 0xc8, 0x3c, 0xd2, 0xcc, 0x60, 0x4b, 0x23,
                              0xf5, 0x4a, 0x89, 0x11, 0x6c, 0x46, 0x51, 0xdb, 0xbd, 0xc6, 0xe8,
                              0x1f, 0x71, 0x53, 0xc8, 0x24, 0x7e, 0x09, 0x95, 0xcd, 0xd0, 0x14,
                              0x43, 0x32, 0x05, 0x63, 0x64, 0x56, 0x59, 0x97, 0x67, 0x43, 0x7d,
                              0x5b, 0x6b, 0xae, 0x27, 0x71, 0xe6, 0xeb, 0x6a, 0xeb};
  auto signature = MinHashSignature(
      "The central bank raised its key interest rate by half a point on Monday, "
      "citing inflation that has stayed above target for a year.");
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(*signature, expected);
  // Band keys decide which articles clustering compares.
  EXPECT_EQ(BandKeyOf(expected.data()), 0x02e8459e3b09db08ULL);
  EXPECT_EQ(BandKeyOf(expected.data() + 15 * kRowsPerBand), 0xfeae37a59a62036bULL);
}

}  // namespace
}  // namespace newsdex
