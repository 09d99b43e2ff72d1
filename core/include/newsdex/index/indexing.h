// The news-specific steps of an indexing run, kept apart from the indexing
// loop so they can be called from any loop (build, update, several threads):
// before the loop, learn the boilerplate; per article, index every line
// (boilerplate without weight), add the fingerprint and spelling data; after the
// loop, recompute the near-duplicate clusters and save the boilerplate.
#ifndef NEWSDEX_INDEX_INDEXING_H_
#define NEWSDEX_INDEX_INDEXING_H_

#include <xapian.h>

#include <string>
#include <unordered_map>

#include "newsdex/corpus/article.h"
#include "newsdex/index/document.h"
#include "newsdex/news/boilerplate.h"
#include "newsdex/news/fingerprint.h"

namespace newsdex {

struct NewsIndexOptions {
  BoilerplateOptions boilerplate;
  ClusterOptions clusters;
  // Record spelling data (Database::add_spelling) for "Did you mean".
  bool spelling = true;
};

// The document for `article`: every word of the body indexed, boilerplate
// lines with positions but no weight (boilerplate.h); title from the
// boilerplate-cleaned text; the candidate boilerplate lines as
// schema::LineTerm terms; stored data with a sample of the cleaned body, or
// the whole body as written (DocumentMaker::Data); and the MinHash signature of the
// cleaned text in schema::kSlotFingerprint. Thread-safe as long as each
// thread has its own `maker`.
Xapian::Document MakeNewsDocument(DocumentMaker& maker, const Article& article,
                                  const Boilerplate& boilerplate,
                                  const NewsIndexOptions& news = {});

// Collects the plain words of the documents for the spelling dictionary
// ("Did you mean"), counted in memory and written once per word at the end:
// calling Database::add_spelling per word and document (what
// TermGenerator::set_database does) cost more than half the indexing time
// on Reuters. Done apart from the TermGenerator so documents can be made on
// other threads. Not thread-safe: one collector on the writer's side.
class SpellingCollector {
 public:
  // The words of the documents `maker` made since it was last asked
  // (DocumentMaker::TakeWordCounts), counted by the documents holding them.
  void AddWords(DocumentMaker& maker);
  // Adds every collected word to `db` and forgets them. Xapian holds the
  // spelling changes of a transaction in memory, about 600 bytes for each
  // new word (it is listed under each of its letter fragments): with
  // `words_per_commit`, `db` is committed after each that many words.
  void WriteTo(Xapian::WritableDatabase& db, std::size_t words_per_commit = 0);

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

// The boilerplate set stored in an index (empty when there is none).
Boilerplate LoadBoilerplate(const Xapian::Database& db);

}  // namespace newsdex

#endif  // NEWSDEX_INDEX_INDEXING_H_
