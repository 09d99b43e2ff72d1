// Output of the news views: timelines (bars or JSON lines) and whole stored
// articles (--show). Like result_formatter.h, free of Xapian.
#ifndef NEWSDEX_CLI_NEWS_FORMATTER_H_
#define NEWSDEX_CLI_NEWS_FORMATTER_H_

#include <cstddef>
#include <ostream>
#include <vector>

#include "newsdex/cli/result_formatter.h"
#include "newsdex/search/results.h"
#include "newsdex/search/timeline.h"
#include "newsdex/store/schema.h"

namespace newsdex {

// Text: one line per period "1987-03  ████████  53", bars scaled so the
// peak fills the width, the peak marked "<- peak", and a closing line with
// the total (and undated matches). With `normalize` the numbers are shares
// of all articles in the period ("12.5%"). JSON: one object per line,
// {"period": "1987-03", "count": 53}, plus "total" and "share" when
// normalizing. Empty periods are included in both.
void WriteTimeline(std::ostream& out, const Timeline& timeline, bool normalize,
                   const FormatOptions& options);

// Text: per article a header (id, date, title, path), a blank line and the
// body (whole, or the stored sample: see ShownTextNote); several articles
// (files sharing the id) are separated and announced. JSON: one object per
// article with id, date, title, path, body and text_source ("file",
// "index" or "sample", TextSourceName).
void WriteArticles(std::ostream& out, const std::vector<ShownArticle>& articles,
                   const FormatOptions& options);

}  // namespace newsdex

#endif  // NEWSDEX_CLI_NEWS_FORMATTER_H_
