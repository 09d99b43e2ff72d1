#!/usr/bin/env bash
# Installs dependencies, then configures and builds newsdex (Release) in
# build/. Extra arguments go to the cmake configure step.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh"
build_dir=${NEWSDEX_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >/dev/null
echo "build: binaries in $build_dir/indexer/indexer and $build_dir/searcher/searcher" >&2
