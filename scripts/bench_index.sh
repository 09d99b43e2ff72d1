#!/usr/bin/env bash
# Indexing benchmark (issue 4): replicates the converted Reuters articles
# FACTOR times (copy k shifted by k years, new ids) and measures, in one run,
#   build --jobs 1, build --jobs 2, update after 1% of files changed, and
#   Xapian's omindex on the same files,
# printing articles/s, MB/s of input, peak RSS, index size (and compacted),
# the tables that take the space, and the ratios the issue sets targets for.
#
# Usage: scripts/bench_index.sh [--src DIR] [--factor N] [--work DIR] [--keep]
#   --src     converted Reuters articles (default /tmp/reuters/articles; make
#             them with scripts/reuters_to_corpus.py --out DIR)
#   --factor  copies (default 10: about 216,000 articles)
#   --work    scratch folder (default: a new temp dir, removed unless --keep)
# Needs: a Release build in build/ (or $NEWSDEX_BUILD), xapian-omega, GNU time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NEWSDEX_BUILD:-$root/build}
src=/tmp/reuters/articles
factor=10
work=""
keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --src) src=$2; shift 2 ;;
    --factor) factor=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "bench_index: unknown option $1" >&2; exit 2 ;;
  esac
done
indexer=$build/indexer/indexer
[[ -x $indexer ]] || { echo "bench_index: no $indexer; build first (scripts/build.sh)" >&2; exit 2; }
[[ -d $src ]] || { echo "bench_index: no articles at $src; run scripts/reuters_to_corpus.py --out DIR" >&2; exit 2; }
command -v omindex >/dev/null || { echo "bench_index: omindex missing: apt-get install xapian-omega" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench_index: GNU time missing: apt-get install time" >&2; exit 2; }

if [[ -z $work ]]; then
  work=$(mktemp -d /tmp/newsdex-bench-XXXXXX)
  [[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT
fi
corpus=$work/corpus
mkdir -p "$work"

if [[ ! -f $corpus/.complete ]]; then
  echo "bench_index: replicating $src x$factor into $corpus" >&2
  rm -rf "$corpus"
  python3 - "$src" "$corpus" "$factor" <<'PY'
import os, re, sys
src, out, factor = sys.argv[1], sys.argv[2], int(sys.argv[3])
date = re.compile(rb"^(\s*date\s+)(\d{4})(-\d{2}-\d{2})")
names = sorted(n for n in os.listdir(src) if n.endswith(".txt"))
for k in range(factor):
    folder = os.path.join(out, "copy%02d" % k)
    os.makedirs(folder)
    for name in names:
        with open(os.path.join(src, name), "rb") as f:
            data = f.read()
        if k:
            data = date.sub(lambda m: m.group(1) + b"%04d" % (int(m.group(2)) + k) + m.group(3),
                            data, count=1)
        with open(os.path.join(folder, "%s-c%02d.txt" % (name[:-4], k)), "wb") as f:
            f.write(data)
PY
  touch "$corpus/.complete"
fi
files=$(find "$corpus" -name '*.txt' | wc -l)
bytes=$(find "$corpus" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "corpus: $files files, $bytes bytes ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB)"

# run NAME CMD...: times CMD with GNU time; sets secs, rss_kb.
run() {
  local name=$1; shift
  sync
  /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    local rc=$?
    if [[ $rc -ne 1 ]]; then echo "bench_index: $name failed ($rc):" >&2; tail -5 "$work/$name.err" >&2; exit 1; fi
  }
  read -r secs rss_kb user_s sys_s < <(tail -1 "$work/$name.time")
  printf '%-14s %8.1f s  %8.0f art/s  %6.2f MB/s  peak RSS %5.0f MB  cpu %6.1f s\n' "$name" "$secs" \
    "$(awk -v n="$files" -v s="$secs" 'BEGIN{print n/s}')" \
    "$(awk -v b="$bytes" -v s="$secs" 'BEGIN{print b/1e6/s}')" \
    "$(awk -v k="$rss_kb" 'BEGIN{print k/1024}')" \
    "$(awk -v u="$user_s" -v y="$sys_s" 'BEGIN{print u+y}')"
  eval "${name//-/_}_secs=$secs"
}
size_of() { du -sb "$1" | cut -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

echo "--- timings (wall, articles/s and MB/s of wall time; GNU time peak RSS)"
rm -rf "$work/db1" "$work/db2" "$work/omega"
run build-j1 "$indexer" build "$corpus" --db "$work/db1" --jobs 1 -q
run build-j2 "$indexer" build "$corpus" --db "$work/db2" --jobs 2 -q

# 1% of the files change: half edited, a quarter new, a quarter deleted.
python3 - "$corpus" "$files" <<'PY'
import os, sys
corpus, total = sys.argv[1], int(sys.argv[2])
paths = sorted(os.path.join(d, n) for d, _, ns in os.walk(corpus) for n in ns if n.endswith(".txt"))
change = max(4, total // 100)
step = len(paths) // change
picked = paths[::step][:change]
for i, p in enumerate(picked):
    if i % 4 in (0, 1):
        with open(p, "a") as f:
            f.write("\nCorrection: an earlier version of this story misstated a figure.\n")
    elif i % 4 == 2:
        with open(p) as f:
            data = f.read()
        with open(p[:-4] + "-new.txt", "w") as f:
            f.write(data + "\nUpdated with new figures.\n")
    else:
        os.remove(p)
PY
run update-1pct "$indexer" update "$corpus" --db "$work/db2" --jobs 2 -q
{ "$indexer" update "$corpus" --db "$work/db2" 2>&1 || true; } | sed 's/^/second update (nothing changed): /'
run omindex omindex --db "$work/omega" --url / -M txt:text/plain -e skip "$corpus"

echo "--- sizes"
input=$bytes
ours=$(size_of "$work/db2")
xapian-compact "$work/omega" "$work/omega-compact" >/dev/null
omega=$(size_of "$work/omega")
omega_c=$(size_of "$work/omega-compact")
echo "input text                 $input bytes"
echo "newsdex (built compacted)  $(size_of "$work/db1") bytes = $(ratio "$(size_of "$work/db1")" "$input")x input"
# In-place updates split the packed blocks of the compacted tables, so the
# updated index is larger until the next build.
echo "newsdex after update       $ours bytes = $(ratio "$ours" "$input")x input"
echo "omindex                    $omega bytes = $(ratio "$omega" "$input")x input"
echo "omindex compacted          $omega_c bytes = $(ratio "$omega_c" "$input")x input"
echo "newsdex tables (build --jobs 1):"
gen=$(awk '{print $2}' "$work/db1/XAPIANDB")
ls -l "$work/db1/$gen" | awk 'NR>1 && $5>0 {printf "  %-16s %12d bytes  %.2fx input\n", $9, $5, $5/'"$input"'}'

echo "--- ratios (targets: build >= 3x omindex, jobs2 >= 1.6x jobs1, update < 5% of build, size <= 3.5x)"
echo "build --jobs 1 vs omindex:   $(ratio "$omindex_secs" "$build_j1_secs")x faster"
echo "build --jobs 2 vs omindex:   $(ratio "$omindex_secs" "$build_j2_secs")x faster"
echo "jobs 2 vs jobs 1:            $(ratio "$build_j1_secs" "$build_j2_secs")x faster"
echo "update after 1% vs build -j2: $(awk -v u="$update_1pct_secs" -v b="$build_j2_secs" 'BEGIN{printf "%.1f%%", 100*u/b}')"
echo "compacted index vs input:    $(ratio "$(size_of "$work/db1")" "$input")x"
