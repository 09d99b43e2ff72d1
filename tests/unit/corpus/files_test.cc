#include "newsdex/corpus/files.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scoped_temp_dir.h"

namespace newsdex {
namespace {

namespace stdfs = std::filesystem;
using namespace std::string_literals;

std::vector<std::string> Paths(const CorpusListing& listing) {
  std::vector<std::string> paths;
  for (const auto& file : listing.files) paths.push_back(file.path);
  return paths;
}

std::string Describe(const CorpusListing& listing) {
  std::string text = "files:";
  for (const auto& file : listing.files) text += " " + file.path;
  text += "\nproblems:";
  for (const auto& problem : listing.problems) {
    text += std::string(" ") + problem.path + " (" + SkipReasonName(problem.reason) + ": " +
            problem.detail + ")";
  }
  return text;
}

const CorpusProblem* FindProblem(const CorpusListing& listing, const std::string& path) {
  for (const auto& problem : listing.problems) {
    if (problem.path == path) return &problem;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// ListCorpus

TEST(ListCorpusTest, ListsTxtFilesRecursivelyInSortedOrder) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  // Created out of order on purpose.
  dir.WriteFile("corpus/top.txt", "12345");
  dir.WriteFile("corpus/2020/a.txt");
  dir.WriteFile("corpus/2019/sub/c.txt");
  dir.WriteFile("corpus/2019/b.txt");
  dir.WriteFile("corpus/2019/sub/deeper/d.txt");
  // Not articles.
  dir.WriteFile("corpus/README.md");
  dir.WriteFile("corpus/2019/notes");
  dir.WriteFile("corpus/2019/b.txt.bak");
  dir.WriteFile("corpus/2020/txt");
  dir.MakeDir("corpus/empty");
  dir.MakeDir("corpus/folder.txt");  // a folder, walked, never listed itself

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{
                                 root + "/2019/b.txt",
                                 root + "/2019/sub/c.txt",
                                 root + "/2019/sub/deeper/d.txt",
                                 root + "/2020/a.txt",
                                 root + "/top.txt",
                             }));
  EXPECT_TRUE(listing->problems.empty()) << Describe(*listing);
  const CorpusFile& top = listing->files.back();
  EXPECT_EQ(top.size, 5u);
  EXPECT_GT(top.mtime, 0);
}

TEST(ListCorpusTest, WalksRootsInTheOrderGiven) {
  ScopedTempDir dir;
  const std::string first = dir.MakeDir("zeta");
  const std::string second = dir.MakeDir("alpha");
  dir.WriteFile("zeta/z.txt");
  dir.WriteFile("alpha/a.txt");

  auto listing = ListCorpus({first, second});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{first + "/z.txt", second + "/a.txt"}));
}

TEST(ListCorpusTest, EmptyFolderGivesEmptyListing) {
  ScopedTempDir dir;
  auto listing = ListCorpus({dir.MakeDir("empty")});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_TRUE(listing->files.empty());
  EXPECT_TRUE(listing->problems.empty());
}

TEST(ListCorpusTest, MissingRootIsAnErrorNamingIt) {
  ScopedTempDir dir;
  const std::string missing = dir.path() + "/no-such-folder";
  auto listing = ListCorpus({missing});
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.error().message.find(missing), std::string::npos) << listing.error().message;
  EXPECT_NE(listing.error().message.find("does not exist"), std::string::npos)
      << listing.error().message;
}

TEST(ListCorpusTest, MissingSecondRootFailsTheWholeListing) {
  ScopedTempDir dir;
  const std::string present = dir.MakeDir("present");
  dir.WriteFile("present/a.txt");
  const std::string missing = dir.path() + "/absent";
  auto listing = ListCorpus({present, missing});
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.error().message.find(missing), std::string::npos) << listing.error().message;
}

TEST(ListCorpusTest, RootThatIsAFileIsAnErrorNamingIt) {
  ScopedTempDir dir;
  const std::string file = dir.WriteFile("article.txt");
  auto listing = ListCorpus({file});
  ASSERT_FALSE(listing.ok());
  EXPECT_NE(listing.error().message.find(file), std::string::npos) << listing.error().message;
  EXPECT_NE(listing.error().message.find("not a folder"), std::string::npos)
      << listing.error().message;
}

TEST(ListCorpusTest, BrokenSymlinkIsReportedNotListed) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a.txt");
  const std::string link = dir.Symlink("vanished.txt", "corpus/gone.txt");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{root + "/a.txt"}));
  const CorpusProblem* problem = FindProblem(*listing, link);
  ASSERT_NE(problem, nullptr) << Describe(*listing);
  EXPECT_EQ(problem->reason, SkipReason::kBrokenSymlink);
  EXPECT_FALSE(problem->detail.empty());
}

TEST(ListCorpusTest, DirectorySymlinkLoopTerminatesAndIsReported) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a/one.txt");
  dir.WriteFile("corpus/top.txt");
  const std::string loop = dir.Symlink("..", "corpus/a/loop");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{root + "/a/one.txt", root + "/top.txt"}));
  const CorpusProblem* problem = FindProblem(*listing, loop);
  ASSERT_NE(problem, nullptr) << Describe(*listing);
  EXPECT_EQ(problem->reason, SkipReason::kSymlinkLoop);
}

TEST(ListCorpusTest, SelfReferencingSymlinksAreReportedAsLoops) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a.txt");
  const std::string file_loop = dir.Symlink("self.txt", "corpus/self.txt");
  const std::string dir_loop = dir.Symlink("ring2", "corpus/ring1");
  dir.Symlink("ring1", "corpus/ring2");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{root + "/a.txt"}));
  for (const std::string& link : {file_loop, dir_loop}) {
    SCOPED_TRACE(link);
    const CorpusProblem* problem = FindProblem(*listing, link);
    ASSERT_NE(problem, nullptr) << Describe(*listing);
    EXPECT_EQ(problem->reason, SkipReason::kSymlinkLoop);
  }
}

TEST(ListCorpusTest, SymlinkLeavingTheCorpusIsNotFollowedByDefault) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a.txt");
  dir.WriteFile("outside/private/secret.txt");
  dir.WriteFile("outside/lone.txt");
  const std::string dir_link = dir.Symlink(dir.path() + "/outside/private", "corpus/linked");
  const std::string file_link = dir.Symlink("../outside/lone.txt", "corpus/lone.txt");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{root + "/a.txt"}));
  for (const std::string& link : {dir_link, file_link}) {
    SCOPED_TRACE(link);
    const CorpusProblem* problem = FindProblem(*listing, link);
    ASSERT_NE(problem, nullptr) << Describe(*listing);
    EXPECT_EQ(problem->reason, SkipReason::kOutsideCorpus);
  }
}

TEST(ListCorpusTest, FollowSymlinksWalksFoldersOutsideTheCorpus) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a.txt");
  dir.WriteFile("outside/private/secret.txt");
  dir.WriteFile("outside/lone.txt");
  dir.Symlink(dir.path() + "/outside/private", "corpus/linked");
  dir.Symlink("../outside/lone.txt", "corpus/lone.txt");

  auto listing = ListCorpus({root}, WalkOptions{.follow_symlinks = true});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{
                                 root + "/a.txt",
                                 root + "/linked/secret.txt",
                                 root + "/lone.txt",
                             }));
  EXPECT_TRUE(listing->problems.empty()) << Describe(*listing);
}

TEST(ListCorpusTest, SymlinkIntoAnotherRootIsInsideTheCorpus) {
  ScopedTempDir dir;
  const std::string first = dir.MakeDir("first");
  const std::string second = dir.MakeDir("second");
  dir.WriteFile("second/b.txt");
  dir.Symlink(second, "first/to-second");

  auto listing = ListCorpus({first, second});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  // Reached first through the link; the walk of `second` does not list the
  // same file again.
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{first + "/to-second/b.txt"}));
  for (const auto& problem : listing->problems) {
    EXPECT_NE(problem.reason, SkipReason::kOutsideCorpus) << Describe(*listing);
  }
}

TEST(ListCorpusTest, FileReachedThroughASymlinkIsListedOnce) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/real.txt");
  dir.Symlink("real.txt", "corpus/zz-alias.txt");
  dir.WriteFile("corpus/folder/inner.txt");
  dir.Symlink("folder", "corpus/zz-folder-alias");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{
                                 root + "/folder/inner.txt",
                                 root + "/real.txt",
                             }));
}

TEST(ListCorpusTest, FileReachedFirstThroughASymlinkIsListedThere) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/b/real.txt");
  dir.Symlink("b/real.txt", "corpus/a-alias.txt");
  dir.Symlink("b/real.txt", "corpus/c-alias.txt");
  dir.Symlink("real.txt", "corpus/b/z-alias.txt");
  dir.WriteFile("corpus/c/other.txt");

  auto listing = ListCorpus({root});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{
                                 root + "/a-alias.txt",
                                 root + "/c/other.txt",
                             }));
  // With the size and time of the file it leads to, which update compares,
  // not the link's own.
  struct stat target {};
  ASSERT_EQ(::stat((root + "/b/real.txt").c_str(), &target), 0);
  const CorpusFile alias = listing->files[0];
  EXPECT_EQ(alias.size, static_cast<std::uint64_t>(target.st_size));
  EXPECT_NE(alias.size, std::string("b/real.txt").size());
  EXPECT_EQ(alias.mtime, static_cast<std::int64_t>(target.st_mtime));
}

TEST(ListCorpusTest, RootGivenThroughDifferentSpellingsListsSameFiles) {
  ScopedTempDir dir;
  const std::string root = dir.MakeDir("corpus");
  dir.WriteFile("corpus/a.txt");
  auto listing = ListCorpus({root, root + "/../corpus"});
  ASSERT_TRUE(listing.ok()) << listing.error().message;
  EXPECT_EQ(Paths(*listing), (std::vector<std::string>{root + "/a.txt"}));
}

// ---------------------------------------------------------------------------
// CorpusFiles

TEST(CorpusFilesTest, GivesBackEachFileAsAdded) {
  CorpusFiles files;
  EXPECT_TRUE(files.empty());
  const std::vector<CorpusFile> added = {
      {"/c/2019/a.txt", 1, 10},     {"/c/2019/b.txt", 2, 20},  {"/c/2019/sub/c.txt", 3, 30},
      {"/c/2019/sub/d.txt", 4, 40}, {"/c/2019/e.txt", 5, -50}, {"top.txt", 6, 60},
      {"rel//x/.txt", 7, 70},       {"/c/2019/a.txt", 8, 80},  {"/", 0, 0},
  };
  for (const auto& file : added) files.Add(file.path, file.size, file.mtime);
  ASSERT_EQ(files.size(), added.size());
  EXPECT_FALSE(files.empty());
  for (std::size_t i = 0; i < added.size(); ++i) {
    SCOPED_TRACE(added[i].path);
    EXPECT_EQ(files.path(i), added[i].path);
    const CorpusFile file = files[i];
    EXPECT_EQ(file.path, added[i].path);
    EXPECT_EQ(file.size, added[i].size);
    EXPECT_EQ(file.mtime, added[i].mtime);
  }
  std::vector<std::string> iterated;
  for (const auto& file : files) iterated.push_back(file.path);
  ASSERT_EQ(iterated.size(), added.size());
  EXPECT_EQ(iterated.back(), "/");
  EXPECT_EQ(files.back().path, "/");
}

// ---------------------------------------------------------------------------
// ReadArticleFile

TEST(ReadArticleFileTest, ReadsTheWholeFileByteForByte) {
  ScopedTempDir dir;
  const std::string bytes = " date 2022-02-25 T\r\n\0\xff end"s;
  const std::string path = dir.WriteFile("a.txt", bytes);
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(path, 1000, &reason);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, bytes);
}

TEST(ReadArticleFileTest, EmptyFileReadsAsEmpty) {
  ScopedTempDir dir;
  const std::string path = dir.WriteFile("empty.txt", "");
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(path, 1000, &reason);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, "");
}

TEST(ReadArticleFileTest, FileOfExactlyMaxBytesIsRead) {
  ScopedTempDir dir;
  const std::string path = dir.WriteFile("ten.txt", "0123456789");
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(path, 10, &reason);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, "0123456789");
}

TEST(ReadArticleFileTest, MissingFileIsUnreadable) {
  ScopedTempDir dir;
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(dir.path() + "/missing.txt", 1000, &reason);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(reason, SkipReason::kUnreadable);
  EXPECT_NE(read.error().message.find("No such file"), std::string::npos) << read.error().message;
}

TEST(ReadArticleFileTest, FileOverTheLimitIsTooLarge) {
  ScopedTempDir dir;
  const std::string path = dir.WriteFile("eleven.txt", "0123456789X");
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(path, 10, &reason);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(reason, SkipReason::kTooLarge);
  EXPECT_NE(read.error().message.find("11 bytes"), std::string::npos) << read.error().message;
  EXPECT_NE(read.error().message.find("10"), std::string::npos) << read.error().message;
}

TEST(ReadArticleFileTest, HugeFileIsRefusedWithoutReadingIt) {
  // A sparse 64 GiB file: reading it (or allocating for it) would fail or
  // take very long, so a quick kTooLarge shows the size is checked first.
  // A file system that cannot hold that much gets the largest of a few
  // smaller sizes it can: still over the limit, never a skip.
  ScopedTempDir dir;
  const std::string path = dir.WriteFile("huge.txt", "");
  std::uintmax_t huge = 0;
  std::string failures;
  for (std::uintmax_t size :
       {std::uintmax_t{64} << 30, std::uintmax_t{4} << 30, std::uintmax_t{64} << 20}) {
    std::error_code ec;
    stdfs::resize_file(path, size, ec);
    if (!ec) {
      huge = size;
      break;
    }
    failures += " " + std::to_string(size) + ": " + ec.message() + ";";
  }
  ASSERT_NE(huge, 0u) << "cannot make a sparse file here:" << failures;
  SkipReason reason = SkipReason::kEmpty;
  auto read = ReadArticleFile(path, 10u << 20, &reason);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(reason, SkipReason::kTooLarge);
  EXPECT_NE(read.error().message.find(std::to_string(huge)), std::string::npos)
      << read.error().message;
}

}  // namespace
}  // namespace newsdex
