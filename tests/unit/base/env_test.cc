#include "newsdex/base/env.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>

namespace newsdex {
namespace {

// Sets (or with nullopt unsets) an environment variable for one test and
// puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    Set(value);
  }
  ~ScopedEnv() { Set(old_); }

 private:
  void Set(const std::optional<std::string>& value) {
    if (value) {
      ::setenv(name_, value->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  const char* name_;
  std::optional<std::string> old_;
};

TEST(EnvTest, UnsetVariableIsEmpty) {
  ScopedEnv unset("NEWSDEX_TEST_UNSET", std::nullopt);
  EXPECT_EQ(Env("NEWSDEX_TEST_UNSET"), "");
  ScopedEnv set("NEWSDEX_TEST_UNSET", "value");
  EXPECT_EQ(Env("NEWSDEX_TEST_UNSET"), "value");
}

TEST(EnvTest, XdgBaseDirTakesAnAbsoluteVariable) {
  ScopedEnv home("HOME", "/home/ann");
  ScopedEnv data("XDG_DATA_HOME", "/srv/data");
  EXPECT_EQ(XdgBaseDir("XDG_DATA_HOME", ".local/share"), "/srv/data");
}

TEST(EnvTest, XdgBaseDirFallsBackUnderHome) {
  ScopedEnv home("HOME", "/home/ann");
  ScopedEnv data("XDG_DATA_HOME", std::nullopt);
  EXPECT_EQ(XdgBaseDir("XDG_DATA_HOME", ".local/share"), "/home/ann/.local/share");
  ScopedEnv empty("XDG_DATA_HOME", "");
  EXPECT_EQ(XdgBaseDir("XDG_DATA_HOME", ".local/share"), "/home/ann/.local/share");
}

// The XDG base directory specification: a relative path in these variables
// is invalid and ignored, so an index never lands under whatever folder the
// program happened to start in.
TEST(EnvTest, XdgBaseDirIgnoresARelativeVariable) {
  ScopedEnv home("HOME", "/home/ann");
  ScopedEnv config("XDG_CONFIG_HOME", "relative/config");
  EXPECT_EQ(XdgBaseDir("XDG_CONFIG_HOME", ".config"), "/home/ann/.config");
}

TEST(EnvTest, XdgBaseDirWithoutHomeIsUnderTheCurrentFolder) {
  ScopedEnv home("HOME", std::nullopt);
  ScopedEnv config("XDG_CONFIG_HOME", std::nullopt);
  EXPECT_EQ(XdgBaseDir("XDG_CONFIG_HOME", ".config"), "./.config");
}

}  // namespace
}  // namespace newsdex
