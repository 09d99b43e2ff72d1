#include "newsdex/index/change_detect.h"

#include "newsdex/base/hash.h"
#include "newsdex/base/number.h"

namespace newsdex {

std::uint64_t ContentHash(std::string_view bytes) { return Fnv1a64(bytes, kContentHashSeed); }

std::string EncodeUnsigned(std::uint64_t n) { return std::to_string(n); }
std::string EncodeSigned(std::int64_t n) { return std::to_string(n); }

std::string EncodeHash(std::uint64_t hash) { return HashToBytes(hash); }

std::optional<FileState> DecodeFileState(std::string_view size, std::string_view mtime,
                                         std::string_view hash) {
  auto s = ParseWholeInteger<std::uint64_t>(size);
  auto m = ParseWholeInteger<std::int64_t>(mtime);
  auto h = HashFromBytes(hash);
  if (!s || !m || !h) return std::nullopt;
  return FileState{*s, *m, *h};
}

StatVerdict JudgeStat(const std::optional<FileState>& stored, std::uint64_t size,
                      std::int64_t mtime) {
  if (!stored) return StatVerdict::kNew;
  if (stored->size == size && stored->mtime == mtime) return StatVerdict::kUnchanged;
  return StatVerdict::kRead;
}

ContentVerdict JudgeContent(const FileState& stored, std::uint64_t size, std::uint64_t hash) {
  return stored.size == size && stored.hash == hash ? ContentVerdict::kTouched
                                                    : ContentVerdict::kModified;
}

std::int64_t MtimeToRecord(std::int64_t mtime, std::int64_t now) {
  return mtime >= now - 1 ? kRacyMtime : mtime;
}

}  // namespace newsdex
