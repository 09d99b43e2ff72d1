// Builds a search Hit for formatter and batch tests; fields not named keep
// their defaults.
#ifndef NEWSDEX_TESTS_UNIT_MAKE_HIT_H_
#define NEWSDEX_TESTS_UNIT_MAKE_HIT_H_

#include <optional>
#include <string>
#include <utility>

#include "newsdex/search/results.h"

namespace newsdex {

inline Hit MakeHit(std::size_t rank, double score, std::string id, std::optional<Ymd> date,
                   std::string title, std::string path, std::string snippet) {
  Hit hit;
  hit.rank = rank;
  hit.score = score;
  hit.id = std::move(id);
  hit.date = date;
  hit.title = std::move(title);
  hit.path = std::move(path);
  hit.snippet = std::move(snippet);
  return hit;
}

}  // namespace newsdex

#endif  // NEWSDEX_TESTS_UNIT_MAKE_HIT_H_
