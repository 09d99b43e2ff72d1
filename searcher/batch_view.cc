// searcher --batch and --eval: many queries from a file, or a run scored.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "invocation.h"
#include "newsdex/cli/eval_format.h"
#include "newsdex/cli/messages.h"
#include "newsdex/eval/eval.h"
#include "newsdex/search/batch.h"

namespace newsdex {
namespace {

// Reads qrels for --eval, reporting rejected lines as warnings.
bool LoadQrels(const std::string& path, Qrels* qrels) {
  std::ifstream in(path);
  if (!in) {
    Fail("cannot read qrels file " + path);
    return false;
  }
  auto parsed = ParseQrels(in);
  for (const auto& e : parsed.errors) {
    Warn(path + ":" + std::to_string(e.line) + ": " + e.message);
  }
  *qrels = std::move(parsed.qrels);
  return true;
}

// Prints each answer as it comes (or adds it to the run under evaluation).
class AnswerPrinter {
 public:
  AnswerPrinter(const FormatOptions& format, bool evaluating, bool counting, std::ofstream* timings)
      : format_(format), evaluating_(evaluating), counting_(counting), timings_(timings) {
    if (!evaluating_ && !counting_ && format_.format == OutputFormat::kTsv) {
      std::cout << TsvHeader(true) << "\n";
    }
    format_.tsv_header = false;
  }

  void operator()(const BatchAnswer& answer) {
    const BatchQuery& query = *answer.query;
    if (timings_->is_open()) *timings_ << query.qid << '\t' << answer.micros << '\n';
    for (const auto& warning : answer.warnings) Warn(warning);
    if (!answer.results) {
      any_failed_ = true;
      Fail("query " + query.qid + " (line " + std::to_string(query.line) +
           "): " + answer.results.error().message);
      return;
    }
    if (!answer.results->hits.empty()) any_hit_ = true;
    if (counting_) {
      if (answer.results->articles_lower_bound > 0) any_hit_ = true;
      format_.qid = query.qid;
      WriteCount(std::cout, *answer.results, format_);
      return;
    }
    if (evaluating_) {
      AddToRun(query.qid, *answer.results, &run_);
      return;
    }
    format_.qid = query.qid;
    format_.query_text = query.text;
    if (format_.format == OutputFormat::kText && !first_) std::cout << "\n";
    first_ = false;
    WriteResults(std::cout, *answer.results, format_);
    hits_ += answer.results->hits.size();
    sampled_ += SampledHits(*answer.results);
  }

  // Once for the whole batch, when some snippets came from stored samples.
  std::string SampledWarning() const { return SampledTextWarning(sampled_, hits_); }

  bool any_failed() const { return any_failed_; }
  bool any_hit() const { return any_hit_; }
  const Run& run() const { return run_; }

 private:
  FormatOptions format_;
  bool evaluating_;
  bool counting_;
  std::ofstream* timings_;
  bool any_failed_ = false;
  bool any_hit_ = false;
  bool first_ = true;
  std::size_t hits_ = 0;
  std::size_t sampled_ = 0;
  Run run_;
};

}  // namespace

int RunEvalRunView(const Invocation& inv) {
  Qrels qrels;
  if (!LoadQrels(inv.qrels_path, &qrels)) return ExitStatus(ExitCode::kError);
  std::ifstream in(inv.run_path);
  if (!in) return Fail("cannot read run file " + inv.run_path);
  auto parsed = ParseRun(in);
  for (const auto& e : parsed.errors) {
    Warn(inv.run_path + ":" + std::to_string(e.line) + ": " + e.message);
  }
  WriteEvalReport(std::cout, Evaluate(qrels, parsed.run, inv.eval_scope),
                  inv.format.format == OutputFormat::kJson);
  std::cout.flush();
  return ExitStatus(ExitCode::kOk);
}

int RunBatchView(const Invocation& inv) {
  Qrels qrels;
  bool evaluating = !inv.qrels_path.empty();
  if (evaluating && !LoadQrels(inv.qrels_path, &qrels)) return ExitStatus(ExitCode::kError);

  std::vector<BatchQuery> queries;
  if (inv.batch_path == "-") {
    queries = ParseBatch(std::cin);
  } else {
    std::ifstream in(inv.batch_path);
    if (!in) return Fail("cannot read batch file " + inv.batch_path);
    queries = ParseBatch(in);
  }
  std::ofstream timings;
  if (!inv.timings_path.empty()) {
    timings.open(inv.timings_path);
    if (!timings) return Fail("cannot write timings file " + inv.timings_path);
  }
  BatchOptions options;
  options.db_path = inv.db_path;
  options.searcher = inv.searcher;
  options.base = inv.request;
  options.jobs = inv.jobs;
  options.open = inv.open;

  AnswerPrinter printer(inv.format, evaluating, inv.count, &timings);
  std::vector<std::string> warnings;
  auto status = RunBatch(
      queries, options, [&](const BatchAnswer& answer) { printer(answer); }, &warnings);
  for (const auto& warning : warnings) Warn(warning);
  if (!status) return Fail(status.error().message);
  if (std::string sampled = printer.SampledWarning(); !sampled.empty()) Warn(sampled);
  if (evaluating) {
    WriteEvalReport(std::cout, Evaluate(qrels, printer.run(), inv.eval_scope),
                    inv.format.format == OutputFormat::kJson);
  }
  std::cout.flush();
  if (printer.any_failed()) return ExitStatus(ExitCode::kError);
  if (evaluating || printer.any_hit()) return ExitStatus(ExitCode::kOk);
  return ExitStatus(ExitCode::kPartial);
}

}  // namespace newsdex
