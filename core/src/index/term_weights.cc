#include "newsdex/index/term_weights.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "newsdex/base/number.h"
#include "newsdex/store/schema.h"

namespace newsdex {

TermWeights NormalizedTermWeights() { return TermWeights{true, 0.4, 16, 146}; }

std::string EncodeTermWeights(const TermWeights& weights) {
  if (!weights.normalized) return "";
  std::ostringstream out;
  out << "bm25 b=" << weights.b << " scale=" << weights.scale << " length=" << weights.ref_length;
  return out.str();
}

TermWeights DecodeTermWeights(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string scheme;
  TermWeights weights;
  if (!(in >> scheme) || scheme != "bm25") return {};
  for (std::string field; in >> field;) {
    auto eq = field.find('=');
    if (eq == std::string::npos) return {};
    auto parsed = ParseFiniteDouble(std::string_view(field).substr(eq + 1));
    if (!parsed) return {};
    double value = *parsed;
    std::string name = field.substr(0, eq);
    if (name == "b")
      weights.b = value;
    else if (name == "scale")
      weights.scale = value;
    else if (name == "length")
      weights.ref_length = value;
  }
  weights.normalized =
      weights.scale > 0 && weights.ref_length > 0 && weights.b >= 0 && weights.b <= 1;
  return weights.normalized ? weights : TermWeights{};
}

TermWeights ReadTermWeights(const Xapian::Database& db) {
  return DecodeTermWeights(db.get_metadata(std::string(schema::kMetaTermWeights)));
}

void NormalizeTermWeights(const TermWeights& weights, Xapian::Document* doc) {
  if (!weights.normalized) return;
  struct Entry {
    std::string term;
    Xapian::termcount wdf;
  };
  std::vector<Entry> terms;
  double doclen = 0;
  for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
    Xapian::termcount wdf = it.get_wdf();
    if (wdf == 0) continue;  // boolean terms (ids, dates) carry no weight
    terms.push_back({*it, wdf});
    doclen += wdf;
  }
  if (terms.empty()) return;
  // Lengths under half the reference count as half, as in Xapian's BM25
  // (min_normlen 0.5), so very short articles are not boosted without bound.
  const double k = (1 - weights.b) + weights.b * std::max(0.5, doclen / weights.ref_length);
  for (const Entry& entry : terms) {
    auto target =
        static_cast<Xapian::termcount>(std::max(1.0, std::round(weights.scale * entry.wdf / k)));
    if (target > entry.wdf) {
      doc->add_term(entry.term, target - entry.wdf);
    } else if (target < entry.wdf) {
      // Xapian can only raise a wdf: take the term out and put it back with
      // its positions (very long articles only, where K > scale).
      auto it = doc->termlist_begin();
      it.skip_to(entry.term);
      std::vector<Xapian::termpos> positions(it.positionlist_begin(), it.positionlist_end());
      doc->remove_term(entry.term);
      for (Xapian::termpos pos : positions) doc->add_posting(entry.term, pos, 0);
      doc->add_term(entry.term, target);
    }
  }
}

}  // namespace newsdex
