#include "newsdex/search/article_text.h"

#include <utility>

#include "newsdex/corpus/article.h"
#include "newsdex/corpus/files.h"
#include "newsdex/index/change_detect.h"

namespace newsdex {

ArticleText LoadArticleText(const Xapian::Document& doc, const schema::StoredArticle& stored) {
  if (stored.whole_text) return {stored.text, TextSource::kIndex};
  ArticleText sample{stored.text, TextSource::kSample};
  auto state =
      DecodeFileState(doc.get_value(schema::kSlotFileSize), doc.get_value(schema::kSlotFileMtime),
                      doc.get_value(schema::kSlotContentHash));
  if (!state || stored.path.empty()) return sample;
  // A file grown past its recorded size is refused unread: it changed.
  SkipReason reason = SkipReason::kUnreadable;
  auto bytes = ReadArticleFile(stored.path, state->size, &reason);
  if (!bytes || bytes->size() != state->size || ContentHash(*bytes) != state->hash) return sample;
  // The very bytes indexed: the body is where the indexer found it.
  if (stored.body_size > 0 && stored.body_offset <= bytes->size() &&
      stored.body_size <= bytes->size() - stored.body_offset) {
    return {bytes->substr(stored.body_offset, stored.body_size), TextSource::kFile};
  }
  ParsedArticle parsed = ParseArticle(*bytes, stored.path);
  if (!parsed.article) return sample;
  return {std::move(parsed.article->body), TextSource::kFile};
}

}  // namespace newsdex
