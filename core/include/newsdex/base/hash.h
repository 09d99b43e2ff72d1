// FNV-1a 64: a fixed, fast hash for values stored in or derived from the
// index (content hashes, shard assignment), which must never change between
// versions the way std::hash may.
#ifndef NEWSDEX_BASE_HASH_H_
#define NEWSDEX_BASE_HASH_H_

#include <cstdint>
#include <string_view>

namespace newsdex {

inline std::uint64_t Fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;  // offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;  // FNV prime
  }
  return h;
}

}  // namespace newsdex

#endif  // NEWSDEX_BASE_HASH_H_
