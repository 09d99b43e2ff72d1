// Compiled into every program of a sanitizer or fuzz build (see the root
// CMakeLists.txt); the sanitizer runtimes look these hooks up by name. Both
// work around bugs in Xapian 1.4.22 itself, which is not instrumented but
// whose new/delete calls ASan still sees.
//
// Xapian 1.4.22 itself leaks a few bytes inside QueryParser::parse_query when
// it retries a query after a syntax error (found by tests/fuzz/query_fuzz:
// "AND x /2 NEAR d d"). libxapian is not instrumented and cannot be fixed
// here. The suppression names that Xapian frame, not the whole library: a
// leak whose stack does not pass through the query parser (newsdex objects
// handed to Xapian, newsdex callbacks from the matcher, the programs' own
// allocations) is still reported.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:Xapian::QueryParser::parse_query\n";
}

// Without this LSan lists the suppressions it used on stderr at every exit,
// which would turn a one-line error message into seven lines.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }

// Xapian::Database::check (behind `indexer check`) deletes a 440-byte table
// object through a pointer to its 432-byte base class (a missing virtual
// destructor in Xapian's glass checker): ASan reports new-delete-type-mismatch
// on every check, and the check cannot be limited to one library. newsdex code
// is covered for this class of bug at compile time by -Wdelete-non-virtual-dtor
// (-Wall). ASAN_OPTIONS given at run time still override this default.
extern "C" const char* __asan_default_options() { return "new_delete_type_mismatch=0"; }
