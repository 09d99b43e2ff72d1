#include "newsdex/search/ranking.h"

#include <cctype>
#include <cmath>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "newsdex/base/number.h"
#include "newsdex/store/schema.h"

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

// Stemmed terms QueryParser would produce (kPrefixStem + stem, as indexed) and
// that say something: not in the query, not numbers, not stopwords.
class ExpansionDecider : public Xapian::ExpandDecider {
 public:
  explicit ExpansionDecider(std::unordered_set<std::string> query_terms)
      : query_terms_(std::move(query_terms)) {}

  bool operator()(const std::string& term) const override {
    const std::string_view stemmed = schema::kPrefixStem;
    if (term.size() < stemmed.size() + 3 || term.compare(0, stemmed.size(), stemmed) != 0) {
      return false;
    }
    if (query_terms_.count(term) > 0) return false;
    std::string stem = term.substr(stemmed.size());
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
  std::optional<double> k1;
  std::optional<double> b;
  if (comma != std::string_view::npos) {
    k1 = ParseFiniteDouble(text.substr(0, comma));
    b = ParseFiniteDouble(text.substr(comma + 1));
  }
  if (!k1 || !b) {
    return Error{"--bm25 '" + std::string(text) + "' is not K1,B (for example 1.2,0.75)"};
  }
  if (*k1 < 0 || *b < 0 || *b > 1) {
    return Error{"--bm25 '" + std::string(text) + "': K1 must be >= 0 and B within 0..1"};
  }
  options->k1 = *k1;
  options->b = *b;
  return Ok{};
}

void SetExpansionScheme(const TermWeights& weights, Xapian::Enquire* enquire) {
  // "trad" with k = 1 is Xapian's default.
  enquire->set_expansion_scheme("trad", weights.normalized ? weights.scale : 1.0);
}

Result<std::unique_ptr<Xapian::Weight>> MakeWeight(const RankingOptions& options,
                                                   const TermWeights& weights) {
  // k2 = 0, k3 = 1 and min_normlen = 0.5 are Xapian's own defaults.
  std::unique_ptr<Xapian::Weight> weight;
  if (weights.normalized) {
    if (options.weighting != Weighting::kBm25 && options.weighting != Weighting::kBm25Plus) {
      return Error{WeightingName(options.weighting) +
                   " needs raw term frequencies, but this index stores them length-normalised "
                   "for BM25 (the fast default); rebuild it with indexer build --exact-tf"};
    }
    if (std::abs(options.b - weights.b) > 1e-9) {
      std::ostringstream b;
      b << weights.b;
      return Error{"this index has BM25's length normalisation built in with b=" + b.str() +
                   " (the fast default), so --bm25 can change K1 only: use --bm25 K1," + b.str() +
                   ", or rebuild with indexer build --exact-tf to vary b"};
    }
    // BM25 over wdf' = scale * tf / K with k1' = k1 * scale and b = 0 (see
    // TermWeights). BM25+'s delta is added outside the saturation, so it is
    // scaled like the rest of the term weight.
    const double k1 = options.k1 * weights.scale;
    if (options.weighting == Weighting::kBm25) {
      weight = std::make_unique<Xapian::BM25Weight>(k1, 0, 1, 0, 0.5);
    } else {
      const double delta = 1.0 * (k1 + 1) / (options.k1 + 1);
      weight = std::make_unique<Xapian::BM25PlusWeight>(k1, 0, 1, 0, 0.5, delta);
    }
    return weight;
  }
  switch (options.weighting) {
    case Weighting::kBm25:
      weight = std::make_unique<Xapian::BM25Weight>(options.k1, 0, 1, options.b, 0.5);
      break;
    case Weighting::kBm25Plus:
      weight = std::make_unique<Xapian::BM25PlusWeight>(options.k1, 0, 1, options.b, 0.5, 1.0);
      break;
    case Weighting::kPl2:
      weight = std::make_unique<Xapian::PL2Weight>();
      break;
    case Weighting::kDlh:
      weight = std::make_unique<Xapian::DLHWeight>();
      break;
    case Weighting::kLm:
      weight = std::make_unique<Xapian::LMWeight>();
      break;
    case Weighting::kTfIdf:
      weight = std::make_unique<Xapian::TfIdfWeight>();
      break;
  }
  return weight;
}

const Xapian::Stopper& EnglishStopper() {
  // Built once, on first use; SimpleStopper is only read afterwards, so
  // threads may share it.
  static const Xapian::SimpleStopper* stopper =
      new Xapian::SimpleStopper(std::begin(kEnglishStopwords), std::end(kEnglishStopwords));
  return *stopper;
}

int ExpandFlags(const Xapian::Database& db) {
  return db.size() > 1 ? Xapian::Enquire::USE_EXACT_TERMFREQ : 0;
}

Xapian::Query ExpandQuery(const Xapian::Query& query, const Xapian::Database& db,
                          const Xapian::Enquire& enquire, const Xapian::RSet& feedback,
                          const RankingOptions& options) {
  if (options.expand_terms == 0 || feedback.empty()) return query;
  std::unordered_set<std::string> query_terms(query.get_unique_terms_begin(),
                                              query.get_unique_terms_end());
  ExpansionDecider decider(std::move(query_terms));
  Xapian::ESet eset = enquire.get_eset(options.expand_terms, feedback, ExpandFlags(db), &decider);
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
