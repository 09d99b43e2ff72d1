// Private to core: the worker threads of a build, and the summary of what
// they made of each file. Each indexes a slice of the sorted file list into
// a partial database of its own; build.cc merges them in order.
#ifndef NEWSDEX_INDEX_BUILD_WORKER_H_
#define NEWSDEX_INDEX_BUILD_WORKER_H_

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/build.h"
#include "newsdex/index/indexing.h"
#include "newsdex/news/fingerprint.h"
#include "newsdex/news/signature_spool.h"

namespace newsdex::internal {

// What one file turned into, kept per file so the summary and the id-clash
// warnings come out in file order whatever the thread timing. 16 bytes: an
// indexed file's id is not kept, it is ArticleIdFromPath of its path.
struct Outcome {
  std::uint64_t bytes = 0;
  SkipReason reason = SkipReason::kEmpty;
  bool indexed = false;
  bool undated = false;
  bool recoded = false;
};

// What one worker leaves behind: its partial database (none when it
// indexed nothing), the spool file with the fingerprints of its documents
// (streamed there rather than held in memory until the clusters are
// computed) and the spelling words counted over them.
struct WorkerOutput {
  std::string path;        // empty: no documents
  std::string spool_path;  // empty: not created
  SpellingCollector spelling;
};

// The cluster-key id of a document: what UpdateClusters reads back from the
// id term, so a build and an update agree on keys (ids too long for a term
// are keyed by their hashed form).
std::string ClusterId(const std::string& id);

// Counts the outcomes of `files` into `summary` and warns, in file order,
// about ids that more than one file uses. Ids are not kept per file (an
// indexed file's id is ArticleIdFromPath of its path): the clashes are
// found by sorting the indexed files by a hash of their id, 16 bytes per
// file, and comparing ids only among files whose ids hash alike.
void SummariseOutcomes(const CorpusFiles& files, const std::vector<Outcome>& outcomes,
                       const FileEventSink& on_event, BuildSummary& summary);

// Shared by the worker threads; the mutex serialises the callbacks.
struct WorkerShared {
  WorkerShared(const BuildOptions& o, const FileEventSink& e, const ProgressSink& p,
               const CorpusFiles& f, std::vector<Outcome>& out, const Boilerplate& b)
      : options(o), on_event(e), on_progress(p), files(f), outcomes(out), boilerplate(b) {}
  const BuildOptions& options;
  const FileEventSink& on_event;
  const ProgressSink& on_progress;
  const CorpusFiles& files;
  std::vector<Outcome>& outcomes;
  const Boilerplate& boilerplate;  // learned before the threads start
  std::mutex mutex;
  std::size_t done = 0;
  std::size_t total = 0;
  std::atomic<bool> failed{false};
  std::string error;  // first Xapian error, under mutex

  bool Stopped() const {
    return failed.load() || (options.cancel != nullptr && options.cancel->load());
  }
};

// Indexes files [begin, end) of shared.files into a new database at `path`
// (created only when a file is indexed), committing in batches
// (CommitBatch), and records each file's Outcome. The fingerprints go to a
// spool at `path` + ".sig", each with its docid and file index (SignatureSpool). Documents are
// added in file order, so concatenating the workers' databases in order gives the docids a single
// thread would have given. A Xapian error sets shared.failed and shared.error.
void IndexSlice(WorkerShared& shared, std::size_t begin, std::size_t end, const std::string& path,
                WorkerOutput& out);

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_BUILD_WORKER_H_
