#include "newsdex/index/stats.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "newsdex/index/settings.h"
#include "newsdex/store/open.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

std::string DayTermToIso(const std::string& term) {
  std::string key = term.substr(schema::kPrefixDay.size());
  if (key.size() != 8) return "";
  return key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2);
}

std::string HumanBytes(std::uint64_t bytes) {
  char buf[32];
  if (bytes >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / double(1ull << 30));
  } else if (bytes >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / double(1ull << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
  }
  return buf;
}

}  // namespace

Result<IndexStats> ReadIndexStats(const std::string& db_path) {
  auto db = OpenIndex(db_path);
  if (!db) return db.error();
  IndexStats stats;
  stats.db_path = db_path;
  try {
    stats.articles = db->get_doccount();
    stats.undated = db->get_termfreq(std::string(schema::kTermUndated));
    const std::string day(schema::kPrefixDay);
    // Terms come sorted, so the first and last day terms are the span (exact
    // even after deletions, unlike the slot's value bounds).
    for (auto it = db->allterms_begin(day); it != db->allterms_end(day); ++it) {
      if (stats.first_date.empty()) stats.first_date = DayTermToIso(*it);
      stats.last_date = DayTermToIso(*it);
    }
    const std::string year(schema::kPrefixYear);
    for (auto it = db->allterms_begin(year); it != db->allterms_end(year); ++it) {
      stats.per_year[(*it).substr(year.size())] = it.get_termfreq();
    }
    stats.has_positions = db->has_positions();
    stats.built_at = db->get_metadata(std::string(schema::kMetaBuiltAt));
    stats.updated_at = db->get_metadata(std::string(schema::kMetaUpdatedAt));
    if (auto settings = ReadIndexSettings(*db)) stats.settings = DescribeSettings(*settings);
    std::istringstream folders(db->get_metadata(std::string(schema::kMetaFolders)));
    for (std::string line; std::getline(folders, line);) {
      if (!line.empty()) stats.folders.push_back(line);
    }
  } catch (const Xapian::Error& e) {
    return Error{"cannot read index at " + db_path + ": " + e.get_description()};
  }
  stats.bytes_on_disk = IndexBytes(db_path);
  stats.growth = ReadIndexGrowth(db_path);
  return stats;
}

void WriteStatsText(const IndexStats& s, std::ostream& out) {
  out << "index:      " << s.db_path << "\n";
  out << "articles:   " << s.articles << " (" << s.undated << " undated)\n";
  if (!s.first_date.empty()) {
    out << "dates:      " << s.first_date << " to " << s.last_date << "\n";
  }
  if (!s.per_year.empty()) {
    out << "per year:\n";
    for (const auto& [year, count] : s.per_year) out << "  " << year << "  " << count << "\n";
  }
  out << "size:       ";
  if (s.bytes_on_disk) {
    out << HumanBytes(*s.bytes_on_disk) << " (" << *s.bytes_on_disk << " bytes)";
  } else {
    out << "unknown (remote shards: run indexer stats where they are)";
  }
  out << (s.has_positions ? "" : ", without word positions") << "\n";
  out << "built:      " << (s.built_at.empty() ? "unknown" : s.built_at) << "\n";
  out << "updated:    " << (s.updated_at.empty() ? "never" : s.updated_at) << "\n";
  out << "growth:     ";
  if (s.growth) {
    char ratio[32];
    std::snprintf(ratio, sizeof ratio, "%.2fx", s.growth->ratio());
    out << ratio << " since the last compaction (" << HumanBytes(s.growth->compacted_bytes)
        << " for " << s.growth->compacted_articles << " articles then)\n";
  } else {
    out << "unknown (not recorded; the next build or indexer compact records it)\n";
  }
  out << "folders:   ";
  if (s.folders.empty()) out << " unknown";
  for (const auto& folder : s.folders) out << " " << folder;
  out << "\n";
  out << "settings:  ";
  if (s.settings.empty()) out << " unknown";
  out << "\n";
  for (const auto& [name, value] : s.settings) {
    std::string shown = value;
    if (shown.size() >= 2 && shown.front() == '"') shown = shown.substr(1, shown.size() - 2);
    out << "  " << name << std::string(name.size() < 26 ? 26 - name.size() : 1, ' ') << shown
        << "\n";
  }
}

void WriteStatsJson(const IndexStats& s, std::ostream& out) {
  auto or_null = [](const std::string& v) {
    return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
  };
  nlohmann::json j;
  j["db"] = s.db_path;
  j["articles"] = s.articles;
  j["undated"] = s.undated;
  j["first_date"] = or_null(s.first_date);
  j["last_date"] = or_null(s.last_date);
  j["per_year"] = nlohmann::json::object();
  for (const auto& [year, count] : s.per_year) j["per_year"][year] = count;
  j["bytes_on_disk"] = s.bytes_on_disk ? nlohmann::json(*s.bytes_on_disk) : nlohmann::json(nullptr);
  j["positions"] = s.has_positions;
  j["built_at"] = or_null(s.built_at);
  j["updated_at"] = or_null(s.updated_at);
  j["folders"] = s.folders;
  j["settings"] = nullptr;
  for (const auto& [name, value] : s.settings) j["settings"][name] = nlohmann::json::parse(value);
  j["growth"] = s.growth ? nlohmann::json(s.growth->ratio()) : nlohmann::json(nullptr);
  j["compacted_bytes"] =
      s.growth ? nlohmann::json(s.growth->compacted_bytes) : nlohmann::json(nullptr);
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace newsdex
