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
  const NewsIndexOptions& news;
};

// Parses already-read `bytes` of `file` into a document.
PreparedFile PrepareFromBytes(const CorpusFile& file, const std::string& abs_path,
                              std::string_view bytes, std::uint64_t hash,
                              const DocumentContext& context);

// Reads `file` (refusing ones over max_bytes) and parses it.
PreparedFile PrepareFile(const CorpusFile& file, const std::string& abs_path,
                         std::uint64_t max_bytes, const DocumentContext& context);

// Sets the file-state values on an existing document (for a file whose
// contents are unchanged but whose mtime moved).
void SetFileState(Xapian::Document& doc, std::uint64_t size, std::int64_t mtime,
                  std::uint64_t hash);

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_FILE_INDEXING_H_
