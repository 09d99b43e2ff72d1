#include "index/file_indexing.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>

#include "newsdex/base/date.h"
#include "newsdex/index/change_detect.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {

std::string AbsolutePath(const std::string& path) {
  namespace fs = boost::filesystem;
  return fs::absolute(path).lexically_normal().string();
}

std::string FoldersMetadata(const std::vector<std::string>& folders) {
  std::string out;
  for (const auto& folder : folders) out += AbsolutePath(folder) + "\n";
  return out;
}

void ReleaseFreedMemory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void CarryCluster(const Xapian::Document& old, Xapian::Document& doc, ClusterChanges& changes) {
  std::string key = old.get_value(schema::kSlotCluster);
  if (key.empty()) return;
  doc.add_value(schema::kSlotCluster, key);
  doc.add_boolean_term(std::string(schema::kPrefixCluster) + key);
  changes.old_keys.push_back(std::move(key));
}

void ReportProblems(const std::vector<CorpusProblem>& problems, SkipCounts& skipped,
                    const FileEventSink& on_event) {
  for (const auto& problem : problems) {
    CountSkip(skipped, problem.reason);
    on_event({FileEvent::Kind::kSkipped, problem.path, problem.detail, problem.reason});
  }
}

void SetFileState(Xapian::Document& doc, std::uint64_t size, std::int64_t mtime,
                  std::uint64_t hash) {
  doc.add_value(schema::kSlotFileSize, EncodeUnsigned(size));
  doc.add_value(schema::kSlotFileMtime, EncodeSigned(MtimeToRecord(mtime, UnixNow())));
  doc.add_value(schema::kSlotContentHash, EncodeHash(hash));
}

namespace {

// Records in `doc`'s data where the body lies in the file's `bytes`, when
// it is a run of them unchanged: the searcher then takes it from the file
// without parsing it again (schema::StoredArticle::body_offset).
void RecordBodySpan(Xapian::Document& doc, std::string_view bytes, const std::string& body) {
  std::size_t offset = bytes.find(body);
  if (offset == std::string_view::npos || body.empty()) return;
  schema::StoredArticle stored = schema::DecodeDocData(doc.get_data());
  stored.body_offset = offset;
  stored.body_size = body.size();
  doc.set_data(schema::EncodeDocData(stored));
}

}  // namespace

PreparedFile PrepareFromBytes(const CorpusFile& file, const std::string& abs_path,
                              std::string_view bytes, std::uint64_t hash,
                              const DocumentContext& context) {
  PreparedFile out;
  out.bytes = bytes.size();
  ParsedArticle parsed = ParseArticle(bytes, abs_path);
  if (!parsed.article) {
    out.reason = *parsed.skipped;
    out.detail = std::move(parsed.skip_detail);
    return out;
  }
  out.indexed = true;
  out.undated = parsed.undated;
  out.recoded = parsed.recoded;
  out.warnings = std::move(parsed.warnings);
  out.key = schema::PathKey(parsed.article->path);
  out.doc = MakeNewsDocument(context.maker, *parsed.article, context.boilerplate, context.news);
  RecordBodySpan(out.doc, bytes, parsed.article->body);
  // The size recorded is the one read, so a file that grew between the walk
  // and the read is simply re-read by the next update.
  SetFileState(out.doc, bytes.size(), file.mtime, hash);
  return out;
}

PreparedFile PrepareFile(const CorpusFile& file, const std::string& abs_path,
                         std::uint64_t max_bytes, const DocumentContext& context) {
  SkipReason reason = SkipReason::kUnreadable;
  auto bytes = ReadArticleFile(file.path, max_bytes, &reason);
  if (!bytes) {
    PreparedFile out;
    out.reason = reason;
    out.detail = bytes.error().message;
    return out;
  }
  return PrepareFromBytes(file, abs_path, *bytes, ContentHash(*bytes), context);
}

std::vector<CorpusFile> LengthSample(const CorpusFiles& files) {
  // A sample of this size puts the average within about 1% of the whole
  // corpus's for news, at a small fraction of the build's time.
  constexpr std::size_t kSample = 2000;
  const std::size_t count = std::min(files.size(), kSample);
  std::vector<CorpusFile> sample;
  sample.reserve(count);
  for (std::size_t i = 0; i < count; ++i) sample.push_back(files[i * files.size() / count]);
  return sample;
}

double MeasureAverageLength(const std::vector<CorpusFile>& sample, std::uint64_t max_bytes,
                            const DocumentOptions& options, const Boilerplate& boilerplate,
                            const NewsIndexOptions& news) {
  DocumentOptions raw = options;
  raw.term_weights = TermWeights{};
  DocumentMaker maker(raw);
  DocumentContext context{maker, boilerplate, news};
  double total = 0;
  std::size_t documents = 0;
  for (const CorpusFile& file : sample) {
    PreparedFile prepared = PrepareFile(file, AbsolutePath(file.path), max_bytes, context);
    if (!prepared.indexed) continue;
    for (auto it = prepared.doc.termlist_begin(); it != prepared.doc.termlist_end(); ++it) {
      total += it.get_wdf();
    }
    ++documents;
  }
  return documents > 0 ? total / documents : 0;
}

void SyncFolderFiles(const std::string& dir) {
  namespace fs = boost::filesystem;
  boost::system::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace newsdex::internal
