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
  # CI builds with warnings as errors (a clean build has none).
  set -- -DNEWSDEX_WERROR=ON "$@"
  # Every C++ file as the project's .clang-format (clang-format 14) writes it.
  unformatted=$(cd "$root" && find core cli indexer searcher tests cmake \
    \( -name '*.cc' -o -name '*.h' \) -print0 | xargs -0 clang-format --dry-run 2>&1 |
    sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning:.*/\1/p' | sort -u)
  if [[ -n $unformatted ]]; then
    echo "test: these files are not formatted as .clang-format says:" >&2
    echo "$unformatted" | sed 's/^/  /' >&2
    echo "test: fix them with: clang-format -i FILE..." >&2
    exit 1
  fi
  # No function over 80 lines, no source file over 450, in production code
  # (tests are exempt: a table of cases may run long).
  if ! (cd "$root" && python3 scripts/check_code.py core cli indexer searcher); then
    echo "test: split what scripts/check_code.py lists above" >&2
    exit 1
  fi
  # Layers include only the layers below them (docs/ARCHITECTURE.md).
  if ! (cd "$root" && python3 scripts/check_layers.py >/dev/null); then
    echo "test: move or remove the includes scripts/check_layers.py lists above" >&2
    exit 1
  fi
fi
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"  >/dev/null
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)"
