// The user's config file, $XDG_CONFIG_HOME/newsdex/config.toml
// (~/.config/newsdex/config.toml), or the file named by --config or
// $NEWSDEX_CONFIG. It is read with a small reader for a subset of TOML
// (documented in newsdex-config(5)):
//
//   # comments and blank lines
//   db = "~/news/index"          # the default index (after --db, $NEWSDEX_DB)
//   [searcher]                   # defaults for searcher options
//   limit = 20
//   sort = "newest"
//   [queries]                    # saved searches: searcher @oil
//   oil = "oil prices date:1y.."
//   "rate-cut" = "\"interest rate\" cut"
//
// Values are "basic strings" (with \" \\ \t \n escapes), integers, or
// true/false. Keys are bare (A-Z a-z 0-9 _ -) or quoted. Anything else, an
// unknown table or key, a repeated key or a bad value is an error naming the
// file, line and key.
#ifndef NEWSDEX_CLI_CONFIG_H_
#define NEWSDEX_CLI_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "newsdex/base/error.h"

namespace newsdex {

struct ConfigEntry {
  std::string value;  // a string's contents, an integer's digits, "true"/"false"
  int line = 0;
};

struct Config {
  std::string path;  // the file read; "" when there is none
  std::optional<ConfigEntry> db;
  std::map<std::string, ConfigEntry> searcher;               // [searcher] option -> value
  std::vector<std::pair<std::string, ConfigEntry>> queries;  // [queries], in file order
};

// The config file to read: `explicit_path` when not empty (--config), else
// $NEWSDEX_CONFIG, else $XDG_CONFIG_HOME/newsdex/config.toml, else
// ~/.config/newsdex/config.toml.
std::string ConfigPath(const std::string& explicit_path);

// Reads and checks the file at `path`. A missing file is an empty config
// unless `required` (it was named explicitly). Errors read
// "FILE:LINE: KEY: what is wrong; what to write instead".
Result<Config> LoadConfig(const std::string& path, bool required);

// The index to use when --db is not given: $NEWSDEX_DB, else the config's db
// (with a leading ~ expanded), else the default location.
std::string ConfiguredDbPath(const Config& config);

// The value of --config (or --config=FILE) in argv, "" when absent: read
// before parsing, as the config supplies option defaults.
std::string ConfigArgument(int argc, char** argv);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_CONFIG_H_
