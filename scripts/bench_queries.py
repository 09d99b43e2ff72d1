#!/usr/bin/env python3
"""Query-speed benchmark: newsdex batch mode beside the Lucene 4.10 peer, same articles, same run.

Usage: scripts/bench_queries.py [--data DIR] [--build DIR] [--queries FILE] [--runs N]

DIR holds scripts/reuters_to_corpus.py output (converted when DIR/articles is missing). Both
engines index DIR/articles once; then, N times over, each answers the 1000 queries of
../shared/peers/queries-reuters.tsv (QID<TAB>QUERY[<TAB>FROM..TO]) in one process, twice:
top 10 (newsdex with snippets, JSON; "newsdex-ids": TREC run without snippets, like Lucene's)
and top 1000 (TREC run, no snippets), newsdex with its defaults and again without feedback
("newsdex-nofb", --expand 0). Latency is measured
inside each process per query (newsdex: searcher --timings; Lucene: its RUN.lat), so start-up
is excluded on both sides; "latency sum" is the sum of those per-query latencies (not the time
the batch took), and each process's wall time (start-up, loading, output included) is printed
beside it. Prints per-run figures, then medians over runs and the ratios.
The Lucene index is built by the harness in PEERS/lucene as it is now (ids from doc values):
in a temporary folder, or with --lucene-index DIR reused only when the current harness built it
(rebuilt when it predates the harness or has no doc values).
Needs: apt-get install -y default-jdk-headless liblucene4.10-java (see scripts/deps.sh --bench).
"""
import argparse
import hashlib
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ../shared/peers beside the checkout (or beside the folder of worktrees).
PEERS = next((p for p in (os.path.join(os.path.dirname(ROOT), "shared", "peers"),
                          os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared", "peers"))
              if os.path.isdir(p)), os.path.join(os.path.dirname(ROOT), "shared", "peers"))


def pct(sorted_ms, p):  # nearest rank, as LuceneBench computes it
    k = max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)
    return sorted_ms[k]


def summary(ms, wall_s):
    s = sorted(ms)
    return {"qps": len(s) / (sum(s) / 1000), "p50": pct(s, 50), "p95": pct(s, 95), "p99": pct(s, 99),
            "lat_sum_s": sum(s) / 1000, "wall_s": wall_s}


def read_latencies(path, scale):
    with open(path) as f:
        return [float(line.split("\t")[1]) * scale for line in f if line.strip()]


def newsdex_pass(searcher, db, queries, top, tmp, extra=(), snippets=None):
    timings = os.path.join(tmp, "newsdex.lat")
    if snippets is None:
        snippets = top == 10
    fmt = ["--format", "json"] if snippets else ["--format", "trec"]
    t = time.monotonic()
    proc = subprocess.run([searcher, "--db", db, "--batch", queries, "--limit", str(top), *fmt,
                           "--timings", timings, *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if proc.returncode not in (0, 1):
        sys.exit("newsdex batch failed (exit %d): %s" % (proc.returncode, proc.stderr[:2000]))
    return summary(read_latencies(timings, 1e-3), wall)


def lucene_pass(cp, index, queries, top, tmp):
    run = os.path.join(tmp, "lucene.run")
    t = time.monotonic()
    proc = subprocess.run(["java", "-cp", cp, "LuceneBench", "search", index, queries, run, str(top),
                           "1.2", "0.75", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if proc.returncode != 0:
        sys.exit("Lucene search failed: " + proc.stderr[:2000])
    return summary(read_latencies(run + ".lat", 1.0), wall)


def harness_digest(peers):
    with open(os.path.join(peers, "lucene", "LuceneBench.java"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


STAMP = "newsdex-bench-harness.sha256"


def lucene_index_is_current(index, digest):
    """True when the current harness built `index`: our stamp names its
    source, and the index holds doc values (the ids the harness reads; an
    index of an older harness falls back to stored fields, slower at depth)."""
    try:
        with open(os.path.join(index, STAMP)) as f:
            if f.read().strip() != digest:
                return False
        names = os.listdir(index)
    except OSError:
        return False
    if any(n.endswith((".dvd", ".dvm")) for n in names):
        return True
    # Small segments are compound files: their entry tables name the parts.
    for n in names:
        if n.endswith(".cfe"):
            with open(os.path.join(index, n), "rb") as f:
                if b".dvd" in f.read():
                    return True
    return False


def build_lucene_index(cp, peers, articles, index, digest):
    t = time.time()
    subprocess.run(["java", "-cp", cp, "LuceneBench", "index", articles, index], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(index, STAMP), "w") as f:
        f.write(digest + "\n")
    print("Lucene index built by the current harness in %.1f s" % (time.time() - t), flush=True)
    if not lucene_index_is_current(index, digest):
        sys.exit("bench_queries: the Lucene index at %s has no doc values: %s/lucene is older than this "
                 "script expects (ids read from doc values); update it" % (index, peers))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/tmp/reuters")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--queries", default=None, help="default: PEERS/queries-reuters.tsv")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", default=PEERS, help="folder with lucene/ (default ../shared/peers)")
    ap.add_argument("--db", help="an existing newsdex index of DIR/articles (else one is built)")
    ap.add_argument("--no-lucene", action="store_true", help="measure newsdex alone")
    ap.add_argument("--lucene-index", help="keep the Lucene index here and reuse it while the current "
                                           "harness built it (default: a new one in a temporary folder)")
    args = ap.parse_args()

    args.queries = args.queries or os.path.join(args.peers, "queries-reuters.tsv")
    searcher = os.path.join(args.build, "searcher", "searcher")
    indexer = os.path.join(args.build, "indexer", "indexer")
    articles = os.path.join(args.data, "articles")
    if not os.path.isdir(articles):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "reuters_to_corpus.py"),
                        "--out", args.data], check=True)
    tmp = tempfile.mkdtemp(prefix="newsdex-bench-")
    db = args.db
    if not db:
        db = os.path.join(tmp, "newsdex-db")
        t = time.time()
        subprocess.run([indexer, "build", articles, "--db", db, "--quiet"], check=False)
        print("newsdex index built in %.1f s" % (time.time() - t), flush=True)

    cp = None
    if not args.no_lucene:
        cp = subprocess.run(["sh", os.path.join(args.peers, "lucene", "build.sh"), os.path.join(tmp, "lucene-classes")],
                            check=True, capture_output=True, text=True).stdout.strip()
        index = args.lucene_index or os.path.join(tmp, "lucene-index")
        digest = harness_digest(args.peers)
        if lucene_index_is_current(index, digest):
            print("Lucene index %s: built by the current harness, with doc values" % index, flush=True)
        else:
            build_lucene_index(cp, args.peers, articles, index, digest)

    # Warm the page cache for both before measuring.
    newsdex_pass(searcher, db, args.queries, 10, tmp)
    results = {}
    for r in range(args.runs):
        for top in (10, 1000):
            rows = [("newsdex", newsdex_pass(searcher, db, args.queries, top, tmp)),
                    ("newsdex-ids", newsdex_pass(searcher, db, args.queries, top, tmp, snippets=False)),
                    ("newsdex-nofb", newsdex_pass(searcher, db, args.queries, top, tmp, ["--expand", "0"]))]
            if cp:
                rows.append(("lucene", lucene_pass(cp, index, args.queries, top, tmp)))
            for engine, s in rows:
                results.setdefault((engine, top), []).append(s)
                print("run %d top%-4d %-12s %8.0f q/s  p50 %.3f  p95 %.3f  p99 %.3f ms  "
                      "latency sum %.2f s  process wall %.2f s"
                      % (r + 1, top, engine, s["qps"], s["p50"], s["p95"], s["p99"], s["lat_sum_s"], s["wall_s"]),
                      flush=True)

    print("\nmedians over %d runs (latency in ms, measured in-process; q/s = queries / sum of per-query "
          "latencies; process wall = the whole process, start-up and output included)" % args.runs)
    print("| engine | top | q/s (latency sum) | p50 | p95 | p99 | latency sum s | process wall s |")
    print("|---|---|---|---|---|---|---|---|")
    med = {}
    for (engine, top), runs in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        med[(engine, top)] = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
        m = med[(engine, top)]
        print("| %s | %d%s | %.0f | %.3f | %.3f | %.3f | %.2f | %.2f |"
              % (engine, top, " (snippets)" if engine in ("newsdex", "newsdex-nofb") and top == 10 else "",
                 m["qps"], m["p50"], m["p95"], m["p99"], m["lat_sum_s"], m["wall_s"]))
    if cp:
        for top in (10, 1000):
            for engine in ("newsdex", "newsdex-ids", "newsdex-nofb"):
                if (engine, top) not in med:
                    continue
                n, l = med[(engine, top)], med[("lucene", top)]
                print("top %d: %s/lucene latency ratio p50 %.2f, p95 %.2f, p99 %.2f; "
                      "latency-sum ratio %.2f; process wall-time ratio %.2f"
                      % (top, engine, n["p50"] / l["p50"], n["p95"] / l["p95"], n["p99"] / l["p99"],
                         n["lat_sum_s"] / l["lat_sum_s"], n["wall_s"] / l["wall_s"]))


if __name__ == "__main__":
    main()
