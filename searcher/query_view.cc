// searcher's single-query views: ranked hits (for words or --like),
// --show and --histogram.
#include <iostream>
#include <string>
#include <utility>

#include "invocation.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/news_formatter.h"
#include "newsdex/search/like.h"
#include "newsdex/search/sharded_searcher.h"
#include "newsdex/search/suggest.h"
#include "newsdex/search/timeline.h"

namespace newsdex {
namespace {

// The ranked hits for the words, or for --like ID; a shard that fails is
// handled by the core's failover policy (ShardedSearcher).
Result<SearchResults> Search(const Invocation& inv, ShardedSearcher& searcher) {
  Result<SearchResults> results =
      inv.like_id.empty()
          ? searcher.Search(inv.request)
          : searcher.SearchQuery(
                [&](const Xapian::Database& db) { return LikeQuery(db, inv.like_id); },
                inv.request);
  for (const auto& warning : searcher.TakeWarnings()) Warn(warning);
  return results;
}

int ShowArticle(const Invocation& inv, Xapian::Database& db) {
  auto articles = FindArticles(db, inv.show_id);
  if (!articles) return Fail(articles.error().message);
  WriteArticles(std::cout, *articles, inv.format);
  std::size_t sampled = 0;
  for (const ShownArticle& article : *articles) {
    sampled += article.source == TextSource::kSample ? 1 : 0;
  }
  if (sampled > 0) Warn(SampledTextWarning(sampled, articles->size(), true));
  return ExitStatus(ExitCode::kOk);
}

int ShowHistogram(const Invocation& inv, Xapian::Database& db) {
  auto timeline = ComputeTimeline(db, inv.request, inv.histogram);
  if (!timeline) return Fail(timeline.error().message);
  WriteTimeline(std::cout, *timeline, inv.normalize, inv.format);
  return ExitStatus(timeline->matches == 0 ? ExitCode::kPartial : ExitCode::kOk);
}

}  // namespace

int RunQueryView(const Invocation& inv) {
  auto index = OpenShardedIndex(inv.db_path, inv.open);
  if (!index) return Fail(index.error().message);
  for (const auto& warning : index->warnings) Warn(warning);
  if (inv.view == View::kShow) return ShowArticle(inv, index->db);
  if (inv.view == View::kHistogram) return ShowHistogram(inv, index->db);

  ShardedSearcher searcher(std::move(*index), inv.searcher, inv.open.allow_partial);
  auto results = Search(inv, searcher);
  if (!results) return Fail(results.error().message);
  if (inv.count) {
    WriteCount(std::cout, *results, inv.format);
    std::cout.flush();
    return ExitStatus(results->articles_lower_bound == 0 ? ExitCode::kPartial : ExitCode::kOk);
  }
  WriteResults(std::cout, *results, inv.format);
  if (std::size_t sampled = SampledHits(*results)) {
    Warn(SampledTextWarning(sampled, results->hits.size()));
  }
  // A word the index lacks may be a typo (stdout stays results only).
  if (inv.like_id.empty() && inv.format.format == OutputFormat::kText) {
    if (auto suggestion = DidYouMean(searcher.words_db(), inv.searcher, inv.request)) {
      Note("did you mean: " + *suggestion + "?");
    }
  }
  std::cout.flush();
  return ExitStatus(results->hits.empty() ? ExitCode::kPartial : ExitCode::kOk);
}

}  // namespace newsdex
