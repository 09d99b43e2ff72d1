#include "newsdex/search/explain.h"

#include <string>

#include "newsdex/store/schema.h"

namespace newsdex {

std::vector<ScorePart> ExplainScore(const Xapian::Database& db, const Xapian::Query& query,
                                    const Xapian::MSetIterator& hit, const Xapian::Weight* weight) {
  std::vector<ScorePart> parts;
  // The docid in `db` (Document::get_docid would give the shard's own).
  const Xapian::docid docid = *hit;
  const Xapian::Document doc = hit.get_document();
  // The path key term is unique to the document: filtering by it (a boolean
  // filter adds no weight and leaves the term statistics of the whole index)
  // scores this document alone. A MatchDecider would compare shard-local
  // docids, and remote shards refuse one.
  const std::string path_key = schema::PathKeyFromTieBreak(doc.get_value(schema::kSlotTieBreak));
  // (An empty term would match every document.)
  if (path_key.empty()) {
    throw Xapian::InvalidArgumentError("document " + std::to_string(docid) +
                                       " has no path key; rebuild the index to explain scores");
  }
  const Xapian::Query only_doc(path_key);
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    // Upper-case prefixes other than those of stems and titles are boolean
    // filters (dates, ids, clusters): they carry no weight.
    if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z' &&
        term.compare(0, schema::kPrefixStem.size(), schema::kPrefixStem) != 0 &&
        term.compare(0, schema::kPrefixTitle.size(), schema::kPrefixTitle) != 0) {
      continue;
    }
    ScorePart part;
    part.term = term;
    // The document's own terms tell which query terms can score at all.
    auto pos = db.termlist_begin(docid);
    pos.skip_to(term);
    if (pos == db.termlist_end(docid) || *pos != term) {
      parts.push_back(part);
      continue;
    }
    part.wdf = pos.get_wdf();
    Xapian::Enquire enquire(db);
    if (weight) enquire.set_weighting_scheme(*weight);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), only_doc));
    Xapian::MSet mset = enquire.get_mset(0, 1);
    if (!mset.empty()) part.score = mset.begin().get_weight();
    parts.push_back(part);
  }
  return parts;
}

}  // namespace newsdex
