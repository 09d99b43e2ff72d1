#include "newsdex/store/schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "newsdex/base/hash.h"
#include "newsdex/corpus/article.h"

namespace newsdex::schema {
namespace {

// Xapian rejects terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxIdInTerm = 200;

}  // namespace

std::string PathKey(std::string_view path) {
  return std::string(kPrefixPathKey) + HashToBytes(Fnv1a64(path, kPathKeySeed));
}

std::string LineTerm(std::string_view normalized_line) {
  return std::string(kPrefixLine) + HashToBytes(Fnv1a64(normalized_line, kLineTermSeed));
}

std::string_view PathKeyHash(std::string_view path_key) {
  return path_key.substr(std::min(path_key.size(), kPrefixPathKey.size()));
}

std::string TieBreakKey(std::string_view id, std::string_view path_key) {
  std::string key(id);
  key += '\0';
  key += PathKeyHash(path_key);
  return key;
}

std::string PathKeyFromTieBreak(std::string_view tie_break) {
  std::size_t end = tie_break.find('\0');
  constexpr std::size_t kHashBytes = 8;  // HashToBytes
  if (end == std::string_view::npos || tie_break.size() - end - 1 != kHashBytes) return {};
  return std::string(kPrefixPathKey) + std::string(tie_break.substr(end + 1));
}

bool IsReadableFormat(std::string_view format) {
  // Single digits: comparing the text compares the numbers.
  return format.size() == 1 && format >= kOldestReadableFormat && format <= kFormatVersion;
}

std::string_view IdFromSortKey(unsigned slot, std::string_view key) {
  constexpr std::size_t kDateBytes = 8;  // YYYYMMDD or its complement
  if (slot == kSlotNewestFirst || slot == kSlotOldestFirst) {
    if (key.size() <= kDateBytes) return {};
    key.remove_prefix(kDateBytes);
  } else if (slot != kSlotTieBreak) {
    return {};
  }
  std::size_t end = key.find('\0');
  if (end == std::string_view::npos) return {};
  return key.substr(0, end);
}

bool IsDateTerm(std::string_view term) {
  if (term.empty() || !(term.substr(0, 1) == kPrefixYear || term.substr(0, 1) == kPrefixMonth ||
                        term.substr(0, 1) == kPrefixDay)) {
    return false;
  }
  std::size_t digits = term.size() - 1;
  if (digits != 4 && digits != 6 && digits != 8) return false;
  for (char c : term.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string IdTerm(std::string_view id) {
  if (id.size() <= kMaxIdInTerm) return std::string(kPrefixId) + std::string(id);
  char hash[24];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(Fnv1a64(id, kLongIdSeed)));
  return std::string(kPrefixId) + "#" + hash + "#" + std::string(id.substr(0, 120));
}

namespace {

void AppendVarint(std::string& out, std::uint64_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7F) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

void AppendField(std::string& out, std::string_view field) {
  AppendVarint(out, field.size());
  out += field;
}

// The byte before the stored text: what the text is.
constexpr char kWholeText = 'T';
constexpr char kSample = 'S';

// Reads one AppendVarint number from the front of `data`; nullopt when the
// data ends early.
std::optional<std::uint64_t> TakeVarint(std::string_view& data) {
  std::uint64_t n = 0;
  for (int shift = 0;; shift += 7) {
    if (data.empty() || shift > 56) return std::nullopt;
    auto byte = static_cast<unsigned char>(data.front());
    data.remove_prefix(1);
    n |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (byte < 0x80) return n;
  }
}

// Reads one AppendField field from the front of `data`; nullopt when the
// data ends early.
std::optional<std::string_view> TakeField(std::string_view& data) {
  auto size = TakeVarint(data);
  if (!size || *size > data.size()) return std::nullopt;
  const auto n = static_cast<std::size_t>(*size);
  std::string_view field = data.substr(0, n);
  data.remove_prefix(n);
  return field;
}

}  // namespace

std::string EncodeDocData(const StoredArticle& article) {
  std::string out;
  out.reserve(article.path.size() + article.title.size() + article.text.size() + 16);
  AppendField(out, article.id == ArticleIdFromPath(article.path) ? "" : article.id);
  AppendField(out, article.path);
  AppendField(out, article.date ? YmdToKey(*article.date) : "");
  AppendField(out, article.title);
  AppendVarint(out, article.body_offset);
  AppendVarint(out, article.body_size);
  out += article.whole_text ? kWholeText : kSample;
  out += article.text;
  return out;
}

StoredArticle DecodeDocData(std::string_view data) {
  StoredArticle article;
  auto id = TakeField(data);
  auto path = TakeField(data);
  auto date = TakeField(data);
  auto title = TakeField(data);
  if (!id || !path || !date || !title) return article;
  article.path = std::string(*path);
  article.id = id->empty() ? ArticleIdFromPath(article.path) : std::string(*id);
  if (auto ymd = KeyToYmd(*date)) article.date = *ymd;
  article.title = std::string(*title);
  auto body_offset = TakeVarint(data);
  auto body_size = TakeVarint(data);
  if (!body_offset || !body_size || data.empty()) return article;
  article.body_offset = *body_offset;
  article.body_size = *body_size;
  article.whole_text = data.front() == kWholeText;
  article.text = std::string(data.substr(1));
  return article;
}

}  // namespace newsdex::schema
