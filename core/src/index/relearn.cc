#include "index/relearn.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "index/file_indexing.h"
#include "newsdex/base/text.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/term_weights.h"
#include "newsdex/news/boilerplate.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {
namespace {

// The line of `body` whose normalised form has candidate-line term `term`,
// as written there; empty when there is none.
std::string LineWithTerm(std::string_view body, const std::string& term) {
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t eol = std::min(body.find('\n', pos), body.size());
    std::string_view line = TrimBlanks(body.substr(pos, eol - pos));
    if (!line.empty() && schema::LineTerm(NormalizeLine(line)) == term) return std::string(line);
    pos = eol + 1;
  }
  return {};
}

// The text a fresh build shows for a newly learned line: as written in the
// first file, in path order, that holds it (the learner walks files in that
// order).
std::string TextOfLine(const Xapian::Database& all, const std::string& term,
                       std::uint64_t max_bytes) {
  std::set<std::string> paths;
  for (auto it = all.postlist_begin(term); it != all.postlist_end(term); ++it) {
    paths.insert(schema::DecodeDocData(all.get_document(*it).get_data()).path);
  }
  for (const std::string& path : paths) {
    SkipReason reason = SkipReason::kUnreadable;
    auto bytes = ReadArticleFile(path, max_bytes, &reason);
    if (!bytes) continue;
    ParsedArticle parsed = ParseArticle(*bytes, path);
    if (!parsed.article) continue;
    std::string text = LineWithTerm(parsed.article->body, term);
    if (!text.empty()) return text;
  }
  return {};
}

struct Learned {
  Boilerplate set;
  std::set<std::string> changed_terms;  // lines that entered or left the set
};

Learned LearnFromTerms(const Xapian::Database& all, const Boilerplate& old,
                       const BoilerplateOptions& options, std::uint64_t max_bytes) {
  const std::size_t articles = all.get_doccount();
  const auto by_share = static_cast<std::size_t>(std::ceil(options.min_share * articles));
  const std::size_t bar = std::max(options.min_articles, by_share);
  std::unordered_map<std::string, std::string> old_text;  // term -> line
  for (const auto& line : old.lines()) {
    old_text.emplace(schema::LineTerm(NormalizeLine(line.text)), line.text);
  }
  Learned learned;
  std::vector<BoilerplateLine> lines;
  const std::string prefix(schema::kPrefixLine);
  for (auto it = all.allterms_begin(prefix); it != all.allterms_end(prefix); ++it) {
    if (static_cast<std::size_t>(it.get_termfreq()) < bar) continue;
    const std::string term = *it;
    auto known = old_text.find(term);
    std::string text;
    if (known != old_text.end()) {
      text = known->second;
      old_text.erase(known);
    } else {
      text = TextOfLine(all, term, max_bytes);
      if (text.empty()) continue;  // every holder changed on disk: the next update sees it
      learned.changed_terms.insert(term);
    }
    lines.push_back({std::move(text), static_cast<std::size_t>(it.get_termfreq())});
  }
  for (const auto& [term, text] : old_text) learned.changed_terms.insert(term);
  std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    return a.text < b.text;
  });
  learned.set = Boilerplate(std::move(lines));
  return learned;
}

// Re-indexes the documents of one shard that hold a changed line, with the
// new set; returns how many.
std::size_t ReindexShard(Xapian::WritableDatabase& db, std::size_t shard, std::size_t shards,
                         const Learned& learned, const BuildOptions& options,
                         const CorpusFiles& files,
                         const std::unordered_map<std::string, std::size_t>& by_key,
                         ClusterChanges& changes) {
  std::set<Xapian::docid> docids;
  for (const std::string& term : learned.changed_terms) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) docids.insert(*it);
  }
  if (docids.empty()) return 0;
  DocumentOptions document = options.document;
  document.term_weights = ReadTermWeights(db);  // as the rest of the index was written
  DocumentMaker maker(document);
  DocumentContext context{maker, learned.set, options.news};
  std::size_t reindexed = 0;
  for (Xapian::docid did : docids) {
    Xapian::Document old = db.get_document(did);
    std::string path = schema::DecodeDocData(old.get_data()).path;
    auto file = by_key.find(schema::PathKey(path));
    if (file == by_key.end()) continue;
    PreparedFile prepared = PrepareFile(files[file->second], path, options.max_file_bytes, context);
    if (!prepared.indexed) continue;  // changed on disk since: the next update sees it
    CarryCluster(old, prepared.doc, changes);
    db.replace_document(did, prepared.doc);
    changes.changed.push_back(static_cast<Xapian::docid>((did - 1) * shards + shard + 1));
    ++reindexed;
  }
  return reindexed;
}

}  // namespace

std::size_t RelearnBoilerplate(std::vector<Xapian::WritableDatabase>& shard_dbs,
                               const BuildOptions& options, const CorpusFiles& files,
                               ClusterChanges& changes) {
  if (!options.news.boilerplate.enabled || shard_dbs.empty()) return 0;
  Xapian::Database all;
  for (const auto& db : shard_dbs) all.add_database(db);
  const Boilerplate old = LoadBoilerplate(shard_dbs.front());
  Learned learned = LearnFromTerms(all, old, options.news.boilerplate, options.max_file_bytes);
  std::size_t reindexed = 0;
  if (!learned.changed_terms.empty()) {
    std::unordered_map<std::string, std::size_t> by_key;  // listing numbers
    for (std::size_t i = 0; i < files.size(); ++i) {
      by_key.emplace(schema::PathKey(AbsolutePath(files.path(i))), i);
    }
    for (std::size_t k = 0; k < shard_dbs.size(); ++k) {
      // Clusters are stale until they are redone over the re-indexed articles.
      shard_dbs[k].set_metadata(std::string(schema::kMetaClustersStale), "1");
      reindexed +=
          ReindexShard(shard_dbs[k], k, shard_dbs.size(), learned, options, files, by_key, changes);
    }
  }
  // The counts are stored too, as a fresh build stores them.
  const std::string encoded = learned.set.Encode();
  for (auto& db : shard_dbs) {
    db.set_metadata(std::string(schema::kMetaBoilerplate), encoded);
    db.commit();
  }
  return reindexed;
}

}  // namespace newsdex::internal
