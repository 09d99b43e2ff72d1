#include "newsdex/search/clusters.h"

#include "newsdex/store/schema.h"

namespace newsdex {

void AnnotateCluster(const Xapian::Database& db, const Xapian::Query& query,
                     const Xapian::Document& doc, bool collapsed, Hit* hit) {
  std::string key = doc.get_value(schema::kSlotCluster);
  if (key.empty()) return;
  std::string term = std::string(schema::kPrefixCluster) + key;
  hit->cluster = key;
  hit->cluster_size = db.get_termfreq(term);
  if (!collapsed) return;
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(term)));
  // Sorted by date, each member's sort key is its date: no document reads,
  // which on remote shards would be a round trip per member.
  enquire.set_sort_by_value(schema::kSlotDate, false);
  auto size = static_cast<Xapian::doccount>(hit->cluster_size);
  Xapian::MSet members = enquire.get_mset(0, size, size);
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (*it == doc.get_docid()) continue;
    ++hit->similar;
    auto day = KeyToYmd(it.get_sort_key());
    if (!day) continue;
    if (!hit->similar_first || *day < *hit->similar_first) hit->similar_first = day;
    if (!hit->similar_last || *day > *hit->similar_last) hit->similar_last = day;
  }
}

}  // namespace newsdex
