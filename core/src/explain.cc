#include "newsdex/explain.h"

namespace newsdex {

std::vector<ScorePart> ExplainScore(const Xapian::Database& db, const Xapian::Query& query,
                                    Xapian::docid docid, const Xapian::Weight* weight) {
  std::vector<ScorePart> parts;
  // The document's own terms tell which query terms can score at all.
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    // Upper-case prefixes other than Z (stems) and S (title) are boolean
    // filters (dates, ids, clusters): they carry no weight.
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z' && term[0] != 'S') {
      continue;
    }
    ScorePart part;
    part.term = term;
    auto pos = db.termlist_begin(docid);
    pos.skip_to(term);
    if (pos == db.termlist_end(docid) || *pos != term) {
      parts.push_back(part);
      continue;
    }
    part.wdf = pos.get_wdf();
    Xapian::Enquire enquire(db);
    if (weight) enquire.set_weighting_scheme(*weight);
    // A decider keeps only this document; the term's weight is still
    // computed with the statistics of the whole index.
    struct OnlyDoc : Xapian::MatchDecider {
      Xapian::docid want;
      explicit OnlyDoc(Xapian::docid d) : want(d) {}
      bool operator()(const Xapian::Document& doc) const override {
        return doc.get_docid() == want;
      }
    } only(docid);
    enquire.set_query(Xapian::Query(term));
    Xapian::MSet mset = enquire.get_mset(0, 1, 0, nullptr, &only);
    if (!mset.empty()) part.score = mset.begin().get_weight();
    parts.push_back(part);
  }
  return parts;
}

}  // namespace newsdex
