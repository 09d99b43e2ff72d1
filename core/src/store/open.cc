#include "newsdex/store/open.h"

#include <algorithm>
#include <boost/filesystem.hpp>

#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

std::string OpenErrorMessage(const std::string& what, const Xapian::Error& e) {
  return "cannot open " + what + ": " + e.get_type() + ": " + e.get_msg();
}

bool Exists(const std::string& path) {
  error_code ec;
  return fs::exists(path, ec);
}

// What is wrong with db_path before Xapian is asked to open it: nothing
// there, an empty folder, a stub naming no generation, or a folder whose
// first build has not completed. Ok when Xapian should try.
Status CheckFolder(const std::string& db_path) {
  error_code ec;
  fs::file_status status = fs::status(db_path, ec);
  if (!fs::exists(status))
    return Error{"no index at " + db_path + "; " + BuildHint(db_path), ErrorCode::kNotFound};
  if (!fs::is_directory(status)) return Ok{};
  if (fs::is_empty(db_path, ec)) {
    return Error{"index folder " + db_path + " is empty; " + BuildHint(db_path),
                 ErrorCode::kNotFound};
  }
  const bool has_stub = Exists(db_path + "/" + std::string(schema::kStubFile));
  if (has_stub && CurrentGenerationPath(db_path).empty()) {
    return Error{"index at " + db_path + " is damaged (its " + std::string(schema::kStubFile) +
                     " stub names no generation); " + RebuildHint(db_path),
                 ErrorCode::kCorrupt};
  }
  if (!has_stub && !Exists(db_path + "/iamglass") && !Exists(db_path + "/iamchert") &&
      Exists(db_path + "/" + std::string(schema::kLockFile))) {
    // An index folder whose first build failed or is still running.
    return Error{
        "no index at " + db_path + " yet (no build has completed there); " + BuildHint(db_path),
        ErrorCode::kNotFound};
  }
  return Ok{};
}

// Opens one shard of a stub that lists several (or a remote one), as
// OpenShardedIndex describes. Returns the failure to report, or "", or an
// error that no other shard can make up for.
Result<std::string> OpenOneShard(const StubEntry& entry, const OpenOptions& options, bool parallel,
                                 ShardedIndex& index, Xapian::Database& shard) {
  if (entry.kind == ShardKind::kRemote) {
    try {
      // A connection may take as long as any exchange, never longer: a short
      // --timeout is a promise about the whole search.
      shard = Xapian::Remote::open(entry.host, entry.port, options.remote_timeout_ms,
                                   std::min(options.connect_timeout_ms, options.remote_timeout_ms));
    } catch (const Xapian::Error& e) {
      return OpenErrorMessage("shard '" + entry.name + "'", e);
    }
    return std::string();
  }
  auto local = OpenIndex(entry.path);
  if (!local) return "shard '" + entry.name + "': " + local.error().message;
  if (!parallel) {
    shard = *local;
    return std::string();
  }
  // xapian-progsrv takes its arguments split at spaces.
  if (entry.path.find_first_of(" \t") != std::string::npos) {
    return Error{"--parallel cannot pass the shard path '" + entry.path +
                     "' (it has spaces) to xapian-progsrv; move the index",
                 ErrorCode::kInvalidInput};
  }
  try {
    shard = Xapian::Remote::open("xapian-progsrv", entry.path, options.remote_timeout_ms);
    index.local_documents.add_database(*local);
  } catch (const Xapian::Error& e) {
    return OpenErrorMessage(
        "shard '" + entry.name + "' (xapian-progsrv, from the xapian-tools package)", e);
  }
  return std::string();
}

// An index that is one database, opened by Xapian (which explains damaged
// and foreign indexes best).
Result<ShardedIndex> OpenSingle(const std::string& db_path) {
  auto db = OpenIndex(db_path);
  if (!db) return db.error();
  ShardedIndex index;
  index.db = *db;
  index.shards.push_back({db_path, ShardKind::kLocal, *db});
  return index;
}

}  // namespace

std::string BuildHint(const std::string& db_path) {
  return "build one with: indexer build CORPUS_DIR --db " + db_path;
}

std::string RebuildHint(const std::string& db_path, const std::string& folders) {
  return "rebuild it: indexer build " + folders + " --db " + db_path;
}

Status ValidateNewsdexMetadata(const Xapian::Database& db, const std::string& db_path) {
  std::string format = db.get_metadata(std::string(schema::kMetaFormat));
  if (format.empty()) {
    return Error{db_path + " is a Xapian database but not a newsdex index (it has no " +
                     std::string(schema::kMetaFormat) + " metadata); " + BuildHint("NEW_PATH"),
                 ErrorCode::kForeign};
  }
  if (!schema::IsReadableFormat(format)) {
    return Error{"index at " + db_path + " has newsdex format " + format +
                     ", but this program reads formats " +
                     std::string(schema::kOldestReadableFormat) + " to " +
                     std::string(schema::kFormatVersion) + "; " + RebuildHint(db_path),
                 ErrorCode::kCorrupt};
  }
  return Ok{};
}

Result<Xapian::Database> OpenIndex(const std::string& db_path) {
  Status folder = CheckFolder(db_path);
  if (!folder) return folder.error();
  try {
    // A writer committing twice between the open and the metadata read
    // discards the revision being read: open again, as Xapian advises.
    for (int attempt = 1;; ++attempt) {
      try {
        Xapian::Database db(db_path);
        // Another program's database opens fine and then finds nothing.
        Status valid = ValidateNewsdexMetadata(db, db_path);
        if (!valid) return valid.error();
        return db;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == 5) throw;
      }
    }
  } catch (const Xapian::DatabaseVersionError& e) {
    return Error{"index at " + db_path + " was written by an incompatible Xapian version (" +
                     e.get_msg() + "); " + RebuildHint(db_path),
                 ErrorCode::kCorrupt};
  } catch (const Xapian::DatabaseCorruptError& e) {
    return Error{
        "index at " + db_path + " is damaged (" + e.get_msg() + "); " + RebuildHint(db_path),
        ErrorCode::kCorrupt};
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error{"cannot open index at " + db_path + " (" + e.get_msg() +
                     "); it is not a newsdex index or it is damaged; " + BuildHint(db_path),
                 ErrorCode::kCorrupt};
  } catch (const Xapian::DatabaseError& e) {
    // Truncated or overwritten table files often surface as plain
    // DatabaseError ("Error reading block ...") rather than as corruption.
    return Error{"index at " + db_path + " cannot be read (" + e.get_msg() +
                     "); it is probably damaged: check it with indexer check --db " + db_path +
                     " and " + RebuildHint(db_path),
                 ErrorCode::kCorrupt};
  } catch (const Xapian::Error& e) {
    return Error{"cannot open index at " + db_path + ": " + e.get_description() +
                 "; check it with: indexer check --db " + db_path};
  }
}

Result<ShardedIndex> OpenShardedIndex(const std::string& db_path, const OpenOptions& options) {
  std::string stub = StubFileOf(db_path);
  auto entries = stub.empty() ? Result<std::vector<StubEntry>>(Error{""}) : ReadStub(stub);
  bool has_remote =
      entries && std::any_of(entries->begin(), entries->end(),
                             [](const StubEntry& e) { return e.kind == ShardKind::kRemote; });
  // A database folder, a stub we cannot read, or one local database.
  if (!entries || (!has_remote && entries->size() == 1)) return OpenSingle(db_path);
  const bool parallel = options.parallel && entries->size() > 1;
  ShardedIndex index;
  for (const auto& entry : *entries) {
    Xapian::Database shard;
    auto opened = OpenOneShard(entry, options, parallel, index, shard);
    if (!opened) return opened.error();
    const std::string& failure = *opened;
    if (!failure.empty()) {
      if (!options.allow_partial) {
        return Error{
            failure + (entries->size() > 1 ? " (--allow-partial searches the other shards)" : ""),
            ErrorCode::kShardFailed};
      }
      index.warnings.push_back(failure + "; searching the other shards");
      continue;
    }
    index.db.add_database(shard);
    index.shards.push_back({entry.name, entry.kind, shard});
  }
  if (index.shards.empty()) {
    return Error{"no shard of " + db_path + " could be opened: " +
                     (index.warnings.empty() ? std::string() : index.warnings.front()),
                 ErrorCode::kShardFailed};
  }
  return index;
}

bool HasRemoteShards(const ShardedIndex& index) {
  if (index.local_documents.size() > 0) return true;
  return std::any_of(index.shards.begin(), index.shards.end(),
                     [](const OpenShard& shard) { return shard.kind == ShardKind::kRemote; });
}

std::vector<std::pair<std::string, std::string>> FailingShards(ShardedIndex& index) {
  std::vector<std::pair<std::string, std::string>> failing;
  for (OpenShard& shard : index.shards) {
    try {
      shard.db.keep_alive();
    } catch (const Xapian::Error& e) {
      failing.emplace_back(shard.name, e.get_type() + std::string(": ") + e.get_msg());
    }
  }
  return failing;
}

bool DropFailingShards(ShardedIndex& index) {
  auto failing = FailingShards(index);
  if (failing.empty()) return true;
  ShardedIndex kept;
  kept.warnings = index.warnings;
  for (const OpenShard& shard : index.shards) {
    bool bad = false;
    for (const auto& f : failing) bad = bad || f.first == shard.name;
    if (bad) continue;
    kept.db.add_database(shard.db);
    kept.shards.push_back(shard);
  }
  for (const auto& f : failing) {
    kept.warnings.push_back("shard '" + f.first + "' failed (" + f.second +
                            "); searching the other shards");
  }
  index = std::move(kept);
  return !index.shards.empty();
}

}  // namespace newsdex
