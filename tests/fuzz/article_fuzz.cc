// Fuzz target for the article parser: ParseArticle and ExtractTitle on any
// bytes, then DocumentMaker on what they accept. Checks the contracts in
// article.h (always a verdict, valid UTF-8 out, one-line titles) besides the
// crashes, leaks and UB the sanitizers catch.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdex/base/text.h"
#include "newsdex/corpus/article.h"
#include "newsdex/index/document.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  newsdex::ParsedArticle parsed = newsdex::ParseArticle(bytes, "fuzz/dir/sample.txt");
  Require(parsed.article.has_value() != parsed.skipped.has_value());
  if (parsed.article) {
    const newsdex::Article& article = *parsed.article;
    Require(article.id == "sample");
    Require(newsdex::IsValidUtf8(article.title));
    Require(newsdex::IsValidUtf8(article.body));
    Require(article.title.find('\n') == std::string::npos);
    Require(parsed.undated == !article.date.has_value());
    // Tokenising is where long words and odd scripts meet Xapian.
    static newsdex::DocumentMaker maker;
    maker.Make(article);
  } else {
    Require(!parsed.skip_detail.empty());
  }

  // The title rule is also used on its own, on text that is not yet clean.
  std::string title = newsdex::ExtractTitle(bytes);
  Require(title.find('\n') == std::string::npos);
  return 0;
}
