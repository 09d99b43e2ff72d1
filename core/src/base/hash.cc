#include "newsdex/base/hash.h"

namespace newsdex {

std::uint64_t Fnv1a64(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (unsigned char c : bytes) h = FnvStep(h, c);
  return h;
}

std::uint64_t Fnv1a64Of16(const std::uint16_t* values, std::size_t count, std::uint64_t seed) {
  std::uint64_t h = seed;
  for (std::size_t i = 0; i < count; ++i) h = FnvStep(h, values[i]);
  return h;
}

std::uint64_t ShingleHash(std::string_view shingle) {
  return Mix64(Fnv1a64(shingle, kShingleSeed));
}

}  // namespace newsdex
