#include "newsdex/index_build.h"

#include <chrono>
#include <ctime>
#include <numeric>
#include <unordered_map>

#include <boost/filesystem.hpp>

#include "newsdex/corpus.h"
#include "newsdex/database.h"
#include "newsdex/news_index.h"
#include "newsdex/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

std::string NowIso() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string AbsolutePath(const std::string& path) {
  boost::system::error_code ec;
  fs::path abs = fs::absolute(path);
  return abs.lexically_normal().string();
}

}  // namespace

std::size_t BuildSummary::skipped_total() const {
  return std::accumulate(skipped.begin(), skipped.end(), std::size_t{0});
}

Result<BuildSummary> BuildIndex(const BuildOptions& options,
                                const FileEventSink& on_event) {
  auto start = std::chrono::steady_clock::now();
  BuildSummary summary;

  auto listing = ListCorpus(options.folders, WalkOptions{options.follow_symlinks});
  if (!listing) return listing.error();

  auto lock = WriterLock::Acquire(options.db_path, options.wait_seconds);
  if (!lock) return lock.error();
  auto generation = Generation::Create(options.db_path);
  if (!generation) return generation.error();
  Xapian::WritableDatabase& db = (*generation)->db();

  auto skip = [&](const std::string& path, SkipReason reason, std::string detail) {
    ++summary.skipped[static_cast<std::size_t>(reason)];
    on_event({FileEvent::Kind::kSkipped, path, std::move(detail), reason});
  };
  for (const auto& problem : listing->problems) {
    ++summary.files_seen;
    skip(problem.path, problem.reason, problem.detail);
  }

  DocumentMaker maker(options.document);
  // issue 6 hook 1/3: learn boilerplate lines over the whole corpus first.
  Boilerplate boilerplate = LearnBoilerplateFromFiles(
      listing->files, options.max_file_bytes, options.news.boilerplate);
  summary.boilerplate_lines = boilerplate.lines().size();
  SpellingCollector spelling;
  std::unordered_map<std::string, std::string> first_path_of_id;
  try {
    for (const auto& file : listing->files) {
      if (options.cancel != nullptr && options.cancel->load()) {
        return Error{"interrupted; the previous index is unchanged"};
      }
      ++summary.files_seen;
      SkipReason reason = SkipReason::kUnreadable;
      auto bytes = ReadArticleFile(file.path, options.max_file_bytes, &reason);
      if (!bytes) {
        skip(file.path, reason, bytes.error().message);
        continue;
      }
      summary.bytes_read += bytes->size();
      ParsedArticle parsed = ParseArticle(*bytes, AbsolutePath(file.path));
      if (!parsed.article) {
        skip(file.path, *parsed.skipped, parsed.skip_detail);
        continue;
      }
      std::vector<std::string> warnings = std::move(parsed.warnings);
      auto [it, inserted] = first_path_of_id.emplace(parsed.article->id, file.path);
      if (!inserted) {
        ++summary.id_clashes;
        warnings.push_back("id '" + parsed.article->id + "' is also used by " +
                           it->second + "; both are indexed");
      }
      // issue 6 hook 2/3: index cleaned text, store it whole, fingerprint.
      Xapian::Document doc = MakeNewsDocument(maker, *parsed.article, boilerplate,
                                              options.news.clusters);
      if (options.news.spelling) spelling.Add(doc);
      db.replace_document(schema::PathKey(parsed.article->path), doc);
      ++summary.indexed;
      if (parsed.undated) ++summary.undated;
      if (parsed.recoded) ++summary.recoded;
      if (warnings.empty()) {
        on_event({FileEvent::Kind::kIndexed, file.path, "", SkipReason::kEmpty});
      }
      for (auto& warning : warnings) {
        on_event({FileEvent::Kind::kWarning, file.path, std::move(warning),
                  SkipReason::kEmpty});
      }
    }

    // issue 6 hook 3/3: save the boilerplate set, cluster near-copies.
    summary.clusters = FinishNewsIndex(db, boilerplate, spelling, options.news);

    std::string folders;
    for (const auto& folder : options.folders) {
      folders += AbsolutePath(folder) + "\n";
    }
    db.set_metadata(std::string(schema::kMetaFormat),
                    std::string(schema::kFormatVersion));
    db.set_metadata(std::string(schema::kMetaBuiltAt), NowIso());
    db.set_metadata(std::string(schema::kMetaFolders), folders);
  } catch (const Xapian::Error& e) {
    return Error{"writing the index failed: " + e.get_description() +
                 " (the previous index, if any, is unchanged)"};
  }

  Status published = (*generation)->Publish();
  if (!published) return published.error();
  summary.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  return summary;
}

}  // namespace newsdex
