// The environment, read in one place: the programs find their index and
// their config file by it, following the XDG base directory rules.
#ifndef NEWSDEX_BASE_ENV_H_
#define NEWSDEX_BASE_ENV_H_

#include <string>
#include <string_view>

namespace newsdex {

// The value of environment variable `name`; empty when it is unset.
std::string Env(const char* name);

// An XDG base directory: $`variable` when it holds an absolute path (the
// specification says to ignore a relative one), else $HOME/`fallback`
// ("./`fallback`" without a HOME). For example XdgBaseDir("XDG_DATA_HOME",
// ".local/share").
std::string XdgBaseDir(const char* variable, std::string_view fallback);

}  // namespace newsdex

#endif  // NEWSDEX_BASE_ENV_H_
