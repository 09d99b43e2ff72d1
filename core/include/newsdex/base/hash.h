// The hashes behind every value the index stores or derives from a hash: path
// keys, content hashes, candidate-line terms, long-id terms, shard numbers,
// MinHash signatures and their LSH band keys. Fixed here, unlike std::hash,
// so they never change between versions or platforms; each use has a named
// seed, and tests/unit/base/hash_test.cc pins the values. Changing a seed or
// a function changes indexes already on disk: bump kFormatVersion
// (store/schema.h) so that `indexer update` rebuilds them.
#ifndef NEWSDEX_BASE_HASH_H_
#define NEWSDEX_BASE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// FNV-1a 64 (http://www.isthe.com/chongo/tech/comp/fnv/).
inline constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
// The published offset basis.
inline constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
// The published basis with its last decimal digit lost. Long-id terms,
// MinHash shingles and band keys were first computed with it; any nonzero
// start works as well, and keeping it keeps those stored values unchanged.
inline constexpr std::uint64_t kFnvShortOffsetBasis = 1469598103934665603ULL;

// One seed per stored use.
// schema::PathKey: the path key in the tie-break keys.
inline constexpr std::uint64_t kPathKeySeed = kFnvOffsetBasis;
// ContentHash (index/change_detect.h): kSlotContentHash.
inline constexpr std::uint64_t kContentHashSeed = kFnvOffsetBasis;
// schema::LineTerm: the XL candidate-line terms, and the hash the boilerplate
// learner counts lines by.
inline constexpr std::uint64_t kLineTermSeed = kFnvOffsetBasis;
// ShardOf (store/folder.h): which shard holds an article.
inline constexpr std::uint64_t kShardSeed = kFnvOffsetBasis;
// schema::IdTerm of an id too long for a term: the Q term and cluster keys.
inline constexpr std::uint64_t kLongIdSeed = kFnvShortOffsetBasis;
// ShingleHash: the shingles behind kSlotFingerprint.
inline constexpr std::uint64_t kShingleSeed = kFnvShortOffsetBasis;
// LSH band keys of signatures, which decide the candidate pairs clustering
// compares (and so kSlotCluster).
inline constexpr std::uint64_t kBandKeySeed = kFnvShortOffsetBasis;

// The 8 bytes of `hash`, most significant first: how the index stores a hash
// (path keys, line terms, content hashes), in half the bytes of hex digits.
std::string HashToBytes(std::uint64_t hash);

// HashToBytes's 8 bytes back; nullopt for any other size.
std::optional<std::uint64_t> HashFromBytes(std::string_view bytes);

// One FNV-1a step: `value` (a byte, or a wider unit) folded into `state`.
constexpr std::uint64_t FnvStep(std::uint64_t state, std::uint64_t value) {
  return (state ^ value) * kFnvPrime;
}

// FNV-1a 64 of `bytes`, one step per byte, starting from `seed`.
std::uint64_t Fnv1a64(std::string_view bytes, std::uint64_t seed);

// FNV-1a 64 of `count` 16-bit values, one step per value (not per byte),
// starting from `seed`.
std::uint64_t Fnv1a64Of16(const std::uint16_t* values, std::size_t count, std::uint64_t seed);

// MurmurHash3's 64-bit finaliser: spreads nearby inputs over all 64 bits.
constexpr std::uint64_t Mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The first three steps of MurmurHash3's 32-bit finaliser, which MinHash
// applies to each of its derived hashes (see MinHashValue).
constexpr std::uint32_t Mix32(std::uint32_t v) {
  v ^= v >> 16;
  v *= 0x85ebca6bu;
  v ^= v >> 13;
  return v;
}

// The hash of one shingle (its words joined by single spaces):
// Mix64(Fnv1a64(shingle, kShingleSeed)).
std::uint64_t ShingleHash(std::string_view shingle);

// Hash function `i` of a MinHash family built from one 64-bit hash
// (Kirsch-Mitzenmacher): Mix32(lo + i * (hi | 1)) on its 32-bit halves.
constexpr std::uint32_t MinHashValue(std::uint64_t hash, std::uint32_t i) {
  auto lo = static_cast<std::uint32_t>(hash);
  auto hi = static_cast<std::uint32_t>(hash >> 32) | 1u;
  return Mix32(lo + i * hi);
}

}  // namespace newsdex

#endif  // NEWSDEX_BASE_HASH_H_
