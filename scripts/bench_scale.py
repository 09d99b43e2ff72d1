#!/usr/bin/env python3
"""Scale benchmark: index size, build time and query latency, single database vs shards.

Usage: scripts/bench_scale.py --articles DIR --queries FILE [--build DIR] [--work DIR]
                              [--runs N] [--local-shards 4] [--remote-shards 2] [--jobs 2]

For one corpus (any folder of articles: converted Reuters, the 10x replica of
scripts/bench_index.py, or scripts/gen_corpus.py output) it builds three indexes -- one
database, LOCAL-SHARDS local shards (indexer build --shards) and REMOTE-SHARDS shards served
by xapian-tcpsrv on 127.0.0.1 (scripts/serve_shards.sh); the "parallel" setup searches the
REMOTE-SHARDS index with searcher --parallel (one xapian-progsrv per shard) -- and answers the query file
(QID<TAB>QUERY[<TAB>FROM..TO], e.g. ../shared/peers/queries-reuters.tsv) in one batch process
per pass, warm (one untimed pass first), timing each query inside the process (searcher
--timings). Passes: top 10 without snippets (TREC output), top 10 with snippets (JSON), and
the date-filtered queries alone (filtered by date terms).
--setups picks some of the three indexes; --reuse keeps indexes already in WORK. Prints medians over RUNS of p50/p95/p99 in ms and queries/s.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pct(values, p):
    s = sorted(values)
    k = max(0, -(-len(s) * p // 100) - 1)
    return s[int(k)]


def du(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def run_pass(searcher, db, queries, args, tmp):
    timings = os.path.join(tmp, "t.lat")
    proc = subprocess.run([searcher, "--db", db, "--batch", queries, "--timings", timings, *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):
        sys.exit("batch failed (exit %d): %s" % (proc.returncode, proc.stderr[:1000]))
    with open(timings) as f:
        return [int(line.split("\t")[1]) / 1000.0 for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--local-shards", type=int, default=4)
    ap.add_argument("--remote-shards", type=int, default=2)
    ap.add_argument("--port", type=int, default=7431)
    ap.add_argument("--setups", default="single,local,remote,parallel",
                    help="which indexes to measure: any of single, local, remote, parallel (comma-separated)")
    ap.add_argument("--reuse", action="store_true",
                    help="keep an index already in WORK/<name> instead of building it again")
    args = ap.parse_args()
    indexer = os.path.join(args.build, "indexer", "indexer")
    searcher = os.path.join(args.build, "searcher", "searcher")
    work = args.work or tempfile.mkdtemp(prefix="newsdex-scale-")
    os.makedirs(work, exist_ok=True)
    dated = os.path.join(work, "dated.tsv")
    with open(args.queries) as src, open(dated, "w") as dst:
        for line in src:
            if len(line.rstrip("\n").split("\t")) >= 3:
                dst.write(line)

    wanted = set(args.setups.split(","))
    setups = [(name, shards) for kind, name, shards in
              [("single", "single", 1), ("local", "local-%d" % args.local_shards, args.local_shards),
               ("remote", "remote-%d" % args.remote_shards, args.remote_shards),
               ("parallel", "parallel-%d" % args.remote_shards, args.remote_shards)] if kind in wanted]
    # The parallel setup searches the remote setup's index folder, locally.
    folder = {name: "remote-%d" % args.remote_shards if name.startswith("parallel") else name
              for name, _ in setups}
    dbs = {}
    for name, shards in setups:
        db = os.path.join(work, folder[name])
        if any(folder[n] == folder[name] for n in dbs):  # built for another setup
            dbs[name] = db
            continue
        if args.reuse and os.path.exists(os.path.join(db, "XAPIANDB")):
            print("%-10s reused, index %.1f MB" % (name, du(db) / 1e6), flush=True)
            dbs[name] = db
            continue
        shutil.rmtree(db, ignore_errors=True)
        start = time.time()
        r = subprocess.run([indexer, "build", args.articles, "--db", db, "-q", "--jobs", str(args.jobs),
                            "--shards", str(shards)], stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            sys.exit("build failed: " + r.stderr[:1000])
        print("%-10s build %.1f s, index %.1f MB" % (name, time.time() - start, du(db) / 1e6), flush=True)
        dbs[name] = db
    remote = [name for name, _ in setups if name.startswith("remote")]
    stub = os.path.join(work, "remote.stub")
    serve = os.path.join(ROOT, "scripts", "serve_shards.sh")
    if remote:
        r = subprocess.run([serve, "start", stub, str(args.port), dbs[remote[0]]],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("serve_shards failed: " + r.stderr)
        dbs[remote[0]] = stub
    setup_args = {name: ["--parallel"] if name.startswith("parallel") else [] for name, _ in setups}
    try:
        passes = [("top10 no snippets", args.queries, ["--limit", "10", "--format", "trec"]),
                  ("top10 snippets", args.queries, ["--limit", "10", "--format", "json"]),
                  ("dated top10", dated, ["--limit", "10", "--format", "trec"])]
        print("\n| index | pass | queries/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|")
        for name, _ in setups:
            for label, queries, extra in passes:
                extra = setup_args[name] + extra
                run_pass(searcher, dbs[name], queries, extra, work)  # warm
                figures = []
                for _ in range(args.runs):
                    ms = run_pass(searcher, dbs[name], queries, extra, work)
                    figures.append((len(ms) / (sum(ms) / 1000), pct(ms, 50), pct(ms, 95), pct(ms, 99)))
                med = [statistics.median(f[i] for f in figures) for i in range(4)]
                print("| %s | %s | %.0f | %.2f | %.2f | %.2f |" % (name, label, *med), flush=True)
    finally:
        if remote:
            subprocess.run([serve, "stop", stub], capture_output=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
