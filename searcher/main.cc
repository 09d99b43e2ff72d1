// searcher: ranked keyword search over a newsdex index, with date filters.
#include <sys/ioctl.h>
#include <unistd.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/cli/eval_format.h"
#include "newsdex/cli/news_formatter.h"
#include "newsdex/cli/result_formatter.h"
#include "newsdex/eval/eval.h"
#include "newsdex/news/like.h"
#include "newsdex/news/suggest.h"
#include "newsdex/news/timeline.h"
#include "newsdex/search/batch.h"
#include "newsdex/search/ranking.h"
#include "newsdex/search/searcher.h"
#include "newsdex/store/open.h"

namespace {

using newsdex::ExitCode;

constexpr const char* kFooter =
    "QUERY SYNTAX\n"
    "  words            any of them (--match any) or all (--match all)\n"
    "  \"a phrase\"       the words next to each other, in order\n"
    "  a AND b, a OR b, a NOT b, +must -mustnot, a NEAR b, (grouping)\n"
    "  ukrain*          words starting with ukrain\n"
    "  title:word       the word in the title\n"
    "  date:2022  date:2022-02..2022-03-15  date:2023..  date:..2021-06\n"
    "\n"
    "BATCH FILES (--batch FILE, - for stdin)\n"
    "  QUERY                      one query per line; its id is the line number\n"
    "  QID<TAB>QUERY              with its own id\n"
    "  QID<TAB>QUERY<TAB>FROM..TO  and only articles dated FROM to TO (inclusive)\n"
    "  Blank lines and lines starting with # are skipped. Answers come in input\n"
    "  order; a failing query is named on stderr and the others still run.\n"
    "NEWS VIEWS\n"
    "  --histogram month QUERY   matches per period (every filter applies)\n"
    "  --like ID                 articles most like article ID (with --from/--to)\n"
    "  --show ID                 the whole stored article ID\n"
    "  Near-copies (same wire story) are collapsed in text output, '+N similar';\n"
    "  JSON and TSV list them all, with their cluster id and size.\n"
    "\n"
    "EXIT STATUS\n"
    "  0  something matched (evaluation: done)\n"
    "  1  nothing matched\n"
    "  2  error: bad option, query or date; missing or damaged index;\n"
    "     in a batch or evaluation, any query that failed\n"
    "\n"
    "The index location defaults to $NEWSDEX_DB, else\n"
    "$XDG_DATA_HOME/newsdex/index (~/.local/share/newsdex/index).";

int Fail(const std::string& message) {
  std::cerr << "searcher: error: " << message << "\n";
  return static_cast<int>(ExitCode::kError);
}

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
         !(term && std::string(term) == "dumb");
}

std::size_t TerminalWidth() {
  if (!::isatty(STDOUT_FILENO)) return 0;
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) return std::strtoul(columns, nullptr, 10);
  return 80;
}

newsdex::OutputFormat ParseFormat(const std::string& format) {
  if (format == "json") return newsdex::OutputFormat::kJson;
  if (format == "tsv") return newsdex::OutputFormat::kTsv;
  if (format == "trec") return newsdex::OutputFormat::kTrec;
  return newsdex::OutputFormat::kText;
}

// Reads qrels for --eval, reporting rejected lines as warnings.
bool LoadQrels(const std::string& path, newsdex::Qrels* qrels) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "searcher: error: cannot read qrels file " << path << "\n";
    return false;
  }
  auto parsed = newsdex::ParseQrels(in);
  for (const auto& e : parsed.errors) {
    std::cerr << "searcher: warning: " << path << ":" << e.line << ": " << e.message << "\n";
  }
  *qrels = std::move(parsed.qrels);
  return true;
}

struct BatchCli {
  std::string batch_path;
  std::string qrels_path;
  std::string run_path;
  std::string timings_path;
  unsigned jobs = 1;
};

// --eval with --run: scores an existing run file.
int EvalRunFile(const BatchCli& cli, bool json) {
  newsdex::Qrels qrels;
  if (!LoadQrels(cli.qrels_path, &qrels)) return static_cast<int>(ExitCode::kError);
  std::ifstream in(cli.run_path);
  if (!in) return Fail("cannot read run file " + cli.run_path);
  auto parsed = newsdex::ParseRun(in);
  for (const auto& e : parsed.errors) {
    std::cerr << "searcher: warning: " << cli.run_path << ":" << e.line << ": " << e.message
              << "\n";
  }
  newsdex::WriteEvalReport(std::cout, newsdex::Evaluate(qrels, parsed.run), json);
  std::cout.flush();
  return static_cast<int>(ExitCode::kOk);
}

// --batch, optionally with --eval: answers every query of the file in order.
int RunBatchCli(const BatchCli& cli, newsdex::BatchOptions options, newsdex::FormatOptions format) {
  newsdex::Qrels qrels;
  bool evaluating = !cli.qrels_path.empty();
  if (evaluating && !LoadQrels(cli.qrels_path, &qrels)) return static_cast<int>(ExitCode::kError);

  std::vector<newsdex::BatchQuery> queries;
  if (cli.batch_path == "-") {
    queries = newsdex::ParseBatch(std::cin);
  } else {
    std::ifstream in(cli.batch_path);
    if (!in) return Fail("cannot read batch file " + cli.batch_path);
    queries = newsdex::ParseBatch(in);
  }
  std::ofstream timings;
  if (!cli.timings_path.empty()) {
    timings.open(cli.timings_path);
    if (!timings) return Fail("cannot write timings file " + cli.timings_path);
  }

  bool any_failed = false;
  bool any_hit = false;
  newsdex::Run run;
  if (!evaluating && format.format == newsdex::OutputFormat::kTsv) {
    std::cout << newsdex::TsvHeader(true) << "\n";
  }
  format.tsv_header = false;
  bool first = true;
  std::vector<std::string> warnings;
  auto status = newsdex::RunBatch(
      queries, options,
      [&](const newsdex::BatchAnswer& answer) {
        const newsdex::BatchQuery& query = *answer.query;
        if (timings.is_open()) timings << query.qid << '\t' << answer.micros << '\n';
        if (!answer.results) {
          any_failed = true;
          std::cerr << "searcher: error: query " << query.qid << " (line " << query.line
                    << "): " << answer.results.error().message << "\n";
          return;
        }
        if (!answer.results->hits.empty()) any_hit = true;
        if (evaluating) {
          newsdex::AddToRun(query.qid, *answer.results, &run);
          return;
        }
        format.qid = query.qid;
        format.query_text = query.text;
        if (format.format == newsdex::OutputFormat::kText && !first) std::cout << "\n";
        first = false;
        newsdex::WriteResults(std::cout, *answer.results, format);
      },
      &warnings);
  for (const auto& warning : warnings) std::cerr << "searcher: warning: " << warning << "\n";
  if (!status) return Fail(status.error().message);
  if (evaluating) {
    newsdex::WriteEvalReport(std::cout, newsdex::Evaluate(qrels, run),
                             format.format == newsdex::OutputFormat::kJson);
  }
  std::cout.flush();
  if (any_failed) return static_cast<int>(ExitCode::kError);
  if (evaluating || any_hit) return static_cast<int>(ExitCode::kOk);
  return static_cast<int>(ExitCode::kPartial);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"searcher: ranked full-text search over a newsdex index"};
  app.footer(kFooter);

  std::vector<std::string> words;
  std::string db_path = newsdex::DefaultDbPath();
  newsdex::SearchRequest request;
  std::string format = "text";
  std::string color = "auto";
  newsdex::OpenOptions open_options;

  app.add_option("QUERY", words, "Query words and operators (see QUERY SYNTAX)");
  app.add_option("--db", db_path, "Index folder or Xapian database/stub file")
      ->capture_default_str();
  app.add_option("--from", request.from,
                 "Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)");
  app.add_option("--to", request.to,
                 "Only articles dated on or before DATE (--to 2022-02: to the end of February)");
  app.add_option("--match", request.match,
                 "any: rank by BM25 over any word; all: require every word")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, newsdex::MatchMode>{{"any", newsdex::MatchMode::kAny},
                                                    {"all", newsdex::MatchMode::kAll}},
          CLI::ignore_case))
      ->default_str("any");
  app.add_option("-n,--limit", request.limit, "Number of results")->capture_default_str();
  app.add_option("--offset", request.offset, "Skip this many results first")->capture_default_str();
  app.add_option("--sort", request.sort, "relevance, newest or oldest")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, newsdex::SortOrder>{{"relevance", newsdex::SortOrder::kRelevance},
                                                    {"newest", newsdex::SortOrder::kNewest},
                                                    {"oldest", newsdex::SortOrder::kOldest}},
          CLI::ignore_case))
      ->default_str("relevance");
  app.add_option("--format", format,
                 "text, json (one object per line), tsv or trec (QID Q0 ID RANK SCORE newsdex)")
      ->check(CLI::IsMember({"text", "json", "tsv", "trec"}))
      ->capture_default_str();
  app.add_option("--color", color,
                 "Bold titles and query words: auto (on a terminal, unless NO_COLOR is set), "
                 "always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  BatchCli batch;
  newsdex::SearcherOptions searcher_options;
  newsdex::RankingOptions& ranking = searcher_options.ranking;
  std::string weighting = newsdex::WeightingName(ranking.weighting);
  std::string bm25;
  bool keep_stopwords = false;
  app.add_option("--batch", batch.batch_path,
                 "Answer every query of FILE (- for stdin), see BATCH FILES");
  app.add_option("--jobs", batch.jobs, "Batch: answer on N threads (output order is kept)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--eval", batch.qrels_path,
                 "Score --batch (or --run) against TREC qrels: MAP, P@10, nDCG@10, R@1000");
  app.add_option("--run", batch.run_path,
                 "With --eval: score this TREC run file instead of searching");
  app.add_option("--timings", batch.timings_path, "Batch: write QID<TAB>microseconds per query")
      ->group("");
  // For benchmarks: filter dates through a value range instead of terms.
  bool date_by_value = false;
  app.add_flag("--date-filter-by-value", date_by_value,
               "Filter --from/--to through a value range (to measure against terms)")
      ->group("");
  app.add_option("--weighting", weighting, "bm25, bm25+, pl2, dlh, lm or tfidf")
      ->check(CLI::IsMember({"bm25", "bm25+", "pl2", "dlh", "lm", "tfidf"}))
      ->capture_default_str();
  app.add_option("--bm25", bm25, "BM25 parameters K1,B (default 1.2,0.4)");
  unsigned expand = 0;
  app.add_option(
      "--expand", expand,
      "Pseudo-relevance feedback that also adds results: search again with the N best terms "
      "of the top 10 results (by default they only re-rank the matches; 0: no feedback)");
  app.add_option("--expand-docs", ranking.expand_docs, "Feedback documents for --expand")
      ->group("");
  app.add_option("--expand-weight", ranking.expand_weight, "Weight of --expand terms")->group("");

  app.add_flag(
      "--keep-stopwords", keep_stopwords,
      "Search for function words (the, of, ...) too; they are dropped outside phrases by default");

  app.add_flag("--allow-partial", open_options.allow_partial,
               "With a sharded index, answer from the shards that respond when some do not (with a "
               "warning)");
  app.add_flag("--parallel", open_options.parallel,
               "With a sharded index, match each local shard in its own xapian-progsrv process "
               "(one query uses several cores; same results)");
  app.add_option("--timeout", open_options.remote_timeout_ms,
                 "Milliseconds to wait for a remote shard before giving up on it")
      ->capture_default_str();
  // issue 6: news views and options.
  std::string duplicates;  // default: collapse for text, show for json/tsv
  std::string histogram;
  bool normalize = false;
  std::string like_id;
  std::string show_id;
  bool explain = false;
  app.add_option("--duplicates", duplicates,
                 "Near-copies: collapse (one hit per cluster, '+N similar'; default for text) "
                 "or show (all; default for json/tsv)")
      ->check(CLI::IsMember({"show", "collapse"}));
  app.add_option("--histogram", histogram,
                 "Count matches per year, month, week or day and draw a bar chart")
      ->check(CLI::IsMember({"year", "month", "week", "day"}));
  app.add_flag("--normalize", normalize,
               "With --histogram: each count as a share of all articles in that period");
  app.add_option("--like", like_id, "Articles most like article ID (date filters apply)");
  app.add_option("--show", show_id, "Print the whole stored article ID with its metadata");
  app.add_flag("--explain", explain, "Print the parsed query and each hit's score per term");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kError);
  }

  ranking.weighting = *newsdex::ParseWeighting(weighting);
  if (date_by_value) searcher_options.date_filter = newsdex::DateFilterMode::kValueRange;
  if (!bm25.empty()) {
    auto parsed = newsdex::ParseBm25Params(bm25, &ranking);
    if (!parsed) return Fail(parsed.error().message);
  }
  ranking.stopwords = !keep_stopwords;
  if (app.count("--expand") > 0) {
    ranking.expand_terms = expand;
    ranking.expand_adds = true;
  }
  newsdex::FormatOptions format_options;
  format_options.format = ParseFormat(format);
  // Programs reading TREC runs or scores never see snippets: skip the work.
  searcher_options.snippets =
      format_options.format != newsdex::OutputFormat::kTrec && batch.qrels_path.empty();
  searcher_options.ids_only = !searcher_options.snippets;
  // Text output collapses near-copies; programs get every hit unless told.
  searcher_options.collapse_duplicates = duplicates.empty()
                                             ? format_options.format == newsdex::OutputFormat::kText
                                             : duplicates == "collapse";
  searcher_options.explain = explain;

  if (!batch.run_path.empty() || !batch.batch_path.empty() || !batch.qrels_path.empty()) {
    if (!words.empty()) return Fail("give the query words or --batch/--run, not both");
    if (!batch.run_path.empty() && !batch.batch_path.empty()) {
      return Fail("--run scores an existing run and --batch makes one: give one of them");
    }
    if (!batch.run_path.empty() && batch.qrels_path.empty()) {
      return Fail("--run needs --eval QRELS (to search, use --batch)");
    }
    if (!batch.qrels_path.empty() && batch.run_path.empty() && batch.batch_path.empty()) {
      return Fail("--eval needs --batch FILE (queries to run) or --run FILE (a run to score)");
    }
    try {
      if (!batch.run_path.empty()) {
        return EvalRunFile(batch, format_options.format == newsdex::OutputFormat::kJson);
      }
      // Recall@1000 and MAP need deep runs: evaluate 1000 hits unless told.
      if (!batch.qrels_path.empty() && app.count("--limit") == 0) request.limit = 1000;
      newsdex::BatchOptions options;
      options.db_path = db_path;
      options.searcher = searcher_options;
      options.base = request;
      options.jobs = batch.jobs;
      options.open = open_options;
      options.open.connect_timeout_ms =
          std::min(open_options.connect_timeout_ms, open_options.remote_timeout_ms);
      format_options.color = UseColor(color);
      format_options.width = TerminalWidth();
      return RunBatchCli(batch, options, format_options);
    } catch (const Xapian::Error& e) {
      return Fail(e.get_description());
    } catch (const std::exception& e) {
      return Fail(e.what());
    }
  }

  for (const auto& word : words) {
    if (!request.text.empty()) request.text += ' ';
    request.text += word;
  }
  if (request.text.empty() && request.from.empty() && request.to.empty() && like_id.empty() &&
      show_id.empty()) {
    return Fail("no query given; try: searcher WORDS... (searcher --help for the syntax)");
  }

  try {
    open_options.connect_timeout_ms =
        std::min(open_options.connect_timeout_ms, open_options.remote_timeout_ms);
    auto index = newsdex::OpenShardedIndex(db_path, open_options);
    if (!index) return Fail(index.error().message);
    newsdex::FormatOptions options = format_options;
    options.color = UseColor(color);
    options.width = TerminalWidth();

    for (const auto& warning : index->warnings) {
      std::cerr << "searcher: warning: " << warning << "\n";
    }
    std::size_t warned = index->warnings.size();
    Xapian::Database& db = index->db;

    // issue 6: --show and --histogram print their own views.
    if (!show_id.empty()) {
      auto articles = newsdex::FindArticles(db, show_id);
      if (!articles) return Fail(articles.error().message);
      newsdex::WriteArticles(std::cout, *articles, options);
      return static_cast<int>(ExitCode::kOk);
    }
    if (!histogram.empty()) {
      auto timeline = newsdex::ComputeTimeline(db, request, *newsdex::ParseGranularity(histogram));
      if (!timeline) return Fail(timeline.error().message);
      newsdex::WriteTimeline(std::cout, *timeline, normalize, options);
      return static_cast<int>(timeline->matches == 0 ? ExitCode::kPartial : ExitCode::kOk);
    }

    auto search = [&]() -> newsdex::Result<newsdex::SearchResults> {
      searcher_options.remote_shards = newsdex::HasRemoteShards(*index);
      newsdex::Searcher searcher(index->db, searcher_options, index->local_documents);
      if (like_id.empty()) return searcher.Search(request);
      auto like = newsdex::LikeQuery(index->db, like_id);
      if (!like) return like.error();
      return searcher.SearchQuery(*like, request);
    };
    auto results = search();
    if (!results && index->shards.size() > 1) {
      // A shard that broke mid-search surfaces as one generic error; name it,
      // and under --allow-partial try again without it.
      auto failing = newsdex::FailingShards(*index);
      if (!failing.empty() && open_options.allow_partial && newsdex::DropFailingShards(*index)) {
        for (std::size_t i = warned; i < index->warnings.size(); ++i) {
          std::cerr << "searcher: warning: " << index->warnings[i] << "\n";
        }
        results = search();
      } else if (!failing.empty()) {
        return Fail("shard '" + failing.front().first + "' failed: " + failing.front().second +
                    " (--allow-partial answers from the other shards)");
      }
    }
    if (!results) return Fail(results.error().message);
    newsdex::WriteResults(std::cout, *results, options);
    // issue 6: few or no matches may be a typo; stdout stays results only.
    constexpr std::uint64_t kFewMatches = 2;
    if (like_id.empty() && options.format == newsdex::OutputFormat::kText &&
        results->matches_estimated <= kFewMatches) {
      if (auto suggestion = newsdex::SuggestSpelling(index->db, request.text)) {
        std::cerr << "Did you mean: " << *suggestion << "?\n";
      }
    }
    std::cout.flush();
    return static_cast<int>(results->hits.empty() ? ExitCode::kPartial : ExitCode::kOk);
  } catch (const Xapian::Error& e) {
    return Fail(e.get_description());
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}
