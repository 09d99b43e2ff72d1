// searcher: ranked keyword search over a newsdex index, with date filters.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "newsdex/database.h"
#include "newsdex/error.h"
#include "newsdex/like.h"
#include "newsdex/news_formatter.h"
#include "newsdex/result_formatter.h"
#include "newsdex/searcher.h"
#include "newsdex/suggest.h"
#include "newsdex/timeline.h"

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
    "NEWS VIEWS\n"
    "  --histogram month QUERY   matches per period (every filter applies)\n"
    "  --like ID                 articles most like article ID (with --from/--to)\n"
    "  --show ID                 the whole stored article ID\n"
    "  Near-copies (same wire story) are collapsed in text output, '+N similar';\n"
    "  JSON and TSV list them all, with their cluster id and size.\n"
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

  // issue 6: news views and options.
  std::string duplicates;  // default: collapse for text, show for json/tsv
  std::string histogram;
  bool normalize = false;
  std::string like_id;
  std::string show_id;
  bool explain = false;
  app.add_option("--duplicates", duplicates,
                 "Near-copies: collapse (one hit per cluster, '+N similar'; default for text) "
                 "or show (all; default for json/tsv)")
      ->check(CLI::IsMember({"show", "collapse"}));
  app.add_option("--histogram", histogram,
                 "Count matches per year, month, week or day and draw a bar chart")
      ->check(CLI::IsMember({"year", "month", "week", "day"}));
  app.add_flag("--normalize", normalize,
               "With --histogram: each count as a share of all articles in that period");
  app.add_option("--like", like_id, "Articles most like article ID (date filters apply)");
  app.add_option("--show", show_id, "Print the whole stored article ID with its metadata");
  app.add_flag("--explain", explain, "Print the parsed query and each hit's score per term");

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
  if (request.text.empty() && request.from.empty() && request.to.empty() && like_id.empty() &&
      show_id.empty()) {
    return Fail("no query given; try: searcher WORDS... (searcher --help for the syntax)");
  }

  try {
    auto db = newsdex::OpenIndex(db_path);
    if (!db) return Fail(db.error().message);
    newsdex::FormatOptions options;
    options.format = format == "json"  ? newsdex::OutputFormat::kJson
                     : format == "tsv" ? newsdex::OutputFormat::kTsv
                                       : newsdex::OutputFormat::kText;
    options.color = UseColor(color);
    options.width = TerminalWidth();

    // issue 6: --show and --histogram print their own views.
    if (!show_id.empty()) {
      auto articles = newsdex::FindArticles(*db, show_id);
      if (!articles) return Fail(articles.error().message);
      newsdex::WriteArticles(std::cout, *articles, options);
      return static_cast<int>(ExitCode::kOk);
    }
    if (!histogram.empty()) {
      auto timeline =
          newsdex::ComputeTimeline(*db, request, *newsdex::ParseGranularity(histogram));
      if (!timeline) return Fail(timeline.error().message);
      newsdex::WriteTimeline(std::cout, *timeline, normalize, options);
      return static_cast<int>(timeline->matches == 0 ? ExitCode::kPartial : ExitCode::kOk);
    }

    newsdex::SearcherOptions searcher_options;
    searcher_options.collapse_duplicates =
        duplicates.empty() ? options.format == newsdex::OutputFormat::kText
                           : duplicates == "collapse";
    searcher_options.explain = explain;
    newsdex::Searcher searcher(*db, searcher_options);
    newsdex::Result<newsdex::SearchResults> results = newsdex::Error{};
    if (!like_id.empty()) {
      auto like = newsdex::LikeQuery(*db, like_id);
      if (!like) return Fail(like.error().message);
      results = searcher.SearchQuery(*like, request);
    } else {
      results = searcher.Search(request);
    }
    if (!results) return Fail(results.error().message);
    newsdex::WriteResults(std::cout, *results, options);
    // issue 6: few or no matches may be a typo; stdout stays results only.
    constexpr std::uint64_t kFewMatches = 2;
    if (like_id.empty() && options.format == newsdex::OutputFormat::kText &&
        results->matches_estimated <= kFewMatches) {
      if (auto suggestion = newsdex::SuggestSpelling(*db, request.text)) {
        std::cerr << "Did you mean: " << *suggestion << "?\n";
      }
    }
    std::cout.flush();
    return static_cast<int>(results->hits.empty() ? ExitCode::kPartial : ExitCode::kOk);
  } catch (const Xapian::Error& e) {
    return Fail(e.get_description());
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}
