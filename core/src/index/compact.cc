#include "newsdex/index/compact.h"

#include <xapian.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>

#include "index/file_indexing.h"
#include "newsdex/store/open.h"
#include "newsdex/store/schema.h"

namespace newsdex {

namespace fs = boost::filesystem;

Result<CompactSummary> CompactIndex(const CompactOptions& options) {
  auto start = std::chrono::steady_clock::now();
  bool in_place = options.to_path.empty();
  const std::string& target = in_place ? options.db_path : options.to_path;

  auto index = OpenShardedIndex(options.db_path, OpenOptions{});
  if (!index) return index.error();
  for (const auto& shard : index->shards) {
    if (shard.kind == ShardKind::kRemote) {
      return Error{
          "cannot compact " + shard.name + ": compact each shard on the machine that holds it",
          ErrorCode::kInvalidInput};
    }
  }
  if (in_place) {
    boost::system::error_code ec;
    if (!fs::exists(options.db_path + "/" + std::string(schema::kStubFile), ec)) {
      return Error{options.db_path +
                       " is not a newsdex index folder; give --to PATH to write the compacted copy "
                       "elsewhere",
                   ErrorCode::kInvalidInput};
    }
  } else {
    boost::system::error_code ec;
    if (fs::exists(target, ec) && !fs::is_empty(target, ec) &&
        !fs::exists(target + "/" + std::string(schema::kStubFile), ec)) {
      return Error{
          target + " exists and is not a newsdex index; choose an empty or new folder for --to",
          ErrorCode::kForeign};
    }
  }

  auto lock = WriterLock::Acquire(target, options.wait_seconds);
  if (!lock) return lock.error();

  CompactSummary summary;
  summary.shards_in = index->shards.size();
  summary.documents = index->db.get_doccount();
  summary.bytes_before = IndexBytes(options.db_path).value_or(0);

  auto generation = Generation::Create(target);
  if (!generation) return generation.error();
  try {
    // Multipass merges many shards with less temporary space.
    index->db.compact((*generation)->path(), Xapian::DBCOMPACT_MULTIPASS);
  } catch (const Xapian::Error& e) {
    return Error{"compaction failed: " + e.get_description() + " (the index is unchanged)"};
  }
  try {
    RecordCompactedSize((*generation)->path());
  } catch (const Xapian::Error& e) {
    return Error{"compaction failed: " + e.get_description() + " (the index is unchanged)"};
  }
  Status published = (*generation)->Publish();
  if (!published) return published.error();
  summary.bytes_after = DiskUsage((*generation)->path());
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

double IndexGrowth::ratio() const {
  if (compacted_bytes == 0) return 1.0;
  double expected = static_cast<double>(compacted_bytes);
  if (compacted_articles != 0 && articles_now != 0) {
    expected *= static_cast<double>(articles_now) / static_cast<double>(compacted_articles);
  }
  return static_cast<double>(bytes_now) / expected;
}

std::optional<IndexGrowth> ReadIndexGrowth(const std::string& db_path) {
  auto databases = ListIndexDatabases(db_path);
  if (!databases || !databases->remote.empty() || databases->local.empty()) return std::nullopt;
  IndexGrowth growth;
  try {
    for (const std::string& path : databases->local) {
      Xapian::Database db(path);
      std::string bytes = db.get_metadata(std::string(schema::kMetaCompactedBytes));
      if (bytes.empty()) return std::nullopt;
      growth.compacted_bytes += std::stoull(bytes);
      std::string articles = db.get_metadata(std::string(schema::kMetaCompactedArticles));
      growth.compacted_articles += articles.empty() ? 0 : std::stoull(articles);
      growth.articles_now += db.get_doccount();
      growth.bytes_now += DiskUsage(path);
    }
  } catch (const Xapian::Error&) {
    return std::nullopt;
  } catch (const std::logic_error&) {  // a number that does not parse
    return std::nullopt;
  }
  return growth;
}

void RecordCompactedSize(const std::string& database_path) {
  std::uint64_t bytes = DiskUsage(database_path);
  Xapian::WritableDatabase db(database_path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  db.set_metadata(std::string(schema::kMetaCompactedBytes), std::to_string(bytes));
  db.set_metadata(std::string(schema::kMetaCompactedArticles), std::to_string(db.get_doccount()));
  db.commit();
  db.close();
}

Result<CompactSummary> CompactGeneration(const std::string& db_path) {
  auto start = std::chrono::steady_clock::now();
  auto databases = ListIndexDatabases(db_path);
  if (!databases) return databases.error();
  if (!databases->remote.empty()) return Error{"cannot compact remote shards from here"};
  CompactSummary summary;
  summary.shards_in = databases->local.size();
  summary.bytes_before = IndexBytes(db_path).value_or(0);
  auto generation = Generation::Create(db_path);
  if (!generation) return generation.error();
  const std::string gen_path = (*generation)->path();
  const std::string gen_name = fs::path(gen_path).filename().string();
  const bool sharded = databases->local.size() > 1;
  std::vector<std::string> entries;
  // An unpublished generation removes itself: a failure leaves the index as it was.
  try {
    if (sharded) fs::create_directories(gen_path);
    for (std::size_t k = 0; k < databases->local.size(); ++k) {
      std::string name = sharded ? gen_name + "/shard-" + std::to_string(k) : gen_name;
      std::string output = db_path + "/" + name;
      Xapian::Database source(databases->local[k]);
      summary.documents += source.get_doccount();
      source.compact(output, Xapian::Compactor::FULL);
      RecordCompactedSize(output);
      internal::SyncFolderFiles(output);
      entries.push_back(name);
    }
  } catch (const Xapian::Error& e) {
    return Error{"compaction failed: " + e.get_description() + " (the index is unchanged)"};
  } catch (const fs::filesystem_error& e) {
    return Error{std::string("compaction failed: ") + e.what() + " (the index is unchanged)"};
  }
  Status published = sharded ? (*generation)->PublishShards(entries) : (*generation)->Publish();
  if (!published) return published.error();
  summary.bytes_after = IndexBytes(db_path).value_or(0);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
