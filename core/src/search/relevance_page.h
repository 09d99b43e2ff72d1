// Private to core: the page of a relevance search with ties ordered by id,
// without Xapian's full relevance-then-value sort (see RelevancePage).
#ifndef NEWSDEX_SEARCH_RELEVANCE_PAGE_H_
#define NEWSDEX_SEARCH_RELEVANCE_PAGE_H_

#include <xapian.h>

#include <vector>

#include "newsdex/search/query_builder.h"

namespace newsdex::internal {

// The page of a relevance search, ties ordered by id, found without
// asking Xapian to sort by relevance then value: that sort reads a value for
// every competitive candidate and stops Xapian from skipping candidates that
// can only tie (on 216k articles, about half of a short query's time). The
// search runs by relevance alone, one hit past each edge of the page; when no
// tie crosses an edge, the page holds exactly the articles the full sort
// would give, and only its own ties need ordering. When a tie crosses the end
// of a first page, a second relevance search looks kTieWindow hits further
// for the end of the tied group, and the page is the first of them by id.
// Returns nothing (run the full sort) when a tie crosses the start of a later
// page, when the tied group is longer than the window, or when a hit stands
// for collapsed duplicates (one of them might tie with it and come first).
// Local indexes only: it reads a value per tied hit.
// `check_at_least` is get_mset's: the database size counts exactly.
std::vector<Xapian::MSetIterator> RelevancePage(Xapian::Enquire& enquire,
                                                const SearchRequest& request,
                                                Xapian::doccount check_at_least,
                                                Xapian::MSet* mset);

}  // namespace newsdex::internal

#endif  // NEWSDEX_SEARCH_RELEVANCE_PAGE_H_
