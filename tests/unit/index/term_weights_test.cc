#include "newsdex/index/term_weights.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "text_document.h"

namespace newsdex {
namespace {

TEST(TermWeightsTest, RoundTripsThroughMetadataText) {
  TermWeights weights = NormalizedTermWeights();
  std::string text = EncodeTermWeights(weights);
  EXPECT_EQ(text, "bm25 b=0.4 scale=16 length=146");
  TermWeights back = DecodeTermWeights(text);
  EXPECT_TRUE(back.normalized);
  EXPECT_DOUBLE_EQ(back.b, 0.4);
  EXPECT_DOUBLE_EQ(back.scale, 16);
  EXPECT_DOUBLE_EQ(back.ref_length, 146);
  EXPECT_FALSE(DecodeTermWeights("").normalized);
  EXPECT_FALSE(DecodeTermWeights("pl2 b=0.4").normalized);
  EXPECT_FALSE(DecodeTermWeights("bm25 b=7 scale=16 length=280").normalized);
  EXPECT_EQ(EncodeTermWeights(TermWeights{}), "");
}

TEST(TermWeightsTest, NormalisationScalesWdfByLengthAndKeepsPositions) {
  // 10 words: doclen 10; with b 0.5 and reference length 20, K = 0.75.
  TermWeights weights{true, 0.5, 16, 20};
  Xapian::Document doc = TextDocument("kestrel kestrel a b c d e f g h");
  NormalizeTermWeights(weights, &doc);
  auto it = doc.termlist_begin();
  it.skip_to("kestrel");
  ASSERT_EQ(*it, "kestrel");
  EXPECT_EQ(it.get_wdf(), 43u);  // round(16 * 2 / 0.75) = round(42.67)
  EXPECT_EQ(std::vector<Xapian::termpos>(it.positionlist_begin(), it.positionlist_end()),
            (std::vector<Xapian::termpos>{1, 2}));
  auto a = doc.termlist_begin();
  a.skip_to("a");
  EXPECT_EQ(a.get_wdf(), 21u);  // round(16 / 0.75)
  auto id = doc.termlist_begin();
  id.skip_to("Qid");
  EXPECT_EQ(id.get_wdf(), 0u);  // boolean terms stay boolean

  // A very long document (K above the scale) lowers wdf: positions stay.
  std::string text = "osprey osprey osprey";
  for (int i = 0; i < 1000; ++i) text += " w" + std::to_string(i % 50);
  Xapian::Document longer = TextDocument(text);
  NormalizeTermWeights(weights, &longer);
  auto osprey = longer.termlist_begin();
  osprey.skip_to("osprey");
  ASSERT_EQ(*osprey, "osprey");
  // K = 0.5 + 0.5 * 1003 / 20 = 25.575: round(16 * 3 / 25.575) = 2.
  EXPECT_EQ(osprey.get_wdf(), 2u);
  EXPECT_EQ(std::vector<Xapian::termpos>(osprey.positionlist_begin(), osprey.positionlist_end()),
            (std::vector<Xapian::termpos>{1, 2, 3}));
  EXPECT_TRUE(NormalizedTermWeights().normalized);
  Xapian::Document raw = TextDocument("kestrel kestrel a");
  NormalizeTermWeights(TermWeights{}, &raw);
  auto kestrel = raw.termlist_begin();
  kestrel.skip_to("kestrel");
  EXPECT_EQ(kestrel.get_wdf(), 2u);
}

}  // namespace
}  // namespace newsdex
