#include "newsdex/news/fingerprint.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "news/union_find.h"
#include "newsdex/base/date.h"
#include "newsdex/base/hash.h"

namespace newsdex {
namespace {

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
    bool keep =
        (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
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

// The key of each article's group: the group's smallest id, or "" for an
// article alone. Found in a sweep after the grouping, so the order of
// `articles` does not matter.
std::vector<std::string> KeysOfGroups(const std::vector<FingerprintedArticle>& articles,
                                      internal::UnionFind<std::size_t>& groups) {
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

}  // namespace

std::optional<Signature> MinHashSignature(std::string_view text, const ClusterOptions& options) {
  WordText words = Words(text);
  const std::size_t count = words.starts.size();
  if (count < kShingleWords) return std::nullopt;
  std::vector<std::uint64_t> shingles;
  shingles.reserve(count - kShingleWords + 1);
  const std::string_view all = words.text;
  for (std::size_t i = 0; i + kShingleWords <= count; ++i) {
    // Words i .. i+kShingleWords-1 and the single spaces between them.
    std::size_t end = i + kShingleWords < count ? words.starts[i + kShingleWords] - 1 : all.size();
    shingles.push_back(ShingleHash(all.substr(words.starts[i], end - words.starts[i])));
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  if (shingles.size() < options.min_shingles) return std::nullopt;
  // kMinHashSize hash functions from one 64-bit hash (MinHashValue).
  std::vector<std::uint32_t> minima(kMinHashSize, UINT32_MAX);
  for (std::uint64_t h : shingles) {
    for (std::size_t i = 0; i < kMinHashSize; ++i) {
      minima[i] = std::min(minima[i], MinHashValue(h, static_cast<std::uint32_t>(i)));
    }
  }
  // b-bit MinHash: the low bits of a minimum are as uniform as any, its high
  // bits are mostly zero.
  Signature signature(kMinHashSize);
  for (std::size_t i = 0; i < kMinHashSize; ++i) {
    signature[i] = static_cast<std::uint8_t>(minima[i] & 0xFF);
  }
  return signature;
}

bool CloseInTime(const FingerprintedArticle& a, const FingerprintedArticle& b, int max_days) {
  if (max_days <= 0 || !a.date || !b.date) return true;
  long apart = DayNumber(*a.date) - DayNumber(*b.date);
  return (apart < 0 ? -apart : apart) <= max_days;
}

std::uint64_t BandKey(const Signature& signature, std::size_t band) {
  return BandKeyOf(signature.data() + band * kRowsPerBand);
}

std::uint64_t BandKeyOf(const std::uint8_t* rows) {
  std::uint16_t wide[kRowsPerBand];
  std::copy(rows, rows + kRowsPerBand, wide);
  return Fnv1a64Of16(wide, kRowsPerBand, kBandKeySeed);
}

double EstimatedSimilarity(const Signature& a, const Signature& b) {
  if (a.size() != b.size() || a.empty()) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  constexpr double kChance = 1.0 / 256;
  double agree = static_cast<double>(same) / a.size();
  return agree <= kChance ? 0 : (agree - kChance) / (1 - kChance);
}

std::string EncodeSignature(const Signature& signature) {
  return std::string(signature.begin(), signature.end());
}

std::optional<Signature> DecodeSignature(std::string_view value) {
  if (value.size() == kMinHashSize) return Signature(value.begin(), value.end());
  if (value.size() != kMinHashSize * 2) return std::nullopt;
  Signature signature(kMinHashSize);
  for (std::size_t i = 0; i < kMinHashSize; ++i) {
    signature[i] = static_cast<std::uint8_t>(value[2 * i]);
  }
  return signature;
}

std::vector<std::string> ClusterArticles(const std::vector<FingerprintedArticle>& articles,
                                         const ClusterOptions& options) {
  // Articles in date order (undated last), ties by id and then signature, so
  // the result does not depend on the order of `articles`: each joins the
  // most similar earlier cluster whose first article is within the window
  // and similar enough, or starts a cluster of its own. Joining only through
  // the first article, never through another member, keeps every cluster
  // within max_days_apart of its start: no chains of near-copies across
  // weeks.
  std::vector<std::size_t> order(articles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const auto& a = articles[x];
    const auto& b = articles[y];
    if (a.date.has_value() != b.date.has_value()) return a.date.has_value();
    if (a.date != b.date) return *a.date < *b.date;
    if (a.id != b.id) return a.id < b.id;
    return a.signature < b.signature;
  });
  internal::UnionFind<std::size_t> groups(articles.size());
  // The first articles of clusters, by band bucket (candidates come from
  // locality-sensitive banding). A bucket lists its leaders in date order,
  // as they were added; while dated articles are placed, those more than
  // the window before the current article can never be joined again, so
  // `active` skips them for good. Without that, a bucket shared across
  // years (a weekly table, an archive with yearly copies) was scanned whole
  // for every article: time grew faster than the corpus.
  struct Bucket {
    std::vector<std::size_t> leaders;
    std::size_t active = 0;  // first leader still within the window
  };
  std::vector<std::unordered_map<std::uint64_t, Bucket>> leaders(kBands);
  std::vector<std::size_t> rank(articles.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  const bool windowed = options.max_days_apart > 0;
  for (std::size_t x : order) {
    std::size_t best = x;
    double best_similarity = -1;
    const bool dated = articles[x].date.has_value();
    for (std::size_t band = 0; band < kBands; ++band) {
      auto found = leaders[band].find(BandKey(articles[x].signature, band));
      if (found == leaders[band].end()) continue;
      Bucket& bucket = found->second;
      // Undated articles come last and may join any leader: they scan all.
      std::size_t first = 0;
      if (windowed && dated) {
        while (bucket.active < bucket.leaders.size() &&
               !CloseInTime(articles[x], articles[bucket.leaders[bucket.active]],
                            options.max_days_apart)) {
          ++bucket.active;
        }
        first = bucket.active;
      }
      for (std::size_t k = first; k < bucket.leaders.size(); ++k) {
        const std::size_t leader = bucket.leaders[k];
        if (!CloseInTime(articles[x], articles[leader], options.max_days_apart)) continue;
        double similarity = EstimatedSimilarity(articles[x].signature, articles[leader].signature);
        if (similarity < options.min_similarity) continue;
        if (similarity > best_similarity ||
            (similarity == best_similarity && rank[leader] < rank[best])) {
          best = leader;
          best_similarity = similarity;
        }
      }
    }
    if (best != x) {
      groups.Union(x, best);
      continue;
    }
    for (std::size_t band = 0; band < kBands; ++band) {
      leaders[band][BandKey(articles[x].signature, band)].leaders.push_back(x);
    }
  }
  return KeysOfGroups(articles, groups);
}

}  // namespace newsdex
