// Private to core: turning one corpus file into a Xapian document with the
// file-state values `update` relies on. Shared by build and update so both
// make byte-identical documents.
#ifndef NEWSDEX_INDEX_FILE_INDEXING_H_
#define NEWSDEX_INDEX_FILE_INDEXING_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/document.h"
#include "newsdex/news/indexing.h"

namespace newsdex::internal {

// The absolute, lexically normal form of `path`: what documents are keyed by.
std::string AbsolutePath(const std::string& path);

// Seconds since the epoch, as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowIso();

struct PreparedFile {
  bool indexed = false;  // else skipped: see reason/detail
  Xapian::Document doc;  // with the path key and file-state values
  std::string key;       // schema::PathKey of the absolute path
  std::string id;
  bool undated = false;
  bool recoded = false;
  std::vector<std::string> warnings;
  SkipReason reason = SkipReason::kEmpty;
  std::string detail;
  std::uint64_t bytes = 0;  // bytes read
};

// How documents are made: the maker (one per thread) and the news layer's
// boilerplate set and fingerprint settings (issue 6), shared read-only.
struct DocumentContext {
  DocumentMaker& maker;
  const Boilerplate& boilerplate;
  const ClusterOptions& clusters;
};

// Parses already-read `bytes` of `file` into a document.
PreparedFile PrepareFromBytes(const CorpusFile& file, const std::string& abs_path,
                              std::string_view bytes, std::uint64_t hash,
                              const DocumentContext& context);

// Reads `file` (refusing ones over max_bytes) and parses it.
PreparedFile PrepareFile(const CorpusFile& file, const std::string& abs_path,
                         std::uint64_t max_bytes, const DocumentContext& context);

// BM25's reference length for a new index: the average length of the
// documents `files` make (raw counts, in Xapian's count: the sum of the
// within-document frequencies), over at most a few thousand of them spread
// evenly over the sorted list, so every build of the same files measures the
// same value whatever its threads or shards. 0 when no file makes a document.
double MeasureAverageLength(const std::vector<CorpusFile>& files, std::uint64_t max_bytes,
                            const DocumentOptions& options, const Boilerplate& boilerplate,
                            const ClusterOptions& clusters);

// Sets the file-state values on an existing document (for a file whose
// contents are unchanged but whose mtime moved).
void SetFileState(Xapian::Document& doc, std::uint64_t size, std::int64_t mtime,
                  std::uint64_t hash);

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_FILE_INDEXING_H_
