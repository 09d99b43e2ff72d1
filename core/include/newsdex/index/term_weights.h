// How an index stores within-document frequencies: raw counts, or BM25's
// length normalisation done once when a document is written (the setting
// the index records in its metadata, which search/ranking.h reads to score).
#ifndef NEWSDEX_INDEX_TERM_WEIGHTS_H_
#define NEWSDEX_INDEX_TERM_WEIGHTS_H_

#include <xapian.h>

#include <string>
#include <string_view>

namespace newsdex {

// How an index stores within-document frequencies (wdf). Xapian's BM25 reads
// each candidate's document length from a separate list, and on a 200k-article
// index that lookup is most of a query's time. A normalised index does BM25's
// length normalisation when it writes a document instead:
//   wdf' = round(scale * tf / K),   K = (1 - b) + b * max(0.5, doclen / ref_length)
// (tf and doclen as Xapian counts them; ref_length is the corpus's average
// length measured by the build and stored with the index, and `update`
// keeps it, so an update equals a fresh build with the same stored settings
// (see BuildOptions::measure_reference_length)). BM25 with k1' = k1 * scale and b = 0 over wdf'
// then ranks exactly as BM25(k1, b) with that reference length, up to rounding, with every score
// multiplied by (k1' + 1) / (k1 + 1), and reads no lengths.
struct TermWeights {
  bool normalized = false;  // false: raw counts (what Xapian writes itself)
  double b = 0;
  double scale = 0;
  double ref_length = 0;
};

// What `indexer build` writes unless told --exact-tf: b 0.4 (the searcher's
// default), scale 16 (wdf' stays one byte for most postings and within 3% of
// the exact value), reference length 146 (the average document length of the
// Reuters-21578 articles in Xapian's count: each word once, as its stem, and
// title words again); the build replaces it with the corpus's own average.
TermWeights NormalizedTermWeights();

// The index's setting (schema::kMetaTermWeights): "bm25 b=0.4 scale=16
// length=280", or raw counts when absent or unreadable.
std::string EncodeTermWeights(const TermWeights& weights);
TermWeights DecodeTermWeights(std::string_view text);
TermWeights ReadTermWeights(const Xapian::Database& db);

// Rewrites the wdf of every non-boolean term of `doc` (made with raw counts)
// as `weights` says; positions are kept. No-op for raw weights.
void NormalizeTermWeights(const TermWeights& weights, Xapian::Document* doc);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_TERM_WEIGHTS_H_
