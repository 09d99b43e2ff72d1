#include "newsdex/cli/validators.h"

#include <algorithm>

namespace newsdex {
namespace {

// Edits (insert, delete, replace, swap two neighbours) from a to b.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1 : 0)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string JoinOr(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
  }
  return out;
}

std::string Closest(const std::string& typed, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    std::size_t d = EditDistance(typed, candidate);
    if (best.empty() || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A typo changes a few characters, not most of the word.
  std::size_t allowed = typed.size() <= 4 ? 1 : 2;
  return best_distance <= allowed ? best : "";
}

CLI::Validator OneOf(std::vector<std::string> values) {
  // --help shows the values as {a,b,c}, as CLI11's own IsMember does.
  std::string shown = "{";
  for (const auto& v : values) shown += (shown.size() > 1 ? "," : "") + v;
  shown += "}";
  return CLI::Validator(
      [values](std::string& value) -> std::string {
        if (std::find(values.begin(), values.end(), value) != values.end()) return "";
        std::string message = "'" + value + "' is not " + JoinOr(values);
        std::string close = Closest(value, values);
        if (!close.empty()) message += "; did you mean " + close + "?";
        return message;
      },
      shown);
}

CLI::Validator Count(unsigned long min, unsigned long max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        std::string range = std::to_string(min) + " to " + std::to_string(max);
        bool digits =
            !value.empty() && value.size() <= 9 &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) return "'" + value + "' is not a whole number (" + range + ")";
        unsigned long n = std::stoul(value);
        if (n < min || n > max) return std::to_string(n) + " is outside " + range;
        return "";
      },
      "");
}

}  // namespace newsdex
