#include "newsdex/corpus/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <string_view>
#include <system_error>
#include <unordered_map>

namespace newsdex {
namespace {

namespace fs = boost::filesystem;
using boost::system::error_code;

bool IsInside(const fs::path& path, const std::vector<fs::path>& roots) {
  const std::string p = path.string();
  for (const auto& root : roots) {
    const std::string r = root.string();
    if (p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 &&
                   (r.back() == '/' || p[r.size()] == '/'))) {
      return true;
    }
  }
  return false;
}

// As path.extension() == ".txt" (Boost.Filesystem v3, where ".txt" alone
// is an extension too), without building two paths for every entry.
bool HasTxtExtension(const fs::path& path) {
  std::string_view native = path.native();
  return native.size() >= 4 && native.substr(native.size() - 4) == ".txt";
}

fs::file_type TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return fs::regular_file;
  if (S_ISDIR(mode)) return fs::directory_file;
  if (S_ISFIFO(mode)) return fs::fifo_file;
  if (S_ISSOCK(mode)) return fs::socket_file;
  if (S_ISCHR(mode)) return fs::character_file;
  if (S_ISBLK(mode)) return fs::block_file;
  return fs::type_unknown;
}

class Walker {
 public:
  Walker(const std::vector<fs::path>& canonical_roots, const WalkOptions& options,
         CorpusListing& out)
      : roots_(canonical_roots), options_(options), out_(out) {}

  void WalkDir(const fs::path& dir, const fs::path& canonical_dir) {
    if (!visited_dirs_.insert(canonical_dir.string()).second) return;
    std::vector<Entry> entries;
    if (!ReadDir(dir, entries)) return;
    for (Entry& entry : entries) Visit(dir / entry.name, entry, canonical_dir);
  }

 private:
  // What the walk keeps of a folder entry until it is visited: a folder of
  // a million files holds a million of these.
  struct Entry {
    std::string name;
    std::uint64_t size = 0;  // of the entry, or for a symlink of its target
    std::int64_t mtime = 0;
    mode_t mode = 0;
    bool is_link = false;
    int stat_errno = 0;  // nonzero: stat failed
  };

  // The entries of `dir` in name order, each stat'ed relative to the open
  // folder: a stat by full path resolves every component of the path again
  // for each file (an eighth of a no-change update of 215k files). The
  // folder is closed before any subfolder is walked, so deep trees hold one
  // descriptor at a time.
  bool ReadDir(const fs::path& dir, std::vector<Entry>& entries) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* stream = fd < 0 ? nullptr : ::fdopendir(fd);
    if (stream == nullptr) {
      int error = errno;
      if (fd >= 0) ::close(fd);
      out_.problems.push_back({dir.string(), SkipReason::kUnreadable,
                               "cannot list folder: " + std::generic_category().message(error)});
      return false;
    }
    errno = 0;
    while (const struct dirent* found = ::readdir(stream)) {
      std::string_view name = found->d_name;
      if (name != "." && name != "..") entries.push_back({std::string(name)});
    }
    if (errno != 0) {
      int error = errno;
      ::closedir(stream);
      out_.problems.push_back({dir.string(), SkipReason::kUnreadable,
                               "cannot list folder: " + std::generic_category().message(error)});
      return false;
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (Entry& entry : entries) {
      struct stat st {};
      if (::fstatat(fd, entry.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        entry.stat_errno = errno;
        continue;
      }
      // A symlink stands for what it leads to: stat(2) gives its target's
      // type, size and time in one call.
      entry.is_link = S_ISLNK(st.st_mode);
      if (entry.is_link && ::fstatat(fd, entry.name.c_str(), &st, 0) != 0) {
        entry.stat_errno = errno;
        continue;
      }
      entry.mode = st.st_mode;
      entry.size = static_cast<std::uint64_t>(st.st_size);
      entry.mtime = static_cast<std::int64_t>(st.st_mtime);
    }
    ::closedir(stream);
    return true;
  }

  void Visit(const fs::path& path, const Entry& entry, const fs::path& canonical_dir) {
    error_code ec;
    const bool is_link = entry.is_link;
    if (entry.stat_errno != 0) {
      if (!is_link) {
        out_.problems.push_back({path.string(), SkipReason::kUnreadable,
                                 std::generic_category().message(entry.stat_errno)});
        return;
      }
      bool loop = entry.stat_errno == ELOOP;
      if (HasTxtExtension(path) || loop) {
        out_.problems.push_back({path.string(),
                                 loop ? SkipReason::kSymlinkLoop : SkipReason::kBrokenSymlink,
                                 loop ? "symlink loop" : "broken symlink (target does not exist)"});
      }
      return;
    }
    fs::file_status status(TypeOf(entry.mode));
    if (!fs::is_directory(status) && !fs::is_regular_file(status) && HasTxtExtension(path)) {
      // A FIFO, socket or device named like an article: reading it could
      // block forever, so it is reported and never opened.
      out_.problems.push_back({path.string(), SkipReason::kUnreadable,
                               "not a regular file (a FIFO, socket or device); not read"});
      return;
    }
    if (!fs::is_directory(status) && !(fs::is_regular_file(status) && HasTxtExtension(path))) {
      return;  // other files in a corpus folder are not articles
    }
    // A plain entry of a folder reached by its canonical path needs no
    // realpath(3): that is one lstat per path component saved per file,
    // which dominates an update that finds nothing changed.
    fs::path canonical = is_link ? fs::canonical(path, ec) : canonical_dir / path.filename();
    if (ec) {
      out_.problems.push_back({path.string(), SkipReason::kUnreadable, ec.message()});
      return;
    }
    if (is_link && !options_.follow_symlinks && !IsInside(canonical, roots_)) {
      out_.problems.push_back(
          {path.string(), SkipReason::kOutsideCorpus,
           "symlink to " + canonical.string() +
               " leaves the corpus folders; not followed (use --follow-symlinks)"});
      return;
    }
    if (fs::is_directory(status)) {
      if (visited_dirs_.count(canonical.string())) {
        if (is_link) {
          out_.problems.push_back({path.string(), SkipReason::kSymlinkLoop,
                                   "symlink to a folder already walked (" + canonical.string() +
                                       "); not followed again"});
        }
        return;
      }
      WalkDir(path, canonical);
      return;
    }
    if (!FirstVisit(canonical.string(), is_link)) return;
    out_.files.Add(path.native(), entry.size, entry.mtime);
  }

  // Whether no file listed so far has the canonical path `canonical`
  // (which is then taken as listed next). Files are remembered by a hash
  // of their canonical path and its listing number, not the path (a set of
  // paths took more memory than the listing): a hash met again is checked
  // against the canonical path of the file listed under it. Two plain
  // files never share a canonical path (each folder is walked once), so a
  // plain file is only looked up among the files listed through symlinks,
  // and the others wait in a list until a symlink needs them: most corpora
  // have no symlinks, and a hash table of every file was a tenth of an
  // update that found nothing changed.
  bool FirstVisit(const std::string& canonical, bool is_link) {
    const std::size_t hash = std::hash<std::string>{}(canonical);
    if (is_link) {
      for (const auto& [plain_hash, number] : plain_waiting_) {
        seen_files_.emplace(plain_hash, number);
      }
      plain_waiting_.clear();
      if (Listed(seen_files_, hash, canonical)) return false;
      seen_files_.emplace(hash, out_.files.size());
      listed_through_links_.emplace(hash, out_.files.size());
      return true;
    }
    if (!listed_through_links_.empty() && Listed(listed_through_links_, hash, canonical)) {
      return false;
    }
    plain_waiting_.emplace_back(hash, out_.files.size());
    return true;
  }

  bool Listed(const std::unordered_multimap<std::size_t, std::size_t>& files, std::size_t hash,
              const std::string& canonical) const {
    auto [begin, end] = files.equal_range(hash);
    for (auto it = begin; it != end; ++it) {
      error_code ec;
      fs::path earlier = fs::canonical(out_.files.path(it->second), ec);
      if (!ec && earlier.string() == canonical) return true;
    }
    return false;
  }

  const std::vector<fs::path>& roots_;
  const WalkOptions& options_;
  CorpusListing& out_;
  std::set<std::string> visited_dirs_;
  // (hash of a canonical path, listing number) of: every file listed so far
  // but those still waiting in plain_waiting_; and, apart, the files listed
  // through a symlink, which are all a plain file is checked against.
  std::unordered_multimap<std::size_t, std::size_t> seen_files_;
  std::unordered_multimap<std::size_t, std::size_t> listed_through_links_;
  std::vector<std::pair<std::size_t, std::size_t>> plain_waiting_;
};

}  // namespace

void CorpusFiles::Add(std::string_view path, std::uint64_t size, std::int64_t mtime) {
  const std::size_t slash = path.rfind('/');
  const std::string_view folder =
      slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
  if (folders_.empty() || folders_.back() != folder) folders_.emplace_back(folder);
  names_.append(path.substr(folder.size()));
  entries_.push_back({names_.size(), size, mtime, static_cast<std::uint32_t>(folders_.size() - 1)});
}

std::string CorpusFiles::path(std::size_t i) const {
  const Entry& entry = entries_[i];
  const std::size_t begin = i == 0 ? 0 : entries_[i - 1].name_end;
  std::string out = folders_[entry.folder];
  out.append(names_, begin, entry.name_end - begin);
  return out;
}

CorpusFile CorpusFiles::operator[](std::size_t i) const {
  return {path(i), entries_[i].size, entries_[i].mtime};
}

Result<CorpusListing> ListCorpus(const std::vector<std::string>& roots,
                                 const WalkOptions& options) {
  std::vector<fs::path> canonical_roots;
  for (const auto& root : roots) {
    error_code ec;
    fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      return Error{"corpus folder '" + root + "' does not exist"};
    }
    if (!fs::is_directory(status)) {
      return Error{"'" + root + "' is not a folder (give the folder that holds the .txt articles)"};
    }
    canonical_roots.push_back(fs::canonical(root, ec));
    if (ec) return Error{"cannot resolve corpus folder '" + root + "': " + ec.message()};
  }
  CorpusListing listing;
  Walker walker(canonical_roots, options, listing);
  for (std::size_t i = 0; i < roots.size(); ++i) {
    walker.WalkDir(fs::path(roots[i]), canonical_roots[i]);
  }
  return listing;
}

Result<std::string> ReadArticleFile(const std::string& path, std::uint64_t max_bytes,
                                    SkipReason* reason) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *reason = SkipReason::kUnreadable;
    return Error{std::string("cannot open: ") + std::strerror(errno)};
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0) {
    *reason = SkipReason::kUnreadable;
    return Error{"cannot determine its size"};
  }
  if (static_cast<std::uint64_t>(size) > max_bytes) {
    *reason = SkipReason::kTooLarge;
    return Error{"is " + std::to_string(size) + " bytes, over the limit of " +
                 std::to_string(max_bytes) + " (raise it with --max-file-size)"};
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (in.gcount() != size) {
    *reason = SkipReason::kUnreadable;
    return Error{"read error: " + std::string(std::strerror(errno))};
  }
  return bytes;
}

}  // namespace newsdex
