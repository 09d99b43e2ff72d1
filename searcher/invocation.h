// What one run of searcher asks for: the flags as CLI11 fills them, and the
// request they turn into (core options plus which view to print).
#ifndef NEWSDEX_SEARCHER_INVOCATION_H_
#define NEWSDEX_SEARCHER_INVOCATION_H_

#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/cli/result_formatter.h"
#include "newsdex/eval/eval.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/ranking.h"
#include "newsdex/search/searcher.h"
#include "newsdex/search/timeline.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"

namespace CLI {
class App;
}

namespace newsdex {

// Every flag as given on the command line, before any checking.
struct SearcherFlags {
  std::vector<std::string> words;
  std::string db;
  SearchRequest request;  // --from, --to, --limit, --offset
  std::string match = "any";
  std::string sort = "relevance";
  std::string format = "text";
  std::string color = "auto";
  bool no_pager = false;
  std::string config_path;  // --config (read before parsing, see main)
  bool list_saved = false;
  OpenOptions open;  // --allow-partial, --parallel, --timeout
  // Batch and evaluation.
  std::string batch_path;
  std::string qrels_path;
  std::string run_path;
  std::string timings_path;
  unsigned jobs = 1;
  bool eval_all_judged = false;
  bool count = false;  // --count
  // Ranking.
  std::string weighting;
  std::string bm25;
  unsigned expand = 0;
  RankingOptions ranking;  // the defaults the flags above adjust
  bool keep_stopwords = false;
  // News views.
  std::string duplicates;  // "", "show" or "collapse"
  std::string histogram;
  bool normalize = false;
  std::string like_id;
  std::string show_id;
  bool explain = false;
};

struct Config;

// Takes the index, option defaults and pager choice from the config file;
// flags given on the command line override them.
void ApplyConfigDefaults(const Config& config, SearcherFlags* flags);

// "@NAME" as the first word is replaced by the saved search NAME; fails when
// there is none of that name.
Status ExpandSavedSearch(const Config& config, SearcherFlags* flags);

// --list-saved: "@NAME<TAB>QUERY" per saved search; 1 when there are none.
int ListSavedSearches(const Config& config);

// Adds every searcher flag to `app`, filling `flags`.
void AddSearcherFlags(CLI::App* app, SearcherFlags* flags);

enum class View {
  kSearch,     // ranked hits for the query words (or --like ID)
  kShow,       // --show ID: one stored article
  kHistogram,  // --histogram PERIOD: matches per period
  kBatch,      // --batch FILE, with or without --eval
  kEvalRun,    // --eval QRELS --run FILE: score an existing run
};

// The checked request a run carries out.
struct Invocation {
  View view = View::kSearch;
  std::string db_path;
  SearchRequest request;
  SearcherOptions searcher;
  OpenOptions open;
  FormatOptions format;
  std::string like_id;  // kSearch: articles like this one instead of the words
  std::string show_id;
  Granularity histogram = Granularity::kMonth;
  bool normalize = false;
  std::string batch_path;  // "-" is stdin
  std::string qrels_path;  // kBatch: evaluate instead of printing hits
  std::string run_path;
  std::string timings_path;
  unsigned jobs = 1;
  EvalScope eval_scope = EvalScope::kRunQueries;
  // --count: one count per query (the request's limit is 0) instead of hits.
  bool count = false;
  bool pager = true;  // page long text output on a terminal
};

// Checks the flags and combines them; fails on a contradiction or a missing
// query, with a message saying what to give instead. `app` tells which
// options were given.
Result<Invocation> MakeInvocation(const SearcherFlags& flags, const CLI::App& app);

// Each runs one view and returns the program's exit status.
int RunQueryView(const Invocation& invocation);  // kSearch, kShow, kHistogram
int RunBatchView(const Invocation& invocation);
int RunEvalRunView(const Invocation& invocation);

}  // namespace newsdex

#endif  // NEWSDEX_SEARCHER_INVOCATION_H_
