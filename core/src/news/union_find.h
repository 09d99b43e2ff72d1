// Disjoint sets over 0..n-1 with path halving; the root of a set is its
// smallest member, so groups come out in a fixed order whatever the order
// of the unions. `Index` is the member type: 32 bits where the count of
// members is large and memory matters (the signature spool).
#ifndef NEWSDEX_NEWS_UNION_FIND_H_
#define NEWSDEX_NEWS_UNION_FIND_H_

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

namespace newsdex::internal {

template <typename Index>
class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
  }
  Index Find(Index x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(Index a, Index b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<Index> parent_;
};

}  // namespace newsdex::internal

#endif  // NEWSDEX_NEWS_UNION_FIND_H_
