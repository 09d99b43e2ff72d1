// Runs SearchRequests against an open index and returns plain results.
#ifndef NEWSDEX_SEARCH_SEARCHER_H_
#define NEWSDEX_SEARCH_SEARCHER_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/news/boilerplate.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/ranking.h"
#include "newsdex/search/results.h"

namespace newsdex {

class SnippetMaker;

struct SearcherOptions {
  bool snippets = true;             // off saves the per-hit passage selection
  std::size_t snippet_bytes = 240;  // passage length Xapian aims for
  RankingOptions ranking;           // weighting, stopwords, feedback
  // Hits carry rank, score and id only (TREC runs, evaluation): skips
  // reading each document's stored text, the main cost of deep result lists.
  bool ids_only = false;
  // Show only the best hit of each near-duplicate cluster, with the count
  // and dates of the others: wire copies would otherwise fill the page.
  bool collapse_duplicates = true;
  bool explain = false;  // fill query/score explanations (--explain)
  // Count every match (Enquire::get_mset's checkatleast = the database size)
  // so that SearchResults' counts are exact. Off, Xapian stops counting once
  // the page is certain and gives bounds: for output that shows no count
  // (JSON, TSV, TREC runs, evaluation), where exact counting only costs time.
  bool exact_counts = true;
  // Some shards are remote (HasRemoteShards), where every document read is
  // a round trip: the searcher then lets the servers order ties, takes ids
  // from sort keys, and asks for a page's documents in one request. Local
  // databases would only lose time to that.
  bool remote_shards = false;
};

// The exact size of a search's full list (Searcher::Count).
struct MatchCounts {
  std::uint64_t articles = 0;  // matching articles, near-copies included
  std::uint64_t stories = 0;   // the same with each cluster of near-copies counted once
};

// Holds the database, parser, stemmer and Enquire for many queries (a batch
// sets them up once). Not thread-safe: use one per thread.
class Searcher {
 public:
  // `local_documents`: when `db` matches through local xapian-progsrv
  // processes (ShardedIndex::local_documents), the same shards opened here,
  // which documents are read from; by default, `db`.
  explicit Searcher(Xapian::Database db, const SearcherOptions& options = {},
                    Xapian::Database local_documents = {});

  // Fails when the options cannot apply to this index (a weighting scheme
  // the index's stored term frequencies cannot give); every search then
  // fails the same way.
  Status Ready() const;

  // Fails on a bad request (see QueryBuilder::Build) or a database error
  // that persists after reopening (a concurrent commit is retried).
  Result<SearchResults> Search(const SearchRequest& request);

  // How many articles Search(request) would list if its limit were
  // unlimited (every filter applies; limit and offset are ignored), and how
  // many stories they make. Exact. Fails as Search does.
  Result<MatchCounts> Count(const SearchRequest& request);

  // Runs a ready-made query (e.g. LikeQuery), with the request's
  // --from/--to filter, sort, limit and offset (its text is ignored).
  Result<SearchResults> SearchQuery(const Xapian::Query& query, const SearchRequest& request);

 private:
  // `feedback`: whether pseudo-relevance feedback may apply (not to --like
  // queries, which are expansion sets already).
  Result<SearchResults> RunWithRetries(const Xapian::Query& query, const SearchRequest& request,
                                       bool feedback);
  SearchResults Run(const Xapian::Query& query, const SearchRequest& request, bool feedback);

  // A page of hits and how it was found.
  struct Page {
    Xapian::MSet mset;
    std::vector<Xapian::MSetIterator> hits;
    // The hits carry sort keys (a full sort found them), made from the
    // value in `sort_slot`: they hold the ids.
    bool sort_keys = false;
    unsigned sort_slot = 0;
  };
  // Adds pseudo-relevance feedback terms to the query `enquire` runs.
  void AddFeedback(const Xapian::Query& query, Xapian::Enquire* enquire);
  // The page `request` asks for, in `sort` order with ties by id.
  Page MatchPage(Xapian::Enquire& enquire, const SearchRequest& request, SortOrder sort,
                 Xapian::doccount check_at_least);
  // The counts as Xapian gives them with `mset`.
  void SetCounts(const Xapian::MSet& mset, SearchResults* results) const;
  Xapian::Document DocumentOf(const Xapian::MSetIterator& hit) const;
  // Asks remote shards for the page's documents in one request.
  void FetchRemoteDocuments(Page& page);
  // The hits of `page` (ranks from offset + 1): rank, score and id only, or
  // with everything shown; `searched` is the query after feedback.
  void AddIdOnlyHits(Page& page, std::size_t offset, SearchResults* results);
  void AddHits(Page& page, const Xapian::Query& query, const Xapian::Query& searched,
               std::size_t offset, SearchResults* results);
  void ExplainHit(const Xapian::Query& query, const Xapian::Query& searched,
                  const Xapian::MSetIterator& it, Hit* hit) const;
  // The snippet of one hit, from the body of its article (the file, or the
  // sample the index keeps when the file is gone or changed).
  std::string Snippet(const SnippetMaker& snippets, const std::string& whole_body,
                      const std::string& title) const;

  Xapian::Database db_;
  bool separate_documents_;     // documents_ is not db_
  Xapian::Database documents_;  // where hits' documents are read
  SearcherOptions options_;
  QueryBuilder builder_;
  std::unique_ptr<Xapian::Weight> weight_;  // built once, cloned by Enquire
  std::optional<Error> setup_error_;
  TermWeights term_weights_;  // how the index stores term frequencies
  Boilerplate boilerplate_;   // lines kept out of snippets
};

}  // namespace newsdex

#endif  // NEWSDEX_SEARCH_SEARCHER_H_
