#include "newsdex/fingerprint.h"

#include "newsdex/date.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "newsdex/schema.h"

namespace newsdex {
namespace {

std::uint64_t Hash64(std::string_view s) {
  // FNV-1a, then a murmur finaliser so that nearby strings spread out.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The words of `text` lower-cased (ASCII) and joined by single spaces, with
// the offset where each word starts: a shingle is then one substring, hashed
// without building a string per word or per shingle.
struct WordText {
  std::string text;
  std::vector<std::size_t> starts;
};

WordText Words(std::string_view text) {
  WordText words;
  words.text.reserve(text.size());
  bool in_word = false;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    bool keep = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
                (u >= 'A' && u <= 'Z') || u >= 0x80;
    if (keep) {
      if (!in_word) {
        if (!words.text.empty()) words.text += ' ';
        words.starts.push_back(words.text.size());
        in_word = true;
      }
      words.text += (u >= 'A' && u <= 'Z') ? static_cast<char>(u - 'A' + 'a') : c;
    } else {
      in_word = false;
    }
  }
  return words;
}

bool CloseInTime(const FingerprintedArticle& a, const FingerprintedArticle& b, int max_days) {
  if (max_days <= 0 || !a.date || !b.date) return true;
  long apart = DayNumber(*a.date) - DayNumber(*b.date);
  return (apart < 0 ? -apart : apart) <= max_days;
}

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::size_t{0});
  }
  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

std::optional<Signature> MinHashSignature(std::string_view text,
                                          const ClusterOptions& options) {
  WordText words = Words(text);
  const std::size_t count = words.starts.size();
  if (count < kShingleWords) return std::nullopt;
  std::vector<std::uint64_t> shingles;
  shingles.reserve(count - kShingleWords + 1);
  const std::string_view all = words.text;
  for (std::size_t i = 0; i + kShingleWords <= count; ++i) {
    // Words i .. i+kShingleWords-1 and the single spaces between them.
    std::size_t end = i + kShingleWords < count ? words.starts[i + kShingleWords] - 1 : all.size();
    shingles.push_back(Hash64(all.substr(words.starts[i], end - words.starts[i])));
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  if (shingles.size() < options.min_shingles) return std::nullopt;
  // kMinHashSize hash functions from one 64-bit hash: h_i = lo + i * hi
  // (Kirsch-Mitzenmacher), each then mixed.
  std::vector<std::uint32_t> minima(kMinHashSize, UINT32_MAX);
  for (std::uint64_t h : shingles) {
    auto lo = static_cast<std::uint32_t>(h);
    auto hi = static_cast<std::uint32_t>(h >> 32) | 1u;
    for (std::size_t i = 0; i < kMinHashSize; ++i) {
      std::uint32_t v = lo + static_cast<std::uint32_t>(i) * hi;
      v ^= v >> 16;
      v *= 0x85ebca6bu;
      v ^= v >> 13;
      minima[i] = std::min(minima[i], v);
    }
  }
  // b-bit MinHash: the low bits of a minimum are as uniform as any, its high
  // bits are mostly zero.
  Signature signature(kMinHashSize);
  for (std::size_t i = 0; i < kMinHashSize; ++i) {
    signature[i] = static_cast<std::uint16_t>(minima[i] & 0xFFFF);
  }
  return signature;
}

double EstimatedSimilarity(const Signature& a, const Signature& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / a.size();
}

std::string EncodeSignature(const Signature& signature) {
  std::string out;
  out.reserve(signature.size() * 2);
  for (std::uint16_t v : signature) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>(v >> 8);
  }
  return out;
}

std::optional<Signature> DecodeSignature(std::string_view value) {
  if (value.size() != kMinHashSize * 2) return std::nullopt;
  Signature signature(kMinHashSize);
  for (std::size_t i = 0; i < kMinHashSize; ++i) {
    signature[i] = static_cast<std::uint16_t>(static_cast<unsigned char>(value[2 * i]) |
                                              static_cast<unsigned char>(value[2 * i + 1]) << 8);
  }
  return signature;
}

std::vector<std::string> ClusterArticles(const std::vector<FingerprintedArticle>& articles,
                                         const ClusterOptions& options) {
  UnionFind groups(articles.size());
  for (std::size_t band = 0; band < kBands; ++band) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> buckets;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      std::uint64_t key = 1469598103934665603ULL;
      for (std::size_t r = 0; r < kRowsPerBand; ++r) {
        key = (key ^ articles[i].signature[band * kRowsPerBand + r]) * 1099511628211ULL;
      }
      buckets[key].push_back(i);
    }
    for (const auto& [key, members] : buckets) {
      for (std::size_t a = 0; a < members.size(); ++a) {
        for (std::size_t b = a + 1; b < members.size(); ++b) {
          std::size_t x = members[a], y = members[b];
          if (groups.Find(x) == groups.Find(y)) continue;
          if (!CloseInTime(articles[x], articles[y], options.max_days_apart)) continue;
          if (EstimatedSimilarity(articles[x].signature, articles[y].signature) >=
              options.min_similarity) {
            groups.Union(x, y);
          }
        }
      }
    }
  }
  // The key of a group is its smallest id, found in a second sweep so the
  // order of `articles` does not matter.
  std::unordered_map<std::size_t, std::string> smallest;
  std::unordered_map<std::size_t, std::size_t> size;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    std::size_t root = groups.Find(i);
    ++size[root];
    auto [it, inserted] = smallest.emplace(root, articles[i].id);
    if (!inserted && articles[i].id < it->second) it->second = articles[i].id;
  }
  std::vector<std::string> keys(articles.size());
  for (std::size_t i = 0; i < articles.size(); ++i) {
    std::size_t root = groups.Find(i);
    if (size[root] > 1) keys[i] = smallest[root];
  }
  return keys;
}

ClusterSummary UpdateClusters(Xapian::WritableDatabase& db, const ClusterOptions& options) {
  ClusterSummary summary;
  summary.articles = db.get_doccount();
  std::vector<FingerprintedArticle> articles;
  std::vector<Xapian::docid> docids;
  const std::string id_prefix(schema::kPrefixId);
  for (auto it = db.valuestream_begin(schema::kSlotFingerprint);
       it != db.valuestream_end(schema::kSlotFingerprint); ++it) {
    auto signature = DecodeSignature(*it);
    if (!signature) continue;
    Xapian::docid did = it.get_docid();
    std::string id;
    // The Q term carries the article id; read it from the termlist.
    auto term = db.termlist_begin(did);
    term.skip_to(id_prefix);
    if (term != db.termlist_end(did) && (*term).rfind(id_prefix, 0) == 0) {
      id = (*term).substr(id_prefix.size());
    }
    std::optional<int> date;
    if (auto day = KeyToYmd(db.get_document(did).get_value(schema::kSlotDate))) date = *day;
    articles.push_back({std::move(id), std::move(*signature), date});
    docids.push_back(did);
  }
  summary.fingerprinted = articles.size();
  std::vector<std::string> keys = ClusterArticles(articles, options);
  std::unordered_map<std::string, std::size_t> sizes;
  for (const auto& key : keys) {
    if (!key.empty()) ++sizes[key];
  }
  summary.clusters = sizes.size();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i].empty()) ++summary.clustered;
    Xapian::Document doc = db.get_document(docids[i]);
    std::string old = doc.get_value(schema::kSlotCluster);
    if (old == keys[i]) continue;
    if (!old.empty()) {
      try {
        doc.remove_term(std::string(schema::kPrefixCluster) + old);
      } catch (const Xapian::InvalidArgumentError&) {
        // Term already gone: nothing to undo.
      }
    }
    if (keys[i].empty()) {
      doc.remove_value(schema::kSlotCluster);
    } else {
      doc.add_value(schema::kSlotCluster, keys[i]);
      doc.add_boolean_term(std::string(schema::kPrefixCluster) + keys[i]);
    }
    db.replace_document(docids[i], doc);
    ++summary.changed;
  }
  return summary;
}

}  // namespace newsdex
