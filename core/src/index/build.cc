#include "newsdex/index/build.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <chrono>
#include <iterator>
#include <mutex>
#include <numeric>
#include <thread>
#include <unordered_map>
#include <utility>

#include "index/file_indexing.h"
#include "newsdex/base/date.h"
#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/news/indexing.h"
#include "newsdex/store/database.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

// Below this many files per thread, threads cost more than they save.
constexpr std::size_t kMinFilesPerJob = 200;

// At most this many databases are opened for one compaction; more sources
// are first merged in groups (each glass database holds several open files).
constexpr std::size_t kMaxMergeFanIn = 64;

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

// What one worker leaves behind: its partial database (none when it
// indexed nothing), the fingerprints of its documents with their docids
// there, and the spelling words counted over them.
struct WorkerOutput {
  std::string path;  // empty: no documents
  std::vector<FingerprintedArticle> fingerprints;
  std::vector<Xapian::docid> docids;  // parallel to fingerprints
  SpellingCollector spelling;
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

// The cluster-key id of a document: what UpdateClusters reads back from the
// id term, so a build and an update agree on keys (ids too long for a term
// are keyed by their hashed form).
std::string ClusterId(const std::string& id) {
  return schema::IdTerm(id).substr(schema::kPrefixId.size());
}

// Indexes files [begin, end) into a new database at `path`: a commit every
// options.batch_docs documents or batch_bytes of input bounds memory.
// Documents are added in file order, so concatenating the workers' databases
// in order gives the docids a single thread would have given.
void IndexSlice(Shared& shared, std::size_t begin, std::size_t end, const std::string& path,
                WorkerOutput& out) {
  try {
    DocumentMaker maker(shared.options.document);
    internal::DocumentContext context{maker, shared.boilerplate, shared.options.news};
    Xapian::WritableDatabase db;
    std::size_t batch_docs = 0;
    std::uint64_t batch_bytes = 0;
    for (std::size_t i = begin; i < end && !shared.Stopped(); ++i) {
      const CorpusFile& file = shared.files[i];
      internal::PreparedFile prepared = internal::PrepareFile(
          file, internal::AbsolutePath(file.path), shared.options.max_file_bytes, context);
      Outcome& outcome = shared.outcomes[i];
      outcome.bytes = prepared.bytes;
      if (prepared.indexed) {
        if (out.path.empty()) {
          out.path = path;  // set first, so a failure removes it
          // No fsync: partial databases are merged (and the merge synced)
          // before anything points at them, and thrown away after a crash.
          db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        }
        Xapian::docid docid = db.add_document(prepared.doc);
        // The clusters need every document's fingerprint: kept here rather
        // than read back from the index after the merge.
        if (auto signature = DecodeSignature(prepared.doc.get_value(schema::kSlotFingerprint))) {
          std::optional<int> date;
          if (auto day = KeyToYmd(prepared.doc.get_value(schema::kSlotDate))) date = *day;
          out.fingerprints.push_back({ClusterId(prepared.id), std::move(*signature), date});
          out.docids.push_back(docid);
        }
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
        shared.on_event(
            {FileEvent::Kind::kSkipped, file.path, std::move(prepared.detail), prepared.reason});
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
    if (!out.path.empty()) {
      db.commit();
      // issue 6: the spelling words are counted per worker (cheap on a fresh
      // database) and written once, into the merge.
      if (shared.options.news.spelling) out.spelling.AddAllWords(db);
      db.close();
    }
  } catch (const Xapian::Error& e) {
    std::lock_guard<std::mutex> hold(shared.mutex);
    if (!shared.failed.exchange(true)) shared.error = e.get_description();
  }
}

// Computes the near-duplicate clusters over every worker's documents (all
// shards at once: near-copies in different shards are one cluster, as in a
// single database) and writes each clustered document's cluster value and
// term into its worker's database, so that the merge that follows leaves
// nothing to rewrite. Returns the number of clusters and of clustered
// documents.
ClusterSummary ClusterWorkers(std::vector<WorkerOutput>& workers, const ClusterOptions& options) {
  std::vector<FingerprintedArticle> articles;
  for (WorkerOutput& worker : workers) {
    std::move(worker.fingerprints.begin(), worker.fingerprints.end(), std::back_inserter(articles));
    worker.fingerprints = {};
  }
  std::vector<std::string> keys = ClusterArticles(articles, options);
  articles = {};
  ClusterSummary summary;
  std::unordered_map<std::string, std::size_t> sizes;
  std::size_t next = 0;  // index into keys: workers' documents in order
  for (WorkerOutput& worker : workers) {
    Xapian::WritableDatabase db;
    for (Xapian::docid docid : worker.docids) {
      const std::string& key = keys[next++];
      if (key.empty()) continue;
      ++sizes[key];
      ++summary.clustered;
      if (db.size() == 0) {
        db = Xapian::WritableDatabase(worker.path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      }
      Xapian::Document doc = db.get_document(docid);
      doc.add_value(schema::kSlotCluster, key);
      doc.add_boolean_term(std::string(schema::kPrefixCluster) + key);
      db.replace_document(docid, doc);
    }
    if (db.size() != 0) {
      db.commit();
      db.close();
    }
  }
  summary.clusters = sizes.size();
  return summary;
}

// Merges `sources` in order into `output` (compacted). Past kMaxMergeFanIn
// sources, consecutive groups are merged first into `scratch_stem` + "-N"
// databases, which are added to `scratch` for the caller to remove.
void MergeInOrder(std::vector<std::string> sources, const std::string& output,
                  const std::string& scratch_stem, std::vector<std::string>& scratch) {
  while (sources.size() > kMaxMergeFanIn) {
    std::vector<std::string> merged;
    for (std::size_t first = 0; first < sources.size(); first += kMaxMergeFanIn) {
      std::size_t last = std::min(sources.size(), first + kMaxMergeFanIn);
      if (last - first == 1) {
        merged.push_back(sources[first]);
        continue;
      }
      std::string path = scratch_stem + "-" + std::to_string(scratch.size());
      scratch.push_back(path);
      Xapian::Database group;
      for (std::size_t k = first; k < last; ++k) group.add_database(Xapian::Database(sources[k]));
      group.compact(path);
      merged.push_back(path);
    }
    sources = std::move(merged);
  }
  Xapian::Database all;
  for (const auto& source : sources) all.add_database(Xapian::Database(source));
  all.compact(output, Xapian::Compactor::FULL);
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

Result<BuildSummary> BuildIndex(const BuildOptions& options, const FileEventSink& on_event,
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
  std::size_t jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::clamp<std::size_t>(files.size() / kMinFilesPerJob, 1, jobs);
  if (shard_count > 1) jobs = shard_count;

  // issue 6: learn boilerplate lines over the whole corpus first (a first
  // read of every file; the page cache makes the second one cheap).
  Boilerplate boilerplate =
      LearnBoilerplateFromFiles(files, options.max_file_bytes, options.news.boilerplate);
  summary.boilerplate_lines = boilerplate.lines().size();
  if (options.cancel != nullptr && options.cancel->load()) {
    return Error{"interrupted; the previous index is unchanged"};
  }

  std::vector<Outcome> outcomes(files.size());
  Shared shared(options, on_event, on_progress, files, outcomes, boilerplate);
  shared.total = files.size();
  const std::string gen_path = (*generation)->path();
  // Everything the build writes besides the generation itself is named
  // gen-....part-*: thrown away on failure, and cleared by the next publish
  // after a crash.
  const std::string part_stem = gen_path + ".part-";
  std::vector<WorkerOutput> workers(jobs);
  std::vector<std::string> scratch;  // finishing and intermediate databases
  auto remove_parts = [&] {
    boost::system::error_code ec;
    for (const auto& worker : workers) {
      if (!worker.path.empty()) fs::remove_all(worker.path, ec);
    }
    for (const auto& path : scratch) fs::remove_all(path, ec);
  };
  {
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < jobs; ++k) {
      std::size_t begin = shard_count > 1 ? shard_begin[k] : files.size() * k / jobs;
      std::size_t end = shard_count > 1 ? shard_begin[k + 1] : files.size() * (k + 1) / jobs;
      threads.emplace_back(IndexSlice, std::ref(shared), begin, end, part_stem + std::to_string(k),
                           std::ref(workers[k]));
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

  // Each output database (the whole index, or one per shard) is made of the
  // databases of its workers, in order. issue 6: the near-duplicate
  // clusters, spelling words and boilerplate set need all documents, so they
  // are written now, into the workers' databases and a small finishing
  // database, and one compaction then merges everything: docids come out as
  // one thread would number them, and the published index is compact (a
  // freshly written table is about half empty).
  std::vector<std::vector<WorkerOutput*>> groups;
  if (shard_count > 1) {
    for (auto& worker : workers) groups.push_back({&worker});
  } else {
    groups.emplace_back();
    for (auto& worker : workers) groups.back().push_back(&worker);
  }
  std::string folders;
  for (const auto& folder : options.folders) folders += internal::AbsolutePath(folder) + "\n";
  const std::string built_at = internal::NowIso();
  std::vector<std::string> outputs;  // databases of the new generation
  const std::string gen_name = fs::path(gen_path).filename().string();
  std::vector<std::string> stub_entries;
  try {
    if (shard_count > 1) fs::create_directories(gen_path);
    ClusterSummary clusters = ClusterWorkers(workers, options.news.clusters);
    summary.clusters.clusters = clusters.clusters;
    summary.clusters.clustered = clusters.clustered;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      // Every shard is opened on its own, so each carries the metadata.
      std::string finish = part_stem + "finish-" + std::to_string(g);
      scratch.push_back(finish);
      {
        Xapian::WritableDatabase db(finish, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        db.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
        db.set_metadata(std::string(schema::kMetaBuiltAt), built_at);
        WriteIndexSettings(options, db);
        db.set_metadata(std::string(schema::kMetaFolders), folders);
        db.set_metadata(std::string(schema::kMetaBoilerplate), boilerplate.Encode());
        for (WorkerOutput* worker : groups[g]) worker->spelling.WriteTo(db);
        db.commit();
        db.close();
      }

      std::vector<std::string> sources;
      for (WorkerOutput* worker : groups[g]) {
        if (!worker->path.empty()) sources.push_back(worker->path);
      }
      sources.push_back(finish);
      std::string output = gen_path;
      if (shard_count > 1) {
        std::string name = "shard-" + std::to_string(g);
        output = gen_path + "/" + name;
        stub_entries.push_back(gen_name + "/" + name);
      }
      MergeInOrder(std::move(sources), output, part_stem + "merge-" + std::to_string(g), scratch);
      outputs.push_back(output);
    }
  } catch (const Xapian::Error& e) {
    remove_parts();
    return Error{"merging the index failed: " + e.get_description() +
                 " (the previous index, if any, is unchanged)"};
  }
  remove_parts();
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

  Status published =
      shard_count > 1 ? (*generation)->PublishShards(stub_entries) : (*generation)->Publish();
  if (!published) return published.error();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
