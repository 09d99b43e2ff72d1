#include "newsdex/cli/eval_format.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace newsdex {
namespace {

void WriteJsonRow(std::ostream& out, const QueryMetrics& m) {
  nlohmann::ordered_json j;
  j["qid"] = m.qid;
  j["map"] = m.ap;
  j["P_10"] = m.p10;
  j["ndcg_cut_10"] = m.ndcg10;
  j["recall_1000"] = m.recall1000;
  j["num_rel"] = m.num_rel;
  j["num_ret"] = m.num_ret;
  j["num_rel_ret"] = m.num_rel_ret;
  out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void WriteTextRow(std::ostream& out, int qid_width, const QueryMetrics& m) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-*s  %6.4f  %6.4f  %7.4f  %6.4f  %6d  %6d  %7d\n", qid_width,
                m.qid.c_str(), m.ap, m.p10, m.ndcg10, m.recall1000, m.num_rel, m.num_ret,
                m.num_rel_ret);
  out << buf;
}

}  // namespace

void WriteEvalReport(std::ostream& out, const EvalReport& report, bool json) {
  if (json) {
    for (const QueryMetrics& m : report.per_query) WriteJsonRow(out, m);
    WriteJsonRow(out, report.mean);
    return;
  }
  int width = 3;
  for (const QueryMetrics& m : report.per_query) {
    width = std::max(width, static_cast<int>(m.qid.size()));
  }
  char header[160];
  std::snprintf(header, sizeof header, "%-*s  %6s  %6s  %7s  %6s  %6s  %6s  %7s\n", width, "qid",
                "map", "P@10", "nDCG@10", "R@1000", "rel", "ret", "rel_ret");
  out << header;
  for (const QueryMetrics& m : report.per_query) WriteTextRow(out, width, m);
  WriteTextRow(out, width, report.mean);
  out << report.per_query.size() << " queries evaluated\n";
}

}  // namespace newsdex
