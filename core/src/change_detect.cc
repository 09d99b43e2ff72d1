#include "newsdex/change_detect.h"

#include <charconv>
#include <cstdio>

#include "newsdex/hash.h"

namespace newsdex {
namespace {

template <typename T>
std::optional<T> ParseNumber(std::string_view text, int base) {
  if (text.empty()) return std::nullopt;
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::uint64_t ContentHash(std::string_view bytes) { return Fnv1a64(bytes); }

std::string EncodeUnsigned(std::uint64_t n) { return std::to_string(n); }
std::string EncodeSigned(std::int64_t n) { return std::to_string(n); }

std::string EncodeHash(std::uint64_t hash) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

std::optional<FileState> DecodeFileState(std::string_view size, std::string_view mtime,
                                         std::string_view hash) {
  auto s = ParseNumber<std::uint64_t>(size, 10);
  auto m = ParseNumber<std::int64_t>(mtime, 10);
  auto h = hash.size() == 16 ? ParseNumber<std::uint64_t>(hash, 16) : std::nullopt;
  if (!s || !m || !h) return std::nullopt;
  return FileState{*s, *m, *h};
}

StatVerdict JudgeStat(const std::optional<FileState>& stored, std::uint64_t size,
                      std::int64_t mtime) {
  if (!stored) return StatVerdict::kNew;
  if (stored->size == size && stored->mtime == mtime) return StatVerdict::kUnchanged;
  return StatVerdict::kRead;
}

ContentVerdict JudgeContent(const FileState& stored, std::uint64_t size,
                            std::uint64_t hash) {
  return stored.size == size && stored.hash == hash ? ContentVerdict::kTouched
                                                    : ContentVerdict::kModified;
}

std::int64_t MtimeToRecord(std::int64_t mtime, std::int64_t now) {
  return mtime >= now - 1 ? kRacyMtime : mtime;
}

}  // namespace newsdex
