#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs one for a while:
#   scripts/fuzz.sh TARGET SECONDS     (TARGET: article_fuzz or query_fuzz)
# New interesting inputs go to $build_dir/fuzz-work/TARGET/corpus and crashers
# to .../artifacts; copy a crasher into tests/fuzz/regressions/TARGET/ once
# fixed so ctest replays it. Environment: NEWSDEX_FUZZ_BUILD_DIR (default
# build-fuzz/), extra libFuzzer flags in NEWSDEX_FUZZ_FLAGS.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: scripts/fuzz.sh article_fuzz|query_fuzz SECONDS" >&2
  exit 2
fi
target=$1
seconds=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case $target in
  article_fuzz) max_len=16384 ;;
  query_fuzz) max_len=4096 ;;
  *) echo "fuzz: unknown target '$target' (article_fuzz or query_fuzz)" >&2; exit 2 ;;
esac
NEWSDEX_DEPS_FUZZ=1 "$root/scripts/deps.sh"
build_dir=${NEWSDEX_FUZZ_BUILD_DIR:-$root/build-fuzz}
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBUILD_TESTING=ON -DNEWSDEX_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target "$target" >/dev/null
work=$build_dir/fuzz-work/$target
mkdir -p "$work/corpus" "$work/artifacts"
# Xapian is not instrumented; leaks and UB in newsdex code still stop the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# shellcheck disable=SC2086
exec "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" \
  -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${NEWSDEX_FUZZ_FLAGS:-} \
  "$work/corpus" "$root/tests/fuzz/corpus/$target" "$root/tests/fuzz/regressions/$target"
