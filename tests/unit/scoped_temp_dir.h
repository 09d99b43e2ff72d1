// A fresh folder under $TMPDIR (or /tmp) for one test, removed with
// everything in it when it goes out of scope; shared by the unit tests.
#ifndef NEWSDEX_TESTS_UNIT_SCOPED_TEMP_DIR_H_
#define NEWSDEX_TESTS_UNIT_SCOPED_TEMP_DIR_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace newsdex {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/newsdex-test-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp(" << pattern << "): " << std::strerror(errno);
      return;
    }
    path_ = buffer.data();
  }
  ~ScopedTempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `contents` to `relative` (parents created) and returns its path.
  std::string WriteFile(const std::string& relative, const std::string& contents = "text") const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out << contents;
    EXPECT_TRUE(out.good()) << "cannot write " << full;
    return full.string();
  }

  std::string MakeDir(const std::string& relative) const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full);
    return full.string();
  }

  // Creates the symlink `relative` pointing at `target` (taken literally, so
  // it may be relative to the link's folder).
  std::string Symlink(const std::string& target, const std::string& relative) const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::filesystem::create_symlink(target, full);
    return full.string();
  }

 private:
  std::string path_;
};

}  // namespace newsdex

#endif  // NEWSDEX_TESTS_UNIT_SCOPED_TEMP_DIR_H_
