// Fuzz target for query building and searching with every option.
//
// Input layout (so seeds stay readable): the first byte picks options, then
// lines "FROM\nTO\nQUERY TEXT" (missing lines are empty).
//   bit 0: --match all      bits 1-2: sort (relevance, newest, oldest)
//   bit 3: with a database  (a small in-memory index: enables wildcards and
//                            runs the whole search and every output format)
// Every request must end in a query or an Error with a message; no Xapian
// exception may escape, which is the contract the CLI relies on.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "newsdex/cli/result_formatter.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/document.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/searcher.h"
#include "newsdex/store/schema.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

// Enough distinct words sharing prefixes for wildcards to expand, dated and
// undated articles for the date filters, and non-ASCII text for snippets.
Xapian::Database MakeDatabase() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  newsdex::DocumentMaker maker;
  const char* kTexts[] = {
      " date 2022-02-25 Harbour pilots vote to strike\n\nThe pilots' union said "
      "on Friday that harbours, harbourmasters and harbourside firms agreed.",
      " date 2021-12-31 Año nuevo en Zürich\n\nCafé prices rose; naïve "
      "économistes said «Ukraine» and ukrainian grain.",
      "Undated note about NATO summit\n\nNATO ministers met in Brussels.",
      " date 0001-01-01 Ancient record\n\nRecords recorded recording recorder.",
      " date 9999-12-31 Far future\n\nFuturists futures futuristic future.",
  };
  int n = 0;
  for (const char* text : kTexts) {
    std::string path = "db/" + std::to_string(n++) + ".txt";
    auto parsed = newsdex::ParseArticle(text, path);
    Require(parsed.article.has_value());
    db.replace_document(newsdex::schema::PathKey(path), maker.Make(*parsed.article));
  }
  for (int i = 0; i < 300; ++i) {
    std::string path = "db/w" + std::to_string(i) + ".txt";
    auto parsed = newsdex::ParseArticle(" date 2020-01-0" + std::to_string(1 + i % 9) + " word" +
                                            std::to_string(i) + "\n\nwordy wording word" +
                                            std::to_string(i * 7),
                                        path);
    db.replace_document(newsdex::schema::PathKey(path), maker.Make(*parsed.article));
  }
  db.commit();
  return db;
}

std::string_view NextLine(std::string_view& rest) {
  std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  newsdex::SearchRequest request;
  request.from = std::string(NextLine(rest));
  request.to = std::string(NextLine(rest));
  request.text = std::string(rest);
  request.match = (options & 1) ? newsdex::MatchMode::kAll : newsdex::MatchMode::kAny;
  switch ((options >> 1) & 3) {
    case 1:
      request.sort = newsdex::SortOrder::kNewest;
      break;
    case 2:
      request.sort = newsdex::SortOrder::kOldest;
      break;
    default:
      request.sort = newsdex::SortOrder::kRelevance;
      break;
  }
  request.limit = 5;

  if (!(options & 8)) {
    static newsdex::QueryBuilder builder;
    auto query = builder.Build(request);
    if (query) {
      (void)query->get_description();
    } else {
      Require(!query.error().message.empty());
    }
    return 0;
  }

  static Xapian::Database db = MakeDatabase();
  static newsdex::Searcher searcher(db);
  auto results = searcher.Search(request);
  if (!results) {
    Require(!results.error().message.empty());
    return 0;
  }
  for (auto format :
       {newsdex::OutputFormat::kText, newsdex::OutputFormat::kJson, newsdex::OutputFormat::kTsv}) {
    std::ostringstream out;
    newsdex::FormatOptions options;
    options.format = format;
    options.color = true;
    options.width = 40;
    newsdex::WriteResults(out, *results, options);
  }
  return 0;
}
