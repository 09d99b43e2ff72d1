#include "newsdex/search/suggest.h"

#include <array>
#include <cctype>
#include <string_view>

#include "newsdex/search/searcher.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

// The query parser's boolean operators, which are only operators in capitals.
constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

// Words shorter than this are never replaced: within two edits of a two- or
// three-letter word lies most of the dictionary.
constexpr std::size_t kMinCorrectable = 4;

bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80 || c == '_';
}

// The end of the word starting at `begin`: word bytes, with an apostrophe
// inside a word kept ("don't" is one word to the indexer too).
std::size_t WordEnd(std::string_view text, std::size_t begin) {
  std::size_t end = begin;
  while (end < text.size()) {
    if (IsWordByte(text[end])) {
      ++end;
    } else if (text[end] == '\'' && end + 1 < text.size() && IsWordByte(text[end + 1])) {
      end += 2;
    } else {
      break;
    }
  }
  return end;
}

bool IsOperator(std::string_view word) {
  for (std::string_view op : kOperators) {
    if (word == op) return true;
  }
  return false;
}

bool HasDigit(std::string_view word) {
  for (char c : word) {
    if (std::isdigit(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// The replacement for one typed word, or "" to keep it. `prefix` is the term
// prefix of the field the word is searched in ("" for anywhere).
std::string Correction(const Xapian::Database& db, std::string_view word, std::string_view prefix) {
  if (IsOperator(word) || HasDigit(word) || word.size() < kMinCorrectable) return "";
  std::string lower = Xapian::Unicode::tolower(std::string(word));
  // A word the index holds by its stem ("wheats" finds "wheat"; the index
  // holds stems only) is what the user meant however rare; and in a field,
  // a word found anywhere is not a typo either.
  const Xapian::Stem stemmer("english");
  const std::string stem = stemmer(lower);
  for (const std::string& field : {std::string(prefix), std::string()}) {
    if (db.term_exists(std::string(schema::kPrefixStem) + field + stem)) return "";
  }
  std::string suggestion = db.get_spelling_suggestion(lower);
  return suggestion == lower ? "" : suggestion;
}

}  // namespace

std::optional<std::string> SuggestSpelling(const Xapian::Database& db, const std::string& text) {
  const std::string_view date_field = schema::kFieldDate;
  const std::string_view title_field = schema::kFieldTitle;
  std::string out;
  bool changed = false;
  bool in_phrase = false;
  bool title_phrase = false;  // the open phrase follows title:
  bool title_word = false;    // the next word follows title:
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!IsWordByte(c)) {
      if (c == '"') {
        in_phrase = !in_phrase;
        title_phrase = in_phrase && title_word;
      }
      title_word = false;
      out += c;
      ++i;
      continue;
    }
    const std::string_view rest = std::string_view(text).substr(i);
    if (!in_phrase && rest.substr(0, date_field.size()) == date_field) {
      // A date range is not words: keep it as typed, up to the next space.
      std::size_t end = text.find_first_of(" \t\n", i);
      if (end == std::string::npos) end = text.size();
      out.append(text, i, end - i);
      i = end;
      continue;
    }
    if (!in_phrase && rest.substr(0, title_field.size()) == title_field) {
      out += title_field;
      i += title_field.size();
      title_word = true;
      continue;
    }
    const std::size_t end = WordEnd(text, i);
    const std::string_view word = rest.substr(0, end - i);
    const bool in_title = title_word || (in_phrase && title_phrase);
    title_word = false;
    // "ukrain*" asks for every word that starts so: not a misspelling.
    const bool wildcard = end < text.size() && text[end] == '*';
    std::string fixed =
        wildcard ? "" : Correction(db, word, in_title ? schema::kPrefixTitle : std::string_view());
    if (fixed.empty()) {
      out += word;
    } else {
      out += fixed;
      changed = true;
    }
    i = end;
  }
  if (!changed) return std::nullopt;
  return out;
}

std::optional<std::string> DidYouMean(const Xapian::Database& db, const SearcherOptions& options,
                                      const SearchRequest& request) {
  auto suggestion = SuggestSpelling(db, request.text);
  if (!suggestion) return std::nullopt;
  Searcher searcher(db, options);
  SearchRequest corrected = request;
  corrected.text = *suggestion;
  auto typed_count = searcher.Count(request);
  auto corrected_count = searcher.Count(corrected);
  // A suggestion that fails to parse or finds no more is no help.
  if (!typed_count || !corrected_count) return std::nullopt;
  if (corrected_count->articles <= typed_count->articles) return std::nullopt;
  return suggestion;
}

}  // namespace newsdex
