// indexer: builds a newsdex index from folders of articles.
#include <unistd.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/base/text.h"
#include "newsdex/index/build.h"
#include "newsdex/index/check.h"
#include "newsdex/index/compact.h"
#include "newsdex/index/stats.h"
#include "newsdex/index/update.h"
#include "newsdex/news/date_report.h"
#include "newsdex/news/indexing.h"
#include "newsdex/store/open.h"

namespace {

using newsdex::ExitCode;

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

// One line on stderr, redrawn in place at most kRedrawsPerSecond times a
// second: files done of total, rate, and time left. Only on a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled), start_(Clock::now()) {}
  void Update(const newsdex::Progress& p) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (p.done != p.total && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? p.done / seconds : 0;
    double left = rate > 0 ? (p.total - p.done) / rate : 0;
    std::fprintf(stderr, "\r\033[Kindexer: %zu/%zu files, %.0f files/s, %.0f s left", p.done,
                 p.total, rate, left);
    drawn_ = true;
  }
  // Erases the line so the messages that follow start on a clean line.
  void Clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_{};
};

std::string SkippedBreakdown(const std::array<std::size_t, newsdex::kSkipReasonCount>& skipped) {
  std::string out;
  for (int i = 0; i < newsdex::kSkipReasonCount; ++i) {
    if (skipped[i] == 0) continue;
    out += out.empty() ? " (" : ", ";
    out += std::to_string(skipped[i]) + " " +
           newsdex::SkipReasonName(static_cast<newsdex::SkipReason>(i));
  }
  if (!out.empty()) out += ")";
  return out;
}

void PrintSummary(const newsdex::BuildSummary& s) {
  std::string skipped = SkippedBreakdown(s.skipped);
  double rate = s.seconds > 0 ? s.indexed / s.seconds : 0;
  std::fprintf(stderr,
               "indexer: indexed %zu articles (%zu undated, %zu recoded from Windows-1252), "
               "skipped %zu%s, in %.2f s (%.0f articles/s)\n",
               s.indexed, s.undated, s.recoded, s.skipped_total(), skipped.c_str(), s.seconds,
               rate);
}

void PrintUpdateSummary(const newsdex::UpdateSummary& s) {
  std::fprintf(stderr,
               "indexer: updated index%s: %zu added, %zu updated, %zu removed, %zu unchanged "
               "(%zu touched), %zu undated, skipped %zu%s, in %.2f s\n",
               s.built ? " (built: there was none)" : "", s.added, s.updated, s.removed,
               s.unchanged, s.touched, s.undated, s.skipped_total(),
               SkippedBreakdown(s.skipped).c_str(), s.seconds);
}

// Runs an indexing command with the event printing and progress line.
// `update` picks UpdateIndex over BuildIndex.
int RunIndexing(const newsdex::BuildOptions& options, bool update, bool quiet, bool verbose) {
  ProgressLine progress(!quiet && ::isatty(STDERR_FILENO));
  auto on_event = [&](const newsdex::FileEvent& event) {
    using Kind = newsdex::FileEvent::Kind;
    bool prints =
        verbose || (!quiet && (event.kind == Kind::kWarning || event.kind == Kind::kSkipped));
    if (prints) progress.Clear();
    switch (event.kind) {
      case Kind::kIndexed:
        if (verbose)
          std::cerr << "indexer: " << (update ? "added " : "indexed ")
                    << newsdex::EscapeControlChars(event.path) << "\n";
        break;
      case Kind::kUpdated:
        if (verbose)
          std::cerr << "indexer: updated " << newsdex::EscapeControlChars(event.path) << "\n";
        break;
      case Kind::kUnchanged:
        if (verbose) {
          std::cerr << "indexer: unchanged " << newsdex::EscapeControlChars(event.path)
                    << (event.message.empty() ? "" : " (" + event.message + ")") << "\n";
        }
        break;
      case Kind::kRemoved:
        if (verbose)
          std::cerr << "indexer: removed " << newsdex::EscapeControlChars(event.path) << "\n";
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
  auto on_progress = [&](const newsdex::Progress& p) { progress.Update(p); };
  auto fail = [&](const newsdex::Error& error) {
    progress.Clear();
    std::cerr << "indexer: error: " << error.message << "\n";
    return static_cast<int>(newsdex::ExitCodeFor(error));
  };
  std::size_t skipped = 0;
  if (update) {
    auto summary = newsdex::UpdateIndex(options, on_event, on_progress);
    if (!summary) return fail(summary.error());
    progress.Clear();
    if (!quiet) PrintUpdateSummary(*summary);
    skipped = summary->skipped_total();
  } else {
    auto summary = newsdex::BuildIndex(options, on_event, on_progress);
    if (!summary) return fail(summary.error());
    progress.Clear();
    if (!quiet) {
      PrintSummary(*summary);
      // issue 6: what the news steps found.
      std::fprintf(stderr,
                   "indexer: %zu boilerplate lines removed from indexed text; %zu articles in "
                   "%zu near-duplicate clusters\n",
                   summary->boilerplate_lines, summary->clusters.clustered,
                   summary->clusters.clusters);
    }
    skipped = summary->skipped_total();
  }
  return static_cast<int>(skipped > 0 ? ExitCode::kPartial : ExitCode::kOk);
}

int RunStats(const std::string& db_path, const std::string& format) {
  auto stats = newsdex::ReadIndexStats(db_path);
  if (!stats) {
    std::cerr << "indexer: error: " << stats.error().message << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  if (format == "json") {
    newsdex::WriteStatsJson(*stats, std::cout);
  } else {
    newsdex::WriteStatsText(*stats, std::cout);
  }
  return static_cast<int>(ExitCode::kOk);
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
  if (report->damaged) {
    std::string folders = report->folders;
    for (char& c : folders) c = c == '\n' ? ' ' : c;
    std::cerr << "indexer: error: index at " << db_path << " is damaged: " << report->problem
              << "\nindexer: rebuild it: indexer build "
              << (folders.empty() ? "CORPUS_DIR " : folders) << "--db " << db_path << "\n";
    return static_cast<int>(ExitCode::kError);
  }
  std::cout << "index at " << db_path << " is sound: " << report->articles << " articles"
            << (report->checked.size() > 1
                    ? " in " + std::to_string(report->checked.size()) + " shards"
                    : "")
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
  bool exact_tf = false;

  CLI::App* build_cmd = app.add_subcommand(
      "build", "Index every *.txt article under CORPUS_DIR... into a new index and swap it in");
  CLI::App* update_cmd = app.add_subcommand(
      "update",
      "Bring the index in line with CORPUS_DIR...: add new files, re-index changed ones, "
      "remove articles whose files are gone (builds the index when there is none)");
  unsigned hardware_jobs = std::max(1u, std::thread::hardware_concurrency());
  build.jobs = hardware_jobs;
  // What build and update read and where they write: the same options,
  // both filling `build`.
  auto add_corpus_options = [&](CLI::App* cmd) {
    cmd->add_option("CORPUS_DIR", build.folders, "Folders to index, recursively")->required();
    cmd->add_option("--db", build.db_path, "Index folder")->capture_default_str();
    cmd->add_option("--max-file-size", build.max_file_bytes,
                    "Skip articles larger than this many bytes")
        ->capture_default_str();
    cmd->add_flag("--follow-symlinks", build.follow_symlinks,
                  "Follow symlinks that lead outside the corpus folders");
    cmd->add_option("--wait", build.wait_seconds,
                    "Wait up to SECONDS for another indexer to finish");
  };
  add_corpus_options(build_cmd);
  build_cmd
      ->add_option("--title-weight", build.document.title_weight,
                   "Extra weight of title words over body words")
      ->capture_default_str();
  build_cmd->add_flag("--no-positions", no_positions,
                      "Smaller index without word positions (no phrase or NEAR search)");
  build_cmd->add_flag("--exact-tf", exact_tf,
                      "Store raw term frequencies: every --weighting scheme and any BM25 b "
                      "at search time, but BM25 queries read document lengths (slower)");
  build_cmd->add_flag("-q,--quiet", quiet, "Print only errors");
  build_cmd->add_flag("-v,--verbose", verbose, "Name every file and what happened to it");
  build_cmd->add_option("-j,--jobs", build.jobs, "Indexing threads (default: number of cores)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  build_cmd
      ->add_option("--shards", build.shards,
                   "Split the index into N databases by a hash of the article id, built "
                   "in parallel and searched as one (update keeps each article in its shard)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  build_cmd
      ->add_option("--batch", build.batch_docs,
                   "Documents each thread buffers before writing them out (bounds memory)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));

  // update shares build's options; both fill `build`.
  add_corpus_options(update_cmd);
  update_cmd
      ->add_option("--title-weight", build.document.title_weight,
                   "Extra weight of title words (use the value the index was built with)")
      ->capture_default_str();
  update_cmd->add_flag("--no-positions", no_positions,
                       "Index new and changed articles without word positions");
  update_cmd
      ->add_option("-j,--jobs", build.jobs,
                   "Indexing threads when update has to build (default: number of cores)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  update_cmd
      ->add_option("--batch", build.batch_docs,
                   "Commit after this many changed files (a crash loses at most one batch)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  update_cmd->add_flag("-q,--quiet", quiet, "Print only errors");
  update_cmd->add_flag("-v,--verbose", verbose,
                       "Name every file and what happened to it (added, updated, unchanged, "
                       "removed, skipped)");

  std::string stats_db = newsdex::DefaultDbPath();
  std::string stats_format = "text";
  CLI::App* stats_cmd = app.add_subcommand(
      "stats", "Describe the index: articles, dates, articles per year, size, last build");
  stats_cmd->add_option("--db", stats_db, "Index folder")->capture_default_str();
  stats_cmd->add_option("--format", stats_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  newsdex::CompactOptions compact;
  compact.db_path = build.db_path;
  CLI::App* compact_cmd = app.add_subcommand(
      "compact",
      "Compact the index, merging its shards into one database (in place, or into --to PATH)");
  compact_cmd->add_option("--db", compact.db_path, "Index folder or stub file to compact")
      ->capture_default_str();
  compact_cmd->add_option("--to", compact.to_path,
                          "Write the compacted index here instead of in place");
  compact_cmd->add_option("--wait", compact.wait_seconds,
                          "Wait up to SECONDS for another indexer to finish");

  // issue 6: news options of build, and the report subcommands.
  auto& news = build.news;
  build_cmd
      ->add_option("--boilerplate-min-articles", news.boilerplate.min_articles,
                   "A line in at least this many articles may be boilerplate")
      ->capture_default_str();
  build_cmd
      ->add_option("--boilerplate-min-share", news.boilerplate.min_share,
                   "... and in at least this share of all articles")
      ->capture_default_str();
  build_cmd
      ->add_option("--boilerplate-max-chars", news.boilerplate.max_line_chars,
                   "Longer lines are never boilerplate")
      ->capture_default_str();
  bool no_boilerplate = false;
  bool no_spelling = false;
  build_cmd->add_flag("--no-boilerplate", no_boilerplate, "Index every line, learn nothing");
  build_cmd->add_flag("--no-spelling", no_spelling,
                      "Record no spelling data (no 'Did you mean'; faster)");
  build_cmd
      ->add_option("--similarity", news.clusters.min_similarity,
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
  if (exact_tf) build.document.term_weights = newsdex::TermWeights{};
  news.boilerplate.enabled = !no_boilerplate;
  news.spelling = !no_spelling;

  if (compact_cmd->parsed()) {
    auto summary = newsdex::CompactIndex(compact);
    if (!summary) {
      std::cerr << "indexer: error: " << summary.error().message << "\n";
      return static_cast<int>(ExitCode::kError);
    }
    std::fprintf(
        stderr,
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
    if (stats_cmd->parsed()) return RunStats(stats_db, stats_format);
    return RunIndexing(build, update_cmd->parsed(), quiet, verbose);
  } catch (const Xapian::Error& e) {
    std::cerr << "indexer: error: " << e.get_description() << "\n";
    return static_cast<int>(ExitCode::kError);
  } catch (const std::exception& e) {
    std::cerr << "indexer: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::kError);
  }
}
