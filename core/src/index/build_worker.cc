#include "index/build_worker.h"

#include <optional>
#include <utility>

#include "index/file_indexing.h"
#include "newsdex/base/date.h"
#include "newsdex/index/document.h"
#include "newsdex/store/schema.h"

namespace newsdex::internal {
namespace {

// The cluster-key id of a document: what UpdateClusters reads back from the
// id term, so a build and an update agree on keys (ids too long for a term
// are keyed by their hashed form).
std::string ClusterId(const std::string& id) {
  return schema::IdTerm(id).substr(schema::kPrefixId.size());
}

// Adds a prepared document to the worker's database (created on the first
// one) and keeps its fingerprint for the clusters.
void AddToWorker(PreparedFile& prepared, const std::string& path, Xapian::WritableDatabase& db,
                 WorkerOutput& out, Outcome& outcome) {
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

}  // namespace

void IndexSlice(WorkerShared& shared, std::size_t begin, std::size_t end, const std::string& path,
                WorkerOutput& out) {
  try {
    DocumentMaker maker(shared.options.document);
    DocumentContext context{maker, shared.boilerplate, shared.options.news};
    Xapian::WritableDatabase db;
    CommitBatch batch(shared.options);
    for (std::size_t i = begin; i < end && !shared.Stopped(); ++i) {
      const CorpusFile& file = shared.files[i];
      PreparedFile prepared =
          PrepareFile(file, AbsolutePath(file.path), shared.options.max_file_bytes, context);
      Outcome& outcome = shared.outcomes[i];
      outcome.bytes = prepared.bytes;
      if (prepared.indexed) {
        AddToWorker(prepared, path, db, out, outcome);
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
    std::lock_guard<std::mutex> hold(shared.mutex);
    if (!shared.failed.exchange(true)) shared.error = e.get_description();
  }
}

}  // namespace newsdex::internal
