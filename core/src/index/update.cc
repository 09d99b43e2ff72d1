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
#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/change_detect.h"
#include "newsdex/index/settings.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/news/indexing.h"
#include "newsdex/store/database.h"
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
  for (const auto& problem : listing->problems) {
    ++summary.skipped[static_cast<std::size_t>(problem.reason)];
    on_event({FileEvent::Kind::kSkipped, problem.path, problem.detail, problem.reason});
  }

  // A sharded index is updated shard by shard, each with the files whose
  // ids hash to it (ShardOf), so every article stays in its shard.
  auto databases = ListIndexDatabases(options.db_path);
  if (!databases) return databases.error();
  const std::vector<std::string>& shard_paths = databases->local;
  Progress progress{0, listing->files.size()};
  // Near-copies can sit in different shards: the clusters are redone once,
  // over all shards together, after every shard has its documents. Each
  // shard stays open (and locked) until then.
  std::vector<Xapian::WritableDatabase> shard_dbs;
  ClusterChanges all_changes;
  bool clusters_stale = false;
  const std::string stale_key(schema::kMetaClustersStale);
  for (std::size_t shard = 0; shard < shard_paths.size(); ++shard) {
    std::vector<CorpusFile> shard_files;
    if (shard_paths.size() == 1) {
      shard_files = std::move(listing->files);
    } else {
      for (const auto& file : listing->files) {
        if (ShardOf(ArticleIdFromPath(file.path), shard_paths.size()) == shard) {
          shard_files.push_back(file);
        }
      }
    }
    try {
      Xapian::WritableDatabase db(shard_paths[shard], Xapian::DB_OPEN);
      shard_dbs.push_back(db);
      std::unordered_map<std::string, Stored> stored = ReadStoredState(db);
      // New and changed articles are written the way the index holds the rest.
      DocumentOptions document = options.document;
      document.term_weights = ReadTermWeights(db);
      DocumentMaker maker(document);
      Boilerplate boilerplate = LoadBoilerplate(db);
      internal::DocumentContext context{maker, boilerplate, options.news};
      SpellingCollector spelling;
      // issue 4: what the loop changed, so only the clusters around it are
      // recomputed (a fresh build would give the same).
      ClusterChanges cluster_changes;
      clusters_stale = clusters_stale || !db.get_metadata(stale_key).empty();
      auto forget_cluster = [&](Xapian::docid docid) {
        std::string key = db.get_document(docid).get_value(schema::kSlotCluster);
        if (!key.empty()) cluster_changes.old_keys.push_back(std::move(key));
      };

      std::size_t batch_docs = 0;
      std::uint64_t batch_bytes = 0;
      // Each commit is atomic: a crash loses at most the current batch, whose
      // files still look changed to the next update.
      auto count_change = [&](std::uint64_t bytes) {
        // Batches committed before the clusters are redone leave them stale
        // until an update finishes.
        if (batch_docs == 0) db.set_metadata(stale_key, "1");
        batch_bytes += bytes;
        if (++batch_docs >= options.batch_docs || batch_bytes >= options.batch_bytes) {
          db.commit();
          ++summary.commits;
          batch_docs = 0;
          batch_bytes = 0;
        }
      };
      auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

      const auto& files = shard_files;
      AbsolutePaths absolute_path;
      for (const auto& file : files) {
        if (cancelled()) break;
        std::string abs_path = absolute_path(file.path);
        std::string key = schema::PathKey(abs_path);
        auto found = stored.find(key);
        Stored* entry = found == stored.end() ? nullptr : &found->second;
        if (entry != nullptr) entry->seen = true;

        std::optional<FileState> state;
        if (entry != nullptr) {
          // A document with damaged state is re-read, never trusted.
          state = entry->state ? entry->state : FileState{~0ull, -1, 0};
        }
        StatVerdict verdict = JudgeStat(state, file.size, file.mtime);
        if (verdict == StatVerdict::kUnchanged) {
          ++summary.unchanged;
          on_event({FileEvent::Kind::kUnchanged, file.path, "", SkipReason::kEmpty});
        } else {
          SkipReason reason = SkipReason::kUnreadable;
          auto bytes = ReadArticleFile(file.path, options.max_file_bytes, &reason);
          std::uint64_t hash = bytes ? ContentHash(*bytes) : 0;
          if (bytes) summary.bytes_read += bytes->size();
          if (bytes && verdict == StatVerdict::kRead &&
              JudgeContent(*state, bytes->size(), hash) == ContentVerdict::kTouched) {
            // Only the values change; Xapian then leaves postings alone.
            Xapian::Document doc = db.get_document(entry->docid);
            internal::SetFileState(doc, bytes->size(), file.mtime, hash);
            db.replace_document(entry->docid, doc);
            ++summary.unchanged;
            ++summary.touched;
            on_event({FileEvent::Kind::kUnchanged, file.path, "touched", SkipReason::kEmpty});
            count_change(0);
          } else {
            internal::PreparedFile prepared;
            if (bytes) {
              prepared = internal::PrepareFromBytes(file, abs_path, *bytes, hash, context);
            } else {
              prepared.reason = reason;
              prepared.detail = bytes.error().message;
            }
            if (prepared.indexed) {
              if (options.news.spelling) spelling.Add(prepared.doc);
              if (entry != nullptr) {
                forget_cluster(entry->docid);
                db.replace_document(entry->docid, prepared.doc);
                cluster_changes.changed.push_back(entry->docid);
                ++summary.updated;
              } else {
                cluster_changes.changed.push_back(db.add_document(prepared.doc));
                ++summary.added;
              }
              if (prepared.undated) ++summary.undated;
              on_event({entry != nullptr ? FileEvent::Kind::kUpdated : FileEvent::Kind::kIndexed,
                        file.path, "", SkipReason::kEmpty});
              for (auto& warning : prepared.warnings) {
                on_event(
                    {FileEvent::Kind::kWarning, file.path, std::move(warning), SkipReason::kEmpty});
              }
              count_change(prepared.bytes);
            } else {
              ++summary.skipped[static_cast<std::size_t>(prepared.reason)];
              on_event({FileEvent::Kind::kSkipped, file.path, std::move(prepared.detail),
                        prepared.reason});
              if (entry != nullptr) {
                // It was indexed before; a build would not have it now.
                forget_cluster(entry->docid);
                db.delete_document(entry->docid);
                ++summary.removed;
                on_event({FileEvent::Kind::kRemoved, file.path, "", SkipReason::kEmpty});
                count_change(0);
              }
            }
          }
        }
        ++progress.done;
        if (on_progress) on_progress(progress);
      }
      if (cancelled()) {
        db.commit();  // keep the finished batches; the next update does the rest
        return Error{"interrupted; what was committed stays, run update again to finish"};
      }

      std::vector<std::pair<std::string, Xapian::docid>> gone;
      for (const auto& [key, entry] : stored) {
        if (!entry.seen) gone.emplace_back(key, entry.docid);
      }
      std::sort(gone.begin(), gone.end());  // reported in path order
      for (const auto& [key, docid] : gone) {
        if (cancelled()) break;
        Xapian::Document doc = db.get_document(docid);
        std::string path = schema::DecodeDocData(doc.get_data()).path;
        std::string cluster = doc.get_value(schema::kSlotCluster);
        if (!cluster.empty()) cluster_changes.old_keys.push_back(std::move(cluster));
        db.delete_document(docid);
        ++summary.removed;
        on_event({FileEvent::Kind::kRemoved, path.empty() ? key : path, "", SkipReason::kEmpty});
        count_change(0);
      }
      if (cancelled()) {
        db.commit();
        return Error{"interrupted; what was committed stays, run update again to finish"};
      }

      std::string folders;
      for (const auto& folder : options.folders) {
        folders += internal::AbsolutePath(folder) + "\n";
      }
      // issue 6: the learned boilerplate set stays (what a build learned), and
      // new words join the spelling data.
      spelling.WriteTo(db);
      db.set_metadata(std::string(schema::kMetaBoilerplate), boilerplate.Encode());
      WriteIndexSettings(options, db);
      db.set_metadata(std::string(schema::kMetaUpdatedAt), internal::NowIso());
      db.set_metadata(std::string(schema::kMetaFolders), folders);
      db.commit();
      ++summary.commits;
      // Docids of the shards taken together: shard k's docid d is
      // (d - 1) * shards + k + 1.
      const std::size_t shards = shard_paths.size();
      for (Xapian::docid did : cluster_changes.changed) {
        all_changes.changed.push_back(static_cast<Xapian::docid>((did - 1) * shards + shard + 1));
      }
      for (std::string& key : cluster_changes.old_keys)
        all_changes.old_keys.push_back(std::move(key));
    } catch (const Xapian::Error& e) {
      return Error{"updating the index failed: " + e.get_description() +
                   " (committed batches stay; run update again to finish)"};
    }
  }
  try {
    // The clusters around the changes are recomputed (all of them after an
    // interrupted update left them stale), with a fresh build's result.
    Xapian::WritableDatabase all;
    for (const auto& db : shard_dbs) all.add_database(db);
    ClusterSummary clusters = clusters_stale
                                  ? UpdateClusters(all, options.news.clusters)
                                  : UpdateClustersAround(all, all_changes, options.news.clusters);
    summary.clusters.clusters = clusters.clusters;
    summary.clusters.clustered = clusters.clustered;
    for (auto& db : shard_dbs) {
      db.set_metadata(stale_key, "");
      db.commit();
      db.close();
    }
  } catch (const Xapian::Error& e) {
    return Error{"updating the near-duplicate clusters failed: " + e.get_description() +
                 " (run update again to redo them)"};
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
