// Compiled into every program of a sanitizer or fuzz build (see the root
// CMakeLists.txt); the sanitizer runtimes look these hooks up by name.
//
// Xapian 1.4.22 itself leaks a few bytes inside QueryParser::parse_query when
// it retries a query after a syntax error (found by tests/fuzz/query_fuzz:
// "AND x /2 NEAR d d"). libxapian is not instrumented and cannot be fixed here;
// without this suppression any such query would fail a sanitizer run with a
// report that is not about newsdex code. Leaks whose stack never enters
// libxapian are still reported.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libxapian.so\n";
}
