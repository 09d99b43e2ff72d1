#include "newsdex/index/check.h"

#include <boost/filesystem.hpp>
#include <sstream>

#include "newsdex/store/open.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

namespace fs = boost::filesystem;

// Xapian's checker reports one line per problem; the first says enough.
std::string FirstLine(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t") != std::string::npos) return line;
  }
  return "";
}

// Fails when there is nothing at `db_path` that could be a newsdex index: no
// path, an empty folder, or a folder with neither a stub nor a database.
Status CheckSomethingToCheck(const std::string& db_path, bool index_folder) {
  boost::system::error_code ec;
  if (!fs::exists(db_path, ec)) {
    return Error{"no index at " + db_path + "; " + BuildHint(db_path), ErrorCode::kNotFound};
  }
  if (index_folder || !fs::is_directory(db_path, ec)) return Ok{};
  if (fs::is_empty(db_path, ec)) {
    return Error{"index folder " + db_path + " is empty; " + BuildHint(db_path),
                 ErrorCode::kNotFound};
  }
  if (!fs::exists(db_path + "/iamglass", ec) && !fs::exists(db_path + "/iamchert", ec)) {
    return Error{db_path + " is not a newsdex index (it holds neither a " +
                     std::string(schema::kStubFile) + " stub nor a Xapian database); " +
                     BuildHint(db_path),
                 ErrorCode::kForeign};
  }
  return Ok{};
}

// The local databases of the index, each to be checked. Fails when a stub
// cannot be read, or when a shard is remote: its files are elsewhere.
Result<std::vector<std::string>> DatabasesToCheck(const std::string& db_path) {
  auto listed = ListIndexDatabases(db_path);
  if (!listed) {
    return Error{
        db_path + " is not a newsdex index (" + listed.error().message + "); " + BuildHint(db_path),
        ErrorCode::kForeign};
  }
  if (!listed->remote.empty()) {
    return Error{"cannot check " + db_path + ": shard '" + listed->remote.front().name +
                     "' is served remotely; run indexer check on the machine that holds it",
                 ErrorCode::kInvalidInput};
  }
  return std::move(listed->local);
}

// Checks one database of the index with Xapian's checker and then its
// newsdex metadata, adding it to `report`. Damage is recorded in `report`;
// `where` names the shard in the problem. Fails when the database is not a
// newsdex index of this format (the message says what to do).
Status CheckDatabase(const std::string& path, const std::string& where, const std::string& db_path,
                     CheckReport* report) {
  report->checked.push_back(path);
  std::ostringstream details;
  try {
    std::size_t errors = Xapian::Database::check(path, 0, &details);
    if (errors > 0) {
      report->damaged = true;
      std::string first = FirstLine(details.str());
      report->problem = "Xapian's checker found " + std::to_string(errors) + " error" +
                        (errors == 1 ? "" : "s") + where +
                        (first.empty() ? "" : " (" + first + ")");
      return Ok{};
    }
    Xapian::Database db(path);
    Status valid = ValidateNewsdexMetadata(db, db_path);
    if (!valid) return valid.error();
    report->articles += db.get_doccount();
    if (report->built_at.empty()) {
      report->built_at = db.get_metadata(std::string(schema::kMetaBuiltAt));
      report->folders = db.get_metadata(std::string(schema::kMetaFolders));
    }
  } catch (const Xapian::Error& e) {
    report->damaged = true;
    report->problem = e.get_description() + where;
  }
  return Ok{};
}

// The folders a damaged index was built from, from the first database whose
// metadata can still be read (it often can when other tables are damaged):
// they make the rebuild command complete.
std::string FoldersOfDamaged(const std::vector<std::string>& databases) {
  for (const std::string& path : databases) {
    try {
      std::string folders = Xapian::Database(path).get_metadata(std::string(schema::kMetaFolders));
      if (!folders.empty()) return folders;
    } catch (const Xapian::Error&) {
    }
  }
  return "";
}

}  // namespace

Result<CheckReport> CheckIndex(const std::string& db_path) {
  boost::system::error_code ec;
  const bool index_folder = fs::exists(db_path + "/" + std::string(schema::kStubFile), ec);
  Status present = CheckSomethingToCheck(db_path, index_folder);
  if (!present) return present.error();
  CheckReport report;
  if (index_folder && CurrentGenerationPath(db_path).empty()) {
    report.damaged = true;
    report.problem = "the stub file " + std::string(schema::kStubFile) + " names no generation";
    return report;
  }
  auto databases = DatabasesToCheck(db_path);
  if (!databases) return databases.error();
  for (const std::string& path : *databases) {
    // Which shard, when there are several.
    const std::string where = databases->size() > 1 ? " in shard " + path : "";
    Status checked = CheckDatabase(path, where, db_path, &report);
    if (!checked) return checked.error();
    if (report.damaged) break;
  }
  if (report.damaged && report.folders.empty()) report.folders = FoldersOfDamaged(*databases);
  return report;
}

}  // namespace newsdex
