// "Did you mean": a spelling correction of a query from the spelling data
// the indexer records (Database::add_spelling).
#ifndef NEWSDEX_NEWS_SUGGEST_H_
#define NEWSDEX_NEWS_SUGGEST_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace newsdex {

// The query text with misspelt words replaced by the most frequent indexed
// word within two edits ("ukrane" -> "ukraine"), or nullopt when no word
// needs correcting. Operators, phrases and field prefixes are kept; date:
// ranges are left out of the correction and kept as typed.
std::optional<std::string> SuggestSpelling(const Xapian::Database& db, const std::string& text);

}  // namespace newsdex

#endif  // NEWSDEX_NEWS_SUGGEST_H_
