// Learns the lines scraped pages repeat across many articles (menus, "Recent
// Stories", "1 minute ago", share buttons) and keeps them out of titles,
// snippets, near-duplicate signatures and ranking weight. Their words are
// still indexed, with positions but no weight, so every word of an article
// stays findable by word and by phrase.
//
// A line is boilerplate when, after normalising (whitespace collapsed,
// lower-cased), it is at most `max_line_chars` long and appears in at least
// max(min_articles, min_share * articles) different articles. Counting
// distinct articles (not occurrences) keeps one page's ten "1 minute ago"
// lines from counting ten times; the absolute floor keeps a quote that two or
// three stories share from ever qualifying. Only lines that can be page
// furniture count: never fragments of hard-wrapped prose ("said.", a line
// ending in a comma, a line whose sentence runs on in lower case), sentences
// ("Terms were not disclosed.") or labels inside tables of figures ("Nine
// mths", "Record March 31").
#ifndef NEWSDEX_NEWS_BOILERPLATE_H_
#define NEWSDEX_NEWS_BOILERPLATE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "newsdex/base/error.h"
#include "newsdex/corpus/article.h"

namespace newsdex {

// A piece of an article's body. Words of a part that is not weighted are
// indexed with their positions (phrase and word search find them) but add
// nothing to within-document frequencies or the document's length, so they
// never change a score: page furniture, as Boilerplate::Split finds it
// (index/document.h indexes the parts).
struct TextPart {
  std::string_view text;
  bool weighted = true;
};

struct BoilerplateOptions {
  // A line must appear in at least this many different articles. 5: a quote
  // or a wire sentence shared by a handful of stories stays content, while a
  // site's menu appears on every page of that site.
  std::size_t min_articles = 5;
  // ... and in at least this share of all articles, so that on a big corpus
  // the bar rises with it (0.002: 43 of Reuters' 21,578 stories).
  double min_share = 0.002;
  // Longer lines are prose, never navigation (menus, buttons and "Related
  // Topics" are short; an agency boilerplate paragraph is not removed).
  std::size_t max_line_chars = 80;
  // 0 turns learning off.
  bool enabled = true;
};

// One learned line, with the number of articles it appeared in.
struct BoilerplateLine {
  std::string text;  // as first seen (trimmed), for reports
  std::size_t articles = 0;
};

// Counts lines over a corpus, one article at a time. A line is counted by
// a 64-bit hash of its normalised text, the hash of schema::LineTerm, and
// its text is not kept: an archive has a distinct headline or so in every
// article, and a map of every line's text held as much as the rest of a
// build. The text of a learned line is read again from its first article.
class BoilerplateLearner {
 public:
  explicit BoilerplateLearner(const BoilerplateOptions& options = {});

  // Counts each distinct line of `body` once. Articles are numbered from 0
  // in the order they are added (at most 2^32 of them).
  void Add(std::string_view body);

  // The body of an article again, by its number; nullopt when it cannot be
  // had any more.
  using BodyOf = std::function<std::optional<std::string>(std::size_t article)>;

  // The lines that pass the thresholds, most frequent first (ties by text),
  // each as written (trimmed) where the first article holding it has it
  // first, which `body_of` gives again. A line that article no longer holds
  // (changed since) is left out.
  std::vector<BoilerplateLine> Learned(const BodyOf& body_of) const;

  std::size_t articles() const { return articles_; }

  // Takes in the counts of `later`, a learner of the articles that come
  // after this one's (numbered on from here): the result is what one
  // learner fed both runs in order would hold, so a corpus can be learned
  // in slices on several threads.
  void Absorb(const BoilerplateLearner& later);

 private:
  struct Seen {
    std::uint32_t articles = 0;
    std::uint32_t first = 0;  // the number of the first article holding it
  };
  BoilerplateOptions options_;
  std::size_t articles_ = 0;
  std::unordered_map<std::uint64_t, Seen> counts_;  // by line hash
};

// The set of lines to remove; cheap to copy around by const reference.
class Boilerplate {
 public:
  Boilerplate() = default;
  explicit Boilerplate(std::vector<BoilerplateLine> lines);

  bool empty() const { return lines_.empty(); }
  const std::vector<BoilerplateLine>& lines() const { return lines_; }
  bool IsBoilerplate(std::string_view line) const;

  // `text` cut into runs of whole lines (newlines included), in order:
  // boilerplate lines that can be furniture there (not weighted) and the rest
  // (weighted). The parts put together are `text`. A text that is all
  // boilerplate is one weighted part.
  std::vector<TextPart> Split(std::string_view text) const;

  // `text` without its boilerplate lines (the weighted parts of Split).
  std::string Clean(std::string_view text) const;

  // The article as indexed: body cleaned, title chosen again from the
  // cleaned body (so "Open Menu" or "Related Topics" never becomes a title).
  Article CleanArticle(const Article& article) const;

  // JSON for the index metadata, and back. Decode of damaged or missing data
  // gives an empty set (nothing removed) rather than failing a search.
  std::string Encode() const;
  static Boilerplate Decode(std::string_view json);

 private:
  std::vector<BoilerplateLine> lines_;
  std::unordered_map<std::string, std::size_t> index_;  // normalised -> lines_
};

// Lower-cased (ASCII), whitespace-collapsed, trimmed: the key lines are
// counted under.
std::string NormalizeLine(std::string_view line);

// The distinct lines of `body` that could be boilerplate (what a learner
// counts), normalised, in order; none when learning is off. Each indexed
// article records them (schema::LineTerm), so the number of articles holding
// a line is its term frequency and an update can relearn the set as a fresh
// build would.
std::vector<std::string> CandidateLines(std::string_view body, const BoilerplateOptions& options);

// First pass of a build: reads and parses every file and learns the set,
// on `jobs` threads (at most one per file; the set does not depend on their
// number).
// Unreadable or skipped files are simply not counted (the main pass reports
// them).
class CorpusFiles;
Boilerplate LearnBoilerplateFromFiles(const CorpusFiles& files, std::uint64_t max_file_bytes,
                                      const BoilerplateOptions& options, unsigned jobs = 1);

}  // namespace newsdex

#endif  // NEWSDEX_NEWS_BOILERPLATE_H_
