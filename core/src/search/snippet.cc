#include "newsdex/search/snippet.h"

#include <algorithm>
#include <cmath>

#include "newsdex/base/text.h"
#include "newsdex/search/query_builder.h"
#include "newsdex/search/results.h"
#include "newsdex/store/schema.h"

namespace newsdex {
namespace {

// A repeated word adds this share of its weight again: a passage with two
// different query words beats one with the same word twice.
constexpr double kRepeatShare = 0.2;
// How far back the start of a passage may move to begin at a sentence start.
constexpr std::size_t kSentenceLookBack = 80;

struct Token {
  std::size_t begin = 0;  // byte offsets in the text
  std::size_t end = 0;
  int match = -1;  // query word index, or -1
};

std::string Lower(std::string_view word) {
  // Most news words are ASCII: lower them byte by byte.
  if (std::all_of(word.begin(), word.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return AsciiLower(word);
  }
  std::string out;
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  }
  return out;
}

// Words as the TermGenerator sees them, roughly: runs of word characters,
// allowing an apostrophe or ampersand inside ("Russia's", "AT&T").
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  const char* base = text.data();
  Xapian::Utf8Iterator it(text.data(), text.size()), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    Token token;
    token.begin = static_cast<std::size_t>(it.raw() - base);
    while (it != end) {
      if (Xapian::Unicode::is_wordchar(*it)) {
        ++it;
        continue;
      }
      unsigned ch = *it;
      Xapian::Utf8Iterator next = it;
      ++next;
      if ((ch == '\'' || ch == 0x2019 || ch == '&') && next != end &&
          Xapian::Unicode::is_wordchar(*next)) {
        it = next;
        continue;
      }
      break;
    }
    token.end = static_cast<std::size_t>((it == end ? base + text.size() : it.raw()) - base);
    tokens.push_back(token);
  }
  return tokens;
}

void CollectWildcards(const Xapian::Query& query, std::vector<std::string>& patterns) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    std::string pattern = WildcardPattern(query);
    if (!pattern.empty()) patterns.push_back(pattern);
    return;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    CollectWildcards(query.get_subquery(i), patterns);
  }
}

bool IsSentenceEnd(std::string_view text, std::size_t pos) {
  // pos is the first byte after some token; look for ". " before the next word.
  for (std::size_t i = pos; i < text.size() && i < pos + 4; ++i) {
    char c = text[i];
    if (c == '.' || c == '!' || c == '?' || c == '\n') return true;
    if (c != '"' && c != '\'' && c != ')') return false;
  }
  return false;
}

}  // namespace

SnippetMaker::SnippetMaker(const Xapian::Query& query, const Xapian::Database& db)
    : stemmer_("english") {
  double docs = static_cast<double>(db.get_doccount()) + 1;
  auto add_weight = [&](const std::string& term) {
    double freq = db.get_termfreq(term);
    weights_.push_back(std::log(docs / (freq + 0.5)) + 0.1);
    return static_cast<int>(weights_.size() - 1);
  };
  const std::string title(schema::kPrefixTitle);
  const std::string stemmed(schema::kPrefixStem);
  const std::string stemmed_title = stemmed + title;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    std::string term = *it;
    if (term.empty()) continue;
    if (term.compare(0, title.size(), title) == 0 && term.size() > title.size() &&
        !std::isupper(static_cast<unsigned char>(term[title.size()]))) {
      term.erase(0, title.size());  // title:word highlights the word
    } else if (term.compare(0, stemmed_title.size(), stemmed_title) == 0) {
      term = stemmed + term.substr(stemmed_title.size());
    }
    if (term.compare(0, stemmed.size(), stemmed) == 0) {
      std::string stem = term.substr(stemmed.size());
      if (!stems_.count(stem)) stems_[stem] = add_weight(term);
      stem_prefixes_.insert(stem.substr(0, 2));
    } else if (!std::isupper(static_cast<unsigned char>(term[0]))) {
      if (!exact_.count(term)) exact_[term] = add_weight(term);
    }
  }
  std::vector<std::string> patterns;
  CollectWildcards(query, patterns);
  for (std::string pattern : patterns) {
    // Wildcards expand over stems, kPrefixStem + pattern (+ kPrefixTitle in
    // titles); the text holds the words as written.
    for (const std::string& prefix : {stemmed_title, stemmed, title}) {
      if (pattern.compare(0, prefix.size(), prefix) == 0 && pattern.size() > prefix.size()) {
        pattern.erase(0, prefix.size());
        break;
      }
    }
    weights_.push_back(1.0);
    prefixes_.emplace_back(Lower(pattern), static_cast<int>(weights_.size() - 1));
  }
}

int SnippetMaker::Match(const std::string& word) const {
  if (auto it = exact_.find(word); it != exact_.end()) return it->second;
  // Stemming every word of an article is most of a snippet's cost. English
  // stemming only removes and rewrites endings, so a word can only stem to a
  // query stem that starts with the same two bytes: skip the rest.
  if (!stems_.empty() && stem_prefixes_.count(word.substr(0, 2))) {
    if (auto it = stems_.find(stemmer_(word)); it != stems_.end()) return it->second;
  }
  for (const auto& [pattern, index] : prefixes_) {
    if (word.compare(0, pattern.size(), pattern) == 0) return index;
  }
  return -1;
}

std::string SnippetMaker::Make(std::string_view text, std::size_t max_bytes) const {
  if (weights_.empty() || text.empty()) return "";
  std::vector<Token> tokens = Tokenize(text);
  bool any = false;
  for (Token& token : tokens) {
    token.match = Match(Lower(text.substr(token.begin, token.end - token.begin)));
    any = any || token.match >= 0;
  }
  if (!any) return "";

  // Slide a window of whole tokens no longer than max_bytes; score it by the
  // weight of the distinct query words in it, plus a little per repeat.
  std::vector<int> count(weights_.size(), 0);
  double score = 0, best_score = -1;
  std::size_t best_first = 0, best_last = 0, first = 0;
  auto add = [&](int m, int sign) {
    if (m < 0) return;
    if (sign > 0) {
      score += count[m]++ == 0 ? weights_[m] : weights_[m] * kRepeatShare;
    } else {
      score -= --count[m] == 0 ? weights_[m] : weights_[m] * kRepeatShare;
    }
  };
  for (std::size_t last = 0; last < tokens.size(); ++last) {
    add(tokens[last].match, +1);
    while (first < last && tokens[last].end - tokens[first].begin > max_bytes) {
      add(tokens[first].match, -1);
      ++first;
    }
    if (score > best_score + 1e-12) {
      best_score = score;
      best_first = first;
      best_last = last;
    }
  }
  // The passage begins at its first match (then maybe its sentence start).
  while (best_first < best_last && tokens[best_first].match < 0) ++best_first;

  // Start at the beginning of the sentence when it is close, then fill the
  // rest of the budget with the words that follow.
  std::size_t begin = tokens[best_first].begin;
  const std::size_t match_begin = tokens[best_first].begin;
  for (std::size_t i = best_first; i > 0; --i) {
    if (match_begin - tokens[i].begin > kSentenceLookBack) break;
    if (IsSentenceEnd(text, tokens[i - 1].end)) {
      begin = tokens[i].begin;
      break;
    }
    if (i == 1 && match_begin - tokens[0].begin <= kSentenceLookBack) begin = tokens[0].begin;
  }
  std::size_t last_match = best_last;
  while (last_match > best_first && tokens[last_match].match < 0) --last_match;
  if (tokens[last_match].end - begin > max_bytes) begin = tokens[best_first].begin;
  std::size_t end_token = best_last;
  while (end_token + 1 < tokens.size() && tokens[end_token + 1].end - begin <= max_bytes) {
    ++end_token;
  }
  std::size_t end = tokens[end_token].end;
  // Keep closing punctuation that belongs to the last word.
  while (end < text.size() && (text[end] == '.' || text[end] == '"' || text[end] == ')' ||
                               text[end] == '!' || text[end] == '?')) {
    ++end;
  }

  std::string out;
  if (begin > tokens.front().begin) out += "\u2026";
  std::size_t pos = begin;
  for (std::size_t i = 0; i < tokens.size() && tokens[i].begin < end; ++i) {
    const Token& token = tokens[i];
    if (token.begin < begin || token.match < 0) continue;
    out.append(text.substr(pos, token.begin - pos));
    out += kHighlightStart;
    out.append(text.substr(token.begin, token.end - token.begin));
    out += kHighlightEnd;
    pos = token.end;
  }
  out.append(text.substr(pos, end - pos));
  if (end < text.size()) out += "\u2026";
  return out;
}

}  // namespace newsdex
