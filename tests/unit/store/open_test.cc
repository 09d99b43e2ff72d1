#include "newsdex/store/open.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdex {
namespace {

// Every "no index" and "damaged index" message ends in one of these two
// hints; the CLI tests and the man page quote them.
TEST(HintTest, BuildHintNamesTheCommandThatMakesAnIndex) {
  EXPECT_EQ(BuildHint("/data/idx"), "build one with: indexer build CORPUS_DIR --db /data/idx");
}

TEST(HintTest, RebuildHintNamesTheFoldersWhenKnown) {
  EXPECT_EQ(RebuildHint("idx"), "rebuild it: indexer build CORPUS_DIR --db idx");
  EXPECT_EQ(RebuildHint("idx", "/news/a /news/b"),
            "rebuild it: indexer build /news/a /news/b --db idx");
}

TEST(HintTest, MissingIndexMessageEndsInTheBuildHint) {
  auto db = OpenIndex("/nonexistent/newsdex-open-test");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db.error().message, "no index at /nonexistent/newsdex-open-test; " +
                                    BuildHint("/nonexistent/newsdex-open-test"));
}

}  // namespace
}  // namespace newsdex
