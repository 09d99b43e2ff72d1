#include "newsdex/search/query_builder.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <vector>

#include "newsdex/search/ranking.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

// Wildcards expanding to more terms than this are an error, not a slow query.
constexpr Xapian::termcount kMaxWildcardTerms = 5000;
// More covering terms than this (over a century of years) and a value range
// is cheaper than the OR.
constexpr std::size_t kMaxDateTerms = 150;

// date:BEGIN..END with partial dates, open ends and validation; Xapian 1.4's
// A bad date: field, which names the field itself (so the message needs no
// "query syntax error" prefix or hint).
class DateFieldError : public Xapian::QueryParserError {
 public:
  explicit DateFieldError(const std::string& message) : Xapian::QueryParserError(message) {}
};

// DateRangeProcessor accepts 2023-02-30 and rejects 2023.. and 2022-02.
class DateFieldProcessor : public Xapian::RangeProcessor {
 public:
  explicit DateFieldProcessor(const Xapian::Database* db)
      : Xapian::RangeProcessor(schema::kSlotDate, std::string(schema::kFieldDate)), db_(db) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    // "date:2022" reaches here as 2022..2022 (ExpandSingleDates); quote it
    // as typed.
    std::string shown = std::string(schema::kFieldDate) + begin + (begin == end ? "" : ".." + end);
    if (begin.empty() && end.empty()) {
      throw DateFieldError("'" + shown +
                           "' has no dates; write date:2022, date:2022-02..2022-03 or date:2023..");
    }
    DayRange range = kAllDays;
    Ymd today = Today();
    if (!begin.empty()) {
      auto parsed = ParseUserDate(begin, today);
      if (!parsed)
        throw DateFieldError("invalid date in '" + shown + "': " + parsed.error().message);
      range.first = parsed->first;
    }
    if (!end.empty()) {
      auto parsed = ParseUserDate(end, today);
      if (!parsed)
        throw DateFieldError("invalid date in '" + shown + "': " + parsed.error().message);
      range.last = parsed->last;
    }
    if (range.first > range.last) {
      throw DateFieldError("'" + shown + "' ends before it starts");
    }
    return DateFilterQuery(range, db_);
  }

 private:
  const Xapian::Database* db_;
};

std::vector<std::string> Tokens(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> tokens;
  for (std::string t; in >> t;) tokens.push_back(t);
  return tokens;
}

bool IsOperator(const std::string& token) {
  return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" ||
         token == "ADJ" || token.rfind("NEAR/", 0) == 0 || token.rfind("ADJ/", 0) == 0;
}

bool IsFunctionWord(const std::string& token) {
  std::string word;
  for (char c : token) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return !word.empty() && EnglishStopper()(word);
}

// A pasted question or sentence ("... NON-USERS AND WHY THEY ARE ..." or
// a title in capitals) uses AND, OR and NOT as words: taken as operators
// they would make every part required or excluded, and recall collapses.
// Text reads as language, not as a boolean expression, when it holds at
// least kLanguageWords words besides the operators, no other query syntax
// (quotes, brackets, +/- prefixes, fields, wildcards), and either a
// function word ("of", "the", "what") or no lower-case letter at all.
constexpr std::size_t kLanguageWords = 5;

bool ReadsAsLanguage(const std::vector<std::string>& tokens) {
  std::size_t words = 0;
  bool function_word = false;
  bool lower = false;
  for (const std::string& token : tokens) {
    if (token.find_first_of("\"()*:") != std::string::npos) return false;
    if (token[0] == '+' || token[0] == '-') return false;
    for (char c : token) lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    if (IsOperator(token)) continue;
    ++words;
    function_word |= IsFunctionWord(token);
  }
  return words >= kLanguageWords && (function_word || !lower);
}

// The text with its operators written in lower case when it reads as
// language (they are then words, dropped as stopwords or searched for). Text
// all in capitals is lowered whole: there capitals mark no names, and every
// AND, OR and NOT in it is a word.
std::string OperatorsAsWords(const std::string& text) {
  auto tokens = Tokens(text);
  if (!ReadsAsLanguage(tokens)) return text;
  const bool capitals = std::none_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
  });
  if (!capitals && std::none_of(tokens.begin(), tokens.end(), IsOperator)) return text;
  std::string out;
  for (const std::string& token : tokens) {
    if (!out.empty()) out += ' ';
    if (capitals || IsOperator(token)) {
      for (char c : token) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += token;
    }
  }
  return out;
}

// Xapian's messages ("Syntax: <expression> AND <expression>") say what the
// grammar wanted, not where; add a pointer to the likely culprit.
std::string SyntaxHint(const std::string& text) {
  auto tokens = Tokens(text);
  if (!tokens.empty() && IsOperator(tokens.back())) {
    return "; '" + tokens.back() +
           "' at the end needs a word after it (to search for the word itself, write it in lower "
           "case)";
  }
  if (!tokens.empty() && IsOperator(tokens.front()) && tokens.front() != "NOT") {
    return "; '" + tokens.front() + "' at the start needs a word before it";
  }
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (IsOperator(tokens[i]) && IsOperator(tokens[i + 1]) && tokens[i + 1] != "NOT") {
      return "; '" + tokens[i] + " " + tokens[i + 1] + "' needs a word between the operators";
    }
  }
  return "";
}

// The operators a wildcard's ancestors may have for WordExpander to
// rebuild them: these take no parameter besides their subqueries.
bool RebuildableOp(Xapian::Query::op op) {
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

// Xapian expands a wildcard over the terms that begin with it, and the
// index holds stems: "negotiat*" alone would find no "negotiations" (stem
// "negoti"), "runn*" no "running" (stem "run"). The spelling data holds the
// words as written; each wildcard gets, as synonyms, the stems of the words
// there that begin with it and that it does not already cover. A superset:
// "runn*" also matches "run", which shares running's stem. Without spelling
// data (indexer build --no-spelling, remote shards) wildcards stay over stems.
class WordExpander {
 public:
  WordExpander(const Xapian::Database& db, const Xapian::Stem& stemmer)
      : db_(db), stemmer_(stemmer) {}

  // Rebuilds every operator above a wildcard (the same operator over the
  // same subqueries when none of them changed).
  Result<Xapian::Query> Expand(const Xapian::Query& query) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) return ExpandLeaf(query);
    if (!RebuildableOp(query.get_type()) || query.get_num_subqueries() == 0) return query;
    std::vector<Xapian::Query> subqueries;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
      auto expanded = Expand(query.get_subquery(i));
      if (!expanded) return expanded;
      subqueries.push_back(std::move(*expanded));
    }
    return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
  }

 private:
  Result<Xapian::Query> ExpandLeaf(const Xapian::Query& wildcard) {
    std::string pattern = WildcardPattern(wildcard);
    const std::string stem_prefix(schema::kPrefixStem);
    if (pattern.compare(0, stem_prefix.size(), stem_prefix) != 0) return wildcard;
    std::string field = stem_prefix;
    const std::string title(schema::kPrefixTitle);
    if (pattern.compare(field.size(), title.size(), title) == 0) field += title;
    const std::string start = pattern.substr(field.size());
    if (start.empty()) return wildcard;

    std::set<std::string> stems, extra;
    // Empty over remote shards: the remote protocol reads no spelling data.
    Xapian::TermIterator word = db_.spellings_begin();
    word.skip_to(start);
    for (; word != db_.spellings_end(); ++word) {
      const std::string& text = *word;
      if (text.compare(0, start.size(), start) != 0) break;
      std::string stem = stemmer_(text);
      if (!stems.insert(stem).second) continue;
      if (stems.size() > kMaxWildcardTerms) {
        return Error{"over " + std::to_string(kMaxWildcardTerms) + " words begin with '" + start +
                     "'"};
      }
      if (stem.compare(0, start.size(), start) == 0) continue;  // the wildcard has it
      if (db_.term_exists(field + stem)) extra.insert(field + stem);
    }
    if (extra.empty()) return wildcard;
    std::vector<Xapian::Query> synonyms{wildcard};
    for (const std::string& term : extra) synonyms.emplace_back(term);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end());
  }

  const Xapian::Database& db_;
  const Xapian::Stem& stemmer_;
};

// Long queries are quoted only by their start in messages.
std::string QuoteStart(const std::string& text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown) return text;
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

}  // namespace

std::size_t CountWildcards(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) return 1;
  std::size_t count = 0;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    count += CountWildcards(query.get_subquery(i));
  }
  return count;
}

std::string WildcardPattern(const Xapian::Query& leaf) {
  std::string description = leaf.get_description();
  if (!description.empty() && description.back() == ')') description.pop_back();
  std::size_t space = description.rfind(' ');
  return space == std::string::npos ? "" : description.substr(space + 1);
}

Result<std::optional<DayRange>> ParseDateFilter(const std::string& from, const std::string& to) {
  if (from.empty() && to.empty()) return std::optional<DayRange>();
  DayRange range = kAllDays;
  Ymd today = Today();
  if (!from.empty()) {
    auto parsed = ParseUserDate(from, today);
    if (!parsed) return Error{"invalid --from date " + parsed.error().message};
    range.first = parsed->first;
  }
  if (!to.empty()) {
    auto parsed = ParseUserDate(to, today);
    if (!parsed) return Error{"invalid --to date " + parsed.error().message};
    range.last = parsed->last;
  }
  if (range.first > range.last) {
    return Error{"--from " + from + " is after --to " + to};
  }
  return std::optional<DayRange>(range);
}

Xapian::Query DateFilterQuery(const DayRange& range) {
  // The fewest year, month and day terms that cover the range exactly: a
  // posting-list intersection, where a value range would read the date of
  // every candidate (measured on Reuters: p50 0.34 ms against 0.73 ms).
  std::vector<Xapian::Query> terms;
  Ymd day = range.first;
  while (day <= range.last && terms.size() <= kMaxDateTerms) {
    int year = day / 10000, month = day / 100 % 100, dom = day % 100;
    Ymd month_end = year * 10000 + month * 100 + DaysInMonth(year, month);
    Ymd next_month = month < 12 ? year * 10000 + (month + 1) * 100 + 1 : (year + 1) * 10000 + 101;
    std::string key = YmdToKey(day);
    if (month == 1 && dom == 1 && year * 10000 + 1231 <= range.last) {
      terms.emplace_back(std::string(schema::kPrefixYear) + key.substr(0, 4));
      day = (year + 1) * 10000 + 101;
    } else if (dom == 1 && month_end <= range.last) {
      terms.emplace_back(std::string(schema::kPrefixMonth) + key.substr(0, 6));
      day = next_month;
    } else {
      terms.emplace_back(std::string(schema::kPrefixDay) + key);
      day = day < month_end ? day + 1 : next_month;
    }
  }
  if (terms.size() > kMaxDateTerms) {
    // Centuries of years (an open end without a database to bound it).
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, YmdToKey(range.first),
                         YmdToKey(range.last));
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

DayRange ClampToIndex(const DayRange& range, const Xapian::Database* db) {
  if (db == nullptr) return range;
  auto lowest = KeyToYmd(db->get_value_lower_bound(schema::kSlotDate));
  auto highest = KeyToYmd(db->get_value_upper_bound(schema::kSlotDate));
  if (!lowest || !highest) return range;  // no dated articles (or an old index)
  return DayRange{std::max(range.first, *lowest), std::min(range.last, *highest)};
}

Xapian::Query DateFilterQuery(const DayRange& range, const Xapian::Database* db) {
  DayRange clamped = ClampToIndex(range, db);
  if (clamped.first > clamped.last) return Xapian::Query::MatchNothing;
  return DateFilterQuery(clamped);
}

std::string ExpandSingleDates(const std::string& text) {
  const std::string field(schema::kFieldDate);
  std::string out;
  bool in_quotes = false;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') in_quotes = !in_quotes;
    bool at_word_start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) ||
                         text[i - 1] == '(' || text[i - 1] == '+' || text[i - 1] == '-';
    if (!in_quotes && at_word_start && text.compare(i, field.size(), field) == 0) {
      std::size_t start = i + field.size();
      std::size_t end = start;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != ')') {
        ++end;
      }
      std::string value = text.substr(start, end - start);
      out += field + value;
      if (!value.empty() && value.find("..") == std::string::npos) {
        out += ".." + value;
      }
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

QueryBuilder::QueryBuilder(const Xapian::Database* db)
    : db_(db),
      words_(db),
      flags_(Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT) {
  parser_.set_stemmer(stemmer_);
  // The index holds words stemmed only ("Z" + stem, "ZS" + stem in titles;
  // see DocumentMaker), so every query word is stemmed, capitalised or in a
  // phrase alike. "Z" is given as the fields' prefix rather than by STEM_ALL_Z
  // so that a wildcard ("kestr*") also expands over the stems.
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser_.add_prefix("", std::string(schema::kPrefixStem));
  parser_.add_prefix("title", std::string(schema::kPrefixStem) + std::string(schema::kPrefixTitle));
  parser_.add_rangeprocessor((new DateFieldProcessor(db))->release());
  if (db != nullptr) {
    parser_.set_database(*db);
    parser_.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_ERROR,
                              Xapian::QueryParser::FLAG_WILDCARD);
    flags_ |= Xapian::QueryParser::FLAG_WILDCARD;
  }
}

Result<Xapian::Query> QueryBuilder::Build(const SearchRequest& request) {
  auto date_filter = ParseDateFilter(request.from, request.to);
  if (!date_filter) return date_filter.error();

  if (request.text.size() > kMaxQueryBytes) {
    return Error{"query is " + std::to_string(request.text.size()) +
                 " bytes long, over the limit of " + std::to_string(kMaxQueryBytes) +
                 "; search for its most telling words instead"};
  }
  bool blank = Tokens(request.text).empty();
  if (blank && !*date_filter) {
    return Error{"empty query: give words to search for, or --from/--to to list articles by date"};
  }

  Xapian::Query query = Xapian::Query::MatchAll;
  if (!blank) {
    parser_.set_default_op(request.match == MatchMode::kAll ? Xapian::Query::OP_AND
                                                            : Xapian::Query::OP_OR);
    try {
      query = parser_.parse_query(OperatorsAsWords(ExpandSingleDates(request.text)), flags_);
    } catch (const DateFieldError& e) {
      return Error{e.get_msg() + " (in query: " + QuoteStart(request.text) + ")",
                   ErrorCode::kInvalidInput};
    } catch (const Xapian::QueryParserError& e) {
      return Error{"query syntax error: " + e.get_msg() + SyntaxHint(request.text) +
                       " (in query: " + QuoteStart(request.text) + ")",
                   ErrorCode::kInvalidInput};
    }
    if (query.empty()) {
      return Error{"query '" + request.text + "' has no searchable words"};
    }
    if (query.get_length() > kMaxQueryTerms) {
      return Error{
          "query has " + std::to_string(query.get_length()) + " terms, over the limit of " +
          std::to_string(kMaxQueryTerms) +
          "; search for its most telling words instead (query: " + QuoteStart(request.text) + ")"};
    }
    const std::size_t wildcards = CountWildcards(query);
    if (wildcards > kMaxQueryWildcards) {
      return Error{"query has " + std::to_string(wildcards) + " wildcards, over the limit of " +
                   std::to_string(kMaxQueryWildcards) + " (query: " + QuoteStart(request.text) +
                   ")"};
    }
    if (wildcards > 0 && words_ != nullptr) {
      auto expanded = WordExpander(*words_, stemmer_).Expand(query);
      if (!expanded) {
        return Error{"a wildcard in '" + QuoteStart(request.text) +
                         "' matches too many words; make it longer (" + expanded.error().message +
                         ")",
                     ErrorCode::kInvalidInput};
      }
      query = std::move(*expanded);
    }
  }
  if (*date_filter) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, DateFilterQuery(**date_filter, db_));
  }
  return query;
}

}  // namespace newsdex
