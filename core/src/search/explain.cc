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
  // Scores this document alone: a boolean filter adds no weight and leaves
  // the term statistics of the whole index. Ids are not unique (the same
  // file name in two folders), the tie-break value is; the id term makes
  // the value check run on a posting or two. A MatchDecider would compare
  // shard-local docids, and remote shards refuse one.
  const std::string tie_break = doc.get_value(schema::kSlotTieBreak);
  const std::string_view id = schema::IdFromSortKey(schema::kSlotTieBreak, tie_break);
  if (id.empty()) {
    throw Xapian::InvalidArgumentError(
        "document " + std::to_string(docid) +
        " has no tie-break key; rebuild the index to explain scores");
  }
  const Xapian::Query only_doc(
      Xapian::Query::OP_AND, Xapian::Query(schema::IdTerm(id)),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotTieBreak, tie_break, tie_break));
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
