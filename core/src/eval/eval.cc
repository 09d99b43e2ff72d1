#include "newsdex/eval/eval.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "newsdex/base/number.h"

namespace newsdex {
namespace {

constexpr int kQrelsFields = 4;
constexpr int kRunFields = 6;

// Explicit set rather than std::isspace so parsing does not depend on the
// global locale; '\r' is included so CRLF files parse like LF ones.
constexpr std::string_view kFieldSeparators = " \t\r\v\f";

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t pos = line.find_first_not_of(kFieldSeparators);
  while (pos != std::string_view::npos) {
    size_t end = line.find_first_of(kFieldSeparators, pos);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(pos, end - pos));
    pos = line.find_first_not_of(kFieldSeparators, end);
  }
  return fields;
}

bool IsBlankOrComment(const std::vector<std::string_view>& fields) {
  return fields.empty() || fields.front().front() == '#';
}

std::string FieldCountMessage(int expected, size_t got, std::string_view format) {
  return "expected " + std::to_string(expected) + " fields (" + std::string(format) + "), got " +
         std::to_string(got);
}

// Calls handle_line(fields) for each non-blank, non-comment line; a non-empty
// string it returns is recorded as that line's error.
template <typename HandleLine>
std::vector<ParseError> ForEachDataLine(std::istream& in, HandleLine handle_line) {
  std::vector<ParseError> errors;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::vector<std::string_view> fields = SplitFields(line);
    if (IsBlankOrComment(fields)) continue;
    std::string message = handle_line(fields);
    if (!message.empty()) {
      errors.push_back(ParseError{line_number, std::move(message)});
    }
  }
  return errors;
}

// trec_eval's order: higher score first, equal scores by docid descending.
bool RanksBefore(const RunEntry* a, const RunEntry* b) {
  if (a->score != b->score) return a->score > b->score;
  return a->docid > b->docid;
}

// The documents Evaluate() scores for one query, best first.
std::vector<const RunEntry*> RankedForEvaluation(const std::vector<RunEntry>& entries) {
  std::vector<const RunEntry*> ranked;
  ranked.reserve(entries.size());
  std::unordered_set<std::string_view> seen;
  for (const RunEntry& entry : entries) {
    if (seen.insert(entry.docid).second) ranked.push_back(&entry);
  }
  // Docids are unique now, so the order is total and std::sort is
  // deterministic without needing stability.
  std::sort(ranked.begin(), ranked.end(), RanksBefore);
  if (ranked.size() > static_cast<size_t>(kEvalDepth)) {
    ranked.resize(kEvalDepth);
  }
  return ranked;
}

// Discount of 1-based rank r. trec_eval 9.x uses log2(r + 1), so rank 1 and
// rank 2 are not both undiscounted as in the original Jarvelin formulation.
double Discount(int rank) { return std::log2(static_cast<double>(rank + 1)); }

double IdealDcgAtCutoff(const std::map<std::string, int>& judgments) {
  std::vector<int> gains;
  for (const auto& [docid, grade] : judgments) {
    if (grade > 0) gains.push_back(grade);
  }
  std::sort(gains.begin(), gains.end(), std::greater<int>());
  double ideal_dcg = 0;
  const int depth = std::min<int>(static_cast<int>(gains.size()), kEvalCutoff);
  for (int i = 0; i < depth; ++i) ideal_dcg += gains[i] / Discount(i + 1);
  return ideal_dcg;
}

// `entries` is null when the query is missing from the run.
QueryMetrics EvaluateQuery(const std::string& qid, const std::map<std::string, int>& judgments,
                           const std::vector<RunEntry>* entries) {
  QueryMetrics metrics;
  metrics.qid = qid;
  for (const auto& [docid, grade] : judgments) {
    if (grade > 0) ++metrics.num_rel;
  }
  if (entries == nullptr || metrics.num_rel == 0) return metrics;

  const std::vector<const RunEntry*> ranked = RankedForEvaluation(*entries);
  metrics.num_ret = static_cast<int>(ranked.size());

  double precision_sum = 0;
  double dcg = 0;
  int rel_in_cutoff = 0;
  for (int i = 0; i < metrics.num_ret; ++i) {
    const int rank = i + 1;
    auto judged = judgments.find(ranked[i]->docid);
    const int grade = judged == judgments.end() ? 0 : judged->second;
    if (grade <= 0) continue;
    ++metrics.num_rel_ret;
    precision_sum += static_cast<double>(metrics.num_rel_ret) / rank;
    if (rank <= kEvalCutoff) {
      ++rel_in_cutoff;
      dcg += grade / Discount(rank);
    }
  }

  metrics.ap = precision_sum / metrics.num_rel;
  metrics.p10 = static_cast<double>(rel_in_cutoff) / kEvalCutoff;
  const double ideal_dcg = IdealDcgAtCutoff(judgments);
  metrics.ndcg10 = ideal_dcg > 0 ? dcg / ideal_dcg : 0;
  metrics.recall1000 = static_cast<double>(metrics.num_rel_ret) / metrics.num_rel;
  return metrics;
}

}  // namespace

ParsedQrels ParseQrels(std::istream& in) {
  ParsedQrels parsed;
  parsed.errors = ForEachDataLine(in, [&parsed](const std::vector<std::string_view>& fields) {
    if (fields.size() != kQrelsFields) {
      return FieldCountMessage(kQrelsFields, fields.size(), "QID ITER DOCID REL");
    }
    auto grade = ParseWholeInteger<int>(fields[3]);
    if (!grade) return "relevance '" + std::string(fields[3]) + "' is not an integer";
    std::string qid(fields[0]);
    std::string docid(fields[2]);
    auto [it, inserted] = parsed.qrels[qid].try_emplace(docid, *grade);
    if (!inserted) {
      return "duplicate judgment for document '" + docid + "' in query '" + qid +
             "'; keeping the first (" + std::to_string(it->second) + ")";
    }
    return std::string();
  });
  return parsed;
}

ParsedRun ParseRun(std::istream& in) {
  ParsedRun parsed;
  parsed.errors = ForEachDataLine(in, [&parsed](const std::vector<std::string_view>& fields) {
    if (fields.size() != kRunFields) {
      return FieldCountMessage(kRunFields, fields.size(), "QID Q0 DOCID RANK SCORE TAG");
    }
    auto rank = ParseWholeInteger<int>(fields[3]);
    if (!rank) return "rank '" + std::string(fields[3]) + "' is not an integer";
    auto score = ParseFiniteDouble(fields[4]);
    if (!score) return "score '" + std::string(fields[4]) + "' is not a finite number";
    RunEntry entry;
    entry.rank = *rank;
    entry.score = *score;
    entry.docid = std::string(fields[2]);
    parsed.run[std::string(fields[0])].push_back(std::move(entry));
    return std::string();
  });
  return parsed;
}

EvalReport Evaluate(const Qrels& qrels, const Run& run, EvalScope scope) {
  EvalReport report;
  report.mean.qid = "all";
  for (const auto& [qid, judgments] : qrels) {
    const bool has_relevant = std::any_of(judgments.begin(), judgments.end(),
                                          [](const auto& judgment) { return judgment.second > 0; });
    if (!has_relevant) continue;
    auto found = run.find(qid);
    if (found == run.end() && scope == EvalScope::kRunQueries) continue;
    report.per_query.push_back(
        EvaluateQuery(qid, judgments, found == run.end() ? nullptr : &found->second));
  }

  // std::map iteration already yields qids in byte order, the order trec_eval
  // sums in, so the means below match its rounding too.
  QueryMetrics& mean = report.mean;
  for (const QueryMetrics& query : report.per_query) {
    mean.ap += query.ap;
    mean.p10 += query.p10;
    mean.ndcg10 += query.ndcg10;
    mean.recall1000 += query.recall1000;
    mean.num_ret += query.num_ret;
    mean.num_rel += query.num_rel;
    mean.num_rel_ret += query.num_rel_ret;
  }
  if (!report.per_query.empty()) {
    const double count = static_cast<double>(report.per_query.size());
    mean.ap /= count;
    mean.p10 /= count;
    mean.ndcg10 /= count;
    mean.recall1000 /= count;
  }
  return report;
}

}  // namespace newsdex
