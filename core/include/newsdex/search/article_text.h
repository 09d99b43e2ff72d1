// The text of an indexed article for snippets and --show. The index keeps
// only a sample of each article (schema.h StoredArticle): the text itself is
// read again from the article's file, checked against the content hash the
// index recorded, so a snippet is never made from other bytes than those
// indexed.
#ifndef NEWSDEX_SEARCH_ARTICLE_TEXT_H_
#define NEWSDEX_SEARCH_ARTICLE_TEXT_H_

#include <xapian.h>

#include <string>

#include "newsdex/search/results.h"
#include "newsdex/store/schema.h"

namespace newsdex {

struct ArticleText {
  std::string body;
  TextSource source = TextSource::kSample;
};

// The body of the article `doc` stands for (`stored` is its decoded data):
// the stored text when the index keeps the whole of it (kIndex); else the
// body ParseArticle gives for the file at stored.path when the file still
// has the size and content hash `doc` records (kFile: the very body that
// was indexed, cut from the bytes where stored.body_offset says, else
// parsed again); else, when the file is gone, unreadable or changed, the
// stored sample (kSample). Never fails, and never reads a file whose size
// is not the recorded one, nor anything but a regular file. Throws only
// what reading `doc`'s values throws.
ArticleText LoadArticleText(const Xapian::Document& doc, const schema::StoredArticle& stored);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_ARTICLE_TEXT_H_
