#include "newsdex/index/compact.h"

#include <xapian.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>

#include "newsdex/store/database.h"
#include "newsdex/store/schema.h"

namespace newsdex {

namespace fs = boost::filesystem;

Result<CompactSummary> CompactIndex(const CompactOptions& options) {
  auto start = std::chrono::steady_clock::now();
  bool in_place = options.to_path.empty();
  const std::string& target = in_place ? options.db_path : options.to_path;

  auto index = OpenShardedIndex(options.db_path, OpenOptions{});
  if (!index) return index.error();
  for (const auto& name : index->shard_names) {
    if (name.rfind("remote ", 0) == 0) {
      return Error{"cannot compact " + name + ": compact each shard on the machine that holds it"};
    }
  }
  if (in_place) {
    boost::system::error_code ec;
    if (!fs::exists(options.db_path + "/" + std::string(schema::kStubFile), ec)) {
      return Error{
          options.db_path +
          " is not a newsdex index folder; give --to PATH to write the compacted copy elsewhere"};
    }
  } else {
    boost::system::error_code ec;
    if (fs::exists(target, ec) && !fs::is_empty(target, ec) &&
        !fs::exists(target + "/" + std::string(schema::kStubFile), ec)) {
      return Error{target +
                   " exists and is not a newsdex index; choose an empty or new folder for --to"};
    }
  }

  auto lock = WriterLock::Acquire(target, options.wait_seconds);
  if (!lock) return lock.error();

  CompactSummary summary;
  summary.shards_in = index->shards.size();
  summary.documents = index->db.get_doccount();
  summary.bytes_before = IndexBytes(options.db_path).value_or(0);

  std::string gen_path = ReserveGeneration(target);
  std::string gen_name = fs::path(gen_path).filename().string();
  try {
    // Multipass merges many shards with less temporary space.
    index->db.compact(gen_path, Xapian::DBCOMPACT_MULTIPASS);
  } catch (const Xapian::Error& e) {
    boost::system::error_code ec;
    fs::remove_all(gen_path, ec);
    return Error{"compaction failed: " + e.get_description() + " (the index is unchanged)"};
  }
  Status published = PublishGeneration(target, gen_name, {gen_name});
  if (!published) return published.error();
  summary.bytes_after = DiskUsage(gen_path);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
