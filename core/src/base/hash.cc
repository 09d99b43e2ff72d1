#include "newsdex/base/hash.h"

namespace newsdex {

std::string HashToBytes(std::uint64_t hash) {
  std::string bytes;
  for (int shift = 56; shift >= 0; shift -= 8) bytes += static_cast<char>((hash >> shift) & 0xFF);
  return bytes;
}

std::optional<std::uint64_t> HashFromBytes(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t hash = 0;
  for (char c : bytes) hash = (hash << 8) | static_cast<unsigned char>(c);
  return hash;
}

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
