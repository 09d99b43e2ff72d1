// Near-duplicate detection: a MinHash signature over word shingles of an
// article's cleaned body, and grouping of near-copies into clusters.
//
// Signatures of kMinHashSize minima over 3-word shingles estimate the Jaccard
// similarity of two articles' shingle sets. Each minimum is taken over 32-bit
// hashes and only its low 8 bits are kept ("b-bit MinHash", Li and Koenig):
// positions whose minima differ still agree by chance with probability
// 1/256, which EstimatedSimilarity takes out, and a signature takes 64 bytes
// in the index. The 16 bits kept before cost 1.4 MB more on Reuters (2.3%
// of the index) and found the same 662 clusters; 8 bits add one pair, two
// copies of one earnings report at a shingle Jaccard of 0.60. Candidate
// pairs come from locality-sensitive banding (kBands bands of kRowsPerBand
// rows: a pair at Jaccard 0.7 shares a band with probability 0.99, at 0.3
// with 0.12), and a candidate is kept only when its estimated similarity
// is at least `min_similarity`. Articles are taken in date order;
// each joins the cluster whose first article is within max_days_apart and
// most similar to it (at least min_similarity), or starts one, so every
// member is close in time and text to its cluster's first article (no chains
// of near-copies across weeks). Each cluster is keyed by its smallest article
// id; the result does not depend on the order files were indexed in.
#ifndef NEWSDEX_NEWS_FINGERPRINT_H_
#define NEWSDEX_NEWS_FINGERPRINT_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

inline constexpr std::size_t kMinHashSize = 64;
inline constexpr std::size_t kBands = 16;
inline constexpr std::size_t kRowsPerBand = kMinHashSize / kBands;
inline constexpr std::size_t kShingleWords = 3;

using Signature = std::vector<std::uint8_t>;  // kMinHashSize entries

struct ClusterOptions {
  // Estimated Jaccard similarity of 3-word shingles at or above which two
  // articles are near-copies. 0.6: a reprint with a changed sentence or two
  // and a new headline stays well above it; two different earnings reports
  // in the same template fall far below (their numbers differ).
  double min_similarity = 0.6;
  // Texts with fewer shingles get no signature: a one-line table or an empty
  // body says too little to call anything a copy of it.
  std::size_t min_shingles = 8;
  // Near-copies must be dated at most this many days apart (0: no limit).
  // On Reuters 355 of 358 groups of repeated stories lie within 2 days,
  // while template stories (weekly price tables, "rate unchanged" flashes)
  // recur weeks apart with nearly the same words.
  int max_days_apart = 7;
};

// The signature of `text` (already cleaned of boilerplate), or nullopt when
// it has fewer than options.min_shingles shingles. Words are runs of letters
// and digits, ASCII-lower-cased.
std::optional<Signature> MinHashSignature(std::string_view text,
                                          const ClusterOptions& options = {});

// The LSH bucket key of one band: the kRowsPerBand entries at `rows`.
std::uint64_t BandKeyOf(const std::uint8_t* rows);

// Estimated Jaccard similarity: the share of positions on which two
// signatures agree, less the share that agrees by chance (1/256), rescaled;
// 0 when they agree no more than chance would.
double EstimatedSimilarity(const Signature& a, const Signature& b);

// Value-slot encoding (a byte per entry) and back; Decode also reads the 2
// bytes per entry (little-endian) of indexes written before (format 6 and
// older), keeping their low byte, and gives nullopt for a value of another
// size.
std::string EncodeSignature(const Signature& signature);
std::optional<Signature> DecodeSignature(std::string_view value);

struct FingerprintedArticle {
  std::string id;  // the article id; the cluster key is the smallest
  Signature signature;
  std::optional<int> date;  // YYYYMMDD; undated articles match any date
};

// The LSH bucket key of band `band` of a signature.
std::uint64_t BandKey(const Signature& signature, std::size_t band);

// Whether two articles are at most `max_days` apart (0: no limit); an
// undated article is close to every other.
bool CloseInTime(const FingerprintedArticle& a, const FingerprintedArticle& b, int max_days);

// Groups near-copies. Returns, for each input index, the cluster key of its
// group, or "" for an article without near-copies.
std::vector<std::string> ClusterArticles(const std::vector<FingerprintedArticle>& articles,
                                         const ClusterOptions& options = {});

struct ClusterSummary {
  std::size_t articles = 0;  // documents in the index
  std::size_t fingerprinted = 0;
  std::size_t clustered = 0;  // articles in a cluster of two or more
  std::size_t clusters = 0;
  std::size_t changed = 0;  // documents whose cluster was (re)written
};

// Recomputes the clusters of a whole index from the signatures stored in
// schema::kSlotFingerprint and writes each document's cluster term and value
// (replacing only documents whose cluster changed, so it also serves an
// incremental update). The caller commits.
ClusterSummary UpdateClusters(Xapian::WritableDatabase& db, const ClusterOptions& options = {});

// What an incremental update did to the documents, for UpdateClustersAround.
struct ClusterChanges {
  // Documents added or replaced with new contents (their docids now).
  std::vector<Xapian::docid> changed;
  // The cluster keys (schema::kSlotCluster) that replaced or deleted
  // documents had before the update.
  std::vector<std::string> old_keys;

  bool empty() const { return changed.empty() && old_keys.empty(); }
};

// Same result as UpdateClusters on `db`, provided its clusters were up to
// date before the `changes` (made with the same options): recomputes the
// clusters of the changed documents, of the members left in the clusters
// they were in, and of every article linked to those through near-copies,
// however long the chain (writing only documents whose cluster changed);
// when `changes` is empty, only reads the cluster terms (to count them).
// The caller commits.
ClusterSummary UpdateClustersAround(Xapian::WritableDatabase& db, const ClusterChanges& changes,
                                    const ClusterOptions& options = {});

}  // namespace newsdex

#endif  // NEWSDEX_NEWS_FINGERPRINT_H_
