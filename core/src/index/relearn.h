// Private to core: learning the boilerplate set again after an update, as a
// fresh build of the same files would learn it, and re-indexing the articles
// whose lines entered or left the set.
#ifndef NEWSDEX_INDEX_RELEARN_H_
#define NEWSDEX_INDEX_RELEARN_H_

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "newsdex/corpus/files.h"
#include "newsdex/index/build.h"
#include "newsdex/news/fingerprint.h"

namespace newsdex::internal {

// Learns the set from the candidate-line terms of every shard (each term's
// frequency is the number of articles holding the line: what a build's
// learner counts), re-indexes from their files the articles holding a line
// whose status changed, adds them to `changes` for the clusters, stores the
// new set in every shard and commits. Returns the number of articles
// re-indexed. `files` is the corpus listing, to find each article's file.
// Throws Xapian::Error.
std::size_t RelearnBoilerplate(std::vector<Xapian::WritableDatabase>& shard_dbs,
                               const BuildOptions& options, const CorpusFiles& files,
                               ClusterChanges& changes);

}  // namespace newsdex::internal

#endif  // NEWSDEX_INDEX_RELEARN_H_
