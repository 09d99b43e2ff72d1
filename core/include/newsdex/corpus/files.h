// Finds the article files under corpus folders and reads them, turning every
// per-file problem into a reported skip instead of an exception.
#ifndef NEWSDEX_CORPUS_FILES_H_
#define NEWSDEX_CORPUS_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/corpus/article.h"

namespace newsdex {

struct WalkOptions {
  // Follow symlinks whose targets lie outside every corpus folder. Off by
  // default so a stray link cannot pull a home directory into the index.
  bool follow_symlinks = false;
};

struct CorpusFile {
  std::string path;  // as reached from the root given (root + relative path)
  std::uint64_t size = 0;
  std::int64_t mtime = 0;  // seconds since the epoch
};

struct CorpusProblem {
  std::string path;
  SkipReason reason;
  std::string detail;
};

struct CorpusListing {
  std::vector<CorpusFile> files;        // *.txt, sorted by path within a root
  std::vector<CorpusProblem> problems;  // links and entries that were skipped
};

// Lists every regular "*.txt" file below each root, recursively, in sorted
// order, roots in the order given. Directory symlink loops are detected (by
// canonical path) and reported, never followed twice. A file reached twice
// (through a link) is listed once.
// Fails only when a root does not exist or is not a folder.
Result<CorpusListing> ListCorpus(const std::vector<std::string>& roots,
                                 const WalkOptions& options = {});

// Reads a whole file, refusing files over `max_bytes` without reading them.
// Errors carry a SkipReason-compatible message; `reason` is set on failure.
Result<std::string> ReadArticleFile(const std::string& path, std::uint64_t max_bytes,
                                    SkipReason* reason);

}  // namespace newsdex

#endif  // NEWSDEX_CORPUS_FILES_H_
