// Finds the article files under corpus folders and reads them, turning every
// per-file problem into a reported skip instead of an exception.
#ifndef NEWSDEX_CORPUS_FILES_H_
#define NEWSDEX_CORPUS_FILES_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
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

// The files of a listing, in order, held compactly: an archive lists
// millions of files, and a std::vector<CorpusFile> costs about 100 bytes
// each (the path in a heap block of its own), where this keeps each file
// name in one shared buffer, each folder once, and 32 bytes of numbers.
// Indexing gives a copy.
class CorpusFiles {
 public:
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = CorpusFile;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = CorpusFile;

    Iterator(const CorpusFiles* files, std::size_t i) : files_(files), i_(i) {}
    CorpusFile operator*() const { return (*files_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }
    bool operator!=(const Iterator& other) const { return i_ != other.i_; }

   private:
    const CorpusFiles* files_;
    std::size_t i_;
  };

  // Appends a file reached at `path` (folder, '/', file name).
  void Add(std::string_view path, std::uint64_t size, std::int64_t mtime);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  CorpusFile operator[](std::size_t i) const;
  CorpusFile back() const { return (*this)[size() - 1]; }
  std::string path(std::size_t i) const;
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

 private:
  struct Entry {
    std::uint64_t name_end = 0;  // in names_, where the next name begins
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
    std::uint32_t folder = 0;  // in folders_
  };
  // Each with its final '/'. Files come folder by folder, so a folder is
  // added again only when the walk comes back to it from a subfolder.
  std::vector<std::string> folders_;
  std::string names_;
  std::vector<Entry> entries_;
};

struct CorpusProblem {
  std::string path;
  SkipReason reason;
  std::string detail;
};

struct CorpusListing {
  CorpusFiles files;                    // *.txt, sorted by path within a root
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
