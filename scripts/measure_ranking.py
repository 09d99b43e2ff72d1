#!/usr/bin/env python3
"""Measures ranking settings on converted Reuters-21578 against plain Xapian.

Usage: scripts/measure_ranking.py [--data DIR] [--build DIR] [--db DIR] [SETTINGS...]

DIR holds what scripts/reuters_to_corpus.py --out DIR writes (articles/, qrels.txt,
queries-short.tsv, queries-long.tsv); it is converted when missing. The index is built
once (with the indexer's defaults) unless --db names an existing one. Each SETTINGS is a
label=searcher-flags pair, e.g. 'k1.2=--bm25 1.2,0.75'; without any, a standard grid runs.

Short queries are scored on every judgment. Long queries were made from odd-NEWID stories'
titles, so they are scored on even-NEWID stories only: odd stories are removed from both
the qrels and the runs. Natural-language queries ("nl") wrap each short query in one of a
few question templates, so stopwords and filler words are present as in real users'
questions (a synthetic stand-in: Reuters has no such topics). The baseline is tests/tools/xapian_baseline (Xapian's defaults) on
an index of the same articles with raw counts (--exact-tf). Prints a Markdown table of MAP and nDCG@10.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

GRID = [
    ("xapian defaults: bm25 1,0.5, no stopwords", "--bm25 1,0.5 --keep-stopwords"),
    ("bm25 1,0.5 + stopwords", "--bm25 1,0.5"),
    ("bm25 1.2,0.75 + stopwords", "--bm25 1.2,0.75"),
    ("bm25 1.2,0.75, no stopwords", "--bm25 1.2,0.75 --keep-stopwords"),
    ("bm25 0.9,0.4", "--bm25 0.9,0.4"),
    ("bm25 1.2,0.4", "--bm25 1.2,0.4"),
    ("bm25 1.6,0.4", "--bm25 1.6,0.4"),
    ("bm25 0.9,0.6", "--bm25 0.9,0.6"),
    ("bm25 1.2,0.6", "--bm25 1.2,0.6"),
    ("bm25 1.6,0.6", "--bm25 1.6,0.6"),
    ("bm25 1.2,0.9", "--bm25 1.2,0.9"),
    ("bm25+ 1.2,0.75", "--weighting bm25+ --bm25 1.2,0.75"),
    ("pl2", "--weighting pl2"),
    ("dlh", "--weighting dlh"),
    ("lm", "--weighting lm"),
    ("tfidf", "--weighting tfidf"),
]


NL_TEMPLATES = [
    "What has been reported about {} and what did the companies say?",
    "Find news stories about {} in the markets",
    "Are there any reports on {} and their effects?",
    "I am looking for information on {} from this year",
]


def sh(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def even_only(lines, field):
    out = []
    for line in lines:
        parts = line.split()
        if len(parts) > field and parts[field].startswith("reut-") and int(parts[field][5:]) % 2 == 0:
            out.append(line)
    return out


def evaluate(searcher, db, qrels, run_lines, tmp):
    run_path = os.path.join(tmp, "run.txt")
    with open(run_path, "w") as f:
        f.write("\n".join(run_lines) + "\n")
    out = sh([searcher, "--db", db, "--eval", qrels, "--run", run_path, "--format", "json"]).stdout
    mean = json.loads(out.strip().splitlines()[-1])
    return mean["map"], mean["ndcg_cut_10"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/tmp/reuters")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--db", default=None)
    ap.add_argument("--title-weight", default=None, help="indexer --title-weight for a fresh index")
    ap.add_argument("--exact-tf", action="store_true",
                    help="build the index with raw term counts (needed by pl2, dlh, lm, tfidf and b != 0.4)")
    ap.add_argument("--baseline-db", default=None,
                    help="index of raw counts for plain Xapian (default: built here with --exact-tf)")
    ap.add_argument("settings", nargs="*")
    args = ap.parse_args()

    searcher = os.path.join(args.build, "searcher", "searcher")
    indexer = os.path.join(args.build, "indexer", "indexer")
    baseline = os.path.join(args.build, "tests", "xapian_baseline")
    if not os.path.isdir(os.path.join(args.data, "articles")):
        sh([sys.executable, os.path.join(ROOT, "scripts", "reuters_to_corpus.py"), "--out", args.data])
    tmp = tempfile.mkdtemp(prefix="newsdex-measure-")
    db = args.db
    if db is None or not os.path.exists(db):
        db = db or os.path.join(tmp, "db")
        extra = ["--title-weight", args.title_weight] if args.title_weight else []
        if args.exact_tf:
            extra.append("--exact-tf")
        subprocess.run([indexer, "build", os.path.join(args.data, "articles"), "--db", db, "--quiet", *extra],
                       check=False)
    # Plain Xapian computes BM25 from raw counts and document lengths: it
    # needs an index of raw counts, not newsdex's length-normalised default.
    base_db = args.baseline_db or (db if args.exact_tf and args.db is None else None)
    if base_db is None or not os.path.exists(base_db):
        base_db = base_db or os.path.join(tmp, "baseline-db")
        subprocess.run([indexer, "build", os.path.join(args.data, "articles"), "--db", base_db,
                        "--quiet", "--exact-tf"], check=False)

    qrels_all = os.path.join(args.data, "qrels.txt")
    qrels_even = os.path.join(tmp, "qrels-even.txt")
    with open(qrels_all) as f:
        even = even_only(f.read().splitlines(), 2)
    with open(qrels_even, "w") as f:
        f.write("\n".join(even) + "\n")
    nl_path = os.path.join(tmp, "queries-nl.tsv")
    with open(os.path.join(args.data, "queries-short.tsv")) as f, open(nl_path, "w") as out:
        for i, line in enumerate(l for l in f.read().splitlines() if l.strip()):
            qid, text = line.split("\t")[:2]
            out.write("%s\t%s\n" % (qid, NL_TEMPLATES[i % len(NL_TEMPLATES)].format(text)))
    sets = [("short", os.path.join(args.data, "queries-short.tsv"), qrels_all, False),
            ("long", os.path.join(args.data, "queries-long.tsv"), qrels_even, True),
            ("nl", nl_path, qrels_all, False)]

    def score(make_run):
        row = []
        for _, queries, qrels, evens in sets:
            lines = make_run(queries).splitlines()
            if evens:
                lines = even_only(lines, 2)
            row.extend(evaluate(searcher, db, qrels, lines, tmp))
        return row

    settings = [tuple(s.split("=", 1)) for s in args.settings] or GRID
    print("| setting | short MAP | short nDCG@10 | long MAP | long nDCG@10 | nl MAP | nl nDCG@10 |")
    print("|---|---|---|---|---|---|---|")
    base = score(lambda q: sh([baseline, base_db, q, "1000"]).stdout)
    print("| plain Xapian (baseline) | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |" % tuple(base), flush=True)
    for label, flags in settings:
        row = score(lambda q: sh([searcher, "--db", db, "--batch", q, "--format", "trec",
                                  "--limit", "1000", *shlex.split(flags)]).stdout)
        rel = [(row[i] / base[i] - 1) * 100 for i in (0, 2, 4)]
        print("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | MAP %+.1f%% / %+.1f%% / %+.1f%% |"
              % (label, *row, *rel), flush=True)


if __name__ == "__main__":
    main()
