// searcher: ranked keyword search over a newsdex index, with date filters.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "newsdex/database.h"
#include "newsdex/error.h"
#include "newsdex/result_formatter.h"
#include "newsdex/searcher.h"

namespace {

using newsdex::ExitCode;

constexpr const char* kFooter =
    "QUERY SYNTAX\n"
    "  words            any of them (--match any) or all (--match all)\n"
    "  \"a phrase\"       the words next to each other, in order\n"
    "  a AND b, a OR b, a NOT b, +must -mustnot, a NEAR b, (grouping)\n"
    "  ukrain*          words starting with ukrain\n"
    "  title:word       the word in the title\n"
    "  date:2022  date:2022-02..2022-03-15  date:2023..  date:..2021-06\n"
    "\n"
    "EXIT STATUS\n"
    "  0  something matched\n"
    "  1  nothing matched\n"
    "  2  error: bad option, query or date; missing or damaged index\n"
    "\n"
    "The index location defaults to $NEWSDEX_DB, else\n"
    "$XDG_DATA_HOME/newsdex/index (~/.local/share/newsdex/index).";

int Fail(const std::string& message) {
  std::cerr << "searcher: error: " << message << "\n";
  return static_cast<int>(ExitCode::kError);
}

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
         !(term && std::string(term) == "dumb");
}

std::size_t TerminalWidth() {
  if (!::isatty(STDOUT_FILENO)) return 0;
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) return std::strtoul(columns, nullptr, 10);
  return 80;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"searcher: ranked full-text search over a newsdex index"};
  app.footer(kFooter);

  std::vector<std::string> words;
  std::string db_path = newsdex::DefaultDbPath();
  newsdex::SearchRequest request;
  std::string format = "text";
  std::string color = "auto";
  newsdex::OpenOptions open_options;

  app.add_option("QUERY", words, "Query words and operators (see QUERY SYNTAX)");
  app.add_option("--db", db_path, "Index folder or Xapian database/stub file")
      ->capture_default_str();
  app.add_option("--from", request.from, "Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)");
  app.add_option("--to", request.to, "Only articles dated on or before DATE (--to 2022-02: to the end of February)");
  app.add_option("--match", request.match, "any: rank by BM25 over any word; all: require every word")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, newsdex::MatchMode>{{"any", newsdex::MatchMode::kAny},
                                                    {"all", newsdex::MatchMode::kAll}},
          CLI::ignore_case))
      ->default_str("any");
  app.add_option("-n,--limit", request.limit, "Number of results")->capture_default_str();
  app.add_option("--offset", request.offset, "Skip this many results first")->capture_default_str();
  app.add_option("--sort", request.sort, "relevance, newest or oldest")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, newsdex::SortOrder>{{"relevance", newsdex::SortOrder::kRelevance},
                                                    {"newest", newsdex::SortOrder::kNewest},
                                                    {"oldest", newsdex::SortOrder::kOldest}},
          CLI::ignore_case))
      ->default_str("relevance");
  app.add_option("--format", format, "text, json (one object per line) or tsv")
      ->check(CLI::IsMember({"text", "json", "tsv"}))
      ->capture_default_str();
  app.add_option("--color", color, "Bold titles and query words: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  app.add_flag("--allow-partial", open_options.allow_partial,
               "With a sharded index, answer from the shards that respond when some do not (with a warning)");
  app.add_option("--timeout", open_options.remote_timeout_ms,
                 "Milliseconds to wait for a remote shard before giving up on it")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kError);
  }

  for (const auto& word : words) {
    if (!request.text.empty()) request.text += ' ';
    request.text += word;
  }
  if (request.text.empty() && request.from.empty() && request.to.empty()) {
    return Fail("no query given; try: searcher WORDS... (searcher --help for the syntax)");
  }

  try {
    open_options.connect_timeout_ms = std::min(open_options.connect_timeout_ms,
                                               open_options.remote_timeout_ms);
    auto index = newsdex::OpenShardedIndex(db_path, open_options);
    if (!index) return Fail(index.error().message);
    auto results = newsdex::Searcher(index->db).Search(request);
    if (!results && index->shards.size() > 1) {
      // A shard that broke mid-search surfaces as one generic error; name it,
      // and under --allow-partial try again without it.
      auto failing = newsdex::FailingShards(*index);
      if (!failing.empty() && open_options.allow_partial && newsdex::DropFailingShards(*index)) {
        results = newsdex::Searcher(index->db).Search(request);
      } else if (!failing.empty()) {
        return Fail("shard '" + failing.front().first + "' failed: " + failing.front().second +
                    " (--allow-partial answers from the other shards)");
      }
    }
    for (const auto& warning : index->warnings) {
      std::cerr << "searcher: warning: " << warning << "\n";
    }
    if (!results) return Fail(results.error().message);

    newsdex::FormatOptions options;
    options.format = format == "json"  ? newsdex::OutputFormat::kJson
                     : format == "tsv" ? newsdex::OutputFormat::kTsv
                                       : newsdex::OutputFormat::kText;
    options.color = UseColor(color);
    options.width = TerminalWidth();
    newsdex::WriteResults(std::cout, *results, options);
    std::cout.flush();
    return static_cast<int>(results->hits.empty() ? ExitCode::kPartial : ExitCode::kOk);
  } catch (const Xapian::Error& e) {
    return Fail(e.get_description());
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}
