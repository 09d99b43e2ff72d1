// main() of the unit tests: GoogleTest's, except that a skipped test fails
// unless tests/expected_skips.txt lists it with the reason it gives. A skip
// tests nothing; CTest would report it as merely "skipped" (which passes the
// suite), a listed one still is.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>

namespace {

// Test name -> reason, from the list shared with the CLI tests.
std::map<std::string, std::string> ReadExpectedSkips(const std::string& path) {
  std::map<std::string, std::string> listed;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string reason = line.substr(tab + 1);
    while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\r')) reason.pop_back();
    listed[line.substr(0, tab)] = reason;
  }
  return listed;
}

class SkipChecker : public testing::EmptyTestEventListener {
 public:
  explicit SkipChecker(std::map<std::string, std::string> listed) : listed_(std::move(listed)) {}

  void OnTestEnd(const testing::TestInfo& info) override {
    const testing::TestResult* result = info.result();
    if (!result->Skipped()) return;
    std::string name = std::string(info.test_suite_name()) + "." + info.name();
    std::string reason;
    for (int i = 0; i < result->total_part_count(); ++i) {
      const testing::TestPartResult& part = result->GetTestPartResult(i);
      if (part.skipped()) reason = part.message();
    }
    auto it = listed_.find(name);
    if (it != listed_.end() && it->second == reason) {
      std::cout << "newsdex: expected skip of " << name << ": " << reason << "\n";
      return;
    }
    // End events reach this listener before GoogleTest's printer, while the
    // test is still current: the failure makes it a failed test, not a skip.
    ADD_FAILURE() << "newsdex: UNEXPECTED SKIP of " << name << ": " << reason
                  << " (make it run, or list it with its reason in " << NEWSDEX_EXPECTED_SKIPS
                  << ")";
  }

 private:
  std::map<std::string, std::string> listed_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  // Owned by GoogleTest.
  testing::UnitTest::GetInstance()->listeners().Append(
      new SkipChecker(ReadExpectedSkips(NEWSDEX_EXPECTED_SKIPS)));
  return RUN_ALL_TESTS();
}
