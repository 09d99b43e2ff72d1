#!/usr/bin/env bash
# Installs the Debian packages newsdex builds and tests with. Idempotent and
# silent when everything is already there.
set -euo pipefail

packages=(
  cmake g++ make pkg-config python3
  libxapian-dev xapian-tools
  xapian-omega time  # scripts/bench_index.py compares with omindex and measures peak RSS
  libcli11-dev libboost-filesystem-dev nlohmann-json3-dev libgtest-dev
  scdoc      # renders the man pages (docs/man/*.scd)
  clang-format  # scripts/test.sh checks every C++ file is formatted
  fish zsh   # tests/cli/test_completions.py runs and parses the shell completions
)
# `deps.sh --package`: also what CPack's DEB generator runs (scripts/package.sh):
# dpkg-shlibdeps for the runtime dependencies, file to find the programs.
if [[ ${1:-} == --package ]]; then
  packages+=(dpkg-dev file)
fi
# `deps.sh --bench`: also the Lucene peer scripts/bench_queries.py runs beside newsdex.
if [[ ${1:-} == --bench ]]; then
  packages+=(default-jdk-headless liblucene4.10-java)
fi
# clang and its libFuzzer/sanitizer runtimes only when fuzzing
# (scripts/fuzz.sh sets NEWSDEX_DEPS_FUZZ=1); CI and the default build use g++.
if [[ ${NEWSDEX_DEPS_FUZZ:-0} == 1 ]]; then
  packages+=(clang libclang-rt-dev)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
