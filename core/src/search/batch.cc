#include "newsdex/search/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include "newsdex/base/date.h"
#include "newsdex/base/text.h"
#include "newsdex/search/sharded_searcher.h"
#include "newsdex/store/open.h"

namespace newsdex {
namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

BatchAnswer Answer(ShardedSearcher& searcher, const BatchOptions& options,
                   const BatchQuery& query) {
  auto start = std::chrono::steady_clock::now();
  BatchAnswer answer;
  answer.query = &query;
  if (!query.error.empty()) {
    answer.results = Error{query.error};
  } else {
    auto request = BatchRequest(options.base, query);
    answer.results = request ? searcher.Search(*request) : Result<SearchResults>(request.error());
  }
  answer.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  answer.warnings = searcher.TakeWarnings();
  return answer;
}

}  // namespace

std::vector<BatchQuery> ParseBatch(std::istream& in) {
  std::vector<BatchQuery> queries;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (IsBlank(line)) continue;
    std::size_t first = line.find_first_not_of(" ");
    if (line[first] == '#') continue;

    BatchQuery query;
    query.line = line_number;
    query.qid = std::to_string(line_number);
    std::vector<std::string> fields = SplitTabs(line);
    if (fields.size() == 1) {
      query.text = Trim(fields[0]);
      queries.push_back(std::move(query));
      continue;
    }
    std::string qid(Trim(fields[0]));
    if (!qid.empty()) query.qid = qid;
    if (qid.empty()) {
      query.error = "line " + std::to_string(line_number) +
                    " starts with a tab: write QID<TAB>QUERY, or the query alone";
    } else if (fields.size() > 3) {
      query.error = "line " + std::to_string(line_number) + " has " +
                    std::to_string(fields.size()) +
                    " tab-separated fields; expected QID<TAB>QUERY[<TAB>FROM..TO]";
    } else {
      query.text = Trim(fields[1]);
      if (fields.size() == 3) {
        std::string range(Trim(fields[2]));
        std::size_t dots = range.find("..");
        if (dots == std::string::npos) {
          query.error = "line " + std::to_string(line_number) + ": date column '" + range +
                        "' is not FROM..TO (for example 1987-03-01..1987-03-31)";
        } else {
          query.from = range.substr(0, dots);
          query.to = range.substr(dots + 2);
          if (query.from.empty() && query.to.empty()) {
            query.error = "line " + std::to_string(line_number) + ": date column '..' has no dates";
          }
        }
      }
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

Result<SearchRequest> BatchRequest(const SearchRequest& base, const BatchQuery& query) {
  SearchRequest request = base;
  request.text = query.text;
  if (query.from.empty() && query.to.empty()) return request;

  auto shared = ParseDateFilter(base.from, base.to);
  if (!shared) return shared.error();
  DayRange range = kAllDays;
  if (*shared) range = **shared;
  Ymd today = Today();
  if (!query.from.empty()) {
    auto from = ParseUserDate(query.from, today);
    if (!from) return Error{"invalid date in the date column: " + from.error().message};
    range.first = std::max(range.first, from->first);
  }
  if (!query.to.empty()) {
    auto to = ParseUserDate(query.to, today);
    if (!to) return Error{"invalid date in the date column: " + to.error().message};
    range.last = std::min(range.last, to->last);
  }
  if (range.first > range.last) {
    return Error{"date column " + query.from + ".." + query.to +
                 " is empty or outside --from/--to"};
  }
  request.from = YmdToIso(range.first);
  request.to = YmdToIso(range.last);
  return request;
}

Status RunBatch(const std::vector<BatchQuery>& queries, const BatchOptions& options,
                const std::function<void(const BatchAnswer&)>& on_answer,
                std::vector<std::string>* warnings) {
  const std::size_t jobs =
      std::max<std::size_t>(1, std::min<std::size_t>(options.jobs, queries.size()));
  // Xapian handles must not be shared between threads: one per worker, all
  // opened up front so a missing index fails the batch before any output.
  std::vector<std::unique_ptr<ShardedSearcher>> searchers;
  for (std::size_t i = 0; i < jobs; ++i) {
    auto index = OpenShardedIndex(options.db_path, options.open);
    if (!index) return index.error();
    if (i == 0 && warnings != nullptr) {
      warnings->insert(warnings->end(), index->warnings.begin(), index->warnings.end());
    }
    searchers.push_back(std::make_unique<ShardedSearcher>(std::move(*index), options.searcher,
                                                          options.open.allow_partial));
    if (auto ready = searchers.back()->Ready(); !ready) return ready.error();
  }

  if (jobs == 1) {
    for (const BatchQuery& query : queries) on_answer(Answer(*searchers[0], options, query));
    return Ok{};
  }

  // Workers take queries in order and park answers in their slots; this
  // thread hands them on in input order as soon as each next one is ready.
  std::vector<std::optional<BatchAnswer>> slots(queries.size());
  std::mutex mutex;
  std::condition_variable ready;
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < jobs; ++w) {
    workers.emplace_back([&, w] {
      for (std::size_t i; (i = next.fetch_add(1)) < queries.size();) {
        BatchAnswer answer = Answer(*searchers[w], options, queries[i]);
        std::lock_guard<std::mutex> lock(mutex);
        slots[i] = std::move(answer);
        ready.notify_one();
      }
    });
  }
  try {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      std::optional<BatchAnswer> answer;
      {
        std::unique_lock<std::mutex> lock(mutex);
        ready.wait(lock, [&] { return slots[i].has_value(); });
        answer = std::move(slots[i]);
        slots[i].reset();
      }
      on_answer(*answer);
    }
  } catch (...) {
    // The callback failed (say, output closed): stop handing out work and
    // join before unwinding, or the running threads would terminate us.
    next.store(queries.size());
    for (auto& worker : workers) worker.join();
    throw;
  }
  for (auto& worker : workers) worker.join();
  return Ok{};
}

void AddToRun(const std::string& qid, const SearchResults& results, Run* run) {
  auto& entries = (*run)[qid];
  for (const Hit& hit : results.hits) {
    entries.push_back(RunEntry{hit.id, hit.score, static_cast<int>(hit.rank)});
  }
}

}  // namespace newsdex
