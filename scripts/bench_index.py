#!/usr/bin/env python3
"""Indexing benchmark: newsdex against omindex and plain Xapian, in one run.

Usage:
    scripts/bench_index.py --src DIR [--factors 1,10] [--runs N] [--work DIR] [--keep]
                           [--build DIR] [--engines LIST] [--no-update]

For each replication factor F (default 1 and 10) the converted Reuters articles are copied F times (copy k
with new ids and dates shifted by k years, as the query benchmarks do) and indexed by each engine, every
engine on the same files in the same run:

    newsdex-j1   indexer build --jobs 1
    newsdex-j2   indexer build --jobs 2
    omindex      Xapian's omindex (xapian-omega), text files as text/plain
    xapian       tests/xapian_index_baseline: one TermGenerator with positions over each file, nothing else

It prints, per corpus and engine, wall time, articles/s, index size on disk and its ratio to the input,
and peak RSS (GNU time's maximum resident set size), then the update of the --jobs 2 index after 1% of
the files change (a quarter added, half edited, a quarter deleted): its time as a share of the build, the
index size after it against the fresh build's, and whether it compacted. The changed files are put back
afterwards. Wall times and RSS are medians over --runs runs (default 1); the machine may be shared, so
compare figures of one run with each other (ratios) rather than across runs.

Needs: a Release build with the tools (cmake -DCMAKE_BUILD_TYPE=Release; build/ or --build), omindex and
xapian-compact (apt-get install xapian-omega xapian-tools), GNU time (apt-get install time), and the
converted articles (scripts/reuters_to_corpus.py --out DIR). Scratch space: about 12x the input per
factor (the copies and four indexes); the work folder is removed at the end unless --keep.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ENGINES = ["newsdex-j1", "newsdex-j2", "omindex", "xapian"]
LABELS = {
    "newsdex-j1": "newsdex `build --jobs 1`",
    "newsdex-j2": "newsdex `build --jobs 2`",
    "omindex": "omindex",
    "xapian": "plain Xapian (C++, one thread, positions)",
}


def fail(message):
    print("bench_index: " + message, file=sys.stderr)
    sys.exit(2)


def replicate(src, out, factor):
    """Copy k of every article gets id NAME-cKK and its date moved k years on."""
    done = os.path.join(out, ".complete")
    if os.path.exists(done):
        return
    shutil.rmtree(out, ignore_errors=True)
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
    open(done, "w").close()


def corpus_files(corpus):
    return sorted(os.path.join(d, n) for d, _, ns in os.walk(corpus) for n in ns if n.endswith(".txt"))


def tree_bytes(path):
    total = 0
    for d, _, names in os.walk(path):
        for n in names:
            p = os.path.join(d, n)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def index_bytes(tools, engine, db):
    """The index's size: for newsdex the current generation only (indexer stats), not the previous one
    an update or compaction keeps for readers that still have it open."""
    if not engine.startswith("newsdex"):
        return tree_bytes(db)
    r = subprocess.run([tools["indexer"], "stats", "--db", db, "--format", "json"], capture_output=True, text=True)
    return json.loads(r.stdout)["bytes_on_disk"]


def timed(cmd, log):
    """Runs cmd under GNU time; returns (wall s, peak RSS bytes). Exit 1 (files skipped) is fine."""
    subprocess.run(["sync"], check=False)
    tfile = log + ".time"
    with open(log, "w") as out:
        rc = subprocess.call(["/usr/bin/time", "-f", "%e %M", "-o", tfile] + cmd, stdout=out, stderr=out)
    if rc not in (0, 1):
        with open(log) as f:
            tail = f.read()[-800:]
        fail("%s failed (exit %d):\n%s" % (" ".join(cmd), rc, tail))
    with open(tfile) as f:
        wall, rss_kb = f.read().split()[-2:]
    return float(wall), int(rss_kb) * 1024


def build_command(engine, tools, corpus, db):
    if engine == "newsdex-j1":
        return [tools["indexer"], "build", corpus, "--db", db, "--jobs", "1", "-q"]
    if engine == "newsdex-j2":
        return [tools["indexer"], "build", corpus, "--db", db, "--jobs", "2", "-q"]
    if engine == "omindex":
        return ["omindex", "--db", db, "--url", "/", "-M", "txt:text/plain", "-e", "skip", corpus]
    return [tools["xapian"], corpus, db]


def change_one_percent(corpus):
    """Edits, adds and deletes 1% of the files; returns (counts, undo)."""
    paths = corpus_files(corpus)
    change = max(4, len(paths) // 100)
    picked = paths[::max(1, len(paths) // change)][:change]
    undo = []  # (path, original bytes or None for an added file)
    counts = {"added": 0, "edited": 0, "deleted": 0}
    for i, p in enumerate(picked):
        with open(p, "rb") as f:
            data = f.read()
        if i % 4 in (0, 1):
            undo.append((p, data))
            with open(p, "ab") as f:
                f.write(b"\nCorrection: an earlier version of this story misstated a figure.\n")
            counts["edited"] += 1
        elif i % 4 == 2:
            new = p[:-4] + "-new.txt"
            undo.append((new, None))
            with open(new, "wb") as f:
                f.write(data + b"\nUpdated with new figures.\n")
            counts["added"] += 1
        else:
            undo.append((p, data))
            os.remove(p)
            counts["deleted"] += 1
    return counts, undo


def restore(undo):
    for path, data in undo:
        if data is None:
            os.remove(path)
        else:
            with open(path, "wb") as f:
                f.write(data)


def mb(n):
    return "%.1f MB" % (n / 1e6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", required=True, help="converted Reuters articles (scripts/reuters_to_corpus.py --out DIR)")
    ap.add_argument("--factors", default="1,10", help="replication factors, comma-separated")
    ap.add_argument("--runs", type=int, default=1, help="runs per engine; medians are printed")
    ap.add_argument("--work", help="scratch folder (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    ap.add_argument("--engines", default=",".join(ENGINES), help="subset of " + ",".join(ENGINES))
    ap.add_argument("--no-update", action="store_true", help="skip the 1%% update")
    args = ap.parse_args()

    engines = [e for e in args.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            fail("unknown engine %s (choose from %s)" % (e, ",".join(ENGINES)))
    tools = {
        "indexer": os.path.join(args.build, "indexer", "indexer"),
        "xapian": os.path.join(args.build, "tests", "xapian_index_baseline"),
    }
    if not os.access(tools["indexer"], os.X_OK):
        fail("no %s; build first (cmake -DCMAKE_BUILD_TYPE=Release, or --build DIR)" % tools["indexer"])
    if "xapian" in engines and not os.access(tools["xapian"], os.X_OK):
        fail("no %s; configure with -DBUILD_TESTING=ON and build" % tools["xapian"])
    if "omindex" in engines and not shutil.which("omindex"):
        fail("omindex missing: apt-get install xapian-omega")
    if not os.access("/usr/bin/time", os.X_OK):
        fail("GNU time missing: apt-get install time")
    if not os.path.isdir(args.src):
        fail("no articles at %s; run scripts/reuters_to_corpus.py --out DIR" % args.src)

    work = args.work or tempfile.mkdtemp(prefix="newsdex-bench-index-")
    os.makedirs(work, exist_ok=True)
    rows = []
    build_secs = {}  # (factor, engine) -> median wall
    try:
        for factor in [int(f) for f in args.factors.split(",")]:
            corpus = os.path.join(work, "x%d" % factor, "corpus")
            print("bench_index: replicating %s x%d" % (args.src, factor), file=sys.stderr)
            replicate(args.src, corpus, factor)
            files = len(corpus_files(corpus))
            input_bytes = tree_bytes(corpus)
            name = "%dx (%s articles, %s)" % (factor, format(files, ","), mb(input_bytes))
            sizes = {}
            for engine in engines:
                walls, rsss = [], []
                for run in range(args.runs):
                    db = os.path.join(work, "x%d" % factor, engine)
                    shutil.rmtree(db, ignore_errors=True)
                    wall, rss = timed(build_command(engine, tools, corpus, db), db + ".log")
                    walls.append(wall)
                    rsss.append(rss)
                    print("bench_index: %s %s run %d: %.1f s" % (name, engine, run + 1, wall), file=sys.stderr)
                wall = statistics.median(walls)
                build_secs[(factor, engine)] = wall
                sizes[engine] = index_bytes(tools, engine, db)
                rows.append([name, LABELS[engine], "%.1f s" % wall, format(round(files / wall), ","),
                             mb(sizes[engine]), "%.2f" % (sizes[engine] / input_bytes),
                             mb(statistics.median(rsss))])
                name = ""
            if "omindex" in engines and shutil.which("xapian-compact"):
                compacted = os.path.join(work, "x%d" % factor, "omindex-compacted")
                shutil.rmtree(compacted, ignore_errors=True)
                subprocess.run(["xapian-compact", os.path.join(work, "x%d" % factor, "omindex"), compacted],
                               stdout=subprocess.DEVNULL, check=True)
                rows.append(["", "omindex, then xapian-compact", "", "", mb(tree_bytes(compacted)),
                             "%.2f" % (tree_bytes(compacted) / input_bytes), ""])
            if not args.no_update and "newsdex-j2" in engines:
                db = os.path.join(work, "x%d" % factor, "newsdex-j2")
                counts, undo = change_one_percent(corpus)
                try:
                    wall, rss = timed([tools["indexer"], "update", corpus, "--db", db], db + "-update.log")
                finally:
                    restore(undo)
                after = index_bytes(tools, "newsdex-j2", db)
                with open(db + "-update.log") as f:
                    compacted = "compacted the index" in f.read()
                stats = subprocess.run([tools["indexer"], "stats", "--db", db], capture_output=True, text=True)
                growth = re.search(r"^growth:.*$", stats.stdout, re.M)
                share = 100 * wall / build_secs[(factor, "newsdex-j2")]
                rows.append(["", "newsdex `update` after 1%% changed (%d added, %d edited, %d deleted)%s"
                             % (counts["added"], counts["edited"], counts["deleted"],
                                ", compacted" if compacted else ""),
                             "%.1f s (%.1f%% of the --jobs 2 build)" % (wall, share), "", mb(after),
                             "%.2f (%.2fx the fresh build)" % (after / input_bytes, after / sizes["newsdex-j2"]),
                             mb(rss)])
                if growth:
                    print("bench_index: %dx after the update, indexer stats says %s" % (factor, growth.group(0)),
                          file=sys.stderr)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print("| corpus | engine | build wall | articles/s | index size | x input | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    factors = sorted({f for f, _ in build_secs})
    print()
    for factor in factors:
        if (factor, "omindex") in build_secs:
            for engine in ("newsdex-j1", "newsdex-j2", "xapian"):
                if (factor, engine) in build_secs:
                    print("%dx: %s rate vs omindex: %.2fx" % (factor, engine, build_secs[(factor, "omindex")]
                                                               / build_secs[(factor, engine)]))
    if len(factors) > 1:
        low, high = factors[0], factors[-1]
        for engine in engines:
            if (low, engine) in build_secs and (high, engine) in build_secs:
                print("%s: %dx build took %.2fx the %dx build's time (%.0fx the articles)"
                      % (engine, high, build_secs[(high, engine)] / build_secs[(low, engine)], low, high / low))


if __name__ == "__main__":
    main()
