// indexer: builds a newsdex index from folders of articles. A table of
// subcommands, each adding its flags and running on what they filled in.
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <exception>

#include "commands.h"
#include "newsdex/base/error.h"
#include "newsdex/cli/config.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/usage.h"
#include "newsdex/cli/version.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"

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
  const char* version = "indexer (newsdex) " NEWSDEX_VERSION;
  app.set_version_flag("--version", version, "Print the version and exit");
  const char* config_help =
      "Read this config file (for db = \"PATH\") instead of $NEWSDEX_CONFIG or "
      "$XDG_CONFIG_HOME/newsdex/config.toml";

  // The config file may name the index; --db overrides it.
  std::string config_arg = newsdex::ConfigArgument(argc, argv);
  bool named = !config_arg.empty() || std::getenv("NEWSDEX_CONFIG") != nullptr;
  auto config = newsdex::LoadConfig(newsdex::ConfigPath(config_arg), named);
  if (!config) return newsdex::Fail(config.error().message);
  IndexerFlags flags;
  flags.db = newsdex::ConfiguredDbPath(*config);
  app.add_option("--config", config_arg, config_help);
  for (const Tool& tool : kTools) {
    CLI::App* cmd = app.add_subcommand(tool.name, tool.description);
    cmd->set_version_flag("--version", version, "Print the version and exit");
    cmd->add_option("--config", config_arg, config_help);
    tool.add_flags(cmd, &flags);
  }
  if (auto status = newsdex::ParseCommandLine(app, argc, argv)) return *status;
  for (const Tool& tool : kTools) {
    if (app.get_subcommand(tool.name)->parsed()) return RunTool(tool, flags);
  }
  return newsdex::Fail("no subcommand given; try: indexer --help");
}
