#!/usr/bin/env python3
"""Measures near-duplicate clustering on an index: share of articles clustered,
cluster sizes, recall of exact repeats (articles whose whitespace-normalised
body repeats another's), and a seeded sample of clusters printed for checking
by hand.

  scripts/news_clusters.py --db DB --corpus DIR [--sample 30] [--seed 6]

Needs the built searcher (build/searcher/searcher, or --searcher PATH).
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--searcher", default=os.path.join(HERE, "..", "build", "searcher", "searcher"))
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()

    # Every dated article with its cluster (JSON shows every copy).
    out = subprocess.run([args.searcher, "--db", args.db, "--format", "json", "--limit", "10000000",
                          "date:..9999"], capture_output=True, text=True, check=False).stdout
    hits = [json.loads(line) for line in out.splitlines() if line.strip()]
    clusters = collections.defaultdict(list)
    for h in hits:
        if h["cluster"]:
            clusters[h["cluster"]].append(h)
    clustered = sum(len(v) for v in clusters.values())
    sizes = collections.Counter(len(v) for v in clusters.values())
    print(f"articles listed: {len(hits)}")
    print(f"clustered: {clustered} ({100.0 * clustered / max(1, len(hits)):.2f}%) in {len(clusters)} clusters")
    print("cluster sizes: " + ", ".join(f"{k}x{v}" for k, v in sorted(sizes.items())))

    # Exact repeats, found independently from the files.
    cluster_of = {h["id"]: h["cluster"] for h in hits}
    bodies = collections.defaultdict(list)
    for name in sorted(os.listdir(args.corpus)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(args.corpus, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        body = " ".join(text.split("\n", 1)[1].split()).lower() if "\n" in text else ""
        if len(body.split()) >= 5:
            bodies[body].append(name[:-4])
    groups = [ids for ids in bodies.values() if len(ids) > 1]
    repeats = sum(len(ids) - 1 for ids in groups)
    together = sum(1 for ids in groups
                   if cluster_of.get(ids[0]) and len({cluster_of.get(i) for i in ids}) == 1)
    print(f"exact-repeat groups: {len(groups)} ({repeats} repeating articles); "
          f"all in one cluster: {together} ({100.0 * together / max(1, len(groups)):.1f}%)")
    exact_clusters = sum(
        1 for members in clusters.values()
        if len({" ".join(open(m["path"], encoding="utf-8", errors="replace").read().split("\n", 1)[-1].split()).lower()
                for m in members}) == 1)
    print(f"clusters whose members all have the same body: {exact_clusters} of {len(clusters)}")

    rng = random.Random(args.seed)
    keys = sorted(clusters)
    inexact = [k for k in keys if len({h["snippet"] for h in clusters[k]}) > 1]
    print(f"\n--- sample of {args.sample} clusters (half from those with differing text)")
    sample = rng.sample(inexact, min(len(inexact), args.sample // 2))
    rest = [k for k in keys if k not in sample]
    sample += rng.sample(rest, min(len(rest), args.sample - len(sample)))
    for k in sample:
        print(f"\n## cluster {k} ({len(clusters[k])})")
        for h in sorted(clusters[k], key=lambda h: h["id"]):
            with open(h["path"], encoding="utf-8", errors="replace") as f:
                body = " ".join(f.read().split("\n", 1)[-1].split())
            print(f"  {h['id']} {h['date']} {h['title'][:70]}")
            print(f"      {body[:220]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
