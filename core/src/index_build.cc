#include "newsdex/index_build.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <numeric>
#include <thread>
#include <unordered_map>

#include <boost/filesystem.hpp>

#include "file_indexing.h"
#include "newsdex/article.h"
#include "newsdex/corpus.h"
#include "newsdex/database.h"
#include "newsdex/news_index.h"
#include "newsdex/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

// Below this many files per thread, threads cost more than they save.
constexpr std::size_t kMinFilesPerJob = 200;

// What one file turned into, kept per file so the summary and the id-clash
// warnings come out in file order whatever the thread timing.
struct Outcome {
  bool indexed = false;
  bool undated = false;
  bool recoded = false;
  SkipReason reason = SkipReason::kEmpty;
  std::uint64_t bytes = 0;
  std::string id;
};

// Shared by the worker threads; the mutex serialises the callbacks.
struct Shared {
  Shared(const BuildOptions& o, const FileEventSink& e, const ProgressSink& p,
         const std::vector<CorpusFile>& f, std::vector<Outcome>& out, const Boilerplate& b)
      : options(o), on_event(e), on_progress(p), files(f), outcomes(out), boilerplate(b) {}
  const BuildOptions& options;
  const FileEventSink& on_event;
  const ProgressSink& on_progress;
  const std::vector<CorpusFile>& files;
  std::vector<Outcome>& outcomes;
  const Boilerplate& boilerplate;  // issue 6: learned before the threads start
  std::mutex mutex;
  std::size_t done = 0;
  std::size_t total = 0;
  std::atomic<bool> failed{false};
  std::string error;  // first Xapian error, under mutex

  bool Stopped() const {
    return failed.load() || (options.cancel != nullptr && options.cancel->load());
  }
};

// Indexes files [begin, end) into a new database at `part_path`. Documents
// are added in file order, so concatenating the parts in order gives the
// docids a single thread would have given.
void IndexSlice(Shared& shared, std::size_t begin, std::size_t end,
                const std::string& part_path, bool write_metadata) {
  try {
    // No fsync for partial databases: they are merged (and the merge synced)
    // before anything points at them, and thrown away after a crash.
    Xapian::WritableDatabase db(part_path,
                                Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    DocumentMaker maker(shared.options.document);
    internal::DocumentContext context{maker, shared.boilerplate, shared.options.news.clusters};
    std::size_t batch_docs = 0;
    std::uint64_t batch_bytes = 0;
    for (std::size_t i = begin; i < end && !shared.Stopped(); ++i) {
      const CorpusFile& file = shared.files[i];
      internal::PreparedFile prepared = internal::PrepareFile(
          file, internal::AbsolutePath(file.path), shared.options.max_file_bytes, context);
      Outcome& outcome = shared.outcomes[i];
      outcome.bytes = prepared.bytes;
      if (prepared.indexed) {
        db.add_document(prepared.doc);
        outcome.indexed = true;
        outcome.undated = prepared.undated;
        outcome.recoded = prepared.recoded;
        outcome.id = std::move(prepared.id);
        batch_bytes += prepared.bytes;
        if (++batch_docs >= shared.options.batch_docs ||
            batch_bytes >= shared.options.batch_bytes) {
          db.commit();
          batch_docs = 0;
          batch_bytes = 0;
        }
      } else {
        outcome.reason = prepared.reason;
      }
      std::lock_guard<std::mutex> hold(shared.mutex);
      if (!prepared.indexed) {
        shared.on_event({FileEvent::Kind::kSkipped, file.path, std::move(prepared.detail),
                         prepared.reason});
      } else if (prepared.warnings.empty()) {
        shared.on_event({FileEvent::Kind::kIndexed, file.path, "", SkipReason::kEmpty});
      }
      for (auto& warning : prepared.warnings) {
        shared.on_event(
            {FileEvent::Kind::kWarning, file.path, std::move(warning), SkipReason::kEmpty});
      }
      ++shared.done;
      if (shared.on_progress) shared.on_progress({shared.done, shared.total});
    }
    if (write_metadata) {
      std::string folders;
      for (const auto& folder : shared.options.folders) {
        folders += internal::AbsolutePath(folder) + "\n";
      }
      db.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
      db.set_metadata(std::string(schema::kMetaBuiltAt), internal::NowIso());
      db.set_metadata(std::string(schema::kMetaTermWeights),
                      EncodeTermWeights(shared.options.document.term_weights));
      db.set_metadata(std::string(schema::kMetaFolders), folders);
    }
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    std::lock_guard<std::mutex> hold(shared.mutex);
    if (!shared.failed.exchange(true)) shared.error = e.get_description();
  }
}

// Compaction leaves syncing to the caller; the stub must never point at
// tables that are not on disk yet.
void SyncFolderFiles(const std::string& dir) {
  boost::system::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::size_t BuildSummary::skipped_total() const {
  return std::accumulate(skipped.begin(), skipped.end(), std::size_t{0});
}

Result<BuildSummary> BuildIndex(const BuildOptions& options,
                                const FileEventSink& on_event,
                                const ProgressSink& on_progress) {
  auto start = std::chrono::steady_clock::now();
  BuildSummary summary;

  auto listing = ListCorpus(options.folders, WalkOptions{options.follow_symlinks});
  if (!listing) return listing.error();

  auto lock = WriterLock::Acquire(options.db_path, options.wait_seconds);
  if (!lock) return lock.error();
  auto generation = Generation::Create(options.db_path);
  if (!generation) return generation.error();

  for (const auto& problem : listing->problems) {
    ++summary.files_seen;
    ++summary.skipped[static_cast<std::size_t>(problem.reason)];
    on_event({FileEvent::Kind::kSkipped, problem.path, problem.detail, problem.reason});
  }

  // Sharded: the files of each shard (by a hash of the id) are made
  // contiguous, in sorted order within a shard, and each shard is one slice.
  const std::size_t shard_count = std::max(1u, options.shards);
  std::vector<CorpusFile> by_shard;
  std::vector<std::size_t> shard_begin(shard_count + 1, 0);
  if (shard_count > 1) {
    std::vector<std::vector<CorpusFile>> groups(shard_count);
    for (const auto& file : listing->files) {
      groups[ShardOf(ArticleIdFromPath(file.path), shard_count)].push_back(file);
    }
    for (std::size_t k = 0; k < shard_count; ++k) {
      shard_begin[k] = by_shard.size();
      by_shard.insert(by_shard.end(), groups[k].begin(), groups[k].end());
    }
    shard_begin[shard_count] = by_shard.size();
  }
  const std::vector<CorpusFile>& files = shard_count > 1 ? by_shard : listing->files;
  std::size_t jobs = options.jobs != 0 ? options.jobs
                                       : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::clamp<std::size_t>(files.size() / kMinFilesPerJob, 1, jobs);
  if (shard_count > 1) jobs = shard_count;

  // issue 6: learn boilerplate lines over the whole corpus first (a first
  // read of every file; the page cache makes the second one cheap).
  Boilerplate boilerplate = LearnBoilerplateFromFiles(files, options.max_file_bytes,
                                                      options.news.boilerplate);
  summary.boilerplate_lines = boilerplate.lines().size();
  if (options.cancel != nullptr && options.cancel->load()) {
    return Error{"interrupted; the previous index is unchanged"};
  }

  std::vector<Outcome> outcomes(files.size());
  Shared shared(options, on_event, on_progress, files, outcomes, boilerplate);
  shared.total = files.size();
  const std::string gen_path = (*generation)->path();
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < jobs; ++k) {
    parts.push_back(gen_path + ".part-" + std::to_string(k));
  }
  auto remove_parts = [&] {
    boost::system::error_code ec;
    for (const auto& part : parts) fs::remove_all(part, ec);
  };
  {
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < jobs; ++k) {
      std::size_t begin = shard_count > 1 ? shard_begin[k] : files.size() * k / jobs;
      std::size_t end = shard_count > 1 ? shard_begin[k + 1] : files.size() * (k + 1) / jobs;
      // Every shard is opened on its own, so each carries the metadata.
      threads.emplace_back(IndexSlice, std::ref(shared), begin, end, parts[k],
                           k == 0 || shard_count > 1);
    }
    for (auto& thread : threads) thread.join();
  }
  if (options.cancel != nullptr && options.cancel->load()) {
    remove_parts();
    return Error{"interrupted; the previous index is unchanged"};
  }
  if (shared.failed) {
    remove_parts();
    return Error{"writing the index failed: " + shared.error +
                 " (the previous index, if any, is unchanged)"};
  }

  // Merging the parts in order keeps docids as one thread would number them;
  // compaction also packs the tables (a freshly written table is about half
  // empty), which makes the published index smaller. Shards are compacted
  // one by one into gen/shard-K instead.
  std::vector<std::string> outputs;  // databases of the new generation
  const std::string gen_name = fs::path(gen_path).filename().string();
  std::vector<std::string> stub_entries;
  try {
    if (shard_count > 1) {
      fs::create_directories(gen_path);
      for (std::size_t k = 0; k < shard_count; ++k) {
        std::string name = "shard-" + std::to_string(k);
        Xapian::Database(parts[k]).compact(gen_path + "/" + name, Xapian::Compactor::FULL);
        outputs.push_back(gen_path + "/" + name);
        stub_entries.push_back(gen_name + "/" + name);
      }
    } else {
      Xapian::Database all;
      for (const auto& part : parts) all.add_database(Xapian::Database(part));
      all.compact(gen_path, Xapian::Compactor::FULL);
      outputs.push_back(gen_path);
    }
  } catch (const Xapian::Error& e) {
    remove_parts();
    return Error{"merging the index failed: " + e.get_description() +
                 " (the previous index, if any, is unchanged)"};
  }
  remove_parts();

  // issue 6: spelling words, the boilerplate set and near-duplicate clusters
  // need every document (of a shard), so they are added after the merge.
  try {
    for (const auto& output : outputs) {
      Xapian::WritableDatabase db(output, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      SpellingCollector spelling;
      if (options.news.spelling) spelling.AddAllWords(db);
      ClusterSummary clusters = FinishNewsIndex(db, boilerplate, spelling, options.news);
      summary.clusters.clusters += clusters.clusters;
      summary.clusters.clustered += clusters.clustered;
      db.commit();
      db.close();
    }
  } catch (const Xapian::Error& e) {
    return Error{"finishing the index failed: " + e.get_description() +
                 " (the previous index, if any, is unchanged)"};
  }
  for (const auto& output : outputs) SyncFolderFiles(output);

  std::unordered_map<std::string, std::string> first_path_of_id;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Outcome& outcome = outcomes[i];
    ++summary.files_seen;
    summary.bytes_read += outcome.bytes;
    if (!outcome.indexed) {
      ++summary.skipped[static_cast<std::size_t>(outcome.reason)];
      continue;
    }
    ++summary.indexed;
    if (outcome.undated) ++summary.undated;
    if (outcome.recoded) ++summary.recoded;
    auto [it, inserted] = first_path_of_id.emplace(outcome.id, files[i].path);
    if (!inserted) {
      ++summary.id_clashes;
      on_event({FileEvent::Kind::kWarning, files[i].path,
                "id '" + outcome.id + "' is also used by " + it->second + "; both are indexed",
                SkipReason::kEmpty});
    }
  }

  Status published = shard_count > 1 ? (*generation)->PublishShards(stub_entries)
                                     : (*generation)->Publish();
  if (!published) return published.error();
  summary.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  return summary;
}

}  // namespace newsdex
