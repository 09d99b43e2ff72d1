#include "search/relevance_page.h"

#include <algorithm>
#include <string>

#include "newsdex/store/schema.h"

namespace newsdex::internal {

std::vector<Xapian::MSetIterator> RelevancePage(Xapian::Enquire& enquire,
                                                const SearchRequest& request,
                                                Xapian::doccount check_at_least,
                                                Xapian::MSet* mset) {
  constexpr Xapian::doccount kTieWindow = 32;
  const auto offset = static_cast<Xapian::doccount>(request.offset);
  const auto limit = static_cast<Xapian::doccount>(request.limit);
  if (limit == 0) return {};
  const Xapian::doccount lead = offset > 0 ? 1 : 0;
  enquire.set_sort_by_relevance();
  *mset = enquire.get_mset(offset - lead, limit + lead + 1, check_at_least);
  auto collect = [&] {
    std::vector<Xapian::MSetIterator> hits;
    for (auto it = mset->begin(); it != mset->end(); ++it) hits.push_back(it);
    return hits;
  };
  std::vector<Xapian::MSetIterator> all = collect();
  if (lead == 1 && all.size() >= 2 && all[0].get_weight() == all[1].get_weight()) return {};
  // The articles the page is chosen from, best first: the page itself, or
  // with a tie across its end, everything down to the end of the tie.
  std::vector<Xapian::MSetIterator> candidates;
  if (all.size() > lead + limit &&
      all[lead + limit - 1].get_weight() == all[lead + limit].get_weight()) {
    if (lead == 1) return {};
    *mset = enquire.get_mset(0, limit + kTieWindow, check_at_least);
    candidates = collect();
    const double edge = candidates[limit - 1].get_weight();
    if (candidates.size() == limit + kTieWindow && candidates.back().get_weight() == edge) {
      return {};
    }
    while (candidates.back().get_weight() < edge) candidates.pop_back();
  } else {
    candidates.assign(all.begin() + std::min<std::size_t>(lead, all.size()),
                      all.begin() + std::min<std::size_t>(lead + limit, all.size()));
  }
  if (candidates.empty()) {
    // Nothing on this page: still an answer, not a reason to search again.
    return {};
  }
  bool ties = false;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].get_weight() == candidates[i - 1].get_weight()) ties = true;
  }
  std::vector<Xapian::MSetIterator> page = candidates;
  if (ties) {
    struct Ranked {
      double weight;
      std::string key;
      Xapian::MSetIterator hit;
    };
    std::vector<Ranked> ranked;
    for (const Xapian::MSetIterator& hit : candidates) {
      ranked.push_back(
          {hit.get_weight(), hit.get_document().get_value(schema::kSlotTieBreak), hit});
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.key < b.key;
    });
    page.clear();
    for (std::size_t i = 0; i < ranked.size() && page.size() < limit; ++i) {
      page.push_back(ranked[i].hit);
    }
  }
  for (const Xapian::MSetIterator& hit : page) {
    if (hit.get_collapse_count() > 0) return {};
  }
  return page;
}

}  // namespace newsdex::internal
