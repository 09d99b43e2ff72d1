// What the config file gives searcher: option defaults ([searcher]) and
// saved searches ([queries]).
#include <iostream>
#include <string>

#include "invocation.h"
#include "newsdex/cli/config.h"
#include "newsdex/cli/messages.h"

namespace newsdex {

void ApplyConfigDefaults(const Config& config, SearcherFlags* flags) {
  flags->db = ConfiguredDbPath(config);
  for (const auto& [key, entry] : config.searcher) {
    const std::string& v = entry.value;
    if (key == "limit") flags->request.limit = std::stoul(v);
    if (key == "sort") flags->sort = v;
    if (key == "match") flags->match = v;
    if (key == "format") flags->format = v;
    if (key == "color") flags->color = v;
    if (key == "duplicates") flags->duplicates = v;
    if (key == "weighting") flags->weighting = v;
    if (key == "bm25") flags->bm25 = v;
    if (key == "from") flags->request.from = v;
    if (key == "to") flags->request.to = v;
    if (key == "pager") flags->no_pager = v == "false";
  }
}

Status ExpandSavedSearch(const Config& config, SearcherFlags* flags) {
  if (flags->words.empty() || flags->words.front().rfind('@', 0) != 0) return Ok{};
  std::string name = flags->words.front().substr(1);
  for (const auto& [saved, entry] : config.queries) {
    if (saved == name) {
      flags->words.front() = entry.value;
      return Ok{};
    }
  }
  std::string where = config.path.empty() ? ConfigPath("") + " (there is none)" : config.path;
  return Error{"no saved search '" + name + "' in " + where +
               "; searcher --list-saved lists them, [queries] in the config file defines them"};
}

int ListSavedSearches(const Config& config) {
  for (const auto& [name, entry] : config.queries) {
    std::cout << "@" << name << "\t" << entry.value << "\n";
  }
  return ExitStatus(config.queries.empty() ? ExitCode::kPartial : ExitCode::kOk);
}

}  // namespace newsdex
