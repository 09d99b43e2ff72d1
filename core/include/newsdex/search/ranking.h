// How matches are scored: the weighting scheme and its parameters, the
// query-time stopword list and pseudo-relevance feedback. The defaults were
// chosen by measurement (docs/RANKING.md); change them only with new figures.
#ifndef NEWSDEX_SEARCH_RANKING_H_
#define NEWSDEX_SEARCH_RANKING_H_

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>

#include "newsdex/base/error.h"
#include "newsdex/index/term_weights.h"

namespace newsdex {

enum class Weighting {
  kBm25,      // Xapian::BM25Weight with RankingOptions::k1 and b
  kBm25Plus,  // Xapian::BM25PlusWeight (delta 1), same k1 and b
  kPl2,       // Xapian::PL2Weight, Divergence From Randomness
  kDlh,       // Xapian::DLHWeight, parameter-free DFR
  kLm,        // Xapian::LMWeight, unigram language model (two-stage smoothing)
  kTfIdf,     // Xapian::TfIdfWeight ("ntn")
};

struct RankingOptions {
  Weighting weighting = Weighting::kBm25;
  double k1 = 1.2;  // BM25 term-frequency saturation (Xapian's default: 1)
  double b = 0.4;   // BM25 length normalisation (Xapian's default: 0.5)
  // Drop English function words outside phrases at query time, so long
  // natural-language queries rank by their content words. A query made only
  // of stopwords keeps them (Xapian's QueryParser does that itself).
  bool stopwords = true;
  // Pseudo-relevance feedback: add this many expansion terms taken from the
  // top `expand_docs` results and run the query again; 0 turns it off.
  unsigned expand_terms = 10;
  unsigned expand_docs = 10;
  // Weight of the expansion terms relative to the typed ones.
  double expand_weight = 0.3;
  // true: articles matching only expansion terms join the results (RM3);
  // false: the matches stay those of the typed query and feedback re-ranks.
  // Re-ranking is the default: a search for a word lists only articles
  // holding it, and it kept most of the gain (docs/RANKING.md).
  bool expand_adds = false;
  // Re-ranking feedback runs only for queries of at least this many content
  // words (after stopwords), and only when the first pass matched at least
  // expand_min_matches articles. Descriptive queries gain most from it per
  // unit of cost (a second search plus an expansion set); short keyword
  // queries stay a single fast search. --expand N applies it to every query.
  unsigned expand_min_words = 4;
  unsigned expand_min_matches = 30;
};

// Expansion sets (feedback, --like) weigh a term by its saturated frequency
// in the chosen documents, tf / (k * length + tf). Normalised frequencies are
// `scale` times larger, so k is scaled alike or every term looks saturated
// and only rarity counts.
void SetExpansionScheme(const TermWeights& weights, Xapian::Enquire* enquire);

// "bm25", "bm25+", "pl2", "dlh", "lm" or "tfidf"; fails naming the choices.
Result<Weighting> ParseWeighting(std::string_view name);
std::string WeightingName(Weighting weighting);

// "K1,B" with K1 >= 0 and 0 <= B <= 1, e.g. "1.2,0.75".
Status ParseBm25Params(std::string_view text, RankingOptions* options);

// The weighting object the options describe, for an index whose term
// frequencies are stored as `weights` says. On a normalised index only BM25
// and BM25+ with the index's b can be computed (the raw counts are gone): the
// others fail with what to do.
Result<std::unique_ptr<Xapian::Weight>> MakeWeight(const RankingOptions& options,
                                                   const TermWeights& weights = {});

// The English stopword list used at query time (function words only: no
// words that carry a topic, so short queries never lose what they ask for).
const Xapian::Stopper& EnglishStopper();

// Adds pseudo-relevance feedback terms to `query` (as built by QueryBuilder):
// the best `options.expand_terms` stemmed terms of `feedback` (the documents
// of the first pass) that are not already in the query, OR-ed in with weight
// `options.expand_weight` times the term's expansion weight relative to the
// best one (so the strongest term counts most, as in RM3). Filters (dates) stay applied to the
// whole query. A query with required parts (AND, NOT, phrases mixed with operators) keeps its exact
// match set: there the terms only re-rank. Returns `query` itself when there is nothing to add.
// `db` is the database `enquire` searches.
Xapian::Query ExpandQuery(const Xapian::Query& query, const Xapian::Database& db,
                          const Xapian::Enquire& enquire, const Xapian::RSet& feedback,
                          const RankingOptions& options);

// Enquire::get_eset flags for `db`. On several shards Xapian otherwise takes
// each term's frequency from one shard's term list, an approximation that
// picks other terms than one database of the same articles would.
int ExpandFlags(const Xapian::Database& db);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_RANKING_H_
