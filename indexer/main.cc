// indexer: builds a newsdex index from folders of articles.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "newsdex/database.h"
#include "newsdex/error.h"
#include "newsdex/index_build.h"
#include "newsdex/index_check.h"
#include "newsdex/text.h"

namespace {

using newsdex::ExitCode;

std::atomic<bool> g_cancel{false};

void OnSignal(int) { g_cancel.store(true); }

constexpr const char* kExitStatus =
    "EXIT STATUS\n"
    "  0  every file was indexed\n"
    "  1  done, but some files were skipped (each is named on stderr)\n"
    "  2  fatal or usage error; the previous index is unchanged\n"
    "  130 interrupted; the previous index is unchanged\n"
    "  indexer check: 0 the index is sound, 2 missing or damaged (rebuild it)\n"
    "\n"
    "The index location defaults to $NEWSDEX_DB, else\n"
    "$XDG_DATA_HOME/newsdex/index (~/.local/share/newsdex/index).";

void PrintSummary(const newsdex::BuildSummary& s) {
  std::string skipped;
  for (int i = 0; i < newsdex::kSkipReasonCount; ++i) {
    if (s.skipped[i] == 0) continue;
    skipped += skipped.empty() ? " (" : ", ";
    skipped += std::to_string(s.skipped[i]) + " " +
               newsdex::SkipReasonName(static_cast<newsdex::SkipReason>(i));
  }
  if (!skipped.empty()) skipped += ")";
  double rate = s.seconds > 0 ? s.indexed / s.seconds : 0;
  std::fprintf(stderr,
               "indexer: indexed %zu articles (%zu undated, %zu recoded from Windows-1252), "
               "skipped %zu%s, in %.2f s (%.0f articles/s)\n",
               s.indexed, s.undated, s.recoded, s.skipped_total(), skipped.c_str(),
               s.seconds, rate);
}

int RunBuild(const newsdex::BuildOptions& options, bool quiet, bool verbose) {
  auto on_event = [&](const newsdex::FileEvent& event) {
    using Kind = newsdex::FileEvent::Kind;
    switch (event.kind) {
      case Kind::kIndexed:
        if (verbose) std::cerr << "indexer: indexed " << newsdex::EscapeControlChars(event.path) << "\n";
        break;
      case Kind::kWarning:
        if (!quiet) {
          std::cerr << "indexer: warning: " << newsdex::EscapeControlChars(event.path) << ": "
                    << newsdex::EscapeControlChars(event.message) << "\n";
        }
        break;
      case Kind::kSkipped:
        if (!quiet) {
          std::cerr << "indexer: skipped " << newsdex::EscapeControlChars(event.path) << ": "
                    << newsdex::EscapeControlChars(event.message) << " ["
                    << newsdex::SkipReasonName(event.reason) << "]\n";
        }
        break;
    }
  };
  auto summary = newsdex::BuildIndex(options, on_event);
  if (!summary) {
    std::cerr << "indexer: error: " << summary.error().message << "\n";
    return static_cast<int>(g_cancel.load() ? ExitCode::kInterrupted : ExitCode::kError);
  }
  if (!quiet) PrintSummary(*summary);
  return static_cast<int>(summary->skipped_total() > 0 ? ExitCode::kPartial : ExitCode::kOk);
}

// `indexer check`: 0 when the index is sound, 2 when it needs a rebuild (or
// there is none).
int RunCheck(const std::string& db_path) {
  auto report = newsdex::CheckIndex(db_path);
  if (!report) {
    std::cerr << "indexer: error: " << report.error().message << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  if (report->foreign) {
    std::cerr << "indexer: error: " << report->problem << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  if (report->damaged) {
    std::string folders = report->folders;
    for (char& c : folders) c = c == '\n' ? ' ' : c;
    std::cerr << "indexer: error: index at " << db_path << " is damaged: " << report->problem
              << "\nindexer: rebuild it: indexer build "
              << (folders.empty() ? "CORPUS_DIR " : folders) << "--db " << db_path << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  std::cout << "index at " << db_path << " is sound: " << report->articles << " articles"
            << (report->built_at.empty() ? "" : ", built " + report->built_at)
            << "; no rebuild needed\n";
  return static_cast<int>(ExitCode::kOk);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"indexer: build a newsdex full-text index from folders of news articles"};
  app.footer(kExitStatus);
  app.require_subcommand(1);

  newsdex::BuildOptions build;
  build.db_path = newsdex::DefaultDbPath();
  bool quiet = false;
  bool verbose = false;
  bool no_positions = false;

  CLI::App* build_cmd = app.add_subcommand(
      "build", "Index every *.txt article under CORPUS_DIR... into a new index and swap it in");
  build_cmd->add_option("CORPUS_DIR", build.folders, "Folders to index, recursively")
      ->required();
  build_cmd->add_option("--db", build.db_path, "Index folder")
      ->capture_default_str();
  build_cmd->add_option("--max-file-size", build.max_file_bytes,
                        "Skip articles larger than this many bytes")
      ->capture_default_str();
  build_cmd->add_flag("--follow-symlinks", build.follow_symlinks,
                      "Follow symlinks that lead outside the corpus folders");
  build_cmd->add_option("--wait", build.wait_seconds,
                        "Wait up to SECONDS for another indexer to finish");
  build_cmd->add_option("--title-weight", build.document.title_weight,
                        "Extra weight of title words over body words")
      ->capture_default_str();
  build_cmd->add_flag("--no-positions", no_positions,
                      "Smaller index without word positions (no phrase or NEAR search)");
  build_cmd->add_flag("-q,--quiet", quiet, "Print only errors");
  build_cmd->add_flag("-v,--verbose", verbose, "Name every file and what happened to it");

  std::string check_db = newsdex::DefaultDbPath();
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Run Xapian's consistency checker on the index; exit 0 sound, 2 rebuild needed");
  check_cmd->add_option("--db", check_db, "Index folder")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kError);
  }
  if (check_cmd->parsed()) return RunCheck(check_db);
  build.document.positions = !no_positions;

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  build.cancel = &g_cancel;
  try {
    return RunBuild(build, quiet, verbose);
  } catch (const Xapian::Error& e) {
    std::cerr << "indexer: error: " << e.get_description() << "\n";
    return static_cast<int>(ExitCode::kError);
  } catch (const std::exception& e) {
    std::cerr << "indexer: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::kError);
  }
}
