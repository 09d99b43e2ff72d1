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

}  // namespace

Result<CheckReport> CheckIndex(const std::string& db_path) {
  boost::system::error_code ec;
  if (!fs::exists(db_path, ec)) {
    return Error{"no index at " + db_path + "; " + BuildHint(db_path), ErrorCode::kNotFound};
  }
  CheckReport report;
  const bool index_folder = fs::exists(db_path + "/" + std::string(schema::kStubFile), ec);
  if (index_folder && CurrentGenerationPath(db_path).empty()) {
    report.damaged = true;
    report.problem = "the stub file " + std::string(schema::kStubFile) + " names no generation";
    return report;
  }
  if (!index_folder && fs::is_directory(db_path, ec)) {
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
  }
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
  const std::vector<std::string>& databases = listed->local;

  for (const std::string& path : databases) {
    report.checked.push_back(path);
    // Which shard, when there are several.
    const std::string where = databases.size() > 1 ? " in shard " + path : "";
    std::ostringstream details;
    try {
      std::size_t errors = Xapian::Database::check(path, 0, &details);
      if (errors > 0) {
        report.damaged = true;
        std::string first = FirstLine(details.str());
        report.problem = "Xapian's checker found " + std::to_string(errors) + " error" +
                         (errors == 1 ? "" : "s") + where +
                         (first.empty() ? "" : " (" + first + ")");
        break;
      }
      Xapian::Database db(path);
      Status valid = ValidateNewsdexMetadata(db, db_path);
      // Not a newsdex index of this format: the message says what to do.
      if (!valid) return valid.error();
      report.articles += db.get_doccount();
      if (report.built_at.empty()) {
        report.built_at = db.get_metadata(std::string(schema::kMetaBuiltAt));
        report.folders = db.get_metadata(std::string(schema::kMetaFolders));
      }
    } catch (const Xapian::Error& e) {
      report.damaged = true;
      report.problem = e.get_description() + where;
      break;
    }
  }
  if (report.damaged && report.folders.empty()) {
    // The folders it was built from make the rebuild command complete; the
    // metadata may well be readable when other tables are damaged.
    for (const std::string& path : databases) {
      try {
        report.folders = Xapian::Database(path).get_metadata(std::string(schema::kMetaFolders));
      } catch (const Xapian::Error&) {
      }
      if (!report.folders.empty()) break;
    }
  }
  return report;
}

}  // namespace newsdex
