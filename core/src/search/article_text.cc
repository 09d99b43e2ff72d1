#include "newsdex/search/article_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <utility>

#include "newsdex/corpus/article.h"
#include "newsdex/index/change_detect.h"

namespace newsdex {
namespace {

// The bytes of the file at `path` when it holds exactly `size` of them;
// nullopt when it cannot be read or has another size (it changed). Plain
// system calls rather than a stream, which cost as much again per hit;
// O_NONBLOCK keeps a FIFO put in a file's place from hanging the search.
std::optional<std::string> ReadExactly(const std::string& path, std::uint64_t size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat info;
  std::optional<std::string> bytes;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
      static_cast<std::uint64_t>(info.st_size) == size) {
    bytes.emplace(static_cast<std::size_t>(size), '\0');
    std::size_t got = 0;
    while (got < bytes->size()) {
      ssize_t n = ::read(fd, bytes->data() + got, bytes->size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != bytes->size()) bytes.reset();
  }
  ::close(fd);
  return bytes;
}

}  // namespace

ArticleText LoadArticleText(const Xapian::Document& doc, const schema::StoredArticle& stored) {
  if (stored.whole_text) return {stored.text, TextSource::kIndex};
  ArticleText sample{stored.text, TextSource::kSample};
  auto state =
      DecodeFileState(doc.get_value(schema::kSlotFileSize), doc.get_value(schema::kSlotFileMtime),
                      doc.get_value(schema::kSlotContentHash));
  if (!state || stored.path.empty()) return sample;
  auto bytes = ReadExactly(stored.path, state->size);
  if (!bytes || ContentHash(*bytes) != state->hash) return sample;
  // The very bytes indexed: the body is where the indexer found it.
  if (stored.body_size > 0 && stored.body_offset <= bytes->size() &&
      stored.body_size <= bytes->size() - stored.body_offset) {
    return {bytes->substr(stored.body_offset, stored.body_size), TextSource::kFile};
  }
  ParsedArticle parsed = ParseArticle(*bytes, stored.path);
  if (!parsed.article) return sample;
  return {std::move(parsed.article->body), TextSource::kFile};
}

}  // namespace newsdex
