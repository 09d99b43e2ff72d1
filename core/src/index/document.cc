#include "newsdex/index/document.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "newsdex/store/schema.h"

namespace newsdex {

// The English stemmer with a memo of the words it has seen: TermGenerator
// stems every word it indexes (title words twice), and news text repeats a
// small vocabulary, so a hash lookup replaces most Snowball runs (about a
// twentieth of indexing time). The index holds stems only, so the memo is
// also where the words as written are counted for the spelling dictionary,
// by the documents holding them, at no extra lookup. Owned by one
// TermGenerator, so one thread.
class MemoStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    auto it = memo_.find(word);
    if (it == memo_.end()) {
      // Bounded: numbers and names keep the vocabulary of a large archive
      // growing; starting over costs a few stems per word again (and a word
      // met again in the same document after that counts that document twice).
      if (memo_.size() >= kMaxWords) Forget();
      it = memo_.emplace(word, Entry{stemmer_(word)}).first;
    }
    Entry& entry = it->second;
    if (entry.last_document != document_) {
      entry.last_document = document_;
      if (entry.documents++ == 0) counted_.push_back(&*it);
    }
    return entry.stem;
  }
  std::string get_description() const override { return stemmer_.get_description(); }

  void NextDocument() { ++document_; }

  void TakeWordCounts(std::unordered_map<std::string, Xapian::termcount>& counts) {
    // Only the words counted since the last call: an update takes them after
    // every document, from a memo of up to kMaxWords words.
    for (auto* counted : counted_) {
      counts[counted->first] += counted->second.documents;
      counted->second.documents = 0;
    }
    counted_.clear();
    for (auto& [word, documents] : forgotten_) counts[word] += documents;
    forgotten_.clear();
  }

 private:
  struct Entry {
    std::string stem;
    std::uint64_t last_document = 0;
    Xapian::termcount documents = 0;  // since the counts were last taken
  };

  void Forget() {
    for (auto* counted : counted_) forgotten_[counted->first] += counted->second.documents;
    counted_.clear();
    memo_.clear();
  }

  static constexpr std::size_t kMaxWords = 1u << 18;
  Xapian::Stem stemmer_{"english"};
  std::unordered_map<std::string, Entry> memo_;
  // The memo's entries with a count (their addresses stay valid until the
  // memo is cleared), and the counts of words the memo has dropped.
  std::vector<std::pair<const std::string, Entry>*> counted_;
  std::unordered_map<std::string, Xapian::termcount> forgotten_;
  std::uint64_t document_ = 0;
};

namespace {

// The first bytes of `text`, at most schema::kSampleBytes, ending before a
// space (or, for a text with no space in the second half of that, on a
// UTF-8 character boundary).
std::string_view Sample(std::string_view text) {
  constexpr std::size_t kMax = schema::kSampleBytes;
  if (text.size() <= kMax) return text;
  std::size_t cut = text.substr(0, kMax + 1).find_last_of(" \t\n");
  if (cut == std::string_view::npos || cut < kMax / 2) {
    cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut);
}

}  // namespace

DocumentMaker::DocumentMaker(const DocumentOptions& options)
    : options_(options), stemmer_(new MemoStemmer) {
  generator_.set_stemmer(Xapian::Stem(stemmer_));
  // Each word once, stemmed, with its positions: as written as well (Xapian's
  // STEM_SOME) made indexing 23% slower and the index 20% larger on Reuters,
  // and ranked no better on any judged collection (docs/RANKING.md).
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

void DocumentMaker::TakeWordCounts(std::unordered_map<std::string, Xapian::termcount>& counts) {
  stemmer_->TakeWordCounts(counts);
}

Xapian::Document DocumentMaker::Make(const Article& article) {
  Xapian::Document doc = MakeWithoutData(article);
  doc.set_data(Data(article, article.title, article.body));
  return doc;
}

std::string DocumentMaker::Data(const Article& article, std::string_view title,
                                std::string_view shown_body) const {
  const bool whole = options_.store_text;
  return schema::EncodeDocData({article.id, article.path, article.date, std::string(title),
                                std::string(whole ? article.body : Sample(shown_body)), whole});
}

Xapian::Document DocumentMaker::MakeWithoutData(const Article& article) {
  return MakeWithoutData(article, {TextPart{article.body, true}});
}

Xapian::Document DocumentMaker::MakeWithoutData(const Article& article,
                                                const std::vector<TextPart>& body) {
  Xapian::Document doc;
  generator_.set_document(doc);
  stemmer_->NextDocument();
  auto index = [&](std::string_view text, unsigned wdf, std::string_view prefix) {
    Xapian::Utf8Iterator begin(text.data(), text.size());
    if (options_.positions) {
      generator_.index_text(begin, wdf, std::string(prefix));
    } else {
      generator_.index_text_without_positions(begin, wdf, std::string(prefix));
    }
  };
  index(article.title, 1, schema::kPrefixTitle);
  // Keeps phrases from matching across the end of one field and the start
  // of the next.
  generator_.increase_termpos();
  // A wdf increment of 0 gives a part's words their positions and no
  // frequency: Xapian then counts them neither in scores nor in the
  // document's length.
  for (const TextPart& part : body) index(part.text, part.weighted ? 1 : 0, "");
  if (options_.title_weight > 0) {
    generator_.increase_termpos();
    generator_.index_text_without_positions(article.title, options_.title_weight);
  }
  // Otherwise the generator keeps a reference to the document until the
  // next one, and Xapian's reference counts are not atomic: update hands
  // each document to another thread to write.
  generator_.set_document(Xapian::Document());
  NormalizeTermWeights(options_.term_weights, &doc);

  doc.add_boolean_term(schema::IdTerm(article.id));
  // The path key goes into the tie-break value only: as a term it cost 1.4%
  // of the index (a posting list per article) and nothing looked it up.
  std::string tie_break = schema::TieBreakKey(article.id, schema::PathKey(article.path));
  doc.add_value(schema::kSlotTieBreak, tie_break);
  if (article.date) {
    std::string key = YmdToKey(*article.date);
    doc.add_value(schema::kSlotDate, key);
    doc.add_value(schema::kSlotOldestFirst, YmdToKey(99999999 - *article.date) + tie_break);
    doc.add_value(schema::kSlotNewestFirst, key + tie_break);
    doc.add_boolean_term(std::string(schema::kPrefixYear) + key.substr(0, 4));
    doc.add_boolean_term(std::string(schema::kPrefixMonth) + key.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kPrefixDay) + key);
  } else {
    doc.add_boolean_term(std::string(schema::kTermUndated));
  }
  return doc;
}

}  // namespace newsdex
