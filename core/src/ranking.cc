#include "newsdex/ranking.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

namespace newsdex {
namespace {

// Snowball's English stop list (function words: pronouns, auxiliaries,
// articles, prepositions, conjunctions), without "up" and "down", which
// carry meaning in market news ("shares down").
constexpr const char* kEnglishStopwords[] = {
    "i",        "me",      "my",     "myself",   "we",         "our",       "ours",    "ourselves",
    "you",      "your",    "yours",  "yourself", "yourselves", "he",        "him",     "his",
    "himself",  "she",     "her",    "hers",     "herself",    "it",        "its",     "itself",
    "they",     "them",    "their",  "theirs",   "themselves", "what",      "which",   "who",
    "whom",     "this",    "that",   "these",    "those",      "am",        "is",      "are",
    "was",      "were",    "be",     "been",     "being",      "have",      "has",     "had",
    "having",   "do",      "does",   "did",      "doing",      "would",     "should",  "could",
    "ought",    "i'm",     "you're", "he's",     "she's",      "it's",      "we're",   "they're",
    "i've",     "you've",  "we've",  "they've",  "i'd",        "you'd",     "he'd",    "she'd",
    "we'd",     "they'd",  "i'll",   "you'll",   "he'll",      "she'll",    "we'll",   "they'll",
    "isn't",    "aren't",  "wasn't", "weren't",  "hasn't",     "haven't",   "hadn't",  "doesn't",
    "don't",    "didn't",  "won't",  "wouldn't", "shan't",     "shouldn't", "can't",   "cannot",
    "couldn't", "mustn't", "let's",  "that's",   "who's",      "what's",    "here's",  "there's",
    "when's",   "where's", "why's",  "how's",    "a",          "an",        "the",     "and",
    "but",      "if",      "or",     "because",  "as",         "until",     "while",   "of",
    "at",       "by",      "for",    "with",     "about",      "against",   "between", "into",
    "through",  "during",  "before", "after",    "above",      "below",     "to",      "from",
    "in",       "out",     "on",     "off",      "over",       "under",     "again",   "further",
    "then",     "once",    "here",   "there",    "when",       "where",     "why",     "how",
    "all",      "any",     "both",   "each",     "few",        "more",      "most",    "other",
    "some",     "such",    "no",     "nor",      "not",        "only",      "own",     "same",
    "so",       "than",    "too",    "very"};

// Stemmed terms QueryParser would produce ("Z" + stem, see STEM_SOME) and
// that say something: not in the query, not numbers, not stopwords.
class ExpansionDecider : public Xapian::ExpandDecider {
 public:
  explicit ExpansionDecider(std::unordered_set<std::string> query_terms)
      : query_terms_(std::move(query_terms)) {}

  bool operator()(const std::string& term) const override {
    if (term.size() < 4 || term[0] != 'Z') return false;
    if (query_terms_.count(term) > 0) return false;
    std::string stem = term.substr(1);
    bool has_letter = false;
    for (char c : stem) {
      if (std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80)) has_letter = true;
    }
    if (!has_letter) return false;
    return !(EnglishStopper())(stem);
  }

 private:
  std::unordered_set<std::string> query_terms_;
};

bool IsDisjunctive(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_SCALE_WEIGHT:
    case Xapian::Query::OP_WILDCARD:
      return true;
    default:
      return false;
  }
}

bool ParseDouble(std::string_view text, double* value) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && ptr == end && std::isfinite(*value);
}

}  // namespace

Result<Weighting> ParseWeighting(std::string_view name) {
  if (name == "bm25") return Weighting::kBm25;
  if (name == "bm25+") return Weighting::kBm25Plus;
  if (name == "pl2") return Weighting::kPl2;
  if (name == "dlh") return Weighting::kDlh;
  if (name == "lm") return Weighting::kLm;
  if (name == "tfidf") return Weighting::kTfIdf;
  return Error{"unknown weighting '" + std::string(name) +
               "'; choose bm25, bm25+, pl2, dlh, lm or tfidf"};
}

std::string WeightingName(Weighting weighting) {
  switch (weighting) {
    case Weighting::kBm25:
      return "bm25";
    case Weighting::kBm25Plus:
      return "bm25+";
    case Weighting::kPl2:
      return "pl2";
    case Weighting::kDlh:
      return "dlh";
    case Weighting::kLm:
      return "lm";
    case Weighting::kTfIdf:
      return "tfidf";
  }
  return "bm25";
}

Status ParseBm25Params(std::string_view text, RankingOptions* options) {
  auto comma = text.find(',');
  double k1 = 0;
  double b = 0;
  if (comma == std::string_view::npos || !ParseDouble(text.substr(0, comma), &k1) ||
      !ParseDouble(text.substr(comma + 1), &b)) {
    return Error{"--bm25 '" + std::string(text) + "' is not K1,B (for example 1.2,0.75)"};
  }
  if (k1 < 0 || b < 0 || b > 1) {
    return Error{"--bm25 '" + std::string(text) + "': K1 must be >= 0 and B within 0..1"};
  }
  options->k1 = k1;
  options->b = b;
  return Ok{};
}

std::unique_ptr<Xapian::Weight> MakeWeight(const RankingOptions& options) {
  // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's own defaults.
  switch (options.weighting) {
    case Weighting::kBm25:
      return std::make_unique<Xapian::BM25Weight>(options.k1, 0, 1, options.b, 0.5);
    case Weighting::kBm25Plus:
      return std::make_unique<Xapian::BM25PlusWeight>(options.k1, 0, 1, options.b, 0.5, 1.0);
    case Weighting::kPl2:
      return std::make_unique<Xapian::PL2Weight>();
    case Weighting::kDlh:
      return std::make_unique<Xapian::DLHWeight>();
    case Weighting::kLm:
      return std::make_unique<Xapian::LMWeight>();
    case Weighting::kTfIdf:
      return std::make_unique<Xapian::TfIdfWeight>();
  }
  return std::make_unique<Xapian::BM25Weight>();
}

const Xapian::Stopper& EnglishStopper() {
  // Built once, on first use; SimpleStopper is only read afterwards, so
  // threads may share it.
  static const Xapian::SimpleStopper* stopper =
      new Xapian::SimpleStopper(std::begin(kEnglishStopwords), std::end(kEnglishStopwords));
  return *stopper;
}

Xapian::Query ExpandQuery(const Xapian::Query& query, const Xapian::Enquire& enquire,
                          const Xapian::RSet& feedback, const RankingOptions& options) {
  if (options.expand_terms == 0 || feedback.empty()) return query;
  std::unordered_set<std::string> query_terms(query.get_unique_terms_begin(),
                                              query.get_unique_terms_end());
  ExpansionDecider decider(std::move(query_terms));
  Xapian::ESet eset = enquire.get_eset(options.expand_terms, feedback, &decider);
  if (eset.empty()) return query;
  std::vector<Xapian::Query> terms;
  const double best = eset.begin().get_weight();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    double scale =
        best > 0 ? options.expand_weight * it.get_weight() / best : options.expand_weight;
    if (scale <= 0) continue;
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), scale);
  }
  if (terms.empty()) return query;
  Xapian::Query expansion(Xapian::Query::OP_OR, terms.begin(), terms.end());

  // Peel off filters (date ranges) so they still bound the expanded query.
  Xapian::Query core = query;
  std::vector<Xapian::Query> filters;
  while (core.get_type() == Xapian::Query::OP_FILTER) {
    for (std::size_t i = 1; i < core.get_num_subqueries(); ++i) {
      filters.push_back(core.get_subquery(i));
    }
    core = core.get_subquery(0);
  }
  Xapian::Query combined(options.expand_adds && IsDisjunctive(core) ? Xapian::Query::OP_OR
                                                                    : Xapian::Query::OP_AND_MAYBE,
                         core, expansion);
  for (const auto& filter : filters) {
    combined = Xapian::Query(Xapian::Query::OP_FILTER, combined, filter);
  }
  return combined;
}

}  // namespace newsdex
