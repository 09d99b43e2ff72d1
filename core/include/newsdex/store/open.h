// Opening an index for search: a newsdex index folder, a plain Xapian
// database or a stub file; local, sharded, remote (xapian-tcpsrv) and
// parallel (xapian-progsrv) shards; checking that what opened is a newsdex
// index of the format this program reads; and leaving out shards that fail.
#ifndef NEWSDEX_STORE_OPEN_H_
#define NEWSDEX_STORE_OPEN_H_

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/store/folder.h"

namespace newsdex {

// The advice that ends a message about a missing or foreign index:
// "build one with: indexer build CORPUS_DIR --db PATH".
std::string BuildHint(const std::string& db_path);

// The advice that ends a message about a damaged index or one in another
// format: "rebuild it: indexer build FOLDERS --db PATH", where `folders` are
// the corpus folders (separated by spaces) when known.
std::string RebuildHint(const std::string& db_path, const std::string& folders = "CORPUS_DIR");

// Opens an index for searching. Fails with a message that names the path
// and says how to build an index when there is none.
Result<Xapian::Database> OpenIndex(const std::string& db_path);

// Succeeds when `db` (opened from `db_path`) carries the newsdex format
// this program reads, with a message naming `db_path` and saying what to
// do: another program's database, or another format (rebuild it). May
// throw Xapian::Error (a damaged database can fail on the metadata read).
Status ValidateNewsdexMetadata(const Xapian::Database& db, const std::string& db_path);

struct OpenOptions {
  // Applies to every exchange with a remote shard, so a dead or stalled
  // xapian-tcpsrv cannot hang a search.
  unsigned remote_timeout_ms = 10000;
  // For connecting to one; a remote_timeout_ms below it applies instead.
  unsigned connect_timeout_ms = 3000;
  // Search the shards that answer when some do not (with a warning) instead
  // of failing: when opening here, and when searching (ShardedSearcher).
  bool allow_partial = false;
  // Match each local shard of a sharded index in its own xapian-progsrv
  // process (Xapian's remote protocol over a pipe), so one query uses as
  // many cores as there are shards; results are those of one database.
  bool parallel = false;
};

// One shard of an opened index.
struct OpenShard {
  std::string name;  // for messages: its path, or "remote HOST:PORT"
  ShardKind kind = ShardKind::kLocal;
  Xapian::Database db;
};

// An index opened shard by shard, so a failure can be pinned on one shard.
struct ShardedIndex {
  Xapian::Database db;                // every shard that opened, as one
  std::vector<OpenShard> shards;      // in stub order
  std::vector<std::string> warnings;  // shards left out (allow_partial)
  // With OpenOptions::parallel: the same shards opened in this process, in
  // the same order (so with the same docids), to read documents from
  // without a round trip each. Otherwise no shards.
  Xapian::Database local_documents;
};

// Like OpenIndex, but reads stub files itself (ReadStub), giving remote
// shards the timeouts of `options` (Xapian's own stub reader applies none).
// Fails naming the shard that could not be opened, unless
// options.allow_partial and at least one shard opened.
Result<ShardedIndex> OpenShardedIndex(const std::string& db_path, const OpenOptions& options);

// True when some shard matches over Xapian's remote protocol (a remote
// shard, or a parallel one), where each document read is a round trip
// unless asked for in advance.
bool HasRemoteShards(const ShardedIndex& index);

// The shards of `index` that do not answer now (a remote keep-alive fails),
// as (name, reason); for saying which shard broke a search.
std::vector<std::pair<std::string, std::string>> FailingShards(ShardedIndex& index);

// Rebuilds index.db from the shards that still answer, recording the others
// in index.warnings. Returns false when none answers.
bool DropFailingShards(ShardedIndex& index);

}  // namespace newsdex

#endif  // NEWSDEX_STORE_OPEN_H_
