// Turns Articles into Xapian documents (terms, positions, date value and
// stored data) following schema.h.
#ifndef NEWSDEX_INDEX_DOCUMENT_H_
#define NEWSDEX_INDEX_DOCUMENT_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdex/corpus/article.h"
#include "newsdex/index/term_weights.h"
#include "newsdex/news/boilerplate.h"

namespace newsdex {

struct DocumentOptions {
  // Extra within-document frequency given to title words on top of their
  // occurrence in the body, so a word in the headline outranks one deep in
  // the text. 0 indexes the title only as the "title:" field. 1 measured
  // best with the searcher's ranking defaults (docs/RANKING.md).
  unsigned title_weight = 1;
  // Record word positions (needed for phrase and NEAR queries; about half of
  // the index size).
  bool positions = true;
  // How term frequencies are stored (term_weights.h): normalised for fast BM25
  // unless the operator asks for raw counts (indexer build --exact-tf).
  TermWeights term_weights = NormalizedTermWeights();
  // Keep each article's whole text in its document data (indexer build
  // --store-text), for searchers that cannot read the corpus files (remote
  // shards on other machines). Off, the data keeps a short sample, and
  // snippets and --show read the file.
  bool store_text = false;
};

class MemoStemmer;

// Builds documents. Holds a TermGenerator, so one per thread. Words are
// indexed stemmed ("Z" + stem, with positions; titles also as "ZS" + stem),
// never as written.
class DocumentMaker {
 public:
  explicit DocumentMaker(const DocumentOptions& options = {});

  // The document for `article`; add it with
  // db.replace_document(schema::PathKey(article.path), doc).
  Xapian::Document Make(const Article& article);

  // Make() without the stored data, for a caller that stores other text.
  Xapian::Document MakeWithoutData(const Article& article);

  // The stored data (schema::EncodeDocData) of `article`, listed under
  // `title`: the whole body when DocumentOptions::store_text, else the start
  // of `shown_body`, the text snippets are made from (the body without its
  // boilerplate), cut on a space to at most schema::kSampleBytes.
  std::string Data(const Article& article, std::string_view title,
                   std::string_view shown_body) const;

  // The same with the body given in parts (which put together are the body,
  // so positions run on from one part to the next as in one text).
  Xapian::Document MakeWithoutData(const Article& article, const std::vector<TextPart>& body);

  // Adds to `counts` each word (lower-cased, as written) of the documents
  // made since the last call, with the number of those documents holding it.
  void TakeWordCounts(std::unordered_map<std::string, Xapian::termcount>& counts);

 private:
  DocumentOptions options_;
  MemoStemmer* stemmer_;  // owned by generator_'s Xapian::Stem
  Xapian::TermGenerator generator_;
};

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_DOCUMENT_H_
