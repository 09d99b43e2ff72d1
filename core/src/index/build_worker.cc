#include "index/build_worker.h"

#include <optional>
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
      // The spelling words are counted per worker (cheap on a fresh
      // database) and written once, into the merge.
      if (shared.options.news.spelling) out.spelling.AddAllWords(db);
      db.close();
    }
  } catch (const Xapian::Error& e) {
    Fail(shared, e.get_description());
  }
  Status spooled = spool->Finish();
  if (!spooled) Fail(shared, spooled.error().message);
}

}  // namespace newsdex::internal
