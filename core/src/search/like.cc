#include "newsdex/search/like.h"

#include <utility>

#include "newsdex/search/article_text.h"
#include "newsdex/search/ranking.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

std::vector<Xapian::docid> DocsWithId(const Xapian::Database& db, const std::string& id) {
  std::string term = schema::IdTerm(id);
  std::vector<Xapian::docid> docs;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    docs.push_back(*it);
  }
  return docs;
}

Error UnknownId(const std::string& id) {
  return Error{"no article with id '" + id +
               "' in the index (ids are file names without .txt; searcher --format json "
               "lists them)"};
}

// Words of the text, as the index holds them: stems (kPrefixStem + stem). Numbers
// and other prefixes (ids, dates, clusters, title copies) are left out. So
// are words no other article has: with a relevance set of one article they
// get the highest expansion weights, yet they cannot find anything else.
class WordDecider : public Xapian::ExpandDecider {
 public:
  WordDecider(const Xapian::Database& db, Xapian::doccount own) : db_(db), own_(own) {}
  bool operator()(const std::string& term) const override {
    const std::string_view stemmed = schema::kPrefixStem;
    std::size_t start = term.compare(0, stemmed.size(), stemmed) == 0 ? stemmed.size() : 0;
    if (term.size() < start + 3) return false;
    unsigned char first = static_cast<unsigned char>(term[start]);
    if (!((first >= 'a' && first <= 'z') || first >= 0x80)) return false;
    // Function words are in every article: they find everything.
    if (EnglishStopper()(term.substr(start))) return false;
    return db_.get_termfreq(term) > own_;
  }

 private:
  const Xapian::Database& db_;
  Xapian::doccount own_;
};

}  // namespace

Result<std::vector<ShownArticle>> FindArticles(const Xapian::Database& db, const std::string& id) {
  std::vector<ShownArticle> found;
  try {
    for (Xapian::docid did : DocsWithId(db, id)) {
      Xapian::Document doc = db.get_document(did);
      schema::StoredArticle stored = schema::DecodeDocData(doc.get_data());
      ArticleText text = LoadArticleText(doc, stored);
      found.push_back({std::move(stored.id), stored.date, std::move(stored.title),
                       std::move(stored.path), std::move(text.body), text.source});
    }
  } catch (const Xapian::Error& e) {
    return Error{"reading article '" + id + "' failed: " + e.get_description()};
  }
  if (found.empty()) return UnknownId(id);
  return found;
}

Result<Xapian::Query> LikeQuery(const Xapian::Database& db, const std::string& id,
                                const LikeOptions& options) {
  try {
    std::vector<Xapian::docid> docs = DocsWithId(db, id);
    if (docs.empty()) return UnknownId(id);
    Xapian::RSet rset;
    for (Xapian::docid did : docs) rset.add_document(did);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    SetExpansionScheme(ReadTermWeights(db), &enquire);
    WordDecider decider(db, static_cast<Xapian::doccount>(docs.size()));
    Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(options.terms), rset,
                                         ExpandFlags(db), &decider);
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight());
    }
    if (terms.empty()) {
      return Error{"article '" + id + "' has too few words to find others like it"};
    }
    Xapian::Query like(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(schema::IdTerm(id)));
  } catch (const Xapian::Error& e) {
    return Error{"finding articles like '" + id + "' failed: " + e.get_description()};
  }
}

}  // namespace newsdex
