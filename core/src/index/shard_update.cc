#include "index/shard_update.h"

#include <algorithm>
#include <array>
#include <utility>

#include "newsdex/base/date.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/settings.h"
#include "newsdex/index/term_weights.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {
namespace {

const std::string kStaleKey(schema::kMetaClustersStale);

// Every document's path key and file state, read slot by slot through value
// streams (one sequential pass each, no per-document lookups).
std::unordered_map<std::string, StoredFile> ReadStoredState(const Xapian::Database& db) {
  // Indexed by docid: docids are dense (a build numbers them 1..n).
  std::vector<std::array<std::string, 3>> state(db.get_lastdocid() + 1);
  const unsigned slots[3] = {schema::kSlotFileSize, schema::kSlotFileMtime,
                             schema::kSlotContentHash};
  for (int i = 0; i < 3; ++i) {
    for (auto it = db.valuestream_begin(slots[i]); it != db.valuestream_end(slots[i]); ++it) {
      state[it.get_docid()][i] = *it;
    }
  }
  std::unordered_map<std::string, StoredFile> stored;
  stored.reserve(db.get_doccount());
  for (auto it = db.valuestream_begin(schema::kSlotTieBreak);
       it != db.valuestream_end(schema::kSlotTieBreak); ++it) {
    StoredFile entry;
    entry.docid = it.get_docid();
    const auto& values = state[entry.docid];
    entry.state = DecodeFileState(values[0], values[1], values[2]);
    std::string key = schema::PathKeyFromTieBreak(*it);
    if (!key.empty()) stored.emplace(std::move(key), entry);
  }
  return stored;
}

// New and changed articles are written the way the index holds the rest.
DocumentOptions WithStoredWeights(DocumentOptions document, const Xapian::Database& db) {
  document.term_weights = ReadTermWeights(db);
  return document;
}

}  // namespace

std::string AbsolutePaths::operator()(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (known_ && slash == dir_.size() && path.compare(0, slash, dir_) == 0) {
    return abs_dir_ + path.substr(slash + 1);
  }
  std::string abs = AbsolutePath(path);
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

ShardUpdate::ShardUpdate(Xapian::WritableDatabase db, const BuildOptions& options,
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
      batch_(options) {
  // Documents written from now on lack slots that an index of an older
  // format this program still reads has: older programs must not update it.
  // Committed with the first batch, or by Finish in every shard.
  db_.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
}

bool ShardUpdate::UpdateFiles(const CorpusFiles& files, Progress& progress,
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
  StoredFile* entry = found == stored_.end() ? nullptr : &found->second;
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
    SetFileState(doc, bytes->size(), file.mtime, hash);
    db_.replace_document(entry->docid, doc);
    ++summary_.unchanged;
    ++summary_.touched;
    on_event_({FileEvent::Kind::kUnchanged, file.path, "touched", SkipReason::kEmpty});
    CountChange(0);
    return;
  }
  PreparedFile prepared;
  if (bytes) {
    prepared = PrepareFromBytes(file, abs_path, *bytes, hash, context_);
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

void ShardUpdate::Reindex(const CorpusFile& file, StoredFile* entry, PreparedFile& prepared) {
  if (options_.news.spelling) spelling_.AddWords(maker_);
  if (entry != nullptr) {
    CarryCluster(db_.get_document(entry->docid), prepared.doc, changes_);
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

void ShardUpdate::Skip(const CorpusFile& file, StoredFile* entry, PreparedFile& prepared) {
  CountSkip(summary_.skipped, prepared.reason);
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
  db_.set_metadata(std::string(schema::kMetaFolders), FoldersMetadata(options_.folders));
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

}  // namespace newsdex::internal
