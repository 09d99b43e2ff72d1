#include "newsdex/index_check.h"

#include <sstream>

#include <boost/filesystem.hpp>

#include "newsdex/database.h"
#include "newsdex/schema.h"

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

Status ValidateNewsdexMetadata(const Xapian::Database& db, const std::string& db_path) {
  std::string format = db.get_metadata(std::string(schema::kMetaFormat));
  if (format.empty()) {
    return Error{db_path + " is a Xapian database but not a newsdex index (it has no " +
                 std::string(schema::kMetaFormat) +
                 " metadata); build one with: indexer build CORPUS_DIR --db NEW_PATH"};
  }
  if (format != schema::kFormatVersion) {
    return Error{"index at " + db_path + " has newsdex format " + format +
                 ", but this program reads format " + std::string(schema::kFormatVersion) +
                 "; rebuild it: indexer build CORPUS_DIR --db " + db_path};
  }
  return Ok{};
}

Result<CheckReport> CheckIndex(const std::string& db_path) {
  boost::system::error_code ec;
  if (!fs::exists(db_path, ec)) {
    return Error{"no index at " + db_path + "; build one with: indexer build CORPUS_DIR --db " +
                 db_path};
  }
  CheckReport report;
  bool has_stub = fs::exists(db_path + "/" + std::string(schema::kStubFile), ec);
  if (has_stub) {
    report.checked_path = CurrentGenerationPath(db_path);
    if (report.checked_path.empty()) {
      report.damaged = true;
      report.problem = "the stub file " + std::string(schema::kStubFile) +
                       " names no generation";
      return report;
    }
  } else if (fs::is_directory(db_path, ec) && fs::is_empty(db_path, ec)) {
    return Error{"index folder " + db_path + " is empty; build one with: indexer build CORPUS_DIR --db " +
                 db_path};
  } else if (fs::exists(db_path + "/iamglass", ec) || fs::exists(db_path + "/iamchert", ec)) {
    report.checked_path = db_path;  // a generation or plain database given directly
  } else {
    return Error{db_path + " is not a newsdex index (it holds neither a " +
                 std::string(schema::kStubFile) +
                 " stub nor a Xapian database); build one with: indexer build CORPUS_DIR --db " +
                 db_path};
  }

  std::ostringstream details;
  try {
    std::size_t errors = Xapian::Database::check(report.checked_path, 0, &details);
    if (errors > 0) {
      report.damaged = true;
      std::string first = FirstLine(details.str());
      report.problem = "Xapian's checker found " + std::to_string(errors) + " error" +
                       (errors == 1 ? "" : "s") + (first.empty() ? "" : " (" + first + ")");
      return report;
    }
    Xapian::Database db(report.checked_path);
    Status valid = ValidateNewsdexMetadata(db, db_path);
    if (!valid) {
      report.damaged = true;
      report.foreign = true;
      report.problem = valid.error().message;
      return report;
    }
    report.articles = db.get_doccount();
    report.built_at = db.get_metadata(std::string(schema::kMetaBuiltAt));
    report.folders = db.get_metadata(std::string(schema::kMetaFolders));
  } catch (const Xapian::Error& e) {
    report.damaged = true;
    report.problem = e.get_description();
    // The folders it was built from make the rebuild command complete; the
    // metadata may well be readable when other tables are damaged.
    try {
      report.folders = Xapian::Database(report.checked_path)
                           .get_metadata(std::string(schema::kMetaFolders));
    } catch (const Xapian::Error&) {
    }
  }
  return report;
}

}  // namespace newsdex
