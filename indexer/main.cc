// indexer: builds a newsdex index from folders of articles. A table of
// subcommands, each adding its flags and running on what they filled in.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <exception>

#include "commands.h"
#include "newsdex/base/error.h"
#include "newsdex/cli/messages.h"
#include "newsdex/store/database.h"

namespace {

using newsdex::IndexerFlags;

std::atomic<bool> g_cancel{false};

void OnSignal(int) { g_cancel.store(true); }

constexpr const char* kExitStatus =
    "EXIT STATUS\n"
    "  0  every file was indexed\n"
    "  1  done, but some files were skipped (each is named on stderr)\n"
    "  2  fatal or usage error (another indexer holds the index: its pid is named)\n"
    "  130 interrupted; build: the previous index is unchanged; update: the\n"
    "      batches committed stay and the next update finishes the work\n"
    "  indexer check: 0 the index is sound, 2 missing or damaged (rebuild it)\n"
    "\n"
    "The index location defaults to $NEWSDEX_DB, else\n"
    "$XDG_DATA_HOME/newsdex/index (~/.local/share/newsdex/index).";

struct Tool {
  const char* name;
  const char* description;
  void (*add_flags)(CLI::App* cmd, IndexerFlags* flags);
  int (*run)(IndexerFlags& flags);
  // Build and update stop cleanly on SIGINT/SIGTERM; the others just die.
  bool cancellable;
};

constexpr Tool kTools[] = {
    {"build", "Index every *.txt article under CORPUS_DIR... into a new index and swap it in",
     newsdex::AddBuildFlags, newsdex::RunBuild, true},
    {"update",
     "Bring the index in line with CORPUS_DIR...: add new files, re-index changed ones, "
     "remove articles whose files are gone (builds the index when there is none)",
     newsdex::AddUpdateFlags, newsdex::RunUpdate, true},
    {"stats", "Describe the index: articles, dates, articles per year, size, last build",
     newsdex::AddStatsFlags, newsdex::RunStats, false},
    {"compact",
     "Compact the index, merging its shards into one database (in place, or into --to PATH)",
     newsdex::AddCompactFlags, newsdex::RunCompact, false},
    {"dates", "Date quality: articles per period, undated and out-of-range dates, gaps",
     newsdex::AddDatesFlags, newsdex::RunDates, false},
    {"boilerplate", "List the most frequent lines the build removed as boilerplate",
     newsdex::AddBoilerplateFlags, newsdex::RunBoilerplate, false},
    {"check", "Run Xapian's consistency checker on the index; exit 0 sound, 2 rebuild needed",
     newsdex::AddCheckFlags, newsdex::RunCheck, false},
};

int RunTool(const Tool& tool, IndexerFlags& flags) {
  if (tool.cancellable) {
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    flags.cancel = &g_cancel;
  }
  try {
    return tool.run(flags);
  } catch (const Xapian::Error& e) {
    return newsdex::Fail(e.get_description());
  } catch (const std::exception& e) {
    return newsdex::Fail(e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  newsdex::SetProgramName("indexer");
  CLI::App app{"indexer: build a newsdex full-text index from folders of news articles"};
  app.footer(kExitStatus);
  app.require_subcommand(1);

  IndexerFlags flags;
  flags.db = newsdex::DefaultDbPath();
  for (const Tool& tool : kTools) {
    tool.add_flags(app.add_subcommand(tool.name, tool.description), &flags);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : newsdex::ExitStatus(newsdex::ExitCode::kError);
  }
  for (const Tool& tool : kTools) {
    if (app.get_subcommand(tool.name)->parsed()) return RunTool(tool, flags);
  }
  return newsdex::Fail("no subcommand given; try: indexer --help");
}
