#include "newsdex/schema.h"

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace newsdex::schema {
namespace {

// Xapian rejects terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxPathInTerm = 200;
constexpr std::size_t kMaxIdInTerm = 200;

std::uint64_t Fnv1a64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string PathKey(std::string_view path) {
  if (path.size() <= kMaxPathInTerm) {
    return std::string(kPrefixPathKey) + std::string(path);
  }
  char hash[24];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(Fnv1a64(path)));
  // Keep the readable tail so xapian-delve output still hints at the file.
  return std::string(kPrefixPathKey) + "#" + hash + "#" +
         std::string(path.substr(path.size() - 120));
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
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(Fnv1a64(id)));
  return std::string(kPrefixId) + "#" + hash + "#" + std::string(id.substr(0, 120));
}

std::string EncodeDocData(const StoredArticle& article) {
  nlohmann::json j;
  j["id"] = article.id;
  j["path"] = article.path;
  j["date"] = article.date ? nlohmann::json(YmdToIso(*article.date))
                           : nlohmann::json(nullptr);
  j["title"] = article.title;
  j["body"] = article.body;
  // Paths may hold bytes that are not UTF-8; replace rather than throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StoredArticle DecodeDocData(std::string_view data) {
  StoredArticle article;
  nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
  if (!j.is_object()) return article;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
  };
  article.id = text("id");
  article.path = text("path");
  article.title = text("title");
  article.body = text("body");
  std::string date = text("date");
  if (auto ymd = ParseIsoDate(date)) article.date = *ymd;
  return article;
}

}  // namespace newsdex::schema
