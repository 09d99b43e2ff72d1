#!/usr/bin/env python3
"""Ranking evaluation over judged collections, against plain Xapian BM25 and Lucene 4.10 BM25.

Usage: scripts/eval_suite.py [--classic DIR] [--reuters DIR] [--lucene DIR] [--build DIR]
                             [--work DIR] [--only NAMES] [--no-lucene] [CANDIDATE...]

A CANDIDATE is NAME=SEARCHER-FLAGS, or NAME=SEARCHER-FLAGS|INDEXER-FLAGS to build its own
index (e.g. 'k0.9=--bm25 0.9,0.4' or 'notitle=|--title-weight 0'); without any, one
candidate "defaults" runs with no flags. For every collection the suite builds:
  - a newsdex index with the indexer's defaults (plus a candidate's INDEXER-FLAGS);
  - plain Xapian BM25: tests/tools/xapian_baseline (BM25Weight() defaults, QueryParser, English
    stemmer, no stopwords) on a plain Xapian index of each file's text written by
    tests/xapian_index_baseline (TermGenerator, English stemmer, STEM_SOME);
  - Lucene 4.10 BM25 (1.2, 0.75) with EnglishAnalyzer: the harness in ../shared/peers/lucene
    (needs a JDK and liblucene4.10-java); --no-lucene skips it.
Each candidate answers the collection's queries (top 1000, TREC run), and every run is scored by
`searcher --eval` on its qrels. Means are over every judged query (a judged query with no
answer counts 0, as trec_eval -c does), so engines that fail or skip a query are not flattered.

Collections: the five folders of --classic (adi, cisi, cran, med, npl: docs/, queries.tsv,
qrels) and converted Reuters-21578 (--reuters DIR as written by scripts/reuters_to_corpus.py:
articles/, queries.tsv, qrels.txt; converted there when missing and ../shared/corpora/reuters21578
exists). Indexes are kept in --work (default: a folder under the system's temporary folder) and
rebuilt only when the indexer binary or the flags change, so comparing searcher flags is cheap.

Prints, per candidate, MAP (top 1000), P@10 and nDCG@10 per collection and their mean, with the
ratio of MAP to each peer and to the better of the two; then one MAP table of every candidate and
the peers; with --leave-one-out, which candidate each held-out collection would get if chosen on
the others.
"""
import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CLASSIC = ["adi", "cisi", "cran", "med", "npl"]
METRICS = ["map", "P_10", "ndcg_cut_10"]
# Lucene's harness reads a date from the first line; classic collections are undated.
LUCENE_DATE = " date 2000-01-01 "


class Collection:
    def __init__(self, name, docs, queries, qrels, dated):
        self.name, self.docs, self.queries, self.qrels, self.dated = name, docs, queries, qrels, dated

    def judged(self):
        """Query ids with at least one relevant document (what trec_eval -c averages over)."""
        qids = set()
        with open(self.qrels) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 4 and int(parts[3]) > 0:
                    qids.add(parts[0])
        return qids


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def fingerprint(*parts):
    h = hashlib.sha1()
    for p in parts:
        h.update(repr(p).encode())
    return h.hexdigest()[:12]


def binary_stamp(path):
    st = os.stat(path)
    return (path, st.st_size, st.st_mtime_ns)


def find_collections(args):
    found = []
    for name in CLASSIC:
        folder = os.path.join(args.classic, name)
        if os.path.isdir(os.path.join(folder, "docs")):
            found.append(Collection(name, os.path.join(folder, "docs"), os.path.join(folder, "queries.tsv"),
                                    os.path.join(folder, "qrels"), False))
        else:
            log("eval_suite: no %s in %s; skipping it" % (name, args.classic))
    if args.reuters:
        if not os.path.isdir(os.path.join(args.reuters, "articles")):
            conv = run([sys.executable, os.path.join(ROOT, "scripts", "reuters_to_corpus.py"), "--out", args.reuters])
            if conv.returncode != 0:
                log("eval_suite: could not convert Reuters into %s (%s); skipping it" % (args.reuters, conv.stderr.strip()))
        if os.path.isdir(os.path.join(args.reuters, "articles")):
            found.append(Collection("reuters", os.path.join(args.reuters, "articles"),
                                    os.path.join(args.reuters, "queries.tsv"), os.path.join(args.reuters, "qrels.txt"), True))
    if args.only:
        keep = set(args.only.split(","))
        found = [c for c in found if c.name in keep]
    return found


def build_index(args, coll, flags, peer=None):
    """A newsdex index of `coll` built with indexer `flags`, reused while the binary and flags are
    unchanged (peer indexes: while the flags are, so candidates' builds do not redo them)."""
    key = fingerprint(binary_stamp(args.indexer) if peer is None else peer, coll.docs, flags)
    db = os.path.join(args.work, "newsdex", "%s-%s" % (coll.name, key))
    if os.path.exists(os.path.join(db, ".complete")):
        return db
    shutil.rmtree(db, ignore_errors=True)
    log("eval_suite: indexing %s (%s)" % (coll.name, flags or "defaults"))
    r = run([args.indexer, "build", coll.docs, "--db", db, "--quiet", *shlex.split(flags)])
    if r.returncode not in (0, 1):
        sys.exit("eval_suite: indexer build failed for %s: %s" % (coll.name, r.stderr.strip()))
    open(os.path.join(db, ".complete"), "w").close()
    return db


def lucene_docs(args, coll):
    """The collection in the Lucene harness's format (first line ' date YYYY-MM-DD TITLE')."""
    if coll.dated:
        return coll.docs
    out = os.path.join(args.work, "lucene-docs", coll.name)
    if os.path.exists(os.path.join(out, ".complete")):
        return out
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    for name in sorted(os.listdir(coll.docs)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(coll.docs, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(LUCENE_DATE + text)
    open(os.path.join(out, ".complete"), "w").close()
    return out


def lucene_run(args, coll, classpath):
    index = os.path.join(args.work, "lucene", coll.name)
    if not os.path.exists(os.path.join(index, ".complete")):
        shutil.rmtree(index, ignore_errors=True)
        log("eval_suite: Lucene indexing %s" % coll.name)
        r = run(["java", "-cp", classpath, "LuceneBench", "index", lucene_docs(args, coll), index])
        if r.returncode != 0:
            sys.exit("eval_suite: Lucene indexing failed for %s: %s" % (coll.name, r.stderr.strip()))
        open(os.path.join(index, ".complete"), "w").close()
    out = os.path.join(args.work, "runs", "%s-lucene.run" % coll.name)
    r = run(["java", "-cp", classpath, "LuceneBench", "search", index, coll.queries, out, "1000"])
    if r.returncode != 0:
        sys.exit("eval_suite: Lucene search failed for %s: %s" % (coll.name, r.stderr.strip()))
    return out


def xapian_index(args, coll):
    """A plain Xapian index of `coll` (tests/xapian_index_baseline: TermGenerator with the English
    stemmer and Xapian's STEM_SOME over each file's text), reused while the tool is unchanged."""
    key = fingerprint(binary_stamp(args.index_baseline), coll.docs)
    db = os.path.join(args.work, "xapian", "%s-%s" % (coll.name, key))
    if os.path.exists(os.path.join(db, ".complete")):
        return db
    shutil.rmtree(db, ignore_errors=True)
    os.makedirs(os.path.dirname(db), exist_ok=True)
    log("eval_suite: indexing %s with plain Xapian" % coll.name)
    r = run([args.index_baseline, coll.docs, db])
    if r.returncode != 0:
        sys.exit("eval_suite: xapian_index_baseline failed for %s: %s" % (coll.name, r.stderr.strip()))
    open(os.path.join(db, ".complete"), "w").close()
    return db


def xapian_run(args, coll):
    db = xapian_index(args, coll)
    out = os.path.join(args.work, "runs", "%s-xapian.run" % coll.name)
    r = run([args.baseline, db, coll.queries, "1000"])
    if r.returncode not in (0,):
        log("eval_suite: xapian_baseline on %s: %s" % (coll.name, r.stderr.strip()))
    with open(out, "w") as f:
        f.write(r.stdout)
    return out


def newsdex_run(args, coll, searcher_flags, indexer_flags, label):
    db = build_index(args, coll, indexer_flags)
    out = os.path.join(args.work, "runs", "%s-%s.run" % (coll.name, fingerprint(label, searcher_flags, indexer_flags)))
    r = run([args.searcher, "--db", db, "--batch", coll.queries, "--format", "trec", "--limit", "1000",
             "--jobs", str(args.jobs), *shlex.split(searcher_flags)])
    if r.returncode == 2:
        # A failing query is named on stderr and scores 0; the others still count.
        log("eval_suite: %s on %s: %s" % (label, coll.name, r.stderr.strip()))
    with open(out, "w") as f:
        f.write(r.stdout)
    return out, db


def score(args, coll, run_path, db):
    """Mean MAP, P@10 and nDCG@10 over every judged query of `coll`."""
    r = run([args.searcher, "--db", db, "--eval", coll.qrels, "--run", run_path, "--format", "json"])
    if r.returncode != 0:
        sys.exit("eval_suite: scoring %s failed: %s" % (run_path, r.stderr.strip()))
    per_query = {}
    for line in r.stdout.splitlines():
        row = json.loads(line)
        if row.get("qid") not in (None, "all"):
            per_query[row["qid"]] = row
    judged = coll.judged()
    return {m: sum(per_query.get(q, {}).get(m, 0.0) for q in judged) / len(judged) for m in METRICS}


def ratio(a, b):
    return a / b if b > 0 else float("nan")


def print_candidate(name, flags, colls, scores, peers):
    print("\n### %s (`%s`)\n" % (name, flags or "defaults"))
    has_lucene = "lucene" in peers
    head = "| collection | MAP | P@10 | nDCG@10 | MAP / Xapian |" + (" MAP / Lucene | MAP / better peer |" if has_lucene else "")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    means = {m: 0.0 for m in METRICS}
    peer_means = {p: 0.0 for p in peers}
    better_mean = 0.0
    for c in colls:
        s = scores[c.name]
        for m in METRICS:
            means[m] += s[m] / len(colls)
        pm = {p: peers[p][c.name]["map"] for p in peers}
        for p in peers:
            peer_means[p] += pm[p] / len(colls)
        better = max(pm.values())
        better_mean += better / len(colls)
        row = "| %s | %.4f | %.4f | %.4f | %.3f |" % (c.name, s["map"], s["P_10"], s["ndcg_cut_10"], ratio(s["map"], pm["xapian"]))
        if has_lucene:
            row += " %.3f | %.3f |" % (ratio(s["map"], pm["lucene"]), ratio(s["map"], better))
        print(row)
    row = "| **mean** | %.4f | %.4f | %.4f | %.3f |" % (means["map"], means["P_10"], means["ndcg_cut_10"],
                                                       ratio(means["map"], peer_means["xapian"]))
    if has_lucene:
        row += " %.3f | %.3f |" % (ratio(means["map"], peer_means["lucene"]), ratio(means["map"], better_mean))
    print(row, flush=True)


def print_summary(colls, results, peers):
    print("\n### MAP of every candidate (top 1000, every judged query)\n")
    print("| run | " + " | ".join(c.name for c in colls) + " | mean | worst / better peer | mean / mean of better peers |")
    print("|---|" + "---|" * (len(colls) + 3))
    better = {c.name: max(peers[p][c.name]["map"] for p in peers) for c in colls}
    better_mean = sum(better.values()) / len(colls)
    rows = [("plain Xapian BM25", peers["xapian"])]
    if "lucene" in peers:
        rows.append(("Lucene 4.10 BM25", peers["lucene"]))
    rows += [(name, scores) for name, _, scores in results]
    for name, scores in rows:
        maps = [scores[c.name]["map"] for c in colls]
        mean = sum(maps) / len(maps)
        worst = min(ratio(scores[c.name]["map"], better[c.name]) for c in colls)
        print("| %s | %s | %.4f | %.3f | %.3f |" % (name, " | ".join("%.4f" % m for m in maps), mean, worst,
                                                   ratio(mean, better_mean)))


def leave_one_out(colls, results, peers):
    """For each collection, the candidate with the best mean MAP ratio to the better peer on the others."""
    print("\n### Leave-one-out: candidate chosen on the other collections, scored on the held-out one\n")
    print("| held out | chosen on the others | its MAP there | / better peer | best candidate there |")
    print("|---|---|---|---|---|")
    better = {c.name: max(peers[p][c.name]["map"] for p in peers) for c in colls}
    for held in colls:
        def fit(scores):
            others = [c for c in colls if c is not held]
            return sum(ratio(scores[c.name]["map"], better[c.name]) for c in others) / max(1, len(others))
        chosen = max(results, key=lambda r: fit(r[2]))
        best = max(results, key=lambda r: r[2][held.name]["map"])
        m = chosen[2][held.name]["map"]
        print("| %s | %s | %.4f | %.3f | %s (%.4f) |" % (held.name, chosen[0], m, ratio(m, better[held.name]),
                                                       best[0], best[2][held.name]["map"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classic", default=os.path.join(SHARED, "corpora", "classic"))
    ap.add_argument("--reuters", default=os.path.join(tempfile.gettempdir(), "reuters"),
                    help="converted Reuters-21578 (scripts/reuters_to_corpus.py --out DIR); '' to skip")
    ap.add_argument("--lucene", default=os.path.join(SHARED, "peers", "lucene"), help="the Lucene harness folder")
    ap.add_argument("--no-lucene", action="store_true", help="compare with plain Xapian only")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "newsdex-eval-suite"),
                    help="indexes, runs and the compiled Lucene harness (reused between runs)")
    ap.add_argument("--only", default="", help="comma-separated collection names")
    ap.add_argument("--jobs", type=int, default=2, help="searcher --jobs for each batch")
    ap.add_argument("--leave-one-out", action="store_true")
    ap.add_argument("--json", help="also write every figure to this file")
    ap.add_argument("candidates", nargs="*")
    args = ap.parse_args()

    args.searcher = os.path.join(args.build, "searcher", "searcher")
    args.indexer = os.path.join(args.build, "indexer", "indexer")
    args.baseline = os.path.join(args.build, "tests", "xapian_baseline")
    args.index_baseline = os.path.join(args.build, "tests", "xapian_index_baseline")
    for path in (args.searcher, args.indexer, args.baseline, args.index_baseline):
        if not os.access(path, os.X_OK):
            sys.exit("eval_suite: %s is missing; build with -DBUILD_TESTING=ON first (see README.md)" % path)
    os.makedirs(os.path.join(args.work, "runs"), exist_ok=True)

    candidates = []
    for spec in args.candidates or ["defaults="]:
        if "=" not in spec:
            sys.exit("eval_suite: candidate '%s' is not NAME=SEARCHER-FLAGS[|INDEXER-FLAGS]" % spec)
        name, flags = spec.split("=", 1)
        searcher_flags, _, indexer_flags = flags.partition("|")
        candidates.append((name, searcher_flags.strip(), indexer_flags.strip()))

    colls = find_collections(args)
    if not colls:
        sys.exit("eval_suite: no collections found (--classic %s, --reuters %s)" % (args.classic, args.reuters))

    classpath = None
    if not args.no_lucene:
        r = run([os.path.join(args.lucene, "build.sh"), os.path.join(args.work, "lucene-classes")])
        if r.returncode != 0:
            sys.exit("eval_suite: cannot build the Lucene harness (%s); install default-jdk-headless and "
                     "liblucene4.10-java, or pass --no-lucene" % r.stderr.strip())
        classpath = r.stdout.strip().splitlines()[-1]

    peers = {"xapian": {}}
    if classpath:
        peers["lucene"] = {}
    for c in colls:
        any_db = build_index(args, c, "--exact-tf --title-weight 0", peer="peer")
        peers["xapian"][c.name] = score(args, c, xapian_run(args, c), any_db)
        if classpath:
            peers["lucene"][c.name] = score(args, c, lucene_run(args, c, classpath), any_db)

    results = []
    for name, sflags, iflags in candidates:
        scores = {}
        for c in colls:
            path, db = newsdex_run(args, c, sflags, iflags, name)
            scores[c.name] = score(args, c, path, db)
        results.append((name, sflags + (" | " + iflags if iflags else ""), scores))
        print_candidate(name, results[-1][1], colls, scores, peers)
    print_summary(colls, results, peers)
    if args.leave_one_out and len(results) > 1:
        leave_one_out(colls, results, peers)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"peers": peers, "candidates": {n: {"flags": fl, "scores": s} for n, fl, s in results}}, f, indent=1)


if __name__ == "__main__":
    main()
