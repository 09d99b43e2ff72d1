// indexer build, update and compact: the commands that write an index.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>

#include "commands.h"
#include "newsdex/base/error.h"
#include "newsdex/base/text.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/progress.h"
#include "newsdex/cli/validators.h"
#include "newsdex/index/indexing.h"
#include "newsdex/index/update.h"

namespace newsdex {
namespace {

std::string SkippedBreakdown(const std::array<std::size_t, kSkipReasonCount>& skipped) {
  std::string out;
  for (int i = 0; i < kSkipReasonCount; ++i) {
    if (skipped[i] == 0) continue;
    out += out.empty() ? " (" : ", ";
    out += std::to_string(skipped[i]) + " " + SkipReasonName(static_cast<SkipReason>(i));
  }
  if (!out.empty()) out += ")";
  return out;
}

void PrintBuildSummary(const BuildSummary& s) {
  std::string skipped = SkippedBreakdown(s.skipped);
  double rate = s.seconds > 0 ? s.indexed / s.seconds : 0;
  std::fprintf(stderr,
               "indexer: indexed %zu articles (%zu undated, %zu recoded from Windows-1252), "
               "skipped %zu%s, in %.2f s (%.0f articles/s)\n",
               s.indexed, s.undated, s.recoded, s.skipped_total(), skipped.c_str(), s.seconds,
               rate);
  std::fprintf(stderr,
               "indexer: %zu boilerplate lines learned (searchable, not weighted); %zu articles in "
               "%zu near-duplicate clusters\n",
               s.boilerplate_lines, s.clusters.clustered, s.clusters.clusters);
}

void PrintUpdateSummary(const UpdateSummary& s) {
  const std::string what =
      s.built ? "built a new index (" + s.built_because + ")" : "updated index";
  std::fprintf(stderr,
               "indexer: %s: %zu added, %zu updated, %zu removed, %zu unchanged (%zu touched), %zu "
               "undated, skipped %zu%s, in %.2f s\n",
               what.c_str(), s.added, s.updated, s.removed, s.unchanged, s.touched, s.undated,
               s.skipped_total(), SkippedBreakdown(s.skipped).c_str(), s.seconds);
  if (s.compacted) {
    std::fprintf(stderr,
                 "indexer: compacted the index (grown %.2fx since the last compaction): "
                 "%.1f MiB -> %.1f MiB\n",
                 s.growth, s.bytes_before_compaction / double(1 << 20),
                 s.bytes_after_compaction / double(1 << 20));
  }
}

// Prints what happened to one file: warnings and skips unless --quiet,
// everything with --verbose.
class EventPrinter {
 public:
  EventPrinter(const IndexerFlags& flags, bool update, ProgressLine* progress)
      : quiet_(flags.quiet), verbose_(flags.verbose), update_(update), progress_(progress) {}

  void operator()(const FileEvent& event) {
    using Kind = FileEvent::Kind;
    bool problem = event.kind == Kind::kWarning || event.kind == Kind::kSkipped;
    if (!(verbose_ || (!quiet_ && problem))) return;
    progress_->Clear();
    std::string path = EscapeControlChars(event.path);
    switch (event.kind) {
      case Kind::kIndexed:
        std::cerr << "indexer: " << (update_ ? "added " : "indexed ") << path << "\n";
        break;
      case Kind::kUpdated:
        std::cerr << "indexer: updated " << path << "\n";
        break;
      case Kind::kUnchanged:
        std::cerr << "indexer: unchanged " << path
                  << (event.message.empty() ? "" : " (" + event.message + ")") << "\n";
        break;
      case Kind::kRemoved:
        std::cerr << "indexer: removed " << path << "\n";
        break;
      case Kind::kWarning:
        // The same warning for hundreds of files (title-less wire briefs)
        // is shown a few times, then counted; --verbose shows every one.
        if (!quiet_ && (verbose_ || ++warnings_[event.message] <= kSameWarningsShown)) {
          std::cerr << "indexer: warning: " << path << ": " << EscapeControlChars(event.message)
                    << "\n";
        }
        break;
      case Kind::kSkipped:
        if (!quiet_) {
          std::cerr << "indexer: skipped " << path << ": " << EscapeControlChars(event.message)
                    << " [" << SkipReasonName(event.reason) << "]\n";
        }
        break;
    }
  }

  // "N more files: MESSAGE" for each warning shown only a few times.
  void PrintHidden() const {
    for (const auto& [message, count] : warnings_) {
      if (count <= kSameWarningsShown) continue;
      std::cerr << "indexer: warning: " << count - kSameWarningsShown
                << " more files: " << EscapeControlChars(message)
                << " (--verbose names them all)\n";
    }
  }

 private:
  static constexpr std::size_t kSameWarningsShown = 3;
  std::map<std::string, std::size_t> warnings_;
  bool quiet_;
  bool verbose_;
  bool update_;
  ProgressLine* progress_;
};

// The options build and update share, filling flags->build.
void AddCorpusFlags(CLI::App* cmd, IndexerFlags* flags) {
  BuildOptions& build = flags->build;
  build.jobs = std::max(1u, std::thread::hardware_concurrency());
  cmd->add_option("CORPUS_DIR", build.folders, "Folders to index, recursively")->required();
  cmd->add_option("--db", flags->db, "Index folder")->capture_default_str();
  cmd->add_option("--wait", build.wait_seconds, "Wait up to SECONDS for another indexer to finish");
}

// The settings that shape the index (settings.h): a build records them, an
// update takes them from the index and refuses a flag that differs.
void AddSettingFlags(CLI::App* cmd, IndexerFlags* flags) {
  BuildOptions& build = flags->build;
  NewsIndexOptions& news = build.news;
  auto add = [&](CLI::Option* option, const char* setting) {
    flags->setting_flags.emplace_back(option, setting);
  };
  add(cmd->add_option("--max-file-size", build.max_file_bytes,
                      "Skip articles larger than this many bytes")
          ->capture_default_str(),
      "max-file-size");
  add(cmd->add_flag("--follow-symlinks", build.follow_symlinks,
                    "Follow symlinks that lead outside the corpus folders"),
      "follow-symlinks");
  add(cmd->add_option("--title-weight", build.document.title_weight,
                      "Extra weight of title words over body words")
          ->capture_default_str(),
      "title-weight");
  add(cmd->add_flag("--no-positions", flags->no_positions,
                    "Smaller index without word positions (no phrase or NEAR search)"),
      "positions");
  add(cmd->add_flag("--exact-tf", flags->exact_tf,
                    "Store raw term frequencies: every --weighting scheme and any BM25 b "
                    "at search time, but BM25 queries read document lengths (slower)"),
      "term-weights");
  add(cmd->add_option("--length-reference", flags->length_reference,
                      "Document length BM25 normalises against (default: the corpus's average, "
                      "measured by the build and kept by update)")
          ->check(CLI::PositiveNumber),
      "term-weights");
  add(cmd->add_option("--boilerplate-min-articles", news.boilerplate.min_articles,
                      "A line in at least this many articles may be boilerplate")
          ->capture_default_str(),
      "boilerplate-min-articles");
  add(cmd->add_option("--boilerplate-min-share", news.boilerplate.min_share,
                      "... and in at least this share of all articles")
          ->capture_default_str(),
      "boilerplate-min-share");
  add(cmd->add_option("--boilerplate-max-chars", news.boilerplate.max_line_chars,
                      "Longer lines are never boilerplate")
          ->capture_default_str(),
      "boilerplate-max-chars");
  add(cmd->add_flag("--no-boilerplate", flags->no_boilerplate,
                    "Learn no boilerplate: every line counts for ranking and snippets"),
      "boilerplate");
  add(cmd->add_flag("--store-text", build.document.store_text,
                    "Keep each article's whole text in the index, for searchers that cannot "
                    "read the corpus files (remote shards)"),
      "store-text");
  add(cmd->add_flag(
          "--no-spelling", flags->no_spelling,
          "Record no spelling data (faster; no 'Did you mean', and wildcards match only stems)"),
      "spelling");
  add(cmd->add_option("--similarity", news.clusters.min_similarity,
                      "Estimated shingle Jaccard similarity that makes two articles near-copies")
          ->capture_default_str(),
      "similarity");
}

// The BuildOptions the flags describe.
BuildOptions BuildOptionsOf(const IndexerFlags& flags) {
  BuildOptions build = flags.build;
  build.db_path = flags.db;
  build.document.positions = !flags.no_positions;
  if (flags.length_reference > 0) {
    build.document.term_weights.ref_length = flags.length_reference;
    build.measure_reference_length = false;
  }
  if (flags.exact_tf) build.document.term_weights = TermWeights{};
  build.news.boilerplate.enabled = !flags.no_boilerplate;
  build.news.spelling = !flags.no_spelling;
  for (const auto& [option, setting] : flags.setting_flags) {
    if (option->count() > 0) build.settings_given.push_back(setting);
  }
  if (flags.no_compact) build.compact_above = 0;
  build.cancel = flags.cancel;
  return build;
}

// Runs build or update with the event printing and the progress line.
template <typename Summary, typename Index, typename Print>
int RunIndexing(const IndexerFlags& flags, bool update, Index index, Print print) {
  ProgressLine progress(!flags.quiet && ::isatty(STDERR_FILENO));
  EventPrinter on_event(flags, update, &progress);
  auto on_progress = [&](const Progress& p) { progress.Update(p); };
  FileEventSink sink = std::ref(on_event);
  Result<Summary> summary = index(BuildOptionsOf(flags), sink, on_progress);
  progress.Clear();
  on_event.PrintHidden();
  if (!summary) {
    Fail(summary.error().message);
    return ExitStatus(ExitCodeFor(summary.error()));
  }
  if (!flags.quiet) print(*summary);
  return ExitStatus(summary->skipped_total() > 0 ? ExitCode::kPartial : ExitCode::kOk);
}

}  // namespace

void AddBuildFlags(CLI::App* cmd, IndexerFlags* flags) {
  BuildOptions& build = flags->build;
  AddCorpusFlags(cmd, flags);
  AddSettingFlags(cmd, flags);
  cmd->add_flag("-q,--quiet", flags->quiet, "Print only errors");
  cmd->add_flag("-v,--verbose", flags->verbose, "Name every file and what happened to it");
  cmd->add_option("-j,--jobs", build.jobs, "Indexing threads (default: number of cores)")
      ->capture_default_str()
      ->check(Count(1, 256));
  cmd->add_option("--shards", build.shards,
                  "Split the index into N databases by a hash of the article id, built "
                  "in parallel and searched as one (update keeps each article in its shard)")
      ->capture_default_str()
      ->check(Count(1, 64));
  cmd->add_option("--batch", build.batch_docs,
                  "Documents each thread buffers before writing them out (bounds memory)")
      ->capture_default_str()
      ->check(Count(1, 1000000));
}

void AddUpdateFlags(CLI::App* cmd, IndexerFlags* flags) {
  BuildOptions& build = flags->build;
  AddCorpusFlags(cmd, flags);
  AddSettingFlags(cmd, flags);
  cmd->add_option("-j,--jobs", build.jobs,
                  "Indexing threads when update has to build; with 2 or more, changed files "
                  "are read and parsed on a second thread (default: number of cores)")
      ->capture_default_str()
      ->check(Count(1, 256));
  cmd->add_option("--batch", build.batch_docs,
                  "Commit after this many changed files, at most once a second (a crash loses "
                  "at most one batch)")
      ->capture_default_str()
      ->check(Count(1, 1000000));
  cmd->add_option("--compact-above", build.compact_above,
                  "Compact the index into a new generation once it has grown past RATIO times "
                  "its size after the last build or compaction, for as many articles")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_flag("--no-compact", flags->no_compact,
                "Never compact after updating (indexer compact does it by hand)");
  cmd->add_flag("-q,--quiet", flags->quiet, "Print only errors");
  cmd->add_flag("-v,--verbose", flags->verbose,
                "Name every file and what happened to it (added, updated, unchanged, "
                "removed, skipped)");
}

void AddCompactFlags(CLI::App* cmd, IndexerFlags* flags) {
  cmd->add_option("--db", flags->db, "Index folder or stub file to compact")->capture_default_str();
  cmd->add_option("--to", flags->compact.to_path,
                  "Write the compacted index here instead of in place");
  cmd->add_option("--wait", flags->compact.wait_seconds,
                  "Wait up to SECONDS for another indexer to finish");
}

int RunBuild(IndexerFlags& flags) {
  return RunIndexing<BuildSummary>(
      flags, false,
      [](const BuildOptions& o, auto& on_event, auto& on_progress) {
        auto summary = BuildIndex(o, on_event, on_progress);
        // An empty index is valid, but a folder without articles is more
        // likely a wrong path or a corpus whose files are not named *.txt.
        if (summary && summary->files_seen == 0) {
          std::string folders;
          for (const auto& folder : o.folders) folders += (folders.empty() ? "" : ", ") + folder;
          Warn("found no *.txt files in " + folders +
               "; the index is empty (articles are files named ID.txt)");
        }
        return summary;
      },
      PrintBuildSummary);
}

int RunUpdate(IndexerFlags& flags) {
  return RunIndexing<UpdateSummary>(
      flags, true,
      [](const BuildOptions& o, auto& on_event, auto& on_progress) {
        return UpdateIndex(o, on_event, on_progress);
      },
      PrintUpdateSummary);
}

int RunCompact(IndexerFlags& flags) {
  CompactOptions compact = flags.compact;
  compact.db_path = flags.db;
  auto summary = CompactIndex(compact);
  if (!summary) return Fail(summary.error().message);
  std::fprintf(
      stderr,
      "indexer: compacted %llu articles from %zu database(s): %.1f MB -> %.1f MB in %.2f s\n",
      static_cast<unsigned long long>(summary->documents), summary->shards_in,
      summary->bytes_before / 1e6, summary->bytes_after / 1e6, summary->seconds);
  return ExitStatus(ExitCode::kOk);
}

}  // namespace newsdex
