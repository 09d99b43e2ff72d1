#include "newsdex/index/compact.h"

#include <xapian.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>

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
  Status published = (*generation)->Publish();
  if (!published) return published.error();
  summary.bytes_after = DiskUsage((*generation)->path());
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
