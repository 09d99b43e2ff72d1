#include "newsdex/cli/config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>

#include "newsdex/base/date.h"
#include "newsdex/base/env.h"
#include "newsdex/base/text.h"
#include "newsdex/store/folder.h"
#include "newsdex/store/open.h"

namespace newsdex {
namespace {

// What [searcher] may set, with the values each accepts ("" : any string,
// "#": a whole number, "bool": true or false).
const std::map<std::string, std::vector<std::string>>& SearcherKeys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"limit", {"#"}},
      {"sort", {"relevance", "newest", "oldest"}},
      {"match", {"any", "all"}},
      {"format", {"text", "json", "tsv", "trec"}},
      {"color", {"auto", "always", "never"}},
      {"duplicates", {"collapse", "show"}},
      {"weighting", {"bm25", "bm25+", "pl2", "dlh", "lm", "tfidf"}},
      {"bm25", {""}},
      {"from", {""}},
      {"to", {""}},
      {"pager", {"bool"}},
  };
  return keys;
}

bool IsBareKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Reads a "basic string" starting at s[*i] == '"'; advances past it.
std::optional<std::string> ReadString(const std::string& s, std::size_t* i) {
  std::string out;
  for (std::size_t j = *i + 1; j < s.size(); ++j) {
    char c = s[j];
    if (c == '"') {
      *i = j + 1;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++j == s.size()) break;
    switch (s[j]) {
      case '"':
      case '\\':
        out += s[j];
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

// The value after '=': a string, an integer or a boolean, then only a comment.
Result<std::string> ReadValue(const std::string& rest) {
  std::string text(TrimBlanks(rest));
  std::size_t end = 0;
  std::string value;
  if (!text.empty() && text[0] == '"') {
    auto s = ReadString(text, &end);
    if (!s)
      return Error{"unterminated string or unknown escape; write \"text\" (\\\" for a quote)"};
    value = *s;
  } else {
    while (end < text.size() && text[end] != '#' && text[end] != ' ' && text[end] != '\t') ++end;
    value = text.substr(0, end);
    bool number = !value.empty() && std::all_of(value.begin(), value.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
    if (!number && value != "true" && value != "false") {
      return Error{"'" + value + "' is not a value; write a \"string\", a number, true or false"};
    }
  }
  std::string after(TrimBlanks(std::string_view(text).substr(end)));
  if (!after.empty() && after[0] != '#') return Error{"unexpected '" + after + "' after the value"};
  return value;
}

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
  }
  return out;
}

// Checks one [searcher] value against what the option accepts.
Status CheckSearcherValue(const std::string& key, const std::string& value) {
  auto it = SearcherKeys().find(key);
  if (it == SearcherKeys().end()) {
    std::vector<std::string> known;
    for (const auto& [name, _] : SearcherKeys()) known.push_back(name);
    return Error{"unknown key; [searcher] accepts " + Join(known)};
  }
  const auto& accepted = it->second;
  if (key == "from" || key == "to") {
    auto date = ParseUserDate(value, Today());
    if (!date) return Error{date.error().message};
    return Ok{};
  }
  if (accepted[0] == "") return Ok{};
  if (accepted[0] == "#") {
    bool number =
        !value.empty() && value.size() < 10 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!number || std::stoul(value) == 0)
      return Error{"'" + value + "' is not a whole number above 0"};
    return Ok{};
  }
  if (accepted[0] == "bool") {
    if (value != "true" && value != "false") return Error{"'" + value + "' is not true or false"};
    return Ok{};
  }
  if (std::find(accepted.begin(), accepted.end(), value) == accepted.end()) {
    return Error{"'" + value + "' is not " + Join(accepted)};
  }
  return Ok{};
}

struct Reader {
  Config config;
  std::string table;  // "", "searcher" or "queries"
  std::set<std::string> seen;

  Status Line(const std::string& raw) {
    std::string line(TrimBlanks(raw));
    if (line.empty() || line[0] == '#') return Ok{};
    if (line[0] == '[') return Table(line);
    std::size_t i = 0;
    std::string key;
    if (line[0] == '"') {
      auto s = ReadString(line, &i);
      if (!s || s->empty()) return Error{"bad quoted key; write \"name\" = \"value\""};
      key = *s;
    } else {
      while (i < line.size() && IsBareKeyChar(line[i])) ++i;
      key = line.substr(0, i);
    }
    std::size_t eq = line.find_first_not_of(" \t", i);
    if (key.empty() || eq == std::string::npos || line[eq] != '=') {
      return Error{"expected KEY = VALUE, [searcher] or [queries]"};
    }
    auto value = ReadValue(line.substr(eq + 1));
    if (!value) return Error{key + ": " + value.error().message};
    if (!seen.insert(table + "." + key).second) return Error{key + ": set twice"};
    return Assign(key, *value);
  }

  Status Table(const std::string& line) {
    std::size_t close = line.find(']');
    std::string_view view = line;
    std::string name(close == std::string::npos ? "" : TrimBlanks(view.substr(1, close - 1)));
    std::string after(close == std::string::npos ? "" : TrimBlanks(view.substr(close + 1)));
    if (close == std::string::npos || (!after.empty() && after[0] != '#') ||
        (name != "searcher" && name != "queries")) {
      return Error{"unknown table " + line + "; the tables are [searcher] and [queries]"};
    }
    table = name;
    return Ok{};
  }

  Status Assign(const std::string& key, const std::string& value) {
    ConfigEntry entry{value, line_number};
    if (table.empty()) {
      if (key != "db") {
        return Error{key +
                     ": unknown key; at the top only db = \"PATH\" is accepted "
                     "(searcher options go under [searcher], saved searches under [queries])"};
      }
      if (value.empty()) return Error{"db: empty path"};
      config.db = entry;
    } else if (table == "searcher") {
      auto ok = CheckSearcherValue(key, value);
      if (!ok) return Error{key + ": " + ok.error().message};
      config.searcher[key] = entry;
    } else {
      if (TrimBlanks(value).empty()) return Error{key + ": empty query"};
      config.queries.emplace_back(key, entry);
    }
    return Ok{};
  }

  int line_number = 0;
};

}  // namespace

std::string ConfigPath(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  std::string env = Env("NEWSDEX_CONFIG");
  if (!env.empty()) return env;
  return XdgBaseDir("XDG_CONFIG_HOME", ".config") + "/newsdex/config.toml";
}

Result<Config> LoadConfig(const std::string& path, bool required) {
  std::ifstream in(path);
  if (!in) {
    if (!required) return Config{};
    return Error{"cannot read config file " + path +
                 "; check the path given to --config or "
                 "NEWSDEX_CONFIG"};
  }
  Reader reader;
  reader.config.path = path;
  std::string line;
  while (std::getline(in, line)) {
    ++reader.line_number;
    auto ok = reader.Line(line);
    if (!ok) {
      return Error{path + ":" + std::to_string(reader.line_number) + ": " + ok.error().message};
    }
  }
  return reader.config;
}

std::string ConfiguredDbPath(const Config& config) {
  if (!Env("NEWSDEX_DB").empty() || !config.db) return DefaultDbPath();
  std::string db = config.db->value;
  if (db == "~" || db.rfind("~/", 0) == 0) db = Env("HOME") + db.substr(1);
  return db;
}

std::string ConfigArgument(int argc, char** argv) {
  std::string found;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--config" && i + 1 < argc) found = argv[++i];
    if (arg.rfind("--config=", 0) == 0) found = arg.substr(9);
  }
  return found;
}

}  // namespace newsdex
