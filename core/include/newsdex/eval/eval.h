// Retrieval-quality evaluation compatible with trec_eval 9.x: reads TREC qrels
// and run files and computes map, P_10, ndcg_cut_10 and recall_1000.
#ifndef NEWSDEX_EVAL_EVAL_H_
#define NEWSDEX_EVAL_EVAL_H_

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace newsdex {

// Every measure looks only at the first kEvalDepth documents of a query, after
// the trec_eval re-ordering described at Evaluate(). trec_eval's own -M
// default is unlimited; capping here keeps map and recall_1000 computed over
// the same list, which is what TREC-style runs (1000 docs per topic) assume.
inline constexpr int kEvalDepth = 1000;

// Rank cutoff of P_10 and ndcg_cut_10.
inline constexpr int kEvalCutoff = 10;

// Relevance judgments: qid -> (docid -> grade). Grades > 0 are relevant; the
// grade is also the nDCG gain. Grades <= 0 are judged non-relevant.
using Qrels = std::map<std::string, std::map<std::string, int>>;

// One retrieved document of a run line. `rank` is kept for callers that want
// to show it, but evaluation ignores it, as trec_eval does.
struct RunEntry {
  std::string docid;
  double score = 0;
  int rank = 0;
};

// A run: qid -> retrieved documents, in the order they appear in the file.
using Run = std::map<std::string, std::vector<RunEntry>>;

// A rejected input line. The parsers keep going after one, so a single bad
// line never discards a whole file.
struct ParseError {
  int line = 0;  // 1-based, counting blank and comment lines
  std::string message;
};

struct ParsedQrels {
  Qrels qrels;
  std::vector<ParseError> errors;
};

struct ParsedRun {
  Run run;
  std::vector<ParseError> errors;
};

// Reads qrels lines "QID ITER DOCID REL" (whitespace separated; ITER is
// ignored; REL an integer). Blank lines and lines whose first field starts
// with '#' are skipped (trec_eval skips such comments too). A line with the
// wrong number of fields or a non-integer REL is reported and skipped. A
// repeated (QID, DOCID) pair keeps the first grade and reports the repeat,
// since trec_eval refuses such files and there is no right answer to pick.
// Never throws on bad input; stops at end of stream or a stream error.
ParsedQrels ParseQrels(std::istream& in);

// Reads run lines "QID Q0 DOCID RANK SCORE TAG" (whitespace separated; Q0 and
// TAG are ignored). Blank and '#' lines are skipped. A line with the wrong
// number of fields, a non-integer RANK or a SCORE that is not a finite number
// is reported and skipped; NaN or infinite scores are refused because they
// cannot be ranked meaningfully. Duplicate documents are kept here and dealt
// with by Evaluate(). Never throws on bad input.
ParsedRun ParseRun(std::istream& in);

// Measures of one query, or their aggregate in EvalReport::mean.
struct QueryMetrics {
  std::string qid;
  double ap = 0;          // trec_eval "map" for one query
  double p10 = 0;         // "P_10"
  double ndcg10 = 0;      // "ndcg_cut_10"
  double recall1000 = 0;  // "recall_1000"
  int num_ret = 0;        // documents evaluated (after dedup, at most 1000)
  int num_rel = 0;        // judged relevant in qrels (grade > 0)
  int num_rel_ret = 0;    // relevant among the evaluated documents
};

struct EvalReport {
  std::vector<QueryMetrics> per_query;  // sorted by qid (byte order)
  // qid == "all". The four measures are arithmetic means over per_query; the
  // three counts are totals, matching trec_eval's "all" row. All zero when
  // per_query is empty.
  QueryMetrics mean;
};

// Which queries Evaluate() scores and averages over.
enum class EvalScope {
  // The queries of the run that have a relevant judgment, as trec_eval does
  // by default. A query present in the run with no documents (a batch query
  // that found nothing) is one of them and scores 0.
  kRunQueries,
  // Every query with a relevant judgment, those missing from the run scoring
  // 0 on every measure, as `trec_eval -c` does.
  kAllJudged,
};

// Evaluates the queries `scope` names; queries without a relevant judgment
// are never evaluated. (trec_eval also evaluates qrels queries whose
// judgments are all non-relevant, scoring them 0; they are skipped here
// because no run could score on them and they would only dilute the means.)
//
// Each query's documents are ordered as trec_eval orders them: by score
// descending, ties broken by docid in descending byte (strcmp) order; the
// rank column and file order are ignored. If a docid appears more than once
// for a query, only its first occurrence in the vector is kept (trec_eval
// aborts on such runs; keeping the first matches what a reader of the file
// would take as the system's answer). Then only the first kEvalDepth
// documents are evaluated.
//
// Definitions (rank r is 1-based, rel(r) means grade > 0, R = num_rel):
//   ap          = sum over relevant r of (relevant in top r / r), divided by R
//   p10         = relevant in top 10 / 10, even when fewer were retrieved
//   ndcg10      = DCG@10 / ideal DCG@10, DCG = sum grade(r) / log2(r + 1),
//                 ideal from all qrels grades > 0 sorted descending
//   recall1000  = num_rel_ret / R
EvalReport Evaluate(const Qrels& qrels, const Run& run, EvalScope scope = EvalScope::kRunQueries);

}  // namespace newsdex

#endif  // NEWSDEX_EVAL_EVAL_H_
