#include "newsdex/index/update.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/file_indexing.h"
#include "index/relearn.h"
#include "newsdex/base/date.h"
#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/change_detect.h"
#include "newsdex/index/compact.h"
#include "newsdex/index/settings.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/news/indexing.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

struct Stored {
  Xapian::docid docid = 0;
  std::optional<FileState> state;  // nullopt: missing or damaged values
  bool seen = false;               // a file on disk still maps to it
};

// Every document's path key and file state, read slot by slot through value
// streams (one sequential pass each, no per-document lookups).
std::unordered_map<std::string, Stored> ReadStoredState(const Xapian::Database& db) {
  // Indexed by docid: docids are dense (a build numbers them 1..n).
  std::vector<std::array<std::string, 3>> state(db.get_lastdocid() + 1);
  const unsigned slots[3] = {schema::kSlotFileSize, schema::kSlotFileMtime,
                             schema::kSlotContentHash};
  for (int i = 0; i < 3; ++i) {
    for (auto it = db.valuestream_begin(slots[i]); it != db.valuestream_end(slots[i]); ++it) {
      state[it.get_docid()][i] = *it;
    }
  }
  std::unordered_map<std::string, Stored> stored;
  stored.reserve(db.get_doccount());
  for (auto it = db.valuestream_begin(schema::kSlotPathKey);
       it != db.valuestream_end(schema::kSlotPathKey); ++it) {
    Stored entry;
    entry.docid = it.get_docid();
    const auto& values = state[entry.docid];
    entry.state = DecodeFileState(values[0], values[1], values[2]);
    stored.emplace(*it, entry);
  }
  return stored;
}

// internal::AbsolutePath for the files of a listing, which come folder by
// folder: the normal form of a folder is worked out once and each file's
// name appended (boost's absolute + lexically_normal per file was a tenth of
// an update that finds nothing changed).
class AbsolutePaths {
 public:
  std::string operator()(const std::string& path) {
    std::size_t slash = path.rfind('/');
    if (known_ && slash == dir_.size() && path.compare(0, slash, dir_) == 0) {
      return abs_dir_ + path.substr(slash + 1);
    }
    std::string abs = internal::AbsolutePath(path);
    known_ = false;
    if (slash == std::string::npos) return abs;
    std::string_view name = std::string_view(path).substr(slash + 1);
    // A plain name stays the last element of the normal form; then the
    // folder part is the same for every file in that folder.
    if (!name.empty() && name != "." && name != ".." && abs.size() > name.size() &&
        std::string_view(abs).ends_with(name) && abs[abs.size() - name.size() - 1] == '/') {
      dir_ = path.substr(0, slash);
      abs_dir_ = abs.substr(0, abs.size() - name.size());
      known_ = true;
    }
    return abs;
  }

 private:
  bool known_ = false;
  std::string dir_;      // the folder part of the last path, as listed
  std::string abs_dir_;  // its normal absolute form, ending in '/'
};

bool IsCurrentFormat(const std::string& db_path) {
  std::string current = CurrentGenerationPath(db_path);
  if (current.empty()) return false;
  try {
    Xapian::Database db(current);
    return db.get_metadata(std::string(schema::kMetaFormat)) == schema::kFormatVersion;
  } catch (const Xapian::Error&) {
    return false;
  }
}

UpdateSummary FromBuild(const BuildSummary& build) {
  UpdateSummary summary;
  summary.built = true;
  summary.added = build.indexed;
  summary.undated = build.undated;
  summary.skipped = build.skipped;
  summary.bytes_read = build.bytes_read;
  summary.commits = 1;
  summary.seconds = build.seconds;
  return summary;
}

// The listed files whose ids hash to `shard` of `shards` (ShardOf), so
// every article stays in its shard. Takes them all when there is one.
std::vector<CorpusFile> FilesOfShard(std::vector<CorpusFile>& files, std::size_t shard,
                                     std::size_t shards) {
  if (shards == 1) return std::move(files);
  std::vector<CorpusFile> out;
  for (const auto& file : files) {
    if (ShardOf(ArticleIdFromPath(file.path), shards) == shard) out.push_back(file);
  }
  return out;
}

const std::string kStaleKey(schema::kMetaClustersStale);

// Brings one shard's database in line with its files: adds new files,
// re-indexes changed ones, removes documents whose files are gone, and
// records what changed for the clusters. Throws Xapian::Error.
class ShardUpdate {
 public:
  ShardUpdate(Xapian::WritableDatabase db, const BuildOptions& options,
              const FileEventSink& on_event, UpdateSummary& summary)
      : db_(std::move(db)),
        options_(options),
        on_event_(on_event),
        summary_(summary),
        stored_(ReadStoredState(db_)),
        maker_(WithStoredWeights(options.document, db_)),
        boilerplate_(LoadBoilerplate(db_)),
        context_{maker_, boilerplate_, options.news},
        was_stale_(!db_.get_metadata(kStaleKey).empty()),
        batch_(options) {}

  // Each returns false when cancelled (after committing the finished
  // batches; the next update does the rest).
  bool UpdateFiles(const std::vector<CorpusFile>& files, Progress& progress,
                   const ProgressSink& on_progress);
  bool RemoveGone();
  // Writes the spelling words and folder metadata and commits.
  void Finish();

  // The docids changed and the cluster keys left, for the clusters.
  ClusterChanges& changes() { return changes_; }
  // An earlier update was interrupted before redoing the clusters.
  bool was_stale() const { return was_stale_; }

 private:
  // New and changed articles are written the way the index holds the rest.
  static DocumentOptions WithStoredWeights(DocumentOptions document, const Xapian::Database& db) {
    document.term_weights = ReadTermWeights(db);
    return document;
  }
  bool Cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }
  void UpdateFile(const CorpusFile& file);
  void Reindex(const CorpusFile& file, Stored* entry, internal::PreparedFile& prepared);
  void Skip(const CorpusFile& file, Stored* entry, internal::PreparedFile& prepared);
  void ForgetCluster(Xapian::docid docid);
  void CountChange(std::uint64_t bytes);

  Xapian::WritableDatabase db_;
  const BuildOptions& options_;
  const FileEventSink& on_event_;
  UpdateSummary& summary_;
  std::unordered_map<std::string, Stored> stored_;
  DocumentMaker maker_;
  Boilerplate boilerplate_;
  internal::DocumentContext context_;
  SpellingCollector spelling_;
  // What changed, so only the clusters around it are recomputed (a fresh
  // build would give the same).
  ClusterChanges changes_;
  bool was_stale_;
  internal::CommitBatch batch_;
  AbsolutePaths absolute_path_;
};

bool ShardUpdate::UpdateFiles(const std::vector<CorpusFile>& files, Progress& progress,
                              const ProgressSink& on_progress) {
  for (const auto& file : files) {
    if (Cancelled()) break;
    UpdateFile(file);
    ++progress.done;
    if (on_progress) on_progress(progress);
  }
  if (!Cancelled()) return true;
  db_.commit();
  return false;
}

void ShardUpdate::UpdateFile(const CorpusFile& file) {
  std::string abs_path = absolute_path_(file.path);
  auto found = stored_.find(schema::PathKey(abs_path));
  Stored* entry = found == stored_.end() ? nullptr : &found->second;
  std::optional<FileState> state;
  if (entry != nullptr) {
    entry->seen = true;
    // A document with damaged state is re-read, never trusted.
    state = entry->state ? entry->state : FileState{~0ull, -1, 0};
  }
  StatVerdict verdict = JudgeStat(state, file.size, file.mtime);
  if (verdict == StatVerdict::kUnchanged) {
    ++summary_.unchanged;
    on_event_({FileEvent::Kind::kUnchanged, file.path, "", SkipReason::kEmpty});
    return;
  }
  SkipReason reason = SkipReason::kUnreadable;
  auto bytes = ReadArticleFile(file.path, options_.max_file_bytes, &reason);
  std::uint64_t hash = bytes ? ContentHash(*bytes) : 0;
  if (bytes) summary_.bytes_read += bytes->size();
  if (bytes && verdict == StatVerdict::kRead &&
      JudgeContent(*state, bytes->size(), hash) == ContentVerdict::kTouched) {
    // Only the values change; Xapian then leaves postings alone.
    Xapian::Document doc = db_.get_document(entry->docid);
    internal::SetFileState(doc, bytes->size(), file.mtime, hash);
    db_.replace_document(entry->docid, doc);
    ++summary_.unchanged;
    ++summary_.touched;
    on_event_({FileEvent::Kind::kUnchanged, file.path, "touched", SkipReason::kEmpty});
    CountChange(0);
    return;
  }
  internal::PreparedFile prepared;
  if (bytes) {
    prepared = internal::PrepareFromBytes(file, abs_path, *bytes, hash, context_);
  } else {
    prepared.reason = reason;
    prepared.detail = bytes.error().message;
  }
  if (prepared.indexed) {
    Reindex(file, entry, prepared);
  } else {
    Skip(file, entry, prepared);
  }
}

void ShardUpdate::Reindex(const CorpusFile& file, Stored* entry, internal::PreparedFile& prepared) {
  if (options_.news.spelling) spelling_.Add(prepared.doc);
  if (entry != nullptr) {
    ForgetCluster(entry->docid);
    db_.replace_document(entry->docid, prepared.doc);
    changes_.changed.push_back(entry->docid);
    ++summary_.updated;
  } else {
    changes_.changed.push_back(db_.add_document(prepared.doc));
    ++summary_.added;
  }
  if (prepared.undated) ++summary_.undated;
  on_event_({entry != nullptr ? FileEvent::Kind::kUpdated : FileEvent::Kind::kIndexed, file.path,
             "", SkipReason::kEmpty});
  for (auto& warning : prepared.warnings) {
    on_event_({FileEvent::Kind::kWarning, file.path, std::move(warning), SkipReason::kEmpty});
  }
  CountChange(prepared.bytes);
}

void ShardUpdate::Skip(const CorpusFile& file, Stored* entry, internal::PreparedFile& prepared) {
  internal::CountSkip(summary_.skipped, prepared.reason);
  on_event_({FileEvent::Kind::kSkipped, file.path, std::move(prepared.detail), prepared.reason});
  if (entry == nullptr) return;
  // It was indexed before; a build would not have it now.
  ForgetCluster(entry->docid);
  db_.delete_document(entry->docid);
  ++summary_.removed;
  on_event_({FileEvent::Kind::kRemoved, file.path, "", SkipReason::kEmpty});
  CountChange(0);
}

bool ShardUpdate::RemoveGone() {
  std::vector<std::pair<std::string, Xapian::docid>> gone;
  for (const auto& [key, entry] : stored_) {
    if (!entry.seen) gone.emplace_back(key, entry.docid);
  }
  std::sort(gone.begin(), gone.end());  // reported in path order
  for (const auto& [key, docid] : gone) {
    if (Cancelled()) break;
    Xapian::Document doc = db_.get_document(docid);
    std::string path = schema::DecodeDocData(doc.get_data()).path;
    std::string cluster = doc.get_value(schema::kSlotCluster);
    if (!cluster.empty()) changes_.old_keys.push_back(std::move(cluster));
    db_.delete_document(docid);
    ++summary_.removed;
    on_event_({FileEvent::Kind::kRemoved, path.empty() ? key : path, "", SkipReason::kEmpty});
    CountChange(0);
  }
  if (!Cancelled()) return true;
  db_.commit();
  return false;
}

void ShardUpdate::Finish() {
  // New words join the spelling data. The boilerplate set is learned again
  // over all shards once every shard is written (RelearnBoilerplate).
  spelling_.WriteTo(db_);
  db_.set_metadata(std::string(schema::kMetaBoilerplate), boilerplate_.Encode());
  WriteIndexSettings(options_, db_);
  db_.set_metadata(std::string(schema::kMetaUpdatedAt), IsoUtcNow());
  db_.set_metadata(std::string(schema::kMetaFolders), internal::FoldersMetadata(options_.folders));
  db_.commit();
  ++summary_.commits;
}

void ShardUpdate::ForgetCluster(Xapian::docid docid) {
  std::string key = db_.get_document(docid).get_value(schema::kSlotCluster);
  if (!key.empty()) changes_.old_keys.push_back(std::move(key));
}

void ShardUpdate::CountChange(std::uint64_t bytes) {
  // Batches committed before the clusters are redone leave them stale
  // until an update finishes.
  if (batch_.empty()) db_.set_metadata(kStaleKey, "1");
  if (batch_.Add(db_, bytes)) ++summary_.commits;
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
    for (auto& db : shard_dbs) {
      db.set_metadata(kStaleKey, "");
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
  if (!IsCurrentFormat(requested.db_path)) {
    // Nothing to update (or a layout without file state): build instead.
    // The lock is dropped for BuildIndex to take; another writer slipping in
    // between only makes BuildIndex wait or fail as usual.
    lock->reset();
    auto built = BuildIndex(requested, on_event, on_progress);
    if (!built) return built.error();
    return FromBuild(*built);
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
  // Kept for relearning the boilerplate (FilesOfShard takes the listing).
  const std::vector<CorpusFile> all_files = listing->files;
  for (std::size_t shard = 0; shard < shard_paths.size(); ++shard) {
    std::vector<CorpusFile> files = FilesOfShard(listing->files, shard, shard_paths.size());
    try {
      Xapian::WritableDatabase db(shard_paths[shard], Xapian::DB_OPEN);
      shard_dbs.push_back(db);
      ShardUpdate update(db, options, on_event, summary);
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
    internal::RelearnBoilerplate(shard_dbs, options, all_files, all_changes);
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
