#include "newsdex/compact.h"

#include <chrono>
#include <fstream>

#include <boost/filesystem.hpp>
#include <xapian.h>

#include "newsdex/database.h"
#include "newsdex/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

// Every database the stub of `db_path` lists, resolved (local shards only:
// compacting needs the files).
std::uint64_t IndexBytes(const std::string& db_path) {
  boost::system::error_code ec;
  if (fs::is_regular_file(db_path, ec)) {
    // A stub file: count what it points at.
    std::ifstream in(db_path);
    std::uint64_t total = 0;
    std::string kind, target;
    while (in >> kind >> target) {
      if (kind == "remote") continue;
      fs::path p = target;
      if (p.is_relative()) p = fs::path(db_path).parent_path() / p;
      total += DiskUsage(p.string());
    }
    return total;
  }
  std::string current = CurrentGenerationPath(db_path);
  if (!current.empty()) {
    // Count the current generation folder only, not the previous one kept
    // for readers.
    std::string gen = current.substr(db_path.size() + 1);
    return DiskUsage(db_path + "/" + gen.substr(0, gen.find('/')));
  }
  return DiskUsage(db_path);
}

}  // namespace

std::uint64_t DiskUsage(const std::string& path) {
  boost::system::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::is_regular_file(it->symlink_status(ec))) total += fs::file_size(it->path(), ec);
  }
  return total;
}

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
      return Error{options.db_path + " is not a newsdex index folder; give --to PATH to write the compacted copy elsewhere"};
    }
  } else {
    boost::system::error_code ec;
    if (fs::exists(target, ec) && !fs::is_empty(target, ec) &&
        !fs::exists(target + "/" + std::string(schema::kStubFile), ec)) {
      return Error{target + " exists and is not a newsdex index; choose an empty or new folder for --to"};
    }
  }

  auto lock = WriterLock::Acquire(target, options.wait_seconds);
  if (!lock) return lock.error();

  CompactSummary summary;
  summary.shards_in = index->shards.size();
  summary.documents = index->db.get_doccount();
  summary.bytes_before = IndexBytes(options.db_path);

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
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace newsdex
