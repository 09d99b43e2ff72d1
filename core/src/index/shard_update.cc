#include "index/shard_update.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include "newsdex/base/date.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/settings.h"
#include "newsdex/index/term_weights.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {
namespace {

const std::string kStaleKey(schema::kMetaClustersStale);

// An update commits its batches at most once a second, so a search that
// takes less than that never meets two of its commits (see CommitBatch).
constexpr std::chrono::seconds kMinCommitInterval{1};

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
      batch_(options, kMinCommitInterval) {
  // Documents written from now on lack slots that an index of an older
  // format this program still reads has: older programs must not update it.
  // Committed with the first batch, or by Finish in every shard.
  db_.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
}

bool ShardUpdate::UpdateFiles(const CorpusFiles& files, Progress& progress,
                              const ProgressSink& on_progress) {
  if (options_.jobs > 1) return UpdateFilesReadingAhead(files, progress, on_progress);
  for (const auto& file : files) {
    if (Cancelled()) break;
    Examined examined = Examine(file);
    if (examined.verdict == StatVerdict::kUnchanged) {
      CountUnchanged(file);
    } else {
      ReadOutcome read = ReadFile(file, examined.abs_path, examined);
      Apply(file, examined, read);
    }
    ++progress.done;
    if (on_progress) on_progress(progress);
  }
  if (!Cancelled()) return true;
  db_.commit();
  return false;
}

namespace {

// The files read and parsed ahead of the thread that writes them, in order,
// at most `capacity` at a time.
template <typename T>
class ReadAheadQueue {
 public:
  explicit ReadAheadQueue(std::size_t capacity) : capacity_(capacity) {}

  // False once the writer has stopped taking.
  bool Push(T item) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return items_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(item));
    changed_.notify_all();
    return true;
  }
  // The reader is done (`error`: it failed).
  void Close(std::exception_ptr error = nullptr) {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    error_ = error;
    changed_.notify_all();
  }
  // The next item; nullopt when the reader stopped early (cancelled).
  // Rethrows what the reader failed with.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return std::nullopt;
    }
    T item = std::move(items_.front());
    items_.pop_front();
    changed_.notify_all();
    return item;
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<T> items_;
  bool closed_ = false;
  bool stopped_ = false;
  std::exception_ptr error_;
};

}  // namespace

// Reading and parsing a changed file took two thirds of writing it: with a
// second core, a reader thread does them ahead while this one writes, in
// the listing's order, so documents, docids and reports come out as with
// one thread.
bool ShardUpdate::UpdateFilesReadingAhead(const CorpusFiles& files, Progress& progress,
                                          const ProgressSink& on_progress) {
  // First every file is looked up (cheap: the stat against the stored
  // state), so the reader knows which to read.
  std::vector<std::pair<std::size_t, Examined>> to_read;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Examined examined = Examine(files[i]);
    if (examined.verdict == StatVerdict::kUnchanged) continue;
    examined.abs_path = std::string();  // the reader works it out again, not kept for every file
    to_read.emplace_back(i, std::move(examined));
  }
  ReadAheadQueue<ReadOutcome> queue(64);
  std::thread reader([&] {
    try {
      AbsolutePaths absolute_path;
      for (const auto& [index, examined] : to_read) {
        if (Cancelled()) break;
        const CorpusFile file = files[index];
        if (!queue.Push(ReadFile(file, absolute_path(file.path), examined))) break;
      }
      queue.Close();
    } catch (...) {
      queue.Close(std::current_exception());
    }
  });
  struct Join {
    ReadAheadQueue<ReadOutcome>& queue;
    std::thread& reader;
    ~Join() {
      queue.Stop();
      reader.join();
    }
  } join{queue, reader};

  std::size_t next = 0;  // in to_read
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (Cancelled()) break;
    const CorpusFile file = files[i];
    if (next < to_read.size() && to_read[next].first == i) {
      std::optional<ReadOutcome> read = queue.Pop();
      if (!read) break;  // cancelled
      Apply(file, to_read[next].second, *read);
      ++next;
    } else {
      CountUnchanged(file);
    }
    ++progress.done;
    if (on_progress) on_progress(progress);
  }
  if (!Cancelled()) return true;
  db_.commit();
  return false;
}

ShardUpdate::Examined ShardUpdate::Examine(const CorpusFile& file) {
  Examined out;
  std::string abs_path = absolute_path_(file.path);
  auto found = stored_.find(schema::PathKey(abs_path));
  out.entry = found == stored_.end() ? nullptr : &found->second;
  if (out.entry != nullptr) {
    out.entry->seen = true;
    // A document with damaged state is re-read, never trusted.
    out.state = out.entry->state ? out.entry->state : FileState{~0ull, -1, 0};
  }
  out.verdict = JudgeStat(out.state, file.size, file.mtime);
  out.abs_path = std::move(abs_path);
  return out;
}

void ShardUpdate::CountUnchanged(const CorpusFile& file) {
  ++summary_.unchanged;
  on_event_({FileEvent::Kind::kUnchanged, file.path, "", SkipReason::kEmpty});
}

ShardUpdate::ReadOutcome ShardUpdate::ReadFile(const CorpusFile& file, const std::string& abs_path,
                                               const Examined& examined) {
  ReadOutcome out;
  SkipReason reason = SkipReason::kUnreadable;
  auto bytes = ReadArticleFile(file.path, options_.max_file_bytes, &reason);
  if (!bytes) {
    out.prepared.reason = reason;
    out.prepared.detail = bytes.error().message;
    return out;
  }
  out.bytes_read = bytes->size();
  out.hash = ContentHash(*bytes);
  if (examined.verdict == StatVerdict::kRead &&
      JudgeContent(*examined.state, bytes->size(), out.hash) == ContentVerdict::kTouched) {
    out.touched = true;
    return out;
  }
  out.prepared = PrepareFromBytes(file, abs_path, *bytes, out.hash, context_);
  if (out.prepared.indexed && options_.news.spelling) spelling_.AddWords(maker_);
  return out;
}

void ShardUpdate::Apply(const CorpusFile& file, const Examined& examined, ReadOutcome& read) {
  summary_.bytes_read += read.bytes_read;
  if (read.touched) {
    // Only the values change; Xapian then leaves postings alone.
    Xapian::Document doc = db_.get_document(examined.entry->docid);
    SetFileState(doc, read.bytes_read, file.mtime, read.hash);
    db_.replace_document(examined.entry->docid, doc);
    ++summary_.unchanged;
    ++summary_.touched;
    on_event_({FileEvent::Kind::kUnchanged, file.path, "touched", SkipReason::kEmpty});
    CountChange(0);
    return;
  }
  if (read.prepared.indexed) {
    Reindex(file, examined.entry, read.prepared);
  } else {
    Skip(file, examined.entry, read.prepared);
  }
}

void ShardUpdate::Reindex(const CorpusFile& file, StoredFile* entry, PreparedFile& prepared) {
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
