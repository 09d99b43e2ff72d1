#!/usr/bin/env bash
# The main job: set up, build, index the sample corpus into the default index
# location ($NEWSDEX_DB, else ~/.local/share/newsdex/index) and search it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh"
bin=${NEWSDEX_BUILD_DIR:-$root/build}
"$bin/indexer/indexer" build "$root/corpus"
run() {
  printf '\n$ searcher %s\n' "$*"
  "$bin/searcher/searcher" "$@" || true
}
run --limit 3 kestrel launch
run '"interest rate"' --from 2023
run recount --sort oldest
