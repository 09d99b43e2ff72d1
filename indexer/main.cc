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

#include "newsdex/compact.h"
#include "newsdex/database.h"
#include "newsdex/date_report.h"
#include "newsdex/news_index.h"
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
  if (!quiet) {
    PrintSummary(*summary);
    // issue 6: what the news steps found.
    std::fprintf(stderr,
                 "indexer: %zu boilerplate lines removed from indexed text; %zu articles in "
                 "%zu near-duplicate clusters\n",
                 summary->boilerplate_lines, summary->clusters.clustered,
                 summary->clusters.clusters);
  }
  return static_cast<int>(summary->skipped_total() > 0 ? ExitCode::kPartial : ExitCode::kOk);
}

// issue 6: `indexer dates` and `indexer boilerplate` (reports on an index).
int RunDates(const std::string& db_path, const std::string& by, bool json) {
  auto db = newsdex::OpenIndex(db_path);
  if (!db) {
    std::cerr << "indexer: error: " << db.error().message << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  auto report = newsdex::BuildDateReport(*db, *newsdex::ParseGranularity(by), newsdex::TodayUtc());
  if (json) {
    newsdex::WriteDateReportJson(std::cout, report);
  } else {
    newsdex::WriteDateReportText(std::cout, report);
  }
  return static_cast<int>(ExitCode::kOk);
}

int RunBoilerplate(const std::string& db_path, std::size_t top) {
  auto db = newsdex::OpenIndex(db_path);
  if (!db) {
    std::cerr << "indexer: error: " << db.error().message << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  newsdex::Boilerplate boilerplate = newsdex::LoadBoilerplate(*db);
  std::cout << boilerplate.lines().size() << " boilerplate lines (articles\tline)\n";
  std::size_t shown = 0;
  for (const auto& line : boilerplate.lines()) {
    if (shown++ == top) break;
    std::cout << line.articles << "\t" << line.text << "\n";
  }
  return static_cast<int>(ExitCode::kOk);
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

  newsdex::CompactOptions compact;
  compact.db_path = build.db_path;
  CLI::App* compact_cmd = app.add_subcommand(
      "compact", "Compact the index, merging its shards into one database (in place, or into --to PATH)");
  compact_cmd->add_option("--db", compact.db_path, "Index folder or stub file to compact")
      ->capture_default_str();
  compact_cmd->add_option("--to", compact.to_path, "Write the compacted index here instead of in place");
  compact_cmd->add_option("--wait", compact.wait_seconds,
                          "Wait up to SECONDS for another indexer to finish");

  // issue 6: news options of build, and the report subcommands.
  auto& news = build.news;
  build_cmd->add_option("--boilerplate-min-articles", news.boilerplate.min_articles,
                        "A line in at least this many articles may be boilerplate")
      ->capture_default_str();
  build_cmd->add_option("--boilerplate-min-share", news.boilerplate.min_share,
                        "... and in at least this share of all articles")
      ->capture_default_str();
  build_cmd->add_option("--boilerplate-max-chars", news.boilerplate.max_line_chars,
                        "Longer lines are never boilerplate")
      ->capture_default_str();
  bool no_boilerplate = false;
  bool no_spelling = false;
  build_cmd->add_flag("--no-boilerplate", no_boilerplate, "Index every line, learn nothing");
  build_cmd->add_flag("--no-spelling", no_spelling,
                      "Record no spelling data (no 'Did you mean'; faster)");
  build_cmd->add_option("--similarity", news.clusters.min_similarity,
                        "Estimated shingle Jaccard similarity that makes two articles near-copies")
      ->capture_default_str();

  std::string report_db = newsdex::DefaultDbPath();
  std::string dates_by = "month";
  bool dates_json = false;
  CLI::App* dates_cmd = app.add_subcommand(
      "dates", "Date quality: articles per period, undated and out-of-range dates, gaps");
  dates_cmd->add_option("--db", report_db, "Index folder")->capture_default_str();
  dates_cmd->add_option("--by", dates_by, "day, week, month or year")
      ->check(CLI::IsMember({"day", "week", "month", "year"}))
      ->capture_default_str();
  dates_cmd->add_flag("--json", dates_json, "One JSON object instead of a table");
  std::size_t boilerplate_top = 20;
  CLI::App* boilerplate_cmd = app.add_subcommand(
      "boilerplate", "List the most frequent lines the build removed as boilerplate");
  boilerplate_cmd->add_option("--db", report_db, "Index folder")->capture_default_str();
  boilerplate_cmd->add_option("--top", boilerplate_top, "How many lines")->capture_default_str();

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
  news.boilerplate.enabled = !no_boilerplate;
  news.spelling = !no_spelling;

  if (compact_cmd->parsed()) {
    auto summary = newsdex::CompactIndex(compact);
    if (!summary) {
      std::cerr << "indexer: error: " << summary.error().message << "\n";
      return static_cast<int>(ExitCode::kError);
    }
    std::fprintf(stderr,
                 "indexer: compacted %llu articles from %zu database(s): %.1f MB -> %.1f MB in %.2f s\n",
                 static_cast<unsigned long long>(summary->documents), summary->shards_in,
                 summary->bytes_before / 1e6, summary->bytes_after / 1e6, summary->seconds);
    return static_cast<int>(ExitCode::kOk);
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  build.cancel = &g_cancel;
  try {
    if (dates_cmd->parsed()) return RunDates(report_db, dates_by, dates_json);
    if (boilerplate_cmd->parsed()) return RunBoilerplate(report_db, boilerplate_top);
    return RunBuild(build, quiet, verbose);
  } catch (const Xapian::Error& e) {
    std::cerr << "indexer: error: " << e.get_description() << "\n";
    return static_cast<int>(ExitCode::kError);
  } catch (const std::exception& e) {
    std::cerr << "indexer: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::kError);
  }
}
