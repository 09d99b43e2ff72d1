#include "newsdex/store/folder.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

class FolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fs::unique_path("newsdex-folder-%%%%-%%%%");
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::string WriteFile(const std::string& name, const std::string& text) const {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(Path(name)) << text;
    return Path(name);
  }

  std::vector<std::string> Generations(const std::string& db) const {
    std::vector<std::string> names;
    for (fs::directory_iterator it(db), end; it != end; ++it) {
      std::string name = it->path().filename().string();
      if (name.rfind(schema::kGenerationPrefix, 0) == 0) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(FolderTest, StubReadsLocalPathsRelativeToItsFolderAndRemoteHosts) {
  std::string stub = WriteFile("idx/XAPIANDB",
                               "# shards\n"
                               "auto gen-1/shard-0\n"
                               "\n"
                               "glass /abs/shard-1\n"
                               "remote news.example.org:7001\n"
                               "remote [::1]:7002\n");
  auto entries = ReadStub(stub);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].kind, ShardKind::kLocal);
  EXPECT_EQ((*entries)[0].path, Path("idx") + "/gen-1/shard-0");
  EXPECT_EQ((*entries)[0].name, "gen-1/shard-0");
  EXPECT_EQ((*entries)[1].path, "/abs/shard-1");
  EXPECT_EQ((*entries)[2].kind, ShardKind::kRemote);
  EXPECT_EQ((*entries)[2].host, "news.example.org");
  EXPECT_EQ((*entries)[2].port, 7001u);
  EXPECT_EQ((*entries)[2].name, "remote news.example.org:7001");
  EXPECT_EQ((*entries)[3].kind, ShardKind::kRemote);
  EXPECT_EQ((*entries)[3].host, "::1") << "IPv6 brackets are not part of the host";
  EXPECT_EQ((*entries)[3].port, 7002u);
}

TEST_F(FolderTest, StubRejectsBadPortsNamingFileAndLine) {
  for (const char* port : {"0", "65536", "70000", "abc", "7001x", "-1", ""}) {
    std::string stub = WriteFile("XAPIANDB", std::string("auto a\nremote host:") + port + "\n");
    auto entries = ReadStub(stub);
    ASSERT_FALSE(entries.ok()) << "port '" << port << "' accepted";
    EXPECT_EQ(entries.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(entries.error().message.find(stub + ":2:"), std::string::npos)
        << entries.error().message;
  }
  std::string stub = WriteFile("XAPIANDB", "remote host:65535\n");
  ASSERT_TRUE(ReadStub(stub).ok());
  EXPECT_EQ((*ReadStub(stub))[0].port, 65535u);
}

TEST_F(FolderTest, StubRejectsUnknownLinesAndEmptyStubs) {
  auto unknown = ReadStub(WriteFile("a/XAPIANDB", "auto x\ninmemory\n"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find(":2: unsupported stub line 'inmemory'"), std::string::npos)
      << unknown.error().message;
  auto empty = ReadStub(WriteFile("b/XAPIANDB", "# nothing\n\n"));
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("lists no databases"), std::string::npos);
  EXPECT_FALSE(ReadStub(Path("missing/XAPIANDB")).ok());
}

TEST_F(FolderTest, NestedStubsAreFollowedToTheirDatabases) {
  // top -> (mid -> (db-a, remote), db-b)
  fs::create_directories(Path("mid"));
  Xapian::WritableDatabase(Path("mid/db-a"), Xapian::DB_CREATE).commit();
  Xapian::WritableDatabase(Path("db-b"), Xapian::DB_CREATE).commit();
  WriteFile("mid/XAPIANDB", "auto db-a\nremote h:9\n");
  WriteFile("top/XAPIANDB", "auto ../mid\nauto ../db-b\n");
  auto listed = ListIndexDatabases(Path("top"));
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->local.size(), 2u);
  EXPECT_EQ(fs::path(listed->local[0]).lexically_normal(), fs::path(Path("mid/db-a")));
  EXPECT_EQ(fs::path(listed->local[1]).lexically_normal(), fs::path(Path("db-b")));
  ASSERT_EQ(listed->remote.size(), 1u);
  EXPECT_EQ(listed->remote[0].name, "remote h:9");
  EXPECT_EQ(IndexBytes(Path("top")), std::nullopt) << "a remote shard has no local size";
}

TEST_F(FolderTest, StubsNestedInALoopFailInsteadOfRecursingForever) {
  WriteFile("loop/XAPIANDB", "auto ../loop\n");
  auto listed = ListIndexDatabases(Path("loop"));
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.error().message.find("nested too deep"), std::string::npos);
}

TEST_F(FolderTest, PublishPointsTheStubAtTheGenerationAndKeepsThePreviousOne) {
  const std::string db = Path("db");
  auto lock = WriterLock::Acquire(db, 0);
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  std::vector<std::string> published;
  for (int round = 0; round < 3; ++round) {
    auto generation = Generation::Create(db);
    ASSERT_TRUE(generation.ok()) << generation.error().message;
    Xapian::WritableDatabase((*generation)->path(), Xapian::DB_CREATE).commit();
    ASSERT_TRUE((*generation)->Publish().ok());
    published.push_back(fs::path((*generation)->path()).filename().string());
    EXPECT_EQ(CurrentGenerationPath(db), (*generation)->path());
  }
  // The current generation and the one it replaced; the oldest is gone.
  EXPECT_EQ(Generations(db), (std::vector<std::string>{published[1], published[2]}));
}

TEST_F(FolderTest, AnUnpublishedGenerationIsRemovedAndTheStubUnchanged) {
  const std::string db = Path("db");
  auto lock = WriterLock::Acquire(db, 0);
  ASSERT_TRUE(lock.ok());
  std::string kept;
  {
    auto first = Generation::Create(db);
    Xapian::WritableDatabase((*first)->path(), Xapian::DB_CREATE).commit();
    ASSERT_TRUE((*first)->Publish().ok());
    kept = (*first)->path();
  }
  std::string dropped;
  {
    auto second = Generation::Create(db);
    Xapian::WritableDatabase((*second)->path(), Xapian::DB_CREATE).commit();
    dropped = (*second)->path();
    EXPECT_TRUE(fs::exists(dropped));
  }
  EXPECT_FALSE(fs::exists(dropped));
  EXPECT_EQ(CurrentGenerationPath(db), kept);
}

TEST_F(FolderTest, PublishClearsWhatACrashedWriterLeft) {
  const std::string db = Path("db");
  auto lock = WriterLock::Acquire(db, 0);
  ASSERT_TRUE(lock.ok());
  fs::create_directories(db + "/gen-crashed.part-0");
  fs::create_directories(db + "/gen-crashed");
  auto generation = Generation::Create(db);
  Xapian::WritableDatabase((*generation)->path(), Xapian::DB_CREATE).commit();
  ASSERT_TRUE((*generation)->Publish().ok());
  EXPECT_EQ(Generations(db),
            std::vector<std::string>{fs::path((*generation)->path()).filename().string()});
}

TEST_F(FolderTest, ShardedGenerationsListEveryShardInTheStub) {
  const std::string db = Path("db");
  auto lock = WriterLock::Acquire(db, 0);
  auto generation = Generation::Create(db);
  std::string name = fs::path((*generation)->path()).filename().string();
  fs::create_directories((*generation)->path());
  for (int k = 0; k < 2; ++k) {
    std::string shard = (*generation)->path() + "/shard-" + std::to_string(k);
    Xapian::WritableDatabase(shard, Xapian::DB_CREATE).commit();
  }
  ASSERT_TRUE((*generation)->PublishShards({name + "/shard-0", name + "/shard-1"}).ok());
  auto listed = ListIndexDatabases(db);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->local, (std::vector<std::string>{(*generation)->path() + "/shard-0",
                                                     (*generation)->path() + "/shard-1"}));
}

TEST_F(FolderTest, AGenerationIsRefusedInAFolderHoldingSomethingElse) {
  WriteFile("docs/letter.txt", "dear");
  auto generation = Generation::Create(Path("docs"));
  ASSERT_FALSE(generation.ok());
  EXPECT_NE(generation.error().message.find("holds 'letter.txt'"), std::string::npos)
      << generation.error().message;
  EXPECT_EQ(generation.error().code, ErrorCode::kForeign);
}

TEST_F(FolderTest, ASecondWriterIsRefusedNamingTheHolderUntilTheFirstLetsGo) {
  const std::string db = Path("db");
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = WriterLock::Acquire(db, 0);
    char byte = lock.ok() ? 'y' : 'n';
    (void)!write(ready[1], &byte, 1);
    (void)!read(release[0], &byte, 1);
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  auto refused = WriterLock::Acquire(db, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("being written by another indexer (pid " +
                                         std::to_string(child) + ")"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().code, ErrorCode::kLocked);
  auto waited_out = WriterLock::Acquire(db, 0.3);
  EXPECT_FALSE(waited_out.ok()) << "--wait gives up after its time";
  (void)!write(release[1], "x", 1);
  int status = 0;
  waitpid(child, &status, 0);
  auto taken = WriterLock::Acquire(db, 5);
  EXPECT_TRUE(taken.ok()) << "the lock is free once its holder exits";
  for (int fd : {ready[0], ready[1], release[0], release[1]}) close(fd);
}

TEST_F(FolderTest, AWriterWaitsForTheLockWithinItsTime) {
  const std::string db = Path("db");
  auto first = std::make_unique<Result<std::unique_ptr<WriterLock>>>(WriterLock::Acquire(db, 0));
  ASSERT_TRUE(first->ok());
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    first.reset();
  });
  auto second = WriterLock::Acquire(db, 30);
  releaser.join();
  EXPECT_TRUE(second.ok());
}

TEST_F(FolderTest, AStubFileIsNoPlaceToWrite) {
  std::string stub = WriteFile("shards.stub", "remote h:1\n");
  auto lock = WriterLock::Acquire(stub, 0);
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.error().message.find("is a file"), std::string::npos);
}

TEST(ShardOfTest, StableAndWithinRange) {
  EXPECT_EQ(ShardOf("reut-00001", 1), 0u);
  std::vector<std::size_t> counts(4);
  for (int i = 0; i < 400; ++i) {
    std::size_t shard = ShardOf("id-" + std::to_string(i), 4);
    ASSERT_LT(shard, 4u);
    EXPECT_EQ(shard, ShardOf("id-" + std::to_string(i), 4));
    ++counts[shard];
  }
  for (std::size_t count : counts) EXPECT_GT(count, 50u) << "ids spread over the shards";
}

}  // namespace
}  // namespace newsdex
