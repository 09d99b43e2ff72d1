#!/usr/bin/env bash
# Sets up, builds (with tests) and runs every test through CTest.
#   scripts/test.sh [--sanitize] [CMAKE_ARGS...]
# --sanitize builds with AddressSanitizer + UBSan (NEWSDEX_SANITIZE=ON) in
# build-asan/ and runs the same suite there; any leak or UB report fails it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
if [[ ${1:-} == --sanitize ]]; then
  sanitize=1
  shift
fi
"$root/scripts/deps.sh"
if [[ $sanitize == 1 ]]; then
  build_dir=${NEWSDEX_ASAN_BUILD_DIR:-$root/build-asan}
  set -- -DNEWSDEX_SANITIZE=ON "$@"
  # halt/abort on the first report so it fails the test that caused it; the
  # Xapian library itself is not instrumented, newsdex code is.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
else
  build_dir=${NEWSDEX_BUILD_DIR:-$root/build}
fi
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"  >/dev/null
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)"
