#include "newsdex/news/suggest.h"

#include <cctype>
#include <sstream>
#include <vector>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

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
    parser.parse_query(
        rest, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
  } catch (const Xapian::Error&) {
    return std::nullopt;  // the search itself reports bad syntax
  }
  std::string corrected = parser.get_corrected_query_string();
  if (corrected.empty() || corrected == rest) return std::nullopt;
  // Xapian may offer a more frequent neighbour for a word the index does
  // hold ("recount" -> "recent"): keep every word that is indexed as typed.
  std::vector<std::string> typed = SplitWords(rest), fixed = SplitWords(corrected);
  if (typed.size() == fixed.size()) {
    std::string kept;
    for (std::size_t i = 0; i < typed.size(); ++i) {
      std::string lower = typed[i];
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::string& word = typed[i] != fixed[i] && db.term_exists(lower) ? typed[i] : fixed[i];
      kept += (kept.empty() ? "" : " ") + word;
    }
    corrected = kept;
  }
  if (corrected == rest) return std::nullopt;
  if (!dates.empty()) corrected += ' ' + dates;
  return corrected;
}

}  // namespace newsdex
