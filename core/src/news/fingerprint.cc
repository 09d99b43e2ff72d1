#include "newsdex/news/fingerprint.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "news/union_find.h"
#include "newsdex/base/date.h"
#include "newsdex/base/hash.h"
#include "newsdex/store/schema.h"

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

bool CloseInTime(const FingerprintedArticle& a, const FingerprintedArticle& b, int max_days) {
  if (max_days <= 0 || !a.date || !b.date) return true;
  long apart = DayNumber(*a.date) - DayNumber(*b.date);
  return (apart < 0 ? -apart : apart) <= max_days;
}

// The LSH bucket key of band `band` of a signature.
std::uint64_t BandKey(const Signature& signature, std::size_t band) {
  return BandKeyOf(signature.data() + band * kRowsPerBand);
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

namespace {

// One fingerprinted document as clustering sees it.
struct ClusterNode {
  Xapian::docid docid = 0;
  FingerprintedArticle article;
  std::string old_key;  // its cluster key in the index now ("" for none)
};

// Calls fill(node, value) for each node (sorted by docid) holding a value in
// `slot`, walking the slot's value stream with skip_to: one pass, and cheap
// whether the nodes are all documents or a few.
template <typename Fill>
void ForEachValue(const Xapian::Database& db, unsigned slot, std::vector<ClusterNode>& nodes,
                  Fill fill) {
  auto it = db.valuestream_begin(slot);
  const auto end = db.valuestream_end(slot);
  for (ClusterNode& node : nodes) {
    if (it == end) break;
    if (it.get_docid() < node.docid) it.skip_to(node.docid);
    if (it == end) break;
    if (it.get_docid() == node.docid) fill(node, *it);
  }
}

// Fills in the date of `nodes` (sorted by docid), from its value stream.
void ReadNodeDates(const Xapian::Database& db, std::vector<ClusterNode>& nodes) {
  ForEachValue(db, schema::kSlotDate, nodes, [](ClusterNode& node, const std::string& value) {
    if (auto day = KeyToYmd(value)) node.article.date = *day;
  });
}

// Fills in id and current cluster key of `nodes` (sorted by docid), from
// value streams.
void ReadNodeIdsAndKeys(const Xapian::Database& db, std::vector<ClusterNode>& nodes) {
  const std::string id_prefix(schema::kPrefixId);
  std::vector<bool> has_id(nodes.size(), false);
  ForEachValue(db, schema::kSlotTieBreak, nodes, [&](ClusterNode& node, const std::string& value) {
    std::string_view id = schema::IdFromSortKey(schema::kSlotTieBreak, value);
    if (id.empty()) return;
    // The cluster key is the id as the Q term holds it (long ids hashed).
    node.article.id = schema::IdTerm(id).substr(id_prefix.size());
    has_id[&node - nodes.data()] = true;
  });
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (has_id[i]) continue;
    // Documents without the id value: read the Q term from the termlist.
    Xapian::docid did = nodes[i].docid;
    auto term = db.termlist_begin(did);
    term.skip_to(id_prefix);
    if (term != db.termlist_end(did) && (*term).rfind(id_prefix, 0) == 0) {
      nodes[i].article.id = (*term).substr(id_prefix.size());
    }
  }
  ForEachValue(db, schema::kSlotCluster, nodes,
               [](ClusterNode& node, const std::string& value) { node.old_key = value; });
}

// Clusters `nodes` (a set closed under near-copy links: no member links to
// a document outside it) and writes each document whose key changed.
std::size_t ClusterAndWrite(Xapian::WritableDatabase& db, std::vector<ClusterNode>& nodes,
                            const ClusterOptions& options) {
  std::vector<FingerprintedArticle> articles;
  articles.reserve(nodes.size());
  for (ClusterNode& node : nodes) articles.push_back(std::move(node.article));
  std::vector<std::string> keys = ClusterArticles(articles, options);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& old = nodes[i].old_key;
    if (old == keys[i]) continue;
    Xapian::Document doc = db.get_document(nodes[i].docid);
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
    db.replace_document(nodes[i].docid, doc);
    ++changed;
  }
  return changed;
}

// Counts the clusters and their members from the cluster terms.
void CountClusters(const Xapian::Database& db, ClusterSummary& summary) {
  const std::string prefix(schema::kPrefixCluster);
  summary.clusters = 0;
  summary.clustered = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    if (it.get_termfreq() == 0) continue;
    ++summary.clusters;
    summary.clustered += it.get_termfreq();
  }
}

}  // namespace

namespace {

// Every fingerprinted document (sorted by docid) with its signature.
std::vector<ClusterNode> FingerprintedNodes(const Xapian::Database& db) {
  std::vector<ClusterNode> nodes;
  for (auto it = db.valuestream_begin(schema::kSlotFingerprint);
       it != db.valuestream_end(schema::kSlotFingerprint); ++it) {
    auto signature = DecodeSignature(*it);
    if (!signature) continue;
    ClusterNode node;
    node.docid = it.get_docid();
    node.article.signature = std::move(*signature);
    nodes.push_back(std::move(node));
  }
  return nodes;
}

// Whether ClusterArticles can ever let `a` and `b`, which share a band
// bucket, decide for each other: it only compares such articles when they
// are close in time, and joins them only when similar enough.
bool Linked(const FingerprintedArticle& a, const FingerprintedArticle& b,
            const ClusterOptions& options) {
  return CloseInTime(a, b, options.max_days_apart) &&
         EstimatedSimilarity(a.signature, b.signature) >= options.min_similarity;
}

// The frontier filter of AffectedNodes: 2^20 bits keep it to a few percent
// of false hits for a frontier of thousands, in 128 KiB.
constexpr unsigned kFrontierBits = 20;

std::size_t FrontierBit(std::uint64_t key, std::size_t band) {
  // Band keys are FNV hashes, well mixed in every bit; the band is mixed in
  // so equal keys of two bands do not share a bit.
  return static_cast<std::size_t>((key ^ (band * 0x9E3779B97F4A7C15ull)) >> (64 - kFrontierBits));
}

// Past this many rounds of growing the affected set, a chain of near-copies
// is long enough that clustering everything is the cheaper way.
constexpr int kMaxClosureRounds = 32;

// Marks the nodes whose cluster the `changes` can move. An article's place
// depends only on the articles linked to it (Linked, through a shared band
// bucket), and theirs on theirs: a set closed under links is clustered as
// it would be among all articles. The closure of the changed documents and
// of the members left in the clusters they were in holds every article
// whose cluster can change. It grows a round at a time: each round looks
// every node up, by its band keys, among those the previous round added.
std::vector<bool> AffectedNodes(const Xapian::Database& db, const std::vector<ClusterNode>& nodes,
                                const ClusterChanges& changes, const ClusterOptions& options) {
  std::vector<bool> affected(nodes.size(), false);
  std::vector<std::size_t> frontier;
  auto mark = [&](Xapian::docid did) {
    auto at =
        std::lower_bound(nodes.begin(), nodes.end(), did,
                         [](const ClusterNode& node, Xapian::docid d) { return node.docid < d; });
    if (at == nodes.end() || at->docid != did) return;  // no fingerprint: links to none
    auto i = static_cast<std::size_t>(at - nodes.begin());
    if (!affected[i]) frontier.push_back(i);
    affected[i] = true;
  };
  for (Xapian::docid did : changes.changed) mark(did);
  for (const std::string& key : changes.old_keys) {
    if (key.empty()) continue;
    const std::string term = std::string(schema::kPrefixCluster) + key;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) mark(*it);
  }
  for (int round = 0; !frontier.empty(); ++round) {
    if (round == kMaxClosureRounds) return std::vector<bool>(nodes.size(), true);
    std::vector<std::unordered_map<std::uint64_t, std::vector<std::size_t>>> by_band(kBands);
    // A bit per bucket the frontier is in: a round looks every node up in
    // every band, and the bits turn most of them away before the hash
    // tables (which cost most of a round).
    std::vector<bool> may_hold(std::size_t{1} << kFrontierBits, false);
    for (std::size_t f : frontier) {
      for (std::size_t band = 0; band < kBands; ++band) {
        std::uint64_t key = BandKey(nodes[f].article.signature, band);
        by_band[band][key].push_back(f);
        may_hold[FrontierBit(key, band)] = true;
      }
    }
    std::vector<std::size_t> next;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (affected[i]) continue;
      for (std::size_t band = 0; band < kBands && !affected[i]; ++band) {
        std::uint64_t key = BandKey(nodes[i].article.signature, band);
        if (!may_hold[FrontierBit(key, band)]) continue;
        auto found = by_band[band].find(key);
        if (found == by_band[band].end()) continue;
        for (std::size_t f : found->second) {
          if (Linked(nodes[i].article, nodes[f].article, options)) {
            affected[i] = true;
            next.push_back(i);
            break;
          }
        }
      }
    }
    frontier = std::move(next);
  }
  return affected;
}

}  // namespace

ClusterSummary UpdateClusters(Xapian::WritableDatabase& db, const ClusterOptions& options) {
  ClusterSummary summary;
  summary.articles = db.get_doccount();
  std::vector<ClusterNode> nodes = FingerprintedNodes(db);
  summary.fingerprinted = nodes.size();
  ReadNodeDates(db, nodes);
  ReadNodeIdsAndKeys(db, nodes);
  summary.changed = ClusterAndWrite(db, nodes, options);
  CountClusters(db, summary);
  return summary;
}

ClusterSummary UpdateClustersAround(Xapian::WritableDatabase& db, const ClusterChanges& changes,
                                    const ClusterOptions& options) {
  ClusterSummary summary;
  summary.articles = db.get_doccount();
  if (changes.empty()) {
    summary.fingerprinted = db.get_value_freq(schema::kSlotFingerprint);
  } else {
    std::vector<ClusterNode> nodes = FingerprintedNodes(db);
    summary.fingerprinted = nodes.size();
    ReadNodeDates(db, nodes);
    std::vector<bool> affected = AffectedNodes(db, nodes, changes, options);
    std::vector<ClusterNode> around;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (affected[i]) around.push_back(std::move(nodes[i]));
    }
    nodes = {};
    ReadNodeIdsAndKeys(db, around);
    summary.changed = ClusterAndWrite(db, around, options);
  }
  CountClusters(db, summary);
  return summary;
}

}  // namespace newsdex
