// indexer stats, dates, boilerplate and check: the commands that read an index.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "commands.h"
#include "newsdex/base/date.h"
#include "newsdex/base/error.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/validators.h"
#include "newsdex/index/check.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/stats.h"
#include "newsdex/news/boilerplate.h"
#include "newsdex/search/date_report.h"
#include "newsdex/search/timeline.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"

namespace newsdex {

void AddStatsFlags(CLI::App* cmd, IndexerFlags* flags) {
  cmd->add_option("--db", flags->db, "Index folder")->capture_default_str();
  cmd->add_option("--format", flags->format, "Output format: text or json")
      ->check(OneOf({"text", "json"}))
      ->capture_default_str();
}

void AddDatesFlags(CLI::App* cmd, IndexerFlags* flags) {
  cmd->add_option("--db", flags->db, "Index folder")->capture_default_str();
  cmd->add_option("--by", flags->by, "day, week, month or year")
      ->check(OneOf({"day", "week", "month", "year"}))
      ->capture_default_str();
  cmd->add_option("--format", flags->format, "Output format: text (a table) or json (one object)")
      ->check(OneOf({"text", "json"}))
      ->capture_default_str();
  // The old spelling, kept working for scripts; --format json is the one flag
  // every subcommand shares.
  cmd->add_flag("--json", flags->json, "Same as --format json")->group("");
}

void AddBoilerplateFlags(CLI::App* cmd, IndexerFlags* flags) {
  cmd->add_option("--db", flags->db, "Index folder")->capture_default_str();
  cmd->add_option("--top", flags->top, "How many lines")
      ->check(Count(0, 100000000))
      ->capture_default_str();
}

void AddCheckFlags(CLI::App* cmd, IndexerFlags* flags) {
  cmd->add_option("--db", flags->db, "Index folder")->capture_default_str();
}

int RunStats(IndexerFlags& flags) {
  auto stats = ReadIndexStats(flags.db);
  if (!stats) return Fail(stats.error().message);
  if (flags.format == "json") {
    WriteStatsJson(*stats, std::cout);
  } else {
    WriteStatsText(*stats, std::cout);
  }
  return ExitStatus(ExitCode::kOk);
}

int RunDates(IndexerFlags& flags) {
  auto db = OpenIndex(flags.db);
  if (!db) return Fail(db.error().message);
  auto report = BuildDateReport(*db, *ParseGranularity(flags.by), Today());
  if (flags.json || flags.format == "json") {
    WriteDateReportJson(std::cout, report);
  } else {
    WriteDateReportText(std::cout, report);
  }
  return ExitStatus(ExitCode::kOk);
}

int RunBoilerplate(IndexerFlags& flags) {
  auto db = OpenIndex(flags.db);
  if (!db) return Fail(db.error().message);
  Boilerplate boilerplate = LoadBoilerplate(*db);
  std::cout << boilerplate.lines().size() << " boilerplate lines (articles\tline)\n";
  std::size_t shown = 0;
  for (const auto& line : boilerplate.lines()) {
    if (shown++ == flags.top) break;
    std::cout << line.articles << "\t" << line.text << "\n";
  }
  return ExitStatus(ExitCode::kOk);
}

// 0 when the index is sound, 2 when it needs a rebuild (or there is none).
int RunCheck(IndexerFlags& flags) {
  const std::string& db_path = flags.db;
  auto report = CheckIndex(db_path);
  if (!report) return Fail(report.error().message);
  if (report->damaged) {
    // One folder a line, each line ending in a newline.
    std::string folders = report->folders;
    for (char& c : folders) c = c == '\n' ? ' ' : c;
    if (!folders.empty() && folders.back() == ' ') folders.pop_back();
    Fail("index at " + db_path + " is damaged: " + report->problem);
    Note(folders.empty() ? RebuildHint(db_path) : RebuildHint(db_path, folders));
    return ExitStatus(ExitCode::kError);
  }
  std::cout << "index at " << db_path << " is sound: " << report->articles << " articles"
            << (report->checked.size() > 1
                    ? " in " + std::to_string(report->checked.size()) + " shards"
                    : "")
            << (report->built_at.empty() ? "" : ", built " + report->built_at)
            << "; no rebuild needed\n";
  return ExitStatus(ExitCode::kOk);
}

}  // namespace newsdex
