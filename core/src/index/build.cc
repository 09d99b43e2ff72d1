#include "newsdex/index/build.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <utility>

#include "index/build_worker.h"
#include "index/file_indexing.h"
#include "newsdex/base/date.h"
#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/compact.h"
#include "newsdex/index/indexing.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/news/signature_spool.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

using internal::Outcome;
using internal::WorkerOutput;
using internal::WorkerShared;

namespace fs = boost::filesystem;

// Below this many files per thread, threads cost more than they save.
constexpr std::size_t kMinFilesPerJob = 200;

// At most this many databases are opened for one compaction; more sources
// are first merged in groups (each glass database holds several open files).
constexpr std::size_t kMaxMergeFanIn = 64;

// Writes the cluster value and term into each member's document. Adding a
// term makes Xapian rewrite the whole document (about 0.7 ms each, mostly
// B-tree reads), so the workers' databases, being separate, are rewritten
// on a thread each. `members` come in spool (worker) order, each worker's
// in docid order. Throws std::runtime_error.
void WriteClusterKeys(const std::vector<WorkerOutput>& workers,
                      const std::vector<SpooledClusterMember>& members) {
  std::vector<std::size_t> starts;  // where each worker's members begin
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i == 0 || members[i].spool != members[i - 1].spool) starts.push_back(i);
  }
  starts.push_back(members.size());
  std::mutex mutex;
  std::string failure;  // the first error's description
  auto rewrite = [&](std::size_t begin, std::size_t end) {
    try {
      Xapian::WritableDatabase db(workers[members[begin].spool].path,
                                  Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      for (std::size_t i = begin; i < end; ++i) {
        Xapian::Document doc = db.get_document(members[i].docid);
        doc.add_value(schema::kSlotCluster, members[i].key);
        doc.add_boolean_term(std::string(schema::kPrefixCluster) + members[i].key);
        db.replace_document(members[i].docid, doc);
      }
      db.commit();
      db.close();
    } catch (const Xapian::Error& e) {
      std::lock_guard<std::mutex> hold(mutex);
      if (failure.empty()) failure = e.get_description();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    threads.emplace_back(rewrite, starts[k], starts[k + 1]);
  }
  for (auto& thread : threads) thread.join();
  if (!failure.empty()) throw std::runtime_error(failure);
}

// Computes the near-duplicate clusters over every worker's documents (all
// shards at once: near-copies in different shards are one cluster, as in a
// single database) from the fingerprints the workers spooled, and writes
// each clustered document's cluster value and term into its worker's
// database, so that the merge that follows leaves nothing to rewrite.
// Returns the number of clusters and of clustered documents. Throws
// std::runtime_error when a spool cannot be read or a database written.
ClusterSummary ClusterWorkers(const std::vector<WorkerOutput>& workers, const CorpusFiles& files,
                              const ClusterOptions& options) {
  std::vector<std::string> spools;
  for (const WorkerOutput& worker : workers) spools.push_back(worker.spool_path);
  auto members = ClusterSpools(
      spools,
      [&](std::uint32_t file) { return internal::ClusterId(ArticleIdFromPath(files.path(file))); },
      options);
  if (!members) throw std::runtime_error(members.error().message);
  ClusterSummary summary;
  std::unordered_set<std::string_view> keys;
  for (const SpooledClusterMember& member : *members) keys.insert(member.key);
  summary.clusters = keys.size();
  summary.clustered = members->size();
  WriteClusterKeys(workers, *members);
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

// The files of a build, in the order they are indexed, and the slice
// [begin, end) each thread indexes. Sharded: the files of each shard (by a
// hash of the id) are made contiguous, in sorted order within a shard, and
// each shard is one slice.
struct BuildPlan {
  CorpusFiles files;
  std::vector<std::pair<std::size_t, std::size_t>> slices;
  std::size_t shards = 1;
};

BuildPlan PlanBuild(CorpusFiles listed, const BuildOptions& options) {
  BuildPlan plan;
  plan.shards = std::max(1u, options.shards);
  if (plan.shards > 1) {
    std::vector<std::vector<std::uint32_t>> groups(plan.shards);  // listing numbers
    for (std::size_t i = 0; i < listed.size(); ++i) {
      groups[ShardOf(ArticleIdFromPath(listed.path(i)), plan.shards)].push_back(
          static_cast<std::uint32_t>(i));
    }
    for (const auto& group : groups) {
      std::size_t begin = plan.files.size();
      for (std::uint32_t i : group) {
        const CorpusFile file = listed[i];
        plan.files.Add(file.path, file.size, file.mtime);
      }
      plan.slices.emplace_back(begin, plan.files.size());
    }
    return plan;
  }
  plan.files = std::move(listed);
  const std::size_t count = plan.files.size();
  std::size_t jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::clamp<std::size_t>(count / kMinFilesPerJob, 1, jobs);
  for (std::size_t k = 0; k < jobs; ++k) {
    plan.slices.emplace_back(count * k / jobs, count * (k + 1) / jobs);
  }
  return plan;
}

// Everything a build writes besides the generation itself, named
// gen-....part-*: the workers' databases and the finishing and intermediate
// merge databases. Removed when this goes out of scope (after a failure
// too); the next publish clears what a crash left.
struct BuildParts {
  BuildParts(std::string stem_path, std::size_t workers_count)
      : stem(std::move(stem_path)), workers(workers_count) {}
  BuildParts(const BuildParts&) = delete;
  BuildParts& operator=(const BuildParts&) = delete;
  ~BuildParts() {
    boost::system::error_code ec;
    for (const auto& worker : workers) {
      if (!worker.path.empty()) fs::remove_all(worker.path, ec);
      if (!worker.spool_path.empty()) fs::remove(worker.spool_path, ec);
    }
    for (const auto& path : scratch) fs::remove_all(path, ec);
  }

  std::string stem;
  std::vector<WorkerOutput> workers;
  std::vector<std::string> scratch;  // finishing and intermediate databases
};

// The databases of a written generation and, when sharded, the stub's
// entries naming them.
struct GenerationFiles {
  std::vector<std::string> outputs;
  std::vector<std::string> stub_entries;
};

// Writes the small database that carries what needs every document: the
// index metadata (every shard is opened on its own, so each carries it) and
// the spelling words of `group`.
void WriteFinishDatabase(const std::string& path, const BuildOptions& options,
                         const std::string& built_at, const Boilerplate& boilerplate,
                         const std::vector<WorkerOutput*>& group) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
  db.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
  db.set_metadata(std::string(schema::kMetaBuiltAt), built_at);
  WriteIndexSettings(options, db);
  db.set_metadata(std::string(schema::kMetaFolders), internal::FoldersMetadata(options.folders));
  db.set_metadata(std::string(schema::kMetaBoilerplate), boilerplate.Encode());
  // Committed every 20,000 words: a build's whole vocabulary in one
  // transaction took more memory than anything else at the end of a build.
  for (WorkerOutput* worker : group) worker->spelling.WriteTo(db, 20000);
  db.commit();
  db.close();
}

// Each output database (the whole index, or one per shard) is made of the
// databases of its workers, in order. The near-duplicate clusters, spelling
// words and boilerplate set need all documents, so they are written now,
// into the workers' databases and a small finishing database, and one
// compaction then merges everything: docids come out as one thread would
// number them, and the published index is compact (a freshly written table
// is about half empty). Throws Xapian::Error.
GenerationFiles MergeWorkers(const BuildOptions& options, const Boilerplate& boilerplate,
                             const CorpusFiles& files, std::size_t shards,
                             const std::string& gen_path, BuildParts& parts,
                             BuildSummary& summary) {
  std::vector<std::vector<WorkerOutput*>> groups;
  if (shards > 1) {
    for (auto& worker : parts.workers) groups.push_back({&worker});
  } else {
    groups.emplace_back();
    for (auto& worker : parts.workers) groups.back().push_back(&worker);
  }
  const std::string built_at = IsoUtcNow();
  const std::string gen_name = fs::path(gen_path).filename().string();
  GenerationFiles written;
  if (shards > 1) fs::create_directories(gen_path);
  ClusterSummary clusters = ClusterWorkers(parts.workers, files, options.news.clusters);
  summary.clusters.clusters = clusters.clusters;
  summary.clusters.clustered = clusters.clustered;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::string finish = parts.stem + "finish-" + std::to_string(g);
    parts.scratch.push_back(finish);
    WriteFinishDatabase(finish, options, built_at, boilerplate, groups[g]);
    std::vector<std::string> sources;
    for (WorkerOutput* worker : groups[g]) {
      if (!worker->path.empty()) sources.push_back(worker->path);
    }
    sources.push_back(finish);
    std::string output = gen_path;
    if (shards > 1) {
      std::string name = "shard-" + std::to_string(g);
      output = gen_path + "/" + name;
      written.stub_entries.push_back(gen_name + "/" + name);
    }
    MergeInOrder(std::move(sources), output, parts.stem + "merge-" + std::to_string(g),
                 parts.scratch);
    RecordCompactedSize(output);  // what `update` measures its growth against
    written.outputs.push_back(output);
  }
  return written;
}

bool Cancelled(const BuildOptions& options) {
  return options.cancel != nullptr && options.cancel->load();
}

// Indexes the plan's slices on their threads and merges the result into
// the generation at `gen_path` (not yet published).
Result<GenerationFiles> WriteGeneration(WorkerShared& shared, const BuildPlan& plan,
                                        const std::string& gen_path, BuildSummary& summary) {
  BuildParts parts(gen_path + ".part-", plan.slices.size());
  {
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < plan.slices.size(); ++k) {
      auto [begin, end] = plan.slices[k];
      threads.emplace_back(internal::IndexSlice, std::ref(shared), begin, end,
                           parts.stem + std::to_string(k), std::ref(parts.workers[k]));
    }
    for (auto& thread : threads) thread.join();
  }
  internal::ReleaseFreedMemory();
  if (Cancelled(shared.options))
    return Error{"interrupted; the previous index is unchanged", ErrorCode::kCancelled};
  if (shared.failed) {
    return Error{"writing the index failed: " + shared.error +
                 " (the previous index, if any, is unchanged)"};
  }
  try {
    return MergeWorkers(shared.options, shared.boilerplate, shared.files, plan.shards, gen_path,
                        parts, summary);
  } catch (const Xapian::Error& e) {
    return Error{"merging the index failed: " + e.get_description() +
                 " (the previous index, if any, is unchanged)"};
  } catch (const std::runtime_error& e) {
    return Error{std::string("merging the index failed: ") + e.what() +
                 " (the previous index, if any, is unchanged)"};
  }
}

}  // namespace

std::size_t BuildSummary::skipped_total() const {
  return std::accumulate(skipped.begin(), skipped.end(), std::size_t{0});
}

Result<BuildSummary> BuildIndex(const BuildOptions& requested, const FileEventSink& on_event,
                                const ProgressSink& on_progress) {
  BuildOptions options = requested;  // with the reference length measured
  auto start = std::chrono::steady_clock::now();
  BuildSummary summary;

  auto listing = ListCorpus(options.folders, WalkOptions{options.follow_symlinks});
  if (!listing) return listing.error();

  auto lock = WriterLock::Acquire(options.db_path, options.wait_seconds);
  if (!lock) return lock.error();
  auto generation = Generation::Create(options.db_path);
  if (!generation) return generation.error();

  summary.files_seen += listing->problems.size();
  internal::ReportProblems(listing->problems, summary.skipped, on_event);
  // The reference length is sampled from the sorted listing, not the shard
  // order: shards and threads leave it alone.
  const bool measure = options.document.term_weights.normalized && options.measure_reference_length;
  const std::vector<CorpusFile> sample =
      measure ? internal::LengthSample(listing->files) : std::vector<CorpusFile>{};
  BuildPlan plan = PlanBuild(std::move(listing->files), options);

  // Boilerplate lines are learned over the whole corpus first (a first
  // read of every file; the page cache makes the second one cheap).
  Boilerplate boilerplate = LearnBoilerplateFromFiles(plan.files, options.max_file_bytes,
                                                      options.news.boilerplate, plan.slices.size());
  summary.boilerplate_lines = boilerplate.lines().size();
  if (measure) {
    double average = internal::MeasureAverageLength(sample, options.max_file_bytes,
                                                    options.document, boilerplate, options.news);
    if (average > 0) options.document.term_weights.ref_length = std::round(average);
  }
  if (Cancelled(options))
    return Error{"interrupted; the previous index is unchanged", ErrorCode::kCancelled};

  internal::ReleaseFreedMemory();  // the walk's and the learner's
  std::vector<Outcome> outcomes(plan.files.size());
  WorkerShared shared(options, on_event, on_progress, plan.files, outcomes, boilerplate);
  shared.total = plan.files.size();
  auto written = WriteGeneration(shared, plan, (*generation)->path(), summary);
  if (!written) return written.error();
  for (const auto& output : written->outputs) internal::SyncFolderFiles(output);
  internal::SummariseOutcomes(plan.files, outcomes, on_event, summary);

  Status published = plan.shards > 1 ? (*generation)->PublishShards(written->stub_entries)
                                     : (*generation)->Publish();
  if (!published) return published.error();
  summary.seconds = internal::SecondsSince(start);
  return summary;
}

}  // namespace newsdex
