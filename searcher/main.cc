// searcher: ranked keyword search over a newsdex index, with date filters.
// Flags -> Invocation (core request and view) -> core -> formatter -> exit code.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>

#include "invocation.h"
#include "newsdex/base/error.h"
#include "newsdex/cli/config.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/pager.h"
#include "newsdex/cli/usage.h"
#include "newsdex/cli/version.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"

namespace {

constexpr const char* kFooter =
    "QUERY SYNTAX\n"
    "  words            any of them (--match any) or all (--match all)\n"
    "  \"a phrase\"       the words next to each other, in order\n"
    "  a AND b, a OR b, a NOT b, +must -mustnot, a NEAR b, (grouping)\n"
    "  ukrain*          words starting with ukrain\n"
    "  title:word       the word in the title\n"
    "  date:2022  date:2022-02..2022-03-15  date:2023..  date:..2021-06\n"
    "  date:1y..  date:2w..yesterday   (relative: Nd, Nw, Nm, Ny ago; today, yesterday;\n"
    "                                   NEWSDEX_TODAY=YYYY-MM-DD fixes today for tests)\n"
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
    "  --show ID                 the whole article ID (read from its file)\n"
    "  Near-copies (same wire story) are collapsed in text output, '+N similar';\n"
    "  JSON and TSV list them all, with their cluster id and size.\n"
    "\n"
    "COUNTS\n"
    "  Text output starts with the exact count: '10 of 46 articles (41 stories)'\n"
    "  when near-copies are collapsed, '10 of 46 articles' when not.\n"
    "  --count prints the number of matching articles alone (every filter\n"
    "  applies); with --format json one object {\"articles\": N, \"stories\": S};\n"
    "  with --batch one line per query, QID<TAB>N (JSON: with \"qid\").\n"
    "  JSON and TSV hit lines carry no count.\n"
    "\n"
    "EXIT STATUS\n"
    "  0  something matched (evaluation: done)\n"
    "  1  nothing matched\n"
    "  2  error: bad option, query or date; missing or damaged index;\n"
    "     in a batch or evaluation, any query that failed\n"
    "\n"
    "The index location defaults to $NEWSDEX_DB, else\n"
    "$XDG_DATA_HOME/newsdex/index (~/.local/share/newsdex/index).";

int Run(newsdex::Invocation& invocation) {
  using newsdex::View;
  switch (invocation.view) {
    case View::kEvalRun:
      return newsdex::RunEvalRunView(invocation);
    case View::kBatch:
      return newsdex::RunBatchView(invocation);
    case View::kSearch:
    case View::kShow:
    case View::kHistogram:
      break;
  }
  return newsdex::RunQueryView(invocation);
}

}  // namespace

int main(int argc, char** argv) {
  newsdex::SetProgramName("searcher");
  CLI::App app{"searcher: ranked full-text search over a newsdex index"};
  app.footer(kFooter);
  app.set_version_flag("--version", "searcher (newsdex) " NEWSDEX_VERSION,
                       "Print the version and exit");
  // The config file gives defaults, so it is read before the flags.
  std::string config_arg = newsdex::ConfigArgument(argc, argv);
  bool named = !config_arg.empty() || std::getenv("NEWSDEX_CONFIG") != nullptr;
  auto config = newsdex::LoadConfig(newsdex::ConfigPath(config_arg), named);
  if (!config) return newsdex::Fail(config.error().message);
  newsdex::SearcherFlags flags;
  newsdex::ApplyConfigDefaults(*config, &flags);
  newsdex::AddSearcherFlags(&app, &flags);
  if (auto status = newsdex::ParseCommandLine(app, argc, argv)) return *status;
  if (flags.list_saved) return newsdex::ListSavedSearches(*config);
  auto expanded = newsdex::ExpandSavedSearch(*config, &flags);
  if (!expanded) return newsdex::Fail(expanded.error().message);
  auto invocation = newsdex::MakeInvocation(flags, app);
  if (!invocation) return newsdex::Fail(invocation.error().message);
  // Text for people may be long: page it on a terminal. Programs reading
  // JSON, TSV or TREC never get a pager, nor does an evaluation report.
  newsdex::Pager pager;
  if (invocation->pager && invocation->format.format == newsdex::OutputFormat::kText &&
      invocation->view != newsdex::View::kEvalRun) {
    pager.Start();
  }
  try {
    return Run(*invocation);
  } catch (const Xapian::Error& e) {
    return newsdex::Fail(e.get_description());
  } catch (const std::exception& e) {
    return newsdex::Fail(e.what());
  }
}
