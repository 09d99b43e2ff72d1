// Finding articles by id: the stored article itself (--show) and the
// articles most like it (--like), by relevance feedback.
#ifndef NEWSDEX_SEARCH_LIKE_H_
#define NEWSDEX_SEARCH_LIKE_H_

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/search/results.h"

namespace newsdex {

// Every indexed article with this id (ids are file names, and two folders
// may hold the same name), in docid order, each with its text as
// LoadArticleText finds it (search/article_text.h). Fails when there is
// none, saying how to find ids.
Result<std::vector<ShownArticle>> FindArticles(const Xapian::Database& db, const std::string& id);

struct LikeOptions {
  std::size_t terms = 40;  // expansion terms taken from the article
};

// A query for articles like the one(s) with `id`: the article's documents
// form a relevance set, Enquire::get_eset picks the words that best tell it
// apart from the rest of the index (words and stems only, so ids, dates
// and clusters do not leak in), each weighted by its expansion weight; the
// article itself is excluded. Fails when the id is unknown or nothing
// useful can be drawn from it.
Result<Xapian::Query> LikeQuery(const Xapian::Database& db, const std::string& id,
                                const LikeOptions& options = {});

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_LIKE_H_
