// xapian_index_baseline: plain Xapian indexing, the yardstick for newsdex's
// build speed and index size (scripts/bench_index.py). It does what a
// minimal indexer on Xapian does and nothing news-specific: one thread, one
// TermGenerator with the English stemmer (STEM_SOME) and word positions over
// each file's whole text, the file name as a unique id term, the text stored
// as document data, Xapian's own flush threshold, one commit at the end. No
// title field, dates, value slots, spelling, fingerprints or clusters.
//
// Usage: xapian_index_baseline CORPUS_DIR OUT_DB
// Indexes every *.txt below CORPUS_DIR (sorted) into a new database OUT_DB
// and prints "indexed N files, B bytes, in S s" on stderr.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: xapian_index_baseline CORPUS_DIR OUT_DB\n";
    return 2;
  }
  namespace fs = std::filesystem;
  auto start = std::chrono::steady_clock::now();
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(argv[1], ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".txt") files.push_back(it->path());
  }
  if (ec) {
    std::cerr << "xapian_index_baseline: cannot walk " << argv[1] << ": " << ec.message() << "\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  std::uint64_t bytes = 0;
  try {
    Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const fs::path& path : files) {
      std::ifstream in(path, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      bytes += text.size();
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      doc.add_boolean_term("Q" + path.stem().string());
      doc.set_data(text);
      db.add_document(doc);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_index_baseline: " << e.get_description() << "\n";
    return 2;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "indexed %zu files, %llu bytes, in %.2f s\n", files.size(),
               static_cast<unsigned long long>(bytes), seconds);
  return 0;
}
