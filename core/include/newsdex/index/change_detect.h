// Change detection for `indexer update`: what the index remembers about each
// source file, and the rules that decide whether a file must be read again.
// Pure logic, no I/O and no Xapian, so every rule has a unit test.
#ifndef NEWSDEX_INDEX_CHANGE_DETECT_H_
#define NEWSDEX_INDEX_CHANGE_DETECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex {

// A file as the index last saw it (stored in the value slots of schema.h).
struct FileState {
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
  std::uint64_t hash = 0;  // ContentHash of the bytes indexed
};

// 64-bit FNV-1a of the bytes. Stable across builds and machines (it is stored
// in the index); not cryptographic: it only has to notice edits.
std::uint64_t ContentHash(std::string_view bytes);

// Value-slot encodings (see schema.h). Decoding returns nullopt for a value
// that is missing or damaged, which makes the file count as changed.
std::string EncodeUnsigned(std::uint64_t n);
std::string EncodeSigned(std::int64_t n);
// The hash as the index stores it: HashToBytes (base/hash.h).
std::string EncodeHash(std::uint64_t hash);
std::optional<FileState> DecodeFileState(std::string_view size, std::string_view mtime,
                                         std::string_view hash);

// What to do with a file found on disk, judged from its directory entry.
enum class StatVerdict {
  kNew,        // not in the index: read and add
  kUnchanged,  // same size and mtime: do not even open it
  kRead,       // size or mtime differ: read it and compare contents
};
StatVerdict JudgeStat(const std::optional<FileState>& stored, std::uint64_t size,
                      std::int64_t mtime);

// After reading a file judged kRead.
enum class ContentVerdict {
  kTouched,   // same bytes, only the time changed: record the new mtime only
  kModified,  // different bytes: re-index
};
ContentVerdict JudgeContent(const FileState& stored, std::uint64_t size, std::uint64_t hash);

// The mtime to store for a file indexed at `now`. A file modified in the
// same second as it was indexed could change again within that second
// without its mtime moving (the "racy git" problem), so such a file is
// recorded with mtime -1: the next update reads and hashes it once.
inline constexpr std::int64_t kRacyMtime = -1;
std::int64_t MtimeToRecord(std::int64_t mtime, std::int64_t now);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_CHANGE_DETECT_H_
