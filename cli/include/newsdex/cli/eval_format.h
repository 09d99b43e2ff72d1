// Writes an EvalReport (see eval.h) for people or programs.
#ifndef NEWSDEX_CLI_EVAL_FORMAT_H_
#define NEWSDEX_CLI_EVAL_FORMAT_H_

#include <ostream>

#include "newsdex/eval/eval.h"

namespace newsdex {

// Text: a table with one row per query and a last row "all" (the means),
// columns qid, map, P@10, nDCG@10, R@1000, rel, ret, rel_ret; measures with
// four decimals. JSON: one object per line and query, then the "all" line:
// {"qid","map","P_10","ndcg_cut_10","recall_1000","num_rel","num_ret",
// "num_rel_ret"}, measures as full-precision numbers.
void WriteEvalReport(std::ostream& out, const EvalReport& report, bool json);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_EVAL_FORMAT_H_
