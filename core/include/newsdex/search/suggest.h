// "Did you mean": a spelling correction of a query from the spelling data
// the indexer records (Database::add_spelling).
#ifndef NEWSDEX_SEARCH_SUGGEST_H_
#define NEWSDEX_SEARCH_SUGGEST_H_

#include <xapian.h>

#include <optional>
#include <string>

#include "newsdex/search/query_builder.h"
#include "newsdex/search/searcher.h"

namespace newsdex {

// The query text with misspelt words replaced by the most frequent word of
// the spelling data within two edits ("ukrane" -> "ukraine"), or nullopt when
// no word needs correcting. Only a word the index lacks is replaced (as
// typed and by its stem; in a field, anywhere); operators (AND, OR, NOT,
// XOR, NEAR, ADJ), words with digits, words under 4 letters, wildcards and
// date: ranges are kept, and so is every other character: quotes,
// brackets, +/- and title: stay where they were ('"wheat tendr"' ->
// '"wheat tender"').
std::optional<std::string> SuggestSpelling(const Xapian::Database& db, const std::string& text);

// "Did you mean": SuggestSpelling of request.text when the suggestion, with
// the request's filters, matches more articles than the request does (both
// counted by a Searcher with `options`); nullopt otherwise.
std::optional<std::string> DidYouMean(const Xapian::Database& db, const SearcherOptions& options,
                                      const SearchRequest& request);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_SUGGEST_H_
