#include "index/build_worker.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "index/file_indexing.h"
#include "newsdex/base/date.h"
#include "newsdex/index/document.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {
namespace {

// Adds a prepared document (file `index` of the build) to the worker's
// database (created on the first one) and spools its fingerprint for the
// clusters.
void AddToWorker(PreparedFile& prepared, std::size_t index, const std::string& path,
                 Xapian::WritableDatabase& db, SignatureSpool& spool, WorkerOutput& out,
                 Outcome& outcome) {
  if (out.path.empty()) {
    out.path = path;  // set first, so a failure removes it
    // No fsync: partial databases are merged (and the merge synced)
    // before anything points at them, and thrown away after a crash.
    db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
  }
  Xapian::docid docid = db.add_document(prepared.doc);
  // The clusters need every document's fingerprint: spooled here rather
  // than read back from the index after the merge.
  if (auto signature = DecodeSignature(prepared.doc.get_value(schema::kSlotFingerprint))) {
    std::optional<int> date;
    if (auto day = KeyToYmd(prepared.doc.get_value(schema::kSlotDate))) date = *day;
    spool.Add(*signature, date, docid, static_cast<std::uint32_t>(index));
  }
  outcome.indexed = true;
  outcome.undated = prepared.undated;
  outcome.recoded = prepared.recoded;
}

// Reports one file's fate and the progress; callbacks run one at a time.
void ReportFile(WorkerShared& shared, const CorpusFile& file, PreparedFile& prepared) {
  std::lock_guard<std::mutex> hold(shared.mutex);
  if (!prepared.indexed) {
    shared.on_event(
        {FileEvent::Kind::kSkipped, file.path, std::move(prepared.detail), prepared.reason});
  } else if (prepared.warnings.empty()) {
    shared.on_event({FileEvent::Kind::kIndexed, file.path, "", SkipReason::kEmpty});
  }
  for (auto& warning : prepared.warnings) {
    shared.on_event({FileEvent::Kind::kWarning, file.path, std::move(warning), SkipReason::kEmpty});
  }
  ++shared.done;
  if (shared.on_progress) shared.on_progress({shared.done, shared.total});
}

// Records the first failure of any worker; the build then stops.
void Fail(WorkerShared& shared, const std::string& error) {
  std::lock_guard<std::mutex> hold(shared.mutex);
  if (!shared.failed.exchange(true)) shared.error = error;
}

// A hash of an indexed file's id, and the file's number.
using IdHash = std::pair<std::size_t, std::uint32_t>;

// Adds to `clashes` each file of run[begin, end) (files whose ids hash
// alike, in file order) whose id an earlier file of the run has, with the
// first file of that id.
void ClashesInRun(const CorpusFiles& files, const std::vector<IdHash>& run, std::size_t begin,
                  std::size_t end, std::vector<std::pair<std::uint32_t, std::uint32_t>>& clashes) {
  std::vector<std::pair<std::string, std::uint32_t>> firsts;  // id, its first file
  for (std::size_t k = begin; k < end; ++k) {
    const std::uint32_t file = run[k].second;
    std::string id = ArticleIdFromPath(files.path(file));
    auto same = std::find_if(firsts.begin(), firsts.end(),
                             [&](const auto& first) { return first.first == id; });
    if (same == firsts.end()) {
      firsts.emplace_back(std::move(id), file);
    } else {
      clashes.emplace_back(file, same->second);
    }
  }
}

}  // namespace

std::string ClusterId(const std::string& id) {
  return schema::IdTerm(id).substr(schema::kPrefixId.size());
}

void IndexSlice(WorkerShared& shared, std::size_t begin, std::size_t end, const std::string& path,
                WorkerOutput& out) {
  auto spool = SignatureSpool::Create(path + ".sig");
  if (!spool) return Fail(shared, spool.error().message);
  out.spool_path = spool->path();
  try {
    DocumentMaker maker(shared.options.document);
    DocumentContext context{maker, shared.boilerplate, shared.options.news};
    Xapian::WritableDatabase db;
    CommitBatch batch(shared.options);
    for (std::size_t i = begin; i < end && !shared.Stopped(); ++i) {
      const CorpusFile file = shared.files[i];
      PreparedFile prepared =
          PrepareFile(file, AbsolutePath(file.path), shared.options.max_file_bytes, context);
      Outcome& outcome = shared.outcomes[i];
      outcome.bytes = prepared.bytes;
      if (prepared.indexed) {
        AddToWorker(prepared, i, path, db, *spool, out, outcome);
        batch.Add(db, prepared.bytes);
      } else {
        outcome.reason = prepared.reason;
      }
      ReportFile(shared, file, prepared);
    }
    if (!out.path.empty()) {
      db.commit();
      // The spelling words are counted per worker as its documents were
      // made, and written once, into the merge.
      if (shared.options.news.spelling) out.spelling.AddWords(maker);
      db.close();
    }
  } catch (const Xapian::Error& e) {
    Fail(shared, e.get_description());
  }
  Status spooled = spool->Finish();
  if (!spooled) Fail(shared, spooled.error().message);
}

void SummariseOutcomes(const CorpusFiles& files, const std::vector<Outcome>& outcomes,
                       const FileEventSink& on_event, BuildSummary& summary) {
  std::vector<IdHash> by_id;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Outcome& outcome = outcomes[i];
    ++summary.files_seen;
    summary.bytes_read += outcome.bytes;
    if (!outcome.indexed) {
      CountSkip(summary.skipped, outcome.reason);
      continue;
    }
    ++summary.indexed;
    if (outcome.undated) ++summary.undated;
    if (outcome.recoded) ++summary.recoded;
    const std::string id = ArticleIdFromPath(files.path(i));
    by_id.emplace_back(std::hash<std::string>{}(id), static_cast<std::uint32_t>(i));
  }
  std::sort(by_id.begin(), by_id.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> clashes;  // file, first file of its id
  for (std::size_t begin = 0, end = 0; begin < by_id.size(); begin = end) {
    while (end < by_id.size() && by_id[end].first == by_id[begin].first) ++end;
    if (end - begin > 1) ClashesInRun(files, by_id, begin, end, clashes);
  }
  by_id = {};
  std::sort(clashes.begin(), clashes.end());
  for (const auto& [file, first] : clashes) {
    ++summary.id_clashes;
    on_event({FileEvent::Kind::kWarning, files.path(file),
              "id '" + ArticleIdFromPath(files.path(file)) + "' is also used by " +
                  files.path(first) + "; both are indexed",
              SkipReason::kEmpty});
  }
}

}  // namespace newsdex::internal
