#include "newsdex/index/settings.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "newsdex/index/term_weights.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

using Json = nlohmann::json;

// One recorded setting: its name, how to read it from the settings and how
// to set it from a stored value (false when the value has the wrong type).
struct Row {
  const char* name;
  std::function<Json(const IndexSettings&)> get;
  std::function<bool(const Json&, IndexSettings&)> set;
};

template <typename T>
bool Assign(const Json& value, T& field) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!value.is_boolean()) return false;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!value.is_number()) return false;
  } else {
    if (!value.is_number_unsigned()) return false;
  }
  field = value.get<T>();
  return true;
}

// A row for a plain field reached by `field(settings)`.
template <typename Field>
Row Plain(const char* name, Field field) {
  return Row{name, [field](const IndexSettings& s) { return Json(field(s)); },
             [field](const Json& value, IndexSettings& s) { return Assign(value, field(s)); }};
}

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      Plain(
          "title-weight", [](auto& s) -> auto& { return s.document.title_weight; }),
      Plain(
          "positions", [](auto& s) -> auto& { return s.document.positions; }),
      Row{"term-weights",
          [](const IndexSettings& s) {
            std::string text = EncodeTermWeights(s.document.term_weights);
            return Json(text.empty() ? "raw" : text);
          },
          [](const Json& value, IndexSettings& s) {
            if (!value.is_string()) return false;
            s.document.term_weights = DecodeTermWeights(value.get<std::string>());
            return true;
          }},
      Plain(
          "boilerplate", [](auto& s) -> auto& { return s.news.boilerplate.enabled; }),
      Plain(
          "boilerplate-min-articles",
          [](auto& s) -> auto& { return s.news.boilerplate.min_articles; }),
      Plain(
          "boilerplate-min-share", [](auto& s) -> auto& { return s.news.boilerplate.min_share; }),
      Plain(
          "boilerplate-max-chars",
          [](auto& s) -> auto& { return s.news.boilerplate.max_line_chars; }),
      Plain(
          "similarity", [](auto& s) -> auto& { return s.news.clusters.min_similarity; }),
      Plain(
          "cluster-days", [](auto& s) -> auto& { return s.news.clusters.max_days_apart; }),
      Plain(
          "cluster-min-shingles", [](auto& s) -> auto& { return s.news.clusters.min_shingles; }),
      Plain(
          "spelling", [](auto& s) -> auto& { return s.news.spelling; }),
      Plain(
          "max-file-size", [](auto& s) -> auto& { return s.max_file_bytes; }),
      Plain(
          "follow-symlinks", [](auto& s) -> auto& { return s.follow_symlinks; }),
      Plain(
          "store-text", [](auto& s) -> auto& { return s.document.store_text; }),
  };
  return rows;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> DescribeSettings(const IndexSettings& settings) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Row& row : Rows()) out.emplace_back(row.name, row.get(settings).dump());
  return out;
}

void WriteIndexSettings(const IndexSettings& settings, Xapian::WritableDatabase& db) {
  Json record = Json::object();
  for (const Row& row : Rows()) record[row.name] = row.get(settings);
  db.set_metadata(std::string(schema::kMetaSettings), record.dump());
  db.set_metadata(std::string(schema::kMetaTermWeights),
                  EncodeTermWeights(settings.document.term_weights));
}

std::optional<IndexSettings> ReadIndexSettings(const Xapian::Database& db) {
  Json record = Json::parse(db.get_metadata(std::string(schema::kMetaSettings)), nullptr, false);
  if (!record.is_object()) return std::nullopt;
  IndexSettings settings;
  for (const Row& row : Rows()) {
    auto value = record.find(row.name);
    // A damaged value is as good as missing: the default stays.
    if (value != record.end()) row.set(*value, settings);
  }
  return settings;
}

Result<IndexSettings> ReconcileSettings(const IndexSettings& stored, const IndexSettings& requested,
                                        const std::vector<std::string>& given) {
  for (const Row& row : Rows()) {
    if (std::find(given.begin(), given.end(), row.name) == given.end()) continue;
    Json want = row.get(requested);
    Json have = row.get(stored);
    if (want != have) {
      return Error{std::string(row.name) + " " + want.dump() +
                   " contradicts the index, which was built with " + row.name + " " + have.dump() +
                   " (an update indexes new and changed articles as the build did); leave the "
                   "option out to keep the index's setting, or run indexer build with it to "
                   "rebuild the index"};
    }
  }
  return stored;
}

}  // namespace newsdex
