#!/usr/bin/env bash
# Builds the Debian package build/newsdex_VERSION_ARCH.deb with CPack: the two
# programs installed as newsdex-index and newsdex-search, their man pages,
# bash/zsh/fish completions and the sample corpus (cmake/NewsdexInstall.cmake).
# Installs its own build dependencies first, as scripts/test.sh does.
#   scripts/package.sh            then: sudo apt-get install ./build/newsdex_*.deb
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/deps.sh" --package
build_dir=${NEWSDEX_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
# Only what the package holds; the tests are scripts/test.sh's job.
cmake --build "$build_dir" -j"$(nproc)" --target indexer searcher newsdex_man >/dev/null
cd "$build_dir"
rm -f newsdex_*.deb
cpack -G DEB >/dev/null
deb=$(ls newsdex_*.deb)
echo "package: $build_dir/$deb" >&2
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends >&2
