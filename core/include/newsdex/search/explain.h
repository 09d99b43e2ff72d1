// --explain: how a query was parsed and what each of its terms contributed
// to a hit's score.
#ifndef NEWSDEX_SEARCH_EXPLAIN_H_
#define NEWSDEX_SEARCH_EXPLAIN_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "newsdex/search/results.h"

namespace newsdex {

// Each weighted term of `query`, with the score that term alone gives the
// document of `hit` (the same weighting scheme, run on the term's own
// subquery filtered by the document's unique path term, so it also works on
// shards and remote shards). For a plain OR or AND of words the parts add
// up to the hit's score; phrases and NEAR only filter, so their words are
// scored as words. Boolean filter terms (dates, ids) score nothing and are
// left out. `weight` may be null (BM25 defaults).
std::vector<ScorePart> ExplainScore(const Xapian::Database& db, const Xapian::Query& query,
                                    const Xapian::MSetIterator& hit,
                                    const Xapian::Weight* weight = nullptr);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_EXPLAIN_H_
