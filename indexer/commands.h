// The indexer's subcommands: each one adds its flags to a CLI11 subcommand
// and runs from the values they filled in.
#ifndef NEWSDEX_INDEXER_COMMANDS_H_
#define NEWSDEX_INDEXER_COMMANDS_H_

#include <atomic>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/index/build.h"
#include "newsdex/index/compact.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace newsdex {

// Every flag of every subcommand; only the parsed subcommand's are read.
struct IndexerFlags {
  std::string db;  // --db of every subcommand
  // build and update
  BuildOptions build;
  bool quiet = false;
  bool verbose = false;
  bool no_positions = false;
  bool exact_tf = false;
  double length_reference = 0;  // 0: build measures the corpus's average
  bool no_boilerplate = false;
  bool no_spelling = false;
  // Each flag that gives an index setting, with the setting's name
  // (settings.h), so an update knows which settings the user gave.
  std::vector<std::pair<CLI::Option*, std::string>> setting_flags;
  bool no_compact = false;  // update: never compact automatically
  // compact
  CompactOptions compact;
  // stats, dates, boilerplate
  std::string format = "text";
  std::string by = "month";
  bool json = false;
  std::size_t top = 20;
  // Set by SIGINT/SIGTERM during build and update.
  std::atomic<bool>* cancel = nullptr;
};

void AddBuildFlags(CLI::App* cmd, IndexerFlags* flags);
void AddUpdateFlags(CLI::App* cmd, IndexerFlags* flags);
void AddCompactFlags(CLI::App* cmd, IndexerFlags* flags);
void AddStatsFlags(CLI::App* cmd, IndexerFlags* flags);
void AddDatesFlags(CLI::App* cmd, IndexerFlags* flags);
void AddBoilerplateFlags(CLI::App* cmd, IndexerFlags* flags);
void AddCheckFlags(CLI::App* cmd, IndexerFlags* flags);

// Each returns the program's exit status.
int RunBuild(IndexerFlags& flags);
int RunUpdate(IndexerFlags& flags);
int RunCompact(IndexerFlags& flags);
int RunStats(IndexerFlags& flags);
int RunDates(IndexerFlags& flags);
int RunBoilerplate(IndexerFlags& flags);
int RunCheck(IndexerFlags& flags);

}  // namespace newsdex

#endif  // NEWSDEX_INDEXER_COMMANDS_H_
