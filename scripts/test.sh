#!/usr/bin/env bash
# Sets up, builds (with tests) and runs every test through CTest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh"
build_dir=${NEWSDEX_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"  >/dev/null
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)"
