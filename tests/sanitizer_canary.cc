// Proves that a sanitizer build is live and that its reports fail a test:
// ctest runs it expecting failure (WILL_FAIL), once per kind of report.
#include <cstdio>
#include <cstring>

// Volatile so the optimiser cannot drop the allocation.
int* volatile g_pointer = nullptr;

// Deleted through a pointer to its smaller base, which has no virtual
// destructor: the sized delete passes sizeof(Base), not the size allocated.
// The build's own operator delete (cmake/sanitizer_defaults.cc) excuses only
// Xapian's checker, so ASan must still report this in newsdex code.
struct Base {
  int tag = 1;
};
struct Derived : Base {
  long payload[8] = {};
};
Base* volatile g_base = nullptr;

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "leak") == 0) {
    g_pointer = new int[4];
    g_pointer = nullptr;  // lost: LeakSanitizer must report it at exit
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "ub") == 0) {
    volatile int big = 2147483647;
    int overflow = big + argc;  // signed overflow: UBSan must stop here
    std::printf("%d\n", overflow);
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "overflow") == 0) {
    int* small = new int[2];
    volatile int index = 2;
    small[index] = 1;  // heap-buffer-overflow: ASan must stop here
    delete[] small;
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "sized_delete") == 0) {
    g_base = new Derived;
    delete g_base;  // new-delete-type-mismatch: ASan must stop here
    return 0;
  }
  return 0;
}
