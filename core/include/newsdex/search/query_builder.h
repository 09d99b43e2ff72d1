// Turns a SearchRequest (query text in Xapian's QueryParser syntax plus
// options) into a Xapian::Query, including the date: field and --from/--to.
#ifndef NEWSDEX_SEARCH_QUERY_BUILDER_H_
#define NEWSDEX_SEARCH_QUERY_BUILDER_H_

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>

#include "newsdex/base/date.h"
#include "newsdex/base/error.h"

namespace newsdex {

enum class MatchMode {
  kAny,  // OR: BM25 ranks articles with more of the words first
  kAll,  // AND: every word is required
};

enum class SortOrder { kRelevance, kNewest, kOldest };

struct SearchRequest {
  // Words, "phrases", AND/OR/NOT, +/-, NEAR, trailing wildcards (ukrain*),
  // title:word and date:RANGE, where RANGE is DATE, DATE..DATE, DATE.. or
  // ..DATE and DATE is YYYY, YYYY-MM or YYYY-MM-DD. May be empty when a date
  // filter is given (then every article in the range matches).
  std::string text;
  std::string from;  // inclusive; "", YYYY, YYYY-MM or YYYY-MM-DD
  std::string to;    // inclusive; "2022-02" means to the end of February
  MatchMode match = MatchMode::kAny;
  SortOrder sort = SortOrder::kRelevance;
  std::size_t limit = 10;
  std::size_t offset = 0;
};

// Parses --from/--to into one inclusive day range; nullopt when both are
// empty. Fails on a malformed or impossible date (naming the option and the
// date) and on a range that ends before it starts.
Result<std::optional<DayRange>> ParseDateFilter(const std::string& from, const std::string& to);

// The filter matching articles dated within `range` (undated ones never do):
// an OR of the fewest year/month/day terms covering it, or a value range for
// ranges spanning centuries.
Xapian::Query DateFilterQuery(const DayRange& range);

// The same, with the range first cut to the dates present in `db` (when not
// null), which keeps open-ended ranges ("date:2023..") to a few terms.
Xapian::Query DateFilterQuery(const DayRange& range, const Xapian::Database* db);

// Limits that turn a pathological query into a clear error instead of a slow
// or memory-hungry search. A pasted paragraph fits easily in both.
inline constexpr std::size_t kMaxQueryBytes = 10 * 1024;  // query text, bytes
inline constexpr std::size_t kMaxQueryTerms = 1000;       // after parsing
// Each wildcard may expand to up to 5000 words (more is an error), so this
// bounds a query's expansion at 100,000 posting lists.
inline constexpr std::size_t kMaxQueryWildcards = 20;

// Holds a configured QueryParser, so set-up happens once per process (or per
// thread: not thread-safe).
class QueryBuilder {
 public:
  // `db` (optional) enables wildcard expansion; it must outlive the builder.
  explicit QueryBuilder(const Xapian::Database* db = nullptr);

  // Where wildcards find the words they begin (spelling data and terms):
  // `db` by default. With shards matched through xapian-progsrv, whose
  // protocol reads no spelling data, the same shards opened locally. Must
  // outlive the builder.
  void SetWordDatabase(const Xapian::Database* words) { words_ = words; }

  // Words in `stopper` are dropped outside phrases (nullptr: keep every
  // word). The stopper must outlive the builder.
  void SetStopper(const Xapian::Stopper* stopper) { parser_.set_stopper(stopper); }

  // Fails with a message that quotes the problem: syntax errors, invalid
  // dates in date: ranges or options, an empty query without a date filter,
  // a query over one of the limits above.
  Result<Xapian::Query> Build(const SearchRequest& request);

 private:
  const Xapian::Database* db_;
  const Xapian::Database* words_;
  Xapian::Stem stemmer_{"english"};  // the parser's, and wildcards' words
  Xapian::QueryParser parser_;
  unsigned flags_;
};

// The wildcards of a query (1.4 expands them at match time, so each counts
// as one term in get_length(), and its words are not among the query's
// terms).
std::size_t CountWildcards(const Xapian::Query& query);

// The pattern of a wildcard leaf with its field's prefix ("Zkestr" for
// kestr*): Xapian 1.4 has no accessor, but the description ends with it
// ("WILDCARD SYNONYM Zkestr").
std::string WildcardPattern(const Xapian::Query& leaf);

// Rewrites "date:2022" (a single date, which QueryParser would read as a
// word) into the range "date:2022..2022". Exposed for tests.
std::string ExpandSingleDates(const std::string& text);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_QUERY_BUILDER_H_
