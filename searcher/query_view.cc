// searcher's single-query views: ranked hits (for words or --like),
// --show and --histogram.
#include <iostream>
#include <string>

#include "invocation.h"
#include "newsdex/cli/messages.h"
#include "newsdex/cli/news_formatter.h"
#include "newsdex/news/like.h"
#include "newsdex/news/suggest.h"
#include "newsdex/news/timeline.h"

namespace newsdex {
namespace {

Result<SearchResults> Search(Invocation& inv, ShardedIndex& index) {
  inv.searcher.remote_shards = HasRemoteShards(index);
  Searcher searcher(index.db, inv.searcher, index.local_documents);
  if (inv.like_id.empty()) return searcher.Search(inv.request);
  auto like = LikeQuery(index.db, inv.like_id);
  if (!like) return like.error();
  return searcher.SearchQuery(*like, inv.request);
}

// Searches; when a shard broke mid-search, names it and, under
// --allow-partial, searches again without it.
Result<SearchResults> SearchWithFailover(Invocation& inv, ShardedIndex& index) {
  std::size_t warned = index.warnings.size();
  auto results = Search(inv, index);
  if (results || index.shards.size() <= 1) return results;
  auto failing = FailingShards(index);
  if (failing.empty()) return results;
  if (inv.open.allow_partial && DropFailingShards(index)) {
    for (std::size_t i = warned; i < index.warnings.size(); ++i) Warn(index.warnings[i]);
    return Search(inv, index);
  }
  return Error{"shard '" + failing.front().first + "' failed: " + failing.front().second +
               " (--allow-partial answers from the other shards)"};
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

int RunQueryView(Invocation& inv) {
  auto index = OpenShardedIndex(inv.db_path, inv.open);
  if (!index) return Fail(index.error().message);
  for (const auto& warning : index->warnings) Warn(warning);
  if (inv.view == View::kShow) return ShowArticle(inv, index->db);
  if (inv.view == View::kHistogram) return ShowHistogram(inv, index->db);

  auto results = SearchWithFailover(inv, *index);
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
    if (auto suggestion = DidYouMean(index->db, inv.searcher, inv.request)) {
      Note("did you mean: " + *suggestion + "?");
    }
  }
  std::cout.flush();
  return ExitStatus(results->hits.empty() ? ExitCode::kPartial : ExitCode::kOk);
}

}  // namespace newsdex
