#include "newsdex/suggest.h"

#include <sstream>

#include "newsdex/schema.h"

namespace newsdex {

std::optional<std::string> SuggestSpelling(const Xapian::Database& db, const std::string& text) {
  // Date ranges are not words: set them aside, correct the rest.
  std::istringstream words(text);
  std::string word, rest, dates;
  while (words >> word) {
    std::string& target = word.rfind(schema::kFieldDate, 0) == 0 ? dates : rest;
    if (!target.empty()) target += ' ';
    target += word;
  }
  if (rest.empty()) return std::nullopt;
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.add_prefix(std::string(schema::kFieldTitle.substr(0, schema::kFieldTitle.size() - 1)),
                    std::string(schema::kPrefixTitle));
  try {
    parser.parse_query(rest, Xapian::QueryParser::FLAG_DEFAULT |
                                 Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
  } catch (const Xapian::Error&) {
    return std::nullopt;  // the search itself reports bad syntax
  }
  std::string corrected = parser.get_corrected_query_string();
  if (corrected.empty() || corrected == rest) return std::nullopt;
  if (!dates.empty()) corrected += ' ' + dates;
  return corrected;
}

}  // namespace newsdex
