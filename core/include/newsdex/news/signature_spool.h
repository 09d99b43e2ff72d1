// Near-duplicate clustering for a build with memory that does not grow with
// the articles' signatures: each indexing thread appends its documents'
// MinHash signatures to a spool file, and clustering reads them back from
// there instead of holding every signature in memory until the end.
//
// Only articles that share an LSH band bucket with another one can be near-
// copies. ClusterSpools first finds the groups of articles linked by shared
// buckets (one band at a time, 16 bytes per article), then hands each such
// group, read back from the spools, to ClusterArticles. A group is closed
// under the links ClusterArticles can make, so clustering it alone gives
// what clustering every article together gives.
#ifndef NEWSDEX_NEWS_SIGNATURE_SPOOL_H_
#define NEWSDEX_NEWS_SIGNATURE_SPOOL_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/news/fingerprint.h"

namespace newsdex {

// Appends signatures to a new file; one writer per file (per thread).
class SignatureSpool {
 public:
  // Creates (or truncates) the spool file at `path`.
  static Result<SignatureSpool> Create(const std::string& path);
  SignatureSpool(SignatureSpool&& other) noexcept;
  SignatureSpool& operator=(SignatureSpool&& other) noexcept;
  ~SignatureSpool();

  // Records one article: its signature (kMinHashSize entries), date
  // (YYYYMMDD), `docid` in the writer's database and a caller's `ref` (e.g.
  // the file's index), both handed back by ClusterSpools.
  void Add(const Signature& signature, std::optional<int> date, std::uint32_t docid,
           std::uint32_t ref);
  // Flushes and closes the file; fails when a write did.
  Status Finish();

  const std::string& path() const { return path_; }
  std::size_t count() const { return count_; }

 private:
  SignatureSpool(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  std::FILE* file_ = nullptr;
  std::string path_;
  std::size_t count_ = 0;
  bool failed_ = false;
};

// One clustered article of ClusterSpools' result.
struct SpooledClusterMember {
  std::size_t spool = 0;  // index into the paths given
  std::uint32_t docid = 0;
  std::uint32_t ref = 0;
  std::string key;  // its cluster key
};

// Clusters the articles of the finished spools at `paths`, taken in order
// (spool 0's records, then spool 1's, ...), with ClusterArticles' rule;
// `cluster_id(ref)` gives an article's id as ClusterArticles expects it.
// Returns the articles that belong to a cluster of two or more, in that
// order. Memory: 16 bytes per article, plus one group of linked articles at
// a time.
Result<std::vector<SpooledClusterMember>> ClusterSpools(
    const std::vector<std::string>& paths,
    const std::function<std::string(std::uint32_t ref)>& cluster_id,
    const ClusterOptions& options = {});

}  // namespace newsdex

#endif  // NEWSDEX_NEWS_SIGNATURE_SPOOL_H_
