// Limits and hostile-input guards, so that a pasted document, an odd file
// name or another program's database gives a clear error instead of a slow
// search or a wrong answer: query limits, over-long id terms, escaping of
// names, and telling a foreign database from an index.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "newsdex/base/text.h"
#include "newsdex/index/check.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/store/open.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

std::string BuildError(const std::string& text) {
  QueryBuilder builder;
  SearchRequest request;
  request.text = text;
  auto query = builder.Build(request);
  return query ? "" : query.error().message;
}

std::string Words(std::size_t n, const std::string& suffix = "") {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    text += 'w';
    text += std::to_string(i);
    text += suffix;
    text += ' ';
  }
  return text;
}

TEST(QueryLimitsTest, QueryOverTheByteLimitIsRefusedBeforeParsing) {
  EXPECT_EQ(BuildError(std::string(kMaxQueryBytes, 'a')), "");
  std::string error = BuildError(std::string(kMaxQueryBytes + 1, 'a'));
  EXPECT_NE(error.find("10241 bytes long, over the limit of 10240"), std::string::npos) << error;
}

TEST(QueryLimitsTest, TooManyTermsIsAnErrorThatQuotesOnlyTheStart) {
  EXPECT_EQ(BuildError(Words(kMaxQueryTerms)), "");
  std::string error = BuildError(Words(kMaxQueryTerms + 1));
  EXPECT_NE(error.find("1001 terms, over the limit of 1000"), std::string::npos) << error;
  EXPECT_LT(error.size(), 300u);
}

TEST(QueryLimitsTest, TooManyWildcardsNeedsADatabaseToCount) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  QueryBuilder builder(&db);
  SearchRequest request;
  request.text = Words(kMaxQueryWildcards, "*");
  EXPECT_TRUE(builder.Build(request).ok());
  request.text = Words(kMaxQueryWildcards + 1, "*");
  auto query = builder.Build(request);
  ASSERT_FALSE(query.ok());
  EXPECT_NE(query.error().message.find("21 wildcards, over the limit of 20"), std::string::npos);
}

TEST(IdTermTest, LongIdsFitXapiansTermLimitAndStayDistinct) {
  EXPECT_EQ(schema::IdTerm("abc"), "Qabc");
  std::string a(251, 'n');
  std::string b = a;
  b.back() = 'm';
  EXPECT_LE(schema::IdTerm(a).size(), 245u);
  EXPECT_NE(schema::IdTerm(a), schema::IdTerm(b));
  EXPECT_EQ(schema::IdTerm(std::string(200, 'x')), "Q" + std::string(200, 'x'));
}

TEST(EscapeControlCharsTest, ControlsBecomeHexAndTheRestPassesThrough) {
  EXPECT_EQ(EscapeControlChars("new\nline\t\x1b[1m\x7f"), "new\\x0aline\\x09\\x1b[1m\\x7f");
  EXPECT_EQ(EscapeControlChars("caf\xe9 \xc3\xa9"), "caf\xe9 \xc3\xa9");
}

class ForeignDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("newsdex-limits-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ForeignDatabaseTest, PlainXapianDatabaseIsNotAnIndex) {
  {
    Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.add_term("hello");
    db.add_document(doc);
    db.commit();
  }
  auto opened = OpenIndex(dir_);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("not a newsdex index"), std::string::npos);
  EXPECT_EQ(opened.error().code, ErrorCode::kForeign);
  auto report = CheckIndex(dir_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kForeign);
  EXPECT_NE(report.error().message.find("not a newsdex index"), std::string::npos);
}

TEST_F(ForeignDatabaseTest, OtherFormatVersionIsRefused) {
  {
    Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaFormat), "99");
    db.commit();
  }
  auto opened = OpenIndex(dir_);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("has newsdex format 99"), std::string::npos);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt) << "another format needs a rebuild";
}

TEST_F(ForeignDatabaseTest, MatchingMetadataOpensAndChecksSound) {
  {
    Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE);
    db.set_metadata(std::string(schema::kMetaFormat), std::string(schema::kFormatVersion));
    db.commit();
  }
  EXPECT_TRUE(OpenIndex(dir_).ok());
  auto report = CheckIndex(dir_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->damaged) << report->problem;
}

}  // namespace
}  // namespace newsdex
