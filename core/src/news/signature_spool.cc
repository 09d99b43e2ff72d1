#include "newsdex/news/signature_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "news/union_find.h"
#include "newsdex/base/hash.h"

namespace newsdex {
namespace {

// A record: the signature (a byte per entry), then the date, docid and ref
// as 4-byte little-endian numbers (date 0: undated).
constexpr std::size_t kSignatureBytes = kMinHashSize;
constexpr std::size_t kRecordBytes = kSignatureBytes + 12;

// Groups handed to ClusterArticles together hold up to this many articles
// (a larger group goes alone): bounds the memory of the second pass.
constexpr std::size_t kGroupBatch = 1u << 16;

// Records read per refill when scanning a spool.
constexpr std::size_t kReadRecords = 4096;

void PutU32(char* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t GetU32(const char* in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  return v;
}

// The LSH bucket key of band `band`, from a record's signature bytes: the
// same fold as the key clustering uses, so the same articles meet.
std::uint64_t RecordBandKey(const char* record, std::size_t band) {
  return BandKeyOf(reinterpret_cast<const std::uint8_t*>(record) + band * kRowsPerBand);
}

// The spools opened for reading, addressed by one global record number.
class SpoolReader {
 public:
  static Result<SpoolReader> Open(const std::vector<std::string>& paths) {
    SpoolReader reader;
    for (const auto& path : paths) {
      int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        return Error{"cannot read the signature spool " + path + ": " + std::strerror(errno)};
      }
      reader.fds_.push_back(fd);
      off_t size = ::lseek(fd, 0, SEEK_END);
      if (size < 0 || static_cast<std::size_t>(size) % kRecordBytes != 0) {
        return Error{"the signature spool " + path +
                     " is damaged (size not a whole number of records)"};
      }
      reader.first_.push_back(reader.total_);
      reader.total_ += static_cast<std::size_t>(size) / kRecordBytes;
    }
    reader.first_.push_back(reader.total_);
    return reader;
  }
  SpoolReader() = default;
  SpoolReader(SpoolReader&& other) noexcept
      : fds_(std::move(other.fds_)), first_(std::move(other.first_)), total_(other.total_) {
    other.fds_.clear();
  }
  SpoolReader(const SpoolReader&) = delete;
  ~SpoolReader() {
    for (int fd : fds_) ::close(fd);
  }

  std::size_t total() const { return total_; }
  std::size_t SpoolOf(std::size_t global) const {
    return static_cast<std::size_t>(std::upper_bound(first_.begin(), first_.end(), global) -
                                    first_.begin()) -
           1;
  }

  // Calls visit(global, record) for the records `wanted` (ascending global
  // numbers), reading each spool in blocks of kReadRecords from the first
  // wanted record on: a sequential read when most are wanted, one read per
  // record when few are.
  template <typename Visit>
  Status ForEach(const std::vector<std::size_t>& wanted, Visit visit) {
    std::vector<char> buffer(kReadRecords * kRecordBytes);
    std::size_t spool = 0, begin = 0, end = 0;  // buffered global range
    for (std::size_t global : wanted) {
      if (global < begin || global >= end) {
        spool = SpoolOf(global);
        std::size_t local = global - first_[spool];
        std::size_t n = std::min(kReadRecords, first_[spool + 1] - global);
        if (!ReadAt(spool, local, n, buffer.data())) {
          return Error{std::string("cannot read a signature spool: ") + std::strerror(errno)};
        }
        begin = global;
        end = global + n;
      }
      visit(global, buffer.data() + (global - begin) * kRecordBytes);
    }
    return Ok{};
  }

  // Calls visit(global, record) for every record, in order.
  template <typename Visit>
  Status ForAll(Visit visit) {
    std::vector<char> buffer(kReadRecords * kRecordBytes);
    for (std::size_t spool = 0; spool < fds_.size(); ++spool) {
      for (std::size_t global = first_[spool]; global < first_[spool + 1];) {
        std::size_t n = std::min(kReadRecords, first_[spool + 1] - global);
        if (!ReadAt(spool, global - first_[spool], n, buffer.data())) {
          return Error{std::string("cannot read a signature spool: ") + std::strerror(errno)};
        }
        for (std::size_t i = 0; i < n; ++i) visit(global + i, buffer.data() + i * kRecordBytes);
        global += n;
      }
    }
    return Ok{};
  }

 private:
  bool ReadAt(std::size_t spool, std::size_t local, std::size_t n, char* out) {
    std::size_t want = n * kRecordBytes;
    off_t offset = static_cast<off_t>(local * kRecordBytes);
    while (want > 0) {
      ssize_t got = ::pread(fds_[spool], out, want, offset);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      out += got;
      offset += got;
      want -= static_cast<std::size_t>(got);
    }
    return true;
  }

  std::vector<int> fds_;
  std::vector<std::size_t> first_;  // global number of each spool's first record
  std::size_t total_ = 0;
};

// A group's root and one of its records.
using GroupMember = std::pair<std::uint32_t, std::uint32_t>;

// Pass 1: links the records that share a bucket in any band; the groups of
// linked articles are the only places where near-copies can be found.
Status LinkSharedBuckets(SpoolReader& reader, internal::UnionFind<std::uint32_t>* linked) {
  const std::size_t total = reader.total();
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(total);
  for (std::size_t band = 0; band < kBands; ++band) {
    Status read = reader.ForAll([&](std::size_t global, const char* record) {
      keys[global] = {RecordBandKey(record, band), static_cast<std::uint32_t>(global)};
    });
    if (!read) return read.error();
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 1; i < total; ++i) {
      if (keys[i].first == keys[i - 1].first) linked->Union(keys[i - 1].second, keys[i].second);
    }
  }
  return Ok{};
}

// The records of groups of two or more, group by group, each group in record
// order: the only ones that can be near-copies.
std::vector<GroupMember> MembersOfGroups(internal::UnionFind<std::uint32_t>& linked,
                                         std::size_t total) {
  std::vector<std::uint32_t> group_size(total, 0);
  for (std::uint32_t i = 0; i < total; ++i) ++group_size[linked.Find(i)];
  std::vector<GroupMember> members;
  for (std::uint32_t i = 0; i < total; ++i) {
    std::uint32_t root = linked.Find(i);
    if (group_size[root] > 1) members.emplace_back(root, i);
  }
  std::sort(members.begin(), members.end());
  return members;
}

// Where the batch of whole groups starting at members[start] ends: groups
// join it while it holds at most kGroupBatch records; a larger group goes
// alone.
std::size_t BatchEnd(const std::vector<GroupMember>& members, std::size_t start) {
  std::size_t stop = start;
  while (stop < members.size()) {
    std::size_t group_end = stop;
    while (group_end < members.size() && members[group_end].first == members[stop].first) {
      ++group_end;
    }
    if (stop > start && group_end - start > kGroupBatch) break;
    stop = group_end;
  }
  return stop;
}

// Pass 2 for one batch: reads back the records `batch` (ascending) and
// clusters their articles as if they were all there were, adding those that
// join a cluster to `clustered`.
Status ClusterBatch(SpoolReader& reader, const std::vector<std::size_t>& batch,
                    const std::function<std::string(std::uint32_t ref)>& cluster_id,
                    const ClusterOptions& options, std::vector<SpooledClusterMember>* clustered) {
  std::vector<FingerprintedArticle> articles(batch.size());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> where(batch.size());  // docid, ref
  std::size_t next = 0;
  Status read = reader.ForEach(batch, [&](std::size_t, const char* record) {
    FingerprintedArticle& article = articles[next];
    article.signature.assign(record, record + kSignatureBytes);
    std::uint32_t date = GetU32(record + kSignatureBytes);
    if (date != 0) article.date = static_cast<int>(date);
    std::uint32_t ref = GetU32(record + kSignatureBytes + 8);
    article.id = cluster_id(ref);
    where[next] = {GetU32(record + kSignatureBytes + 4), ref};
    ++next;
  });
  if (!read) return read.error();
  std::vector<std::string> keys = ClusterArticles(articles, options);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty()) continue;
    clustered->push_back(
        {reader.SpoolOf(batch[i]), where[i].first, where[i].second, std::move(keys[i])});
  }
  return Ok{};
}

}  // namespace

Result<SignatureSpool> SignatureSpool::Create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wbe");
  if (file == nullptr) {
    return Error{"cannot create the signature spool " + path + ": " + std::strerror(errno)};
  }
  return SignatureSpool(file, path);
}

SignatureSpool::SignatureSpool(SignatureSpool&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)),
      path_(std::move(other.path_)),
      count_(other.count_),
      failed_(other.failed_) {}

SignatureSpool& SignatureSpool::operator=(SignatureSpool&& other) noexcept {
  if (this != &other) {
    if (file_ != nullptr) std::fclose(file_);
    file_ = std::exchange(other.file_, nullptr);
    path_ = std::move(other.path_);
    count_ = other.count_;
    failed_ = other.failed_;
  }
  return *this;
}

SignatureSpool::~SignatureSpool() {
  if (file_ != nullptr) std::fclose(file_);
}

void SignatureSpool::Add(const Signature& signature, std::optional<int> date, std::uint32_t docid,
                         std::uint32_t ref) {
  char record[kRecordBytes] = {};
  for (std::size_t i = 0; i < kMinHashSize && i < signature.size(); ++i) {
    record[i] = static_cast<char>(signature[i]);
  }
  PutU32(record + kSignatureBytes, date ? static_cast<std::uint32_t>(*date) : 0);
  PutU32(record + kSignatureBytes + 4, docid);
  PutU32(record + kSignatureBytes + 8, ref);
  if (file_ == nullptr || std::fwrite(record, 1, kRecordBytes, file_) != kRecordBytes) {
    failed_ = true;
  }
  ++count_;
}

Status SignatureSpool::Finish() {
  bool ok = !failed_ && file_ != nullptr && std::fflush(file_) == 0;
  if (file_ != nullptr && std::fclose(file_) != 0) ok = false;
  file_ = nullptr;
  if (!ok) return Error{"cannot write the signature spool " + path_ + " (disk full?)"};
  return Ok{};
}

Result<std::vector<SpooledClusterMember>> ClusterSpools(
    const std::vector<std::string>& paths,
    const std::function<std::string(std::uint32_t ref)>& cluster_id,
    const ClusterOptions& options) {
  auto reader = SpoolReader::Open(paths);
  if (!reader) return reader.error();
  const std::size_t total = reader->total();
  if (total > UINT32_MAX) return Error{"too many articles to cluster in one build"};

  internal::UnionFind<std::uint32_t> linked(total);
  Status linking = LinkSharedBuckets(*reader, &linked);
  if (!linking) return linking.error();
  const std::vector<GroupMember> members = MembersOfGroups(linked, total);

  // Batches of whole groups, each batch's articles handed over in record
  // order.
  std::vector<SpooledClusterMember> clustered;
  for (std::size_t start = 0; start < members.size();) {
    const std::size_t stop = BatchEnd(members, start);
    std::vector<std::size_t> batch;
    batch.reserve(stop - start);
    for (std::size_t i = start; i < stop; ++i) batch.push_back(members[i].second);
    std::sort(batch.begin(), batch.end());
    Status done = ClusterBatch(*reader, batch, cluster_id, options, &clustered);
    if (!done) return done.error();
    start = stop;
  }
  std::sort(clustered.begin(), clustered.end(),
            [](const SpooledClusterMember& a, const SpooledClusterMember& b) {
              return a.spool != b.spool ? a.spool < b.spool : a.docid < b.docid;
            });
  return clustered;
}

}  // namespace newsdex
