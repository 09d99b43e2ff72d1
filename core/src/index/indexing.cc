#include "newsdex/index/indexing.h"

#include "newsdex/store/schema.h"

namespace newsdex {

Xapian::Document MakeNewsDocument(DocumentMaker& maker, const Article& article,
                                  const Boilerplate& boilerplate, const NewsIndexOptions& news) {
  Article cleaned = boilerplate.CleanArticle(article);
  // Every line is indexed, boilerplate with positions and no weight: title
  // as cleaned, body whole.
  Article indexed = article;
  indexed.title = cleaned.title;
  Xapian::Document doc = maker.MakeWithoutData(indexed, boilerplate.Split(article.body));
  for (const std::string& line : CandidateLines(article.body, news.boilerplate)) {
    doc.add_boolean_term(schema::LineTerm(line));
  }
  // The title stays the cleaned one, as listed in results; the sample is
  // of the cleaned text, as snippets are.
  doc.set_data(maker.Data(article, cleaned.title, cleaned.body));
  if (auto signature = MinHashSignature(cleaned.body, news.clusters)) {
    doc.add_value(schema::kSlotFingerprint, EncodeSignature(*signature));
  }
  return doc;
}

void SpellingCollector::AddWords(DocumentMaker& maker) {
  std::unordered_map<std::string, Xapian::termcount> words;
  maker.TakeWordCounts(words);
  for (auto& [word, documents] : words) {
    // Numbers are never misspelt words; very short and very long words
    // make poor suggestions.
    if (word.size() < 3 || word.size() > 30 || (word[0] >= '0' && word[0] <= '9')) continue;
    counts_[word] += documents;
  }
}

void SpellingCollector::WriteTo(Xapian::WritableDatabase& db, std::size_t words_per_commit) {
  std::size_t written = 0;
  for (const auto& [word, count] : counts_) {
    db.add_spelling(word, count);
    if (++written == words_per_commit) {
      db.commit();
      written = 0;
    }
  }
  counts_ = {};
}

Boilerplate LoadBoilerplate(const Xapian::Database& db) {
  return Boilerplate::Decode(db.get_metadata(std::string(schema::kMetaBoilerplate)));
}

}  // namespace newsdex
