// Command-line parsing with usage errors in the programs' voice instead of
// CLI11's: "searcher: error: --sort: 'latest' is not relevance, newest or
// oldest; did you mean newest?", "unknown option '--limt'; did you mean
// --limit?".
#ifndef NEWSDEX_CLI_USAGE_H_
#define NEWSDEX_CLI_USAGE_H_

#include <CLI/CLI.hpp>
#include <optional>

namespace newsdex {

// Parses argv into `app`. Returns nullopt when the program should go on;
// otherwise the exit status to return: 0 after --help or --version, 2 after
// a usage error (already printed).
std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_USAGE_H_
