// A Xapian document of plain text as Xapian's own TermGenerator indexes it
// (raw wdf, positions), for tests of the stored term weights and of ranking.
#ifndef NEWSDEX_TESTS_UNIT_TEXT_DOCUMENT_H_
#define NEWSDEX_TESTS_UNIT_TEXT_DOCUMENT_H_

#include <xapian.h>

#include <string>

namespace newsdex {

inline Xapian::Document TextDocument(const std::string& text) {
  Xapian::TermGenerator generator;
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(text);
  doc.add_boolean_term("Qid");
  return doc;
}

}  // namespace newsdex

#endif  // NEWSDEX_TESTS_UNIT_TEXT_DOCUMENT_H_
