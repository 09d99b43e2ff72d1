// Compiled into every program of a sanitizer or fuzz build (see the root
// CMakeLists.txt); the sanitizer runtimes look these hooks up by name. Both
// work around bugs in Xapian 1.4.22 itself, which is not instrumented but
// whose new/delete calls ASan still sees.

#include <dlfcn.h>
#include <execinfo.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

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

#if defined(__SANITIZE_ADDRESS__) && !defined(__clang__)
// Xapian::Database::check (behind `indexer check`) deletes a 440-byte table
// object through a pointer to its 432-byte base class (a missing virtual
// destructor in Xapian's glass checker): ASan reports new-delete-type-mismatch
// on every check. ASan has no suppression list for this kind of report, so
// the sized operator delete below lets through exactly that case: a size that
// disagrees with the allocation, passed by code in libxapian while
// Xapian::Database::check_ is on the stack. Every other sized delete, and any
// mismatch in newsdex code, goes on to ASan's own operator and is reported
// (tests/unit/base/sanitizer_test.cc checks that).
//
// GCC links the ASan runtime as a shared library, whose operator this one
// forwards to. Clang's fuzz builds link it statically and never run a check,
// so they keep ASan's operator unchanged.
extern "C" std::size_t __sanitizer_get_allocated_size(const volatile void* p);
extern "C" int __sanitizer_get_ownership(const volatile void* p);

namespace {

bool InLibxapian(void* code_address) {
  Dl_info info;
  return dladdr(code_address, &info) != 0 && info.dli_fname != nullptr &&
         std::strstr(info.dli_fname, "libxapian.so") != nullptr;
}

bool XapianCheckOnStack() {
  void* frames[128];
  const int depth = backtrace(frames, 128);
  for (int i = 0; i < depth; ++i) {
    Dl_info info;
    if (dladdr(frames[i], &info) != 0 && info.dli_sname != nullptr &&
        std::strncmp(info.dli_sname, "_ZN6Xapian8Database6check_", 26) == 0) {
      return true;
    }
  }
  return false;
}

// The bug Xapian's checker has; anything else is not excused.
bool IsXapianCheckerMismatch(void* p, std::size_t size, void* caller) {
  return p != nullptr && __sanitizer_get_ownership(p) != 0 &&
         __sanitizer_get_allocated_size(p) != size && InLibxapian(caller) && XapianCheckOnStack();
}

}  // namespace

// Only the sized form is replaced: the unsized one stays ASan's own, which
// GCC's -Wsized-deallocation would otherwise ask for a definition of.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsized-deallocation"
__attribute__((noinline)) void operator delete(void* p, std::size_t size) noexcept {
  using SizedDelete = void (*)(void*, std::size_t);
  static const auto asan_delete = reinterpret_cast<SizedDelete>(dlsym(RTLD_NEXT, "_ZdlPvm"));
  if (asan_delete == nullptr) {
    // Without ASan's operator every sized delete would go unchecked.
    std::fputs("sanitizer_defaults: ASan's sized operator delete not found\n", stderr);
    std::abort();
  }
  if (IsXapianCheckerMismatch(p, size, __builtin_return_address(0))) {
    ::operator delete(p);  // unsized: no size to disagree with
    return;
  }
  asan_delete(p, size);
}
#pragma GCC diagnostic pop
#endif
