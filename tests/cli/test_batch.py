"""End-to-end tests of batch mode, batch formats, --eval and ranking options."""
import csv
import io
import json
import shutil
import tempfile
import unittest

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, run
from test_core_cli import KESTREL, MARLOW, RECOUNT_1, RECOUNT_2, corpus_files_containing


class BatchTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.db_dir = tempfile.mkdtemp(prefix="newsdex-batch-db-")
        run([INDEXER, "build", CORPUS, "--db", cls.db_dir])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.db_dir, ignore_errors=True)

    def q(self, *args, input=None):
        return run([SEARCHER, "--db", self.db_dir, *args], input=input)

    def batch(self, text, *args):
        path = self.write("queries.tsv", text)
        return self.q("--batch", path, *args)

    def single_ids(self, *args):
        return self.q("--format", "json", "--limit", "1000", *args).ids()

    def test_ids_from_tab_or_line_number_comments_and_blanks_skipped(self):
        r = self.batch("# sample topics\n\nk1\tKestrel\nMarlow\n   \nr\trecount\n",
                       "--format", "json", "--limit", "1000")
        self.assertEqual(r.code, 0, r)
        rows = r.json_lines()
        self.assertEqual([h["qid"] for h in rows],
                         ["k1"] * len(KESTREL) + ["4"] * len(MARLOW) + ["r"] * 2)
        self.assertEqual([h["id"] for h in rows if h["qid"] == "k1"], self.single_ids("Kestrel"))
        self.assertEqual(sorted(h["id"] for h in rows if h["qid"] == "4"), MARLOW)
        self.assertEqual([h["id"] for h in rows if h["qid"] == "r"], [RECOUNT_1, RECOUNT_2])
        self.assertEqual(list(rows[0])[:2], ["qid", "rank"])

    def test_stdin_batch(self):
        r = self.q("--batch", "-", "--format", "trec", input="a\trecount\n")
        self.assertEqual(r.code, 0, r)
        self.assertEqual([l.split()[2] for l in r.out.splitlines()], [RECOUNT_1, RECOUNT_2])

    def test_malformed_line_in_the_middle_keeps_other_answers(self):
        r = self.batch("a\trecount\nb\tnato AND\nc\tKestrel\tnot-a-range\nd\tMarlow\tx\ty\n"
                       "e\tKestrel\t2022-02-30..2023\nf\trecount\n",
                       "--format", "trec", "--limit", "1000")
        self.assertEqual(r.code, 2, r)
        qids = [line.split()[0] for line in r.out.splitlines()]
        self.assertEqual(qids, ["a", "a", "f", "f"])
        for qid, words in [("b", "syntax"), ("c", "not FROM..TO"), ("d", "tab-separated"),
                           ("e", "2022-02-30")]:
            self.assertRegex(r.err, r"searcher: error: query %s \(line \d\): .*%s" % (qid, words))
        self.assertEqual(len(r.err.splitlines()), 4, r.err)

    def test_date_column_filters_like_from_and_to(self):
        r = self.batch("k\tKestrel\t2022..2022\n", "--format", "json", "--limit", "1000")
        expected = self.single_ids("Kestrel", "--from", "2022", "--to", "2022")
        self.assertTrue(0 < len(expected) < len(KESTREL))
        self.assertEqual([h["id"] for h in r.json_lines()], expected)

    def test_every_format_parses(self):
        text = "a\tKestrel\nb\trecount\n"
        trec = self.batch(text, "--format", "trec", "--limit", "5")
        self.assertEqual(trec.code, 0, trec)
        lines = [l.split(" ") for l in trec.out.splitlines()]
        self.assertEqual(len(lines), 7)
        for fields in lines:
            self.assertEqual(len(fields), 6)
            self.assertEqual((fields[1], fields[5]), ("Q0", "newsdex"))
            int(fields[3]), float(fields[4])
        self.assertEqual([f[3] for f in lines], ["1", "2", "3", "4", "5", "1", "2"])

        tsv = self.batch(text, "--format", "tsv", "--limit", "5")
        rows = list(csv.reader(io.StringIO(tsv.out), delimiter="\t", quoting=csv.QUOTE_NONE))
        self.assertEqual(rows[0], ["qid", "rank", "id", "score", "date", "title", "path", "snippet"])
        self.assertEqual(len(rows), 8)
        self.assertTrue(all(len(row) == 8 for row in rows))
        self.assertEqual([row[0] for row in rows[1:]], ["a"] * 5 + ["b"] * 2)

        js = self.batch(text, "--format", "json", "--limit", "5")
        objs = [json.loads(l) for l in js.out.splitlines()]
        self.assertEqual([o["qid"] for o in objs], ["a"] * 5 + ["b"] * 2)
        self.assertTrue(all(o["snippet"] for o in objs))

        plain = self.batch(text, "--limit", "2")
        self.assertIn("== a: Kestrel\n2 of 8 articles\n", plain.out)
        self.assertIn("\n\n== b: recount\n2 of 2 articles\n", plain.out)

    def test_trec_ids_and_scores_match_json(self):
        # TREC runs read ids from a value slot rather than the stored text.
        text = "a\tKestrel Marlow\nb\tinterest rate\n"
        trec = self.batch(text, "--format", "trec", "--limit", "1000")
        js = self.batch(text, "--format", "json", "--limit", "1000")
        self.assertEqual([(l.split()[0], l.split()[2], l.split()[4]) for l in trec.out.splitlines()],
                         [(o["qid"], o["id"], "%.6f" % o["score"]) for o in js.json_lines()])

    def test_single_query_trec_uses_qid_1(self):
        r = self.q("--format", "trec", "recount")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out.splitlines()[0].split()[:4], ["1", "Q0", RECOUNT_1, "1"])

    def test_jobs_2_output_identical_to_jobs_1(self):
        words = ["Kestrel", "Marlow", "cargo", "recount", "interest rate", "\"interest rate\"",
                 "harbour", "election", "nato AND", "strike", "vote"] * 3
        text = "".join("q%d\t%s\n" % (i, w) for i, w in enumerate(words))
        one = self.batch(text, "--format", "json", "--limit", "20", "--jobs", "1")
        two = self.batch(text, "--format", "json", "--limit", "20", "--jobs", "2")
        self.assertEqual(one.code, 2)
        self.assertEqual(two.code, 2)
        self.assertGreater(len(one.out.splitlines()), 50)
        self.assertEqual(one.out, two.out)
        self.assertEqual(one.err, two.err)

    def test_nothing_matched_exits_1(self):
        r = self.batch("a\tzzzqqq\n", "--format", "json")
        self.assertEqual((r.code, r.out), (1, ""), r)

    def test_eval_run_file_hand_computed(self):
        # q1: relevant d1, d3, d4; retrieved d1 (rel), d2, d3 (rel):
        #     AP = (1/1 + 2/3) / 3 = 0.5556, P@10 = 0.2, recall = 2/3.
        # q2: relevant d9, none retrieved: all zero.
        # q3: a and b tie; trec_eval puts b (higher docid) first, so the
        #     relevant a is at rank 2: AP = 0.5, P@10 = 0.1.
        # q4: no judgments: ignored.
        qrels = self.write("qrels", "q1 0 d1 1\nq1 0 d3 1\nq1 0 d4 1\nq1 0 d2 0\n"
                                    "q2 0 d9 1\nq3 0 a 1\n")
        runf = self.write("run", "q1 Q0 d1 1 3.0 t\nq1 Q0 d2 2 2.0 t\nq1 Q0 d3 3 1.0 t\n"
                                 "q2 Q0 d1 1 1.0 t\nq3 Q0 a 1 1.0 t\nq3 Q0 b 2 1.0 t\n"
                                 "q4 Q0 a 1 1.0 t\n")
        r = self.q("--eval", qrels, "--run", runf, "--format", "json")
        self.assertEqual(r.code, 0, r)
        rows = {o["qid"]: o for o in r.json_lines()}
        self.assertEqual(sorted(rows), ["all", "q1", "q2", "q3"])
        self.assertAlmostEqual(rows["q1"]["map"], 5 / 9)
        self.assertAlmostEqual(rows["q1"]["P_10"], 0.2)
        self.assertAlmostEqual(rows["q1"]["recall_1000"], 2 / 3)
        self.assertEqual(rows["q2"]["map"], 0)
        self.assertAlmostEqual(rows["q3"]["map"], 0.5)
        self.assertAlmostEqual(rows["all"]["map"], (5 / 9 + 0 + 0.5) / 3)
        self.assertAlmostEqual(rows["all"]["P_10"], 0.1)
        text = self.q("--eval", qrels, "--run", runf)
        self.assertRegex(text.out, r"\nall\s+0\.3519\s+0\.1000\s")
        self.assertIn("3 queries evaluated", text.out)

    def test_eval_batch_scores_the_searcher(self):
        relevant = corpus_files_containing("Kestrel")
        # Only the first recount story is judged: for "Quentin recount" the
        # second (Quentin wins) ranks above it.
        qrels = self.write("qrels", "".join("k 0 %s 1\n" % d for d in relevant) + "r 0 %s 1\n" % RECOUNT_1)
        queries = self.write("q.tsv", "k\tKestrel\nr\tQuentin recount\n")
        r = self.q("--eval", qrels, "--batch", queries, "--format", "json")
        self.assertEqual(r.code, 0, r)
        rows = {o["qid"]: o for o in r.json_lines()}
        self.assertEqual(rows["k"]["map"], 1.0)
        self.assertEqual(rows["k"]["num_ret"], len(relevant))
        self.assertAlmostEqual(rows["r"]["map"], 0.5)  # RECOUNT_1 ranks second
        self.assertAlmostEqual(rows["all"]["map"], 0.75)

    def test_eval_usage_errors(self):
        qrels = self.write("qrels", "q 0 d 1\n")
        for args, words in [(["--eval", qrels], "needs --batch"),
                            (["--run", qrels], "needs --eval"),
                            (["--eval", qrels, "--run", self.path("missing")], "cannot read run")]:
            r = self.q(*args)
            self.assertEqual(r.code, 2, r)
            self.assertIn(words, r.err)

    def test_weighting_options_change_scores(self):
        def hits(db, *args):
            r = run([SEARCHER, "--db", db, "--format", "json", "--limit", "3", "Kestrel", *args])
            self.assertEqual(r.code, 0, r)
            return r.json_lines()

        def scores(db, *args):
            return [h["score"] for h in hits(db, *args)]
        # The default index has BM25's length normalisation built in: K1 and
        # BM25+ still apply, other schemes and another b need raw counts.
        default = scores(self.db_dir)
        self.assertEqual(default, scores(self.db_dir, "--weighting", "bm25"))
        for args in [["--weighting", "bm25+"], ["--bm25", "2,0.4"]]:
            with self.subTest(args=args):
                self.assertNotEqual(scores(self.db_dir, *args), default)
        for args, words in [(["--weighting", "pl2"], "rebuild it with indexer build --exact-tf"),
                            (["--weighting", "tfidf"], "rebuild it with indexer build --exact-tf"),
                            (["--bm25", "2,1"], "use --bm25 K1,0.4")]:
            with self.subTest(args=args):
                r = self.q("Kestrel", *args)
                self.assertEqual(r.code, 2, r)
                self.assertIn(words, r.err)
                self.assertEqual(r.out, "")
        # An --exact-tf index gives every scheme; its BM25 ranks like the default.
        exact = tempfile.mkdtemp(prefix="newsdex-batch-exact-")
        try:
            r = run([INDEXER, "build", CORPUS, "--db", exact, "--exact-tf", "-q"])
            self.assertEqual(r.code, 0, r)
            exact_default = scores(exact)
            self.assertEqual([h["id"] for h in hits(self.db_dir)], [h["id"] for h in hits(exact)])
            for args in [["--weighting", "pl2"], ["--weighting", "lm"], ["--weighting", "tfidf"],
                         ["--weighting", "bm25+"], ["--weighting", "dlh"], ["--bm25", "2,1"]]:
                with self.subTest(exact=args):
                    self.assertNotEqual(scores(exact, *args), exact_default)
        finally:
            shutil.rmtree(exact, ignore_errors=True)
        bad = self.q("--bm25", "1.2", "Kestrel")
        self.assertEqual(bad.code, 2)
        self.assertIn("is not K1,B", bad.err)
        bad = self.q("--weighting", "okapi", "Kestrel")
        self.assertEqual(bad.code, 2)

    def test_expand_adds_results(self):
        plain = self.single_ids("cargo")
        expanded = self.single_ids("cargo", "--expand", "5")
        self.assertEqual(sorted(plain), corpus_files_containing("cargo"))
        self.assertGreater(len(expanded), len(plain))
        self.assertTrue(set(plain) < set(expanded))
        # Required words stay required: expansion only re-ranks there.
        required = self.single_ids("cargo", "Marlow", "--match", "all", "--expand", "5")
        self.assertEqual(sorted(required), sorted(self.single_ids("cargo", "Marlow", "--match", "all")))

    def test_stopwords_dropped_but_kept_in_phrases(self):
        self.assertEqual(self.single_ids("the recount"), [RECOUNT_1, RECOUNT_2])
        self.assertGreater(len(self.single_ids("the recount", "--keep-stopwords")), 2)
        self.assertEqual(self.single_ids('"the recount"'), self.single_ids('"the recount"', "--keep-stopwords"))


if __name__ == "__main__":
    unittest.main()
