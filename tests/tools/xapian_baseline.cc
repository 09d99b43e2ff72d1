// xapian_baseline: plain Xapian ranking, the yardstick docs/RANKING.md
// measures newsdex against, on an index written by xapian_index_baseline
// (TermGenerator, English stemmer, STEM_SOME, article ids as "Q" terms). It
// uses Xapian's defaults on purpose (QueryParser with the English stemmer and
// STEM_SOME, default OR, FLAG_DEFAULT, BM25Weight()): do not tune it.
//
// Usage: xapian_baseline DB QUERIES.tsv [LIMIT=1000] > RUN
// QUERIES lines are QID<TAB>QUERY (a third date column is ignored); prints a
// TREC run "QID Q0 ID RANK SCORE xapian".
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: xapian_baseline DB QUERIES.tsv [LIMIT]\n";
    return 2;
  }
  const Xapian::doccount limit = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1000;
  std::optional<Xapian::Database> db;
  try {
    db.emplace(argv[1]);
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_baseline: " << e.get_description() << "\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << "xapian_baseline: cannot read " << argv[2] << "\n";
    return 2;
  }
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  Xapian::Enquire enquire(*db);
  int status = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string qid = line.substr(0, tab);
    std::string text = line.substr(tab + 1);
    text = text.substr(0, text.find('\t'));
    try {
      enquire.set_query(parser.parse_query(text));
      Xapian::MSet mset = enquire.get_mset(0, limit);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string id;
        auto term = db->termlist_begin(*it);
        term.skip_to("Q");
        if (term != db->termlist_end(*it) && (*term)[0] == 'Q') id = (*term).substr(1);
        std::printf("%s Q0 %s %u %.6f xapian\n", qid.c_str(), id.c_str(), it.get_rank() + 1,
                    it.get_weight());
      }
    } catch (const Xapian::Error& e) {
      std::cerr << "xapian_baseline: query " << qid << ": " << e.get_description() << "\n";
      status = 2;
    }
  }
  return status;
}
