// The news-specific additions to a search result: near-duplicate cluster
// details for a hit, kept apart from the search loop (see searcher.cc).
#ifndef NEWSDEX_SEARCH_CLUSTERS_H_
#define NEWSDEX_SEARCH_CLUSTERS_H_

#include <xapian.h>

#include "newsdex/search/results.h"

namespace newsdex {

// Sets hit->cluster and cluster_size from `doc`'s cluster, and when
// `collapsed` (the search kept one hit per cluster) counts the other members
// that also match `query` and the dates they span. Exact: it runs `query`
// restricted to the cluster, which is small.
void AnnotateCluster(const Xapian::Database& db, const Xapian::Query& query,
                     const Xapian::Document& doc, bool collapsed, Hit* hit);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_CLUSTERS_H_
