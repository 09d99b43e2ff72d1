#include "newsdex/base/env.h"

#include <cstdlib>

namespace newsdex {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string XdgBaseDir(const char* variable, std::string_view fallback) {
  std::string dir = Env(variable);
  if (!dir.empty() && dir.front() == '/') return dir;
  std::string home = Env("HOME");
  return (home.empty() ? std::string(".") : home) + "/" + std::string(fallback);
}

}  // namespace newsdex
