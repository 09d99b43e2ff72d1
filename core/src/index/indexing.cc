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

void SpellingCollector::Add(const Xapian::Document& doc) {
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& term = *it;
    // Unprefixed terms are the words as written (lower-cased); prefixed
    // ones (upper-case first byte) are stems, titles, ids and dates.
    // Numbers are never misspelt words.
    if (term.size() < 3 || term.size() > 30) continue;
    if ((term[0] >= 'A' && term[0] <= 'Z') || (term[0] >= '0' && term[0] <= '9')) continue;
    ++counts_[term];
  }
}

void SpellingCollector::AddAllWords(const Xapian::Database& db) {
  // Same words and counts as Add() over every document: the unprefixed terms
  // (lower case first byte, so the upper-case prefixes are skipped).
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string& term = *it;
    if (term.size() < 3 || term.size() > 30) continue;
    if ((term[0] >= 'A' && term[0] <= 'Z') || (term[0] >= '0' && term[0] <= '9')) continue;
    counts_[term] += it.get_termfreq();
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
