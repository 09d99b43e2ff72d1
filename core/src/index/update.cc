#include "newsdex/index/update.h"

#include <chrono>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "index/file_indexing.h"
#include "index/relearn.h"
#include "index/shard_update.h"
#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/compact.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/settings.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

// Why the index at `db_path` cannot be updated in place; empty when it can.
std::string WhyNotUpdatable(const std::string& db_path) {
  std::string current = CurrentGenerationPath(db_path);
  if (current.empty()) return "there was none to update";
  try {
    Xapian::Database db(current);
    std::string format = db.get_metadata(std::string(schema::kMetaFormat));
    if (schema::IsReadableFormat(format)) return "";
    if (format.empty()) return "the index there has no newsdex format to update";
    return "the index there has format " + format + ", which this program cannot update";
  } catch (const Xapian::Error& e) {
    return "the index there could not be opened: " + e.get_description();
  }
}

UpdateSummary FromBuild(const BuildSummary& build, std::string why) {
  UpdateSummary summary;
  summary.built = true;
  summary.built_because = std::move(why);
  summary.added = build.indexed;
  summary.undated = build.undated;
  summary.skipped = build.skipped;
  summary.bytes_read = build.bytes_read;
  summary.commits = 1;
  summary.seconds = build.seconds;
  return summary;
}

// The listed files whose ids hash to `shard` of `shards` (ShardOf), so
// every article stays in its shard.
CorpusFiles FilesOfShard(const CorpusFiles& files, std::size_t shard, std::size_t shards) {
  CorpusFiles out;
  for (const auto& file : files) {
    if (ShardOf(ArticleIdFromPath(file.path), shards) == shard) {
      out.Add(file.path, file.size, file.mtime);
    }
  }
  return out;
}

// Adds one shard's cluster changes to those of all shards, in the docids of
// the shards taken together: shard k's docid d is (d - 1) * shards + k + 1.
void AddShardChanges(ClusterChanges& shard_changes, std::size_t shard, std::size_t shards,
                     ClusterChanges& all) {
  for (Xapian::docid did : shard_changes.changed) {
    all.changed.push_back(static_cast<Xapian::docid>((did - 1) * shards + shard + 1));
  }
  for (std::string& key : shard_changes.old_keys) all.old_keys.push_back(std::move(key));
}

// Recomputes the clusters around the changes (all of them after an
// interrupted update left them stale), with a fresh build's result, over
// all shards together: near-copies can sit in different shards.
Status RedoClusters(std::vector<Xapian::WritableDatabase>& shard_dbs, const ClusterChanges& changes,
                    bool stale, const ClusterOptions& options, UpdateSummary& summary) {
  try {
    Xapian::WritableDatabase all;
    for (const auto& db : shard_dbs) all.add_database(db);
    ClusterSummary clusters =
        stale ? UpdateClusters(all, options) : UpdateClustersAround(all, changes, options);
    summary.clusters.clusters = clusters.clusters;
    summary.clusters.clustered = clusters.clustered;
    summary.clusters.changed = clusters.changed;
    for (auto& db : shard_dbs) {
      db.set_metadata(std::string(schema::kMetaClustersStale), "");
      db.commit();
      db.close();
    }
  } catch (const Xapian::Error& e) {
    return Error{"updating the near-duplicate clusters failed: " + e.get_description() +
                 " (run update again to redo them)"};
  }
  return Ok{};
}

// The options of an update: the settings recorded in the index, so that new
// and changed articles are indexed as the build indexed the rest, with every
// setting the user gave checked against them.
Result<BuildOptions> WithIndexSettings(const BuildOptions& requested) {
  auto databases = ListIndexDatabases(requested.db_path);
  if (!databases) return databases.error();
  if (databases->local.empty()) return requested;
  std::optional<IndexSettings> stored;
  try {
    stored = ReadIndexSettings(Xapian::Database(databases->local.front()));
  } catch (const Xapian::Error& e) {
    return Error{"cannot read the index settings: " + e.get_description()};
  }
  if (!stored) return requested;  // recorded by no build: the flags decide
  auto settings = ReconcileSettings(*stored, requested, requested.settings_given);
  if (!settings) return settings.error();
  BuildOptions options = requested;
  static_cast<IndexSettings&>(options) = *settings;
  return options;
}

// Compacts the index into a new generation once it has grown past
// options.compact_above (see BuildOptions), and says so in `summary`.
Status CompactIfGrown(const BuildOptions& options, UpdateSummary& summary) {
  if (options.compact_above <= 0) return Ok{};
  auto growth = ReadIndexGrowth(options.db_path);
  if (!growth) return Ok{};  // no baseline recorded: the next build records it
  summary.growth = growth->ratio();
  if (summary.growth <= options.compact_above) return Ok{};
  auto compacted = CompactGeneration(options.db_path);
  if (!compacted) {
    return Error{"the update is complete, but compacting the grown index failed: " +
                 compacted.error().message + "; run indexer compact"};
  }
  summary.compacted = true;
  summary.bytes_before_compaction = compacted->bytes_before;
  summary.bytes_after_compaction = compacted->bytes_after;
  return Ok{};
}

const char kInterrupted[] = "interrupted; what was committed stays, run update again to finish";

}  // namespace

std::size_t UpdateSummary::skipped_total() const {
  return std::accumulate(skipped.begin(), skipped.end(), std::size_t{0});
}

Result<UpdateSummary> UpdateIndex(const BuildOptions& requested, const FileEventSink& on_event,
                                  const ProgressSink& on_progress) {
  auto start = std::chrono::steady_clock::now();
  auto listing = ListCorpus(requested.folders, WalkOptions{requested.follow_symlinks});
  if (!listing) return listing.error();

  auto lock = WriterLock::Acquire(requested.db_path, requested.wait_seconds);
  if (!lock) return lock.error();
  if (std::string why = WhyNotUpdatable(requested.db_path); !why.empty()) {
    // Nothing to update (or a layout without file state): build instead.
    // The lock is dropped for BuildIndex to take; another writer slipping in
    // between only makes BuildIndex wait or fail as usual.
    lock->reset();
    *listing = CorpusListing();  // BuildIndex walks the corpus itself
    auto built = BuildIndex(requested, on_event, on_progress);
    if (!built) return built.error();
    return FromBuild(*built, std::move(why));
  }
  auto settled = WithIndexSettings(requested);
  if (!settled) return settled.error();
  const BuildOptions& options = *settled;
  if (options.follow_symlinks != requested.follow_symlinks) {
    // Listed again with the index's own symlink setting.
    listing = ListCorpus(options.folders, WalkOptions{options.follow_symlinks});
    if (!listing) return listing.error();
  }

  UpdateSummary summary;
  internal::ReportProblems(listing->problems, summary.skipped, on_event);
  auto databases = ListIndexDatabases(options.db_path);
  if (!databases) return databases.error();
  const std::vector<std::string>& shard_paths = databases->local;
  Progress progress{0, listing->files.size()};
  // The clusters are redone once, over all shards together, after every
  // shard has its documents. Each shard stays open (and locked) until then.
  std::vector<Xapian::WritableDatabase> shard_dbs;
  ClusterChanges all_changes;
  bool clusters_stale = false;
  const bool sharded = shard_paths.size() > 1;
  for (std::size_t shard = 0; shard < shard_paths.size(); ++shard) {
    const CorpusFiles shard_files =
        sharded ? FilesOfShard(listing->files, shard, shard_paths.size()) : CorpusFiles();
    const CorpusFiles& files = sharded ? shard_files : listing->files;
    try {
      Xapian::WritableDatabase db(shard_paths[shard], Xapian::DB_OPEN);
      shard_dbs.push_back(db);
      internal::ShardUpdate update(db, options, on_event, summary);
      clusters_stale = clusters_stale || update.was_stale();
      if (!update.UpdateFiles(files, progress, on_progress) || !update.RemoveGone()) {
        return Error{kInterrupted, ErrorCode::kCancelled};
      }
      update.Finish();
      AddShardChanges(update.changes(), shard, shard_paths.size(), all_changes);
    } catch (const Xapian::Error& e) {
      return Error{"updating the index failed: " + e.get_description() +
                   " (committed batches stay; run update again to finish)"};
    }
  }
  try {
    internal::RelearnBoilerplate(shard_dbs, options, listing->files, all_changes);
  } catch (const Xapian::Error& e) {
    return Error{"learning the boilerplate again failed: " + e.get_description() +
                 " (run update again to finish)"};
  }
  Status clustered =
      RedoClusters(shard_dbs, all_changes, clusters_stale, options.news.clusters, summary);
  if (!clustered) return clustered.error();
  Status compacted = CompactIfGrown(options, summary);
  if (!compacted) return compacted.error();
  summary.seconds = internal::SecondsSince(start);
  return summary;
}

}  // namespace newsdex
