// Clusters kept in an index: reading the fingerprints back, redoing the
// clusters (all of them, or only around an update's changes) and writing each
// document whose cluster changed.
#include <xapian.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "newsdex/base/date.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/store/schema.h"

namespace newsdex {

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
