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
  const Signature expected = {
      0x20c6, 0x17f9, 0xb952, 0x9cb8, 0x6a12, 0x71cd, 0x5ae8, 0x596c, 0xc8f5, 0x99ef, 0x39e5,
      0xbe2f, 0xac27, 0xee9d, 0x3010, 0x51c8, 0x3d3c, 0xd3d2, 0x3fcc, 0xff60, 0x924b, 0x4723,
      0x0bf5, 0x7a4a, 0xed89, 0x8d11, 0x656c, 0x7346, 0x7251, 0x4cdb, 0xcdbd, 0x15c6, 0xf7e8,
      0x111f, 0x9771, 0x7f53, 0x54c8, 0xd224, 0xb97e, 0xdc09, 0x5495, 0xf6cd, 0x18d0, 0xb914,
      0xd143, 0x9f32, 0x3305, 0xf563, 0x9464, 0x3956, 0x8559, 0xde97, 0x1167, 0xa843, 0x0e7d,
      0x655b, 0xb66b, 0x06ae, 0x7327, 0x5e71, 0xcee6, 0x7aeb, 0x266a, 0xb0eb};
  auto signature = MinHashSignature(
      "The central bank raised its key interest rate by half a point on Monday, "
      "citing inflation that has stayed above target for a year.");
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(*signature, expected);
  // Band keys decide which articles clustering compares.
  EXPECT_EQ(Fnv1a64Of16(expected.data(), kRowsPerBand, kBandKeySeed), 0xff40509c14d31f08ULL);
  EXPECT_EQ(Fnv1a64Of16(expected.data() + 15 * kRowsPerBand, kRowsPerBand, kBandKeySeed),
            0x74e2cdee8d38bd6bULL);
}

}  // namespace
}  // namespace newsdex
