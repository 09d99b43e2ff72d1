// searcher's flags, and the checks that turn them into an Invocation.
#include "invocation.h"

#include <CLI/CLI.hpp>
#include <map>

#include "newsdex/cli/terminal.h"
#include "newsdex/cli/validators.h"

namespace newsdex {
namespace {

constexpr unsigned long kMaxLimit = 100000000;
constexpr unsigned long kMaxOffset = 1000000000;
constexpr const char* kTimingsNeedBatch =
    "--timings times the queries of a --batch; add --batch FILE or drop --timings";

void AddQueryFlags(CLI::App* app, SearcherFlags* flags) {
  SearchRequest& request = flags->request;
  app->add_option("QUERY", flags->words, "Query words and operators (see QUERY SYNTAX)");
  app->add_option("--db", flags->db, "Index folder or Xapian database/stub file")
      ->capture_default_str();
  app->add_option("--from", request.from,
                  "Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD, or Nd, Nw, "
                  "Nm, Ny: N days, weeks, months, years ago; today, yesterday)");
  app->add_option("--to", request.to,
                  "Only articles dated on or before DATE (--to 2022-02: to the end of February)");
  app->add_option("--match", flags->match,
                  "any: rank by BM25 over any word; all: require every word")
      ->check(OneOf({"any", "all"}))
      ->capture_default_str();
  app->add_option("-n,--limit", request.limit, "Number of results")
      ->check(Count(0, kMaxLimit))
      ->capture_default_str();
  app->add_option("--offset", request.offset, "Skip this many results first")
      ->check(Count(0, kMaxOffset))
      ->capture_default_str();
  app->add_option("--sort", flags->sort, "relevance, newest or oldest")
      ->check(OneOf({"relevance", "newest", "oldest"}))
      ->capture_default_str();
  app->add_option("--format", flags->format,
                  "text, json (one object per line), tsv or trec (QID Q0 ID RANK SCORE newsdex)")
      ->check(OneOf({"text", "json", "tsv", "trec"}))
      ->capture_default_str();
  app->add_option("--color", flags->color,
                  "Bold titles and query words: auto (on a terminal, unless NO_COLOR is set), "
                  "always or never")
      ->check(OneOf({"auto", "always", "never"}))
      ->capture_default_str();
  app->add_flag("--no-pager", flags->no_pager,
                "Never page text output (by default long text output on a terminal goes "
                "through $PAGER, else less -FRX)");
  app->add_option("--config", flags->config_path,
                  "Read this config file instead of $NEWSDEX_CONFIG or "
                  "$XDG_CONFIG_HOME/newsdex/config.toml");
  app->add_flag("--list-saved", flags->list_saved,
                "List the saved searches of the config file ([queries]; run one: searcher @NAME)");
}

void AddBatchAndRankingFlags(CLI::App* app, SearcherFlags* flags) {
  app->add_option("--batch", flags->batch_path,
                  "Answer every query of FILE (- for stdin), see BATCH FILES");
  app->add_option("--jobs", flags->jobs, "Batch: answer on N threads (output order is kept)")
      ->check(Count(1, 64))
      ->capture_default_str();
  app->add_option("--eval", flags->qrels_path,
                  "Score --batch (or --run) against TREC qrels: MAP, P@10, nDCG@10, R@1000");
  app->add_flag("--eval-all-judged", flags->eval_all_judged,
                "With --eval: average over every judged query, those the run leaves out scoring 0 "
                "(trec_eval -c); by default over the run's queries that have judgments");
  app->add_flag("--count", flags->count,
                "Print the exact number of matching articles (every filter applies; see COUNTS)");
  app->add_option("--run", flags->run_path,
                  "With --eval: score this TREC run file instead of searching");
  app->add_option("--timings", flags->timings_path,
                  "With --batch: write QID<TAB>MICROSECONDS per query to FILE (the time spent "
                  "answering it, in this process)");
  flags->weighting = WeightingName(flags->ranking.weighting);
  app->add_option("--weighting", flags->weighting, "bm25, bm25+, pl2, dlh, lm or tfidf")
      ->check(OneOf({"bm25", "bm25+", "pl2", "dlh", "lm", "tfidf"}))
      ->capture_default_str();
  app->add_option("--bm25", flags->bm25, "BM25 parameters K1,B (default 1.2,0.4)");
  app->add_option(
      "--expand", flags->expand,
      "Pseudo-relevance feedback that also adds results: search again with the N best terms "
      "of the top 10 results (by default they only re-rank the matches; 0: no feedback)");
  app->add_flag(
      "--keep-stopwords", flags->keep_stopwords,
      "Search for function words (the, of, ...) too; they are dropped outside phrases by default");
}

void AddShardAndNewsFlags(CLI::App* app, SearcherFlags* flags) {
  OpenOptions& open = flags->open;
  app->add_flag("--allow-partial", open.allow_partial,
                "With a sharded index, answer from the shards that respond when some do not "
                "(with a warning)");
  app->add_flag("--parallel", open.parallel,
                "With a sharded index, match each local shard in its own xapian-progsrv process "
                "(one query uses several cores; same results)");
  app->add_option("--timeout", open.remote_timeout_ms,
                  "Milliseconds to wait for a remote shard before giving up on it")
      ->capture_default_str();
  app->add_option("--duplicates", flags->duplicates,
                  "Near-copies: collapse (one hit per cluster, '+N similar'; default for text) "
                  "or show (all; default for json/tsv)")
      ->check(OneOf({"show", "collapse"}));
  app->add_option("--histogram", flags->histogram,
                  "Count matches per year, month, week or day and draw a bar chart")
      ->check(OneOf({"year", "month", "week", "day"}));
  app->add_flag("--normalize", flags->normalize,
                "With --histogram: each count as a share of all articles in that period");
  app->add_option("--like", flags->like_id, "Articles most like article ID (date filters apply)");
  app->add_option("--show", flags->show_id,
                  "Print the whole article ID (read from its file) with its metadata");
  app->add_flag("--explain", flags->explain,
                "Print the parsed query and each hit's score per term");
}

OutputFormat ParseFormat(const std::string& format) {
  if (format == "json") return OutputFormat::kJson;
  if (format == "tsv") return OutputFormat::kTsv;
  if (format == "trec") return OutputFormat::kTrec;
  return OutputFormat::kText;
}

Status ApplyRanking(const SearcherFlags& flags, const CLI::App& app, RankingOptions* ranking) {
  *ranking = flags.ranking;
  ranking->weighting = *ParseWeighting(flags.weighting);
  if (!flags.bm25.empty()) {
    auto parsed = ParseBm25Params(flags.bm25, ranking);
    if (!parsed) return parsed.error();
  }
  ranking->stopwords = !flags.keep_stopwords;
  if (app.count("--expand") > 0) {
    ranking->expand_terms = flags.expand;
    ranking->expand_adds = true;
  }
  return Ok{};
}

// Batch and evaluation: which of --batch, --run and --eval go together.
Status PickBatchView(const SearcherFlags& flags, Invocation* inv) {
  if (!flags.words.empty()) return Error{"give the query words or --batch/--run, not both"};
  if (!flags.timings_path.empty() && flags.batch_path.empty()) {
    return Error{kTimingsNeedBatch};
  }
  if (!flags.run_path.empty() && !flags.batch_path.empty()) {
    return Error{"--run scores an existing run and --batch makes one: give one of them"};
  }
  if (!flags.run_path.empty() && flags.qrels_path.empty()) {
    return Error{"--run needs --eval QRELS (to search, use --batch)"};
  }
  if (!flags.qrels_path.empty() && flags.run_path.empty() && flags.batch_path.empty()) {
    return Error{"--eval needs --batch FILE (queries to run) or --run FILE (a run to score)"};
  }
  inv->view = flags.run_path.empty() ? View::kBatch : View::kEvalRun;
  return Ok{};
}

// Options that contradict each other or would be ignored.
Status CheckCombinations(const SearcherFlags& flags) {
  bool words = !flags.words.empty();
  if (!flags.show_id.empty()) {
    if (!flags.like_id.empty())
      return Error{"--show ID prints one article and --like ID searches: give one of them"};
    if (words) return Error{"--show ID takes no query words; drop the words or --show"};
    if (!flags.histogram.empty())
      return Error{"--show ID draws no histogram; drop --histogram or --show"};
  }
  if (!flags.like_id.empty()) {
    if (words)
      return Error{
          "--like ID finds articles like ID and ignores query words; drop the words (date filters "
          "apply) or --like"};
    if (!flags.histogram.empty())
      return Error{"--histogram counts the matches of query words, not --like; drop one of them"};
  }
  if (flags.explain && !flags.histogram.empty()) {
    return Error{"--explain explains ranked hits and --histogram draws none; drop one of them"};
  }
  if (flags.normalize && flags.histogram.empty()) {
    return Error{
        "--normalize only applies to --histogram; add --histogram PERIOD or drop --normalize"};
  }
  return Ok{};
}

// What evaluation and --count ask of the searcher: evaluation scores the
// ranking of every article whatever the display; --count an empty page of a
// search that counts exactly, stories included; and only text shows counts.
Status ApplyCountingAndEval(const SearcherFlags& flags, Invocation* inv) {
  const bool evaluating = !flags.qrels_path.empty();
  if (flags.eval_all_judged && !evaluating)
    return Error{"--eval-all-judged goes with --eval QRELS"};
  if (flags.eval_all_judged) inv->eval_scope = EvalScope::kAllJudged;
  if (evaluating && flags.duplicates == "collapse") {
    return Error{"--eval scores every ranked article, near-copies included: drop --duplicates"};
  }
  if (flags.count && (evaluating || !flags.like_id.empty() || !flags.show_id.empty() ||
                      !flags.histogram.empty())) {
    return Error{
        "--count counts the matches of a query or a --batch; drop --eval, --like, --show or "
        "--histogram"};
  }
  if (evaluating) inv->searcher.collapse_duplicates = false;
  inv->searcher.exact_counts = inv->format.format == OutputFormat::kText;
  inv->count = flags.count;
  if (flags.count) {
    inv->searcher.exact_counts = true;
    inv->searcher.collapse_duplicates = true;
    inv->searcher.ids_only = true;
    inv->searcher.snippets = false;
    inv->request.limit = 0;
    inv->request.offset = 0;
  }
  return Ok{};
}

// A single query: the words, --like, --show or --histogram.
Status PickQueryView(const SearcherFlags& flags, Invocation* inv) {
  if (!flags.timings_path.empty()) {
    return Error{kTimingsNeedBatch};
  }
  for (const auto& word : flags.words) {
    if (!inv->request.text.empty()) inv->request.text += ' ';
    inv->request.text += word;
  }
  if (inv->request.text.empty() && inv->request.from.empty() && inv->request.to.empty() &&
      flags.like_id.empty() && flags.show_id.empty()) {
    return Error{"no query given; try: searcher WORDS... (searcher --help for the syntax)"};
  }
  if (!flags.show_id.empty()) {
    inv->view = View::kShow;
  } else if (!flags.histogram.empty()) {
    inv->view = View::kHistogram;
    inv->histogram = *ParseGranularity(flags.histogram);
  }
  return Ok{};
}

}  // namespace

void AddSearcherFlags(CLI::App* app, SearcherFlags* flags) {
  AddQueryFlags(app, flags);
  AddBatchAndRankingFlags(app, flags);
  AddShardAndNewsFlags(app, flags);
}

Result<Invocation> MakeInvocation(const SearcherFlags& flags, const CLI::App& app) {
  Invocation inv;
  inv.db_path = flags.db;
  inv.request = flags.request;
  inv.request.match = flags.match == "all" ? MatchMode::kAll : MatchMode::kAny;
  inv.request.sort = flags.sort == "newest"   ? SortOrder::kNewest
                     : flags.sort == "oldest" ? SortOrder::kOldest
                                              : SortOrder::kRelevance;
  inv.pager = !flags.no_pager;
  auto ranked = ApplyRanking(flags, app, &inv.searcher.ranking);
  if (!ranked) return ranked.error();
  inv.format.format = ParseFormat(flags.format);
  // Programs reading TREC runs or scores never see snippets: skip the work.
  inv.searcher.snippets = inv.format.format != OutputFormat::kTrec && flags.qrels_path.empty();
  inv.searcher.ids_only = !inv.searcher.snippets;
  // Text output collapses near-copies; programs get every hit unless told.
  inv.searcher.collapse_duplicates = flags.duplicates.empty()
                                         ? inv.format.format == OutputFormat::kText
                                         : flags.duplicates == "collapse";
  inv.searcher.explain = flags.explain;
  auto counting = ApplyCountingAndEval(flags, &inv);
  if (!counting) return counting.error();
  inv.open = flags.open;
  inv.like_id = flags.like_id;
  inv.show_id = flags.show_id;
  inv.normalize = flags.normalize;
  inv.batch_path = flags.batch_path;
  inv.qrels_path = flags.qrels_path;
  inv.run_path = flags.run_path;
  inv.timings_path = flags.timings_path;
  inv.jobs = flags.jobs;
  bool batch = !flags.run_path.empty() || !flags.batch_path.empty() || !flags.qrels_path.empty();
  if (!batch) {
    auto combined = CheckCombinations(flags);
    if (!combined) return combined.error();
  }
  auto picked = batch ? PickBatchView(flags, &inv) : PickQueryView(flags, &inv);
  if (!picked) return picked.error();
  // Recall@1000 and MAP need deep runs: evaluate 1000 hits unless told.
  if (!inv.qrels_path.empty() && app.count("--limit") == 0) inv.request.limit = 1000;
  if (inv.count) inv.request.limit = 0;
  if (inv.view != View::kEvalRun) {
    inv.format.color = UseColor(flags.color);
    inv.format.width = TerminalWidth();
  }
  return inv;
}

}  // namespace newsdex
