// Writes SearchResults as text for people, or JSON lines / TSV for programs.
#ifndef NEWSDEX_CLI_RESULT_FORMATTER_H_
#define NEWSDEX_CLI_RESULT_FORMATTER_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "newsdex/search/results.h"

namespace newsdex {

enum class OutputFormat { kText, kJson, kTsv, kTrec };

struct FormatOptions {
  OutputFormat format = OutputFormat::kText;
  bool color = false;     // text only: ANSI bold for titles and query words
  std::size_t width = 0;  // text only: cut lines to this many columns; 0 = no cut
  // The query's id in a batch. When set, JSON objects start with "qid", TSV
  // lines with a qid column, and text with a line naming the query. TREC
  // lines always carry one ("1" when this is empty).
  std::string qid;
  std::string query_text;  // text only, with qid: shown after the id
  bool tsv_header = true;  // TSV: write the header (a batch writes it once)
};

// Text: a header (CountHeader), then per hit its rank and title, a
// line with date and id, and the snippet. JSON: one object per hit and line
// with rank, id, score, date (YYYY-MM-DD or null), title, path, snippet
// (plain), text_source when a snippet was asked for (TextSourceName),
// cluster (null when alone) and cluster_size (1 when alone); then
// "similar" when near-copies were collapsed into the hit and "explain" with
// --explain. Text adds "+N similar (dates)" after the id and, with
// --explain, a "query:" line and a score line per hit. TSV: a header line, then one line per hit
// with tabs, newlines and backslashes escaped as \t, \n and \\. TREC: the run format trec_eval
// reads, "QID Q0 ID RANK SCORE newsdex" (ids with spaces have them replaced by '_', as the format
// is space separated).
void WriteResults(std::ostream& out, const SearchResults& results, const FormatOptions& options);

// The first line of text output: "5 of 46 articles", and when near-copies are
// collapsed "10 of 46 articles (41 stories)" (10 entries shown; the 46
// matching articles make 41 stories; no stories when they are the
// articles). A count Xapian did not finish reads "at least N".
std::string CountHeader(const SearchResults& results);

// --count: the exact number of matching articles of `counted` (a search
// run with exact counts and near-copies collapsed), "46"; JSON
// {"articles": 46, "stories": 41}. With options.qid (a batch), text
// "QID<TAB>46" and JSON with "qid" first.
void WriteCount(std::ostream& out, const SearchResults& counted, const FormatOptions& options);

// The warning for text taken from the sample the index keeps because the
// files were gone, unreadable or changed since indexing (TextSource::kSample),
// for `sampled` of `total` results, or with `shown` of articles printed by
// --show: "indexed text no longer on disk for 2 of 10 results (...)
// ...; run indexer update ...". Empty when `sampled` is 0.
std::string SampledTextWarning(std::size_t sampled, std::size_t total, bool shown = false);

// How many hits of `results` have a snippet made from the stored sample.
std::size_t SampledHits(const SearchResults& results);

// The TSV header line WriteResults writes (without the newline); with_qid
// adds the batch's leading qid column.
std::string TsvHeader(bool with_qid = false);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_RESULT_FORMATTER_H_
