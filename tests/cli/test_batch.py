"""End-to-end tests of batch mode, batch formats, --eval and ranking options."""
import csv
import io
import json
import math
import os
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

    def test_timings_gives_each_query_its_microseconds_in_input_order(self):
        timings = self.path("times.tsv")
        r = self.batch("k\tKestrel\nbad\tnato AND\n\nMarlow\nr\trecount\t2022-11..2022-11\n",
                       "--format", "trec", "--timings", timings)
        self.assertEqual(r.code, 2, r)  # the malformed query fails, and is timed all the same
        with open(timings) as f:
            lines = f.read().splitlines()
        self.assertEqual([line.split("\t")[0] for line in lines], ["k", "bad", "4", "r"])
        for line in lines:
            self.assertRegex(line, r"^[^\t]+\t\d+$")
        # The answers themselves are what they are without --timings.
        self.assertEqual(r.out, self.batch("k\tKestrel\nbad\tnato AND\n\nMarlow\n"
                                           "r\trecount\t2022-11..2022-11\n", "--format", "trec").out)

    def test_timings_needs_a_batch_and_a_writable_file(self):
        r = self.q("--timings", self.path("times.tsv"), "Kestrel")
        self.assertEqual(r.code, 2, r)
        self.assertIn("--timings", r.err)
        self.assertIn("--batch", r.err)
        self.assertFalse(os.path.exists(self.path("times.tsv")))
        r = self.batch("Kestrel\n", "--timings", self.path("no", "such", "folder", "t.tsv"))
        self.assertEqual(r.code, 2, r)
        self.assertIn("cannot write timings file", r.err)
        self.assertEqual(r.out, "")

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

    def test_weighting_options_give_hand_computed_scores(self):
        # Five short articles; only "a" has the word, twice, in its body. By
        # hand (Xapian 1.4's formulas, N = 5 articles, n = 1 has the word):
        #   tfidf ("ntn"):           wdf * ln(N / n)                     = 2 ln 5
        #   bm25 K1=2, b=0:          (K1 + 1) wdf / (K1 + wdf) * idf      = 1.5 ln 3
        #     idf = ln((N - n + 0.5) / (n + 0.5)) = ln 3
        #   bm25+ K1=2, b=0, d=1:    ((K1 + 1) wdf / (K1 + wdf) + 1) ln((N + 1) / n) = 2.5 ln 6
        # The default index stores wdf' = 16 wdf / K with K = 0.6 + 0.4 * 0.5
        # = 0.8 for an article under half the reference length (given as 280,
        # not measured): wdf' = 40,
        # and BM25 runs with K1' = 16 K1 = 32, b = 0 (BM25+: delta 33 / 3):
        #   --bm25 2,0.4:            33 * 40 / 72 * ln 3                  = 18.333 ln 3
        #   bm25+ --bm25 2,0.4:      (33 * 40 / 72 + 11) ln 6             = 29.333 ln 6
        corpus = self.path("c")
        self.write("c/a.txt", " date 2021-01-01 Harbour Notes\n\nA zorblax and a second zorblax came ashore.\n")
        for name, body in [("b", "Ferries sailed late."), ("c", "The quay was quiet."),
                           ("d", "Gulls circled the boats."), ("e", "Rain fell all day.")]:
            self.write("c/%s.txt" % name, " date 2021-01-02 Harbour %s\n\n%s\n" % (name.upper(), body))
        for db, extra in (("exact", ["--exact-tf"]), ("default", ["--length-reference", "280"])):
            r = run([INDEXER, "build", corpus, "--db", self.path(db), "-q", *extra])
            self.assertEqual(r.code, 0, r)

        def score(db, *args):
            r = run([SEARCHER, "--db", self.path(db), "--format", "json", "zorblax", *args])
            self.assertEqual(r.code, 0, r)
            self.assertEqual(r.ids(), ["a"], r)
            return r.json_lines()[0]["score"]

        cases = [("exact", ["--weighting", "tfidf"], 2 * math.log(5)),
                 ("exact", ["--bm25", "2,0"], 1.5 * math.log(3)),
                 ("exact", ["--weighting", "bm25+", "--bm25", "2,0"], 2.5 * math.log(6)),
                 ("default", ["--bm25", "2,0.4"], 33 * 40 / 72 * math.log(3)),
                 ("default", ["--weighting", "bm25+", "--bm25", "2,0.4"], (33 * 40 / 72 + 11) * math.log(6))]
        for db, args, expected in cases:
            with self.subTest(db=db, args=args):
                self.assertAlmostEqual(score(db, *args), expected, places=5)
        # The other schemes need raw counts; each gives its own scores.
        bm25 = score("exact")
        for scheme in ("pl2", "lm", "dlh"):
            with self.subTest(scheme=scheme):
                self.assertNotAlmostEqual(score("exact", "--weighting", scheme), bm25, places=3)

    def test_weighting_options_on_the_corpus(self):
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
        for args, words in [(["--weighting", "pl2"], "rebuild it with indexer build --exact-tf"),
                            (["--weighting", "tfidf"], "rebuild it with indexer build --exact-tf"),
                            (["--bm25", "2,1"], "use --bm25 K1,0.4")]:
            with self.subTest(args=args):
                r = self.q("Kestrel", *args)
                self.assertEqual(r.code, 2, r)
                self.assertIn(words, r.err)
                self.assertEqual(r.out, "")
        # An --exact-tf index ranks like the default under BM25.
        exact = tempfile.mkdtemp(prefix="newsdex-batch-exact-")
        try:
            r = run([INDEXER, "build", CORPUS, "--db", exact, "--exact-tf", "-q"])
            self.assertEqual(r.code, 0, r)
            self.assertEqual([h["id"] for h in hits(self.db_dir)], [h["id"] for h in hits(exact)])
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
        # "union" is in seven articles, "the union" (adjacent) in four of
        # them (read from the files by hand); a phrase keeps its stopword.
        self.assertEqual(len(corpus_files_containing("union")), 7)
        the_union = ["003_30d74e8d46e107f2", "004_f6890ed547403508", "008_37a3210c4c286c0a",
                     "011_52885b46715b53ce"]
        self.assertEqual(sorted(self.single_ids('"the union"')), the_union)
        self.assertEqual(sorted(self.single_ids('"the union"', "--keep-stopwords")), the_union)


class QuestionQueryTest(TempDirTest):
    """Natural-language questions pasted as queries: capitalised AND/OR/NOT in a long question are
    words, stopwords go without changing what the query requires, and feedback has an off switch."""

    WORDS = {"drought": "Drought", "flood": "Flooding", "both": "Drought and flooding",
             "farm": "Farm prices"}

    def setUp(self):
        super().setUp()
        # 12 articles per kind; filler text differs per article so feedback has terms to pick.
        fillers = ["harvest", "rainfall", "reservoir", "insurance", "cattle", "wheat"]
        for kind, head in self.WORDS.items():
            for i in range(12):
                body = {"drought": "The drought dried the fields.",
                        "flood": "The flooding covered the fields.",
                        "both": "A drought then flooding ruined the fields.",
                        "farm": "Farm prices rose at the market."}[kind]
                self.write("c/%s%02d.txt" % (kind, i), "date 2024-01-%02d\n%s report %d\n\n%s %s %s.\n"
                           % (i + 1, head, i, body, fillers[i % 6], fillers[(i + 1) % 6]))
        self.assertEqual(self.index(self.path("c"), extra=["-q"]).code, 0)

    def ids(self, *args):
        r = self.search("--format", "json", "--limit", "1000", *args)
        self.assertIn(r.code, (0, 1), r)
        return sorted(r.ids())

    def kinds(self, *kinds):
        return sorted("%s%02d" % (k, i) for k in kinds for i in range(12))

    def test_capitalised_operators_in_a_long_question_are_words(self):
        question = "WHAT ARE THE EFFECTS OF DROUGHT AND FLOODING ON FARM PRICES"
        self.assertEqual(self.ids(question), self.kinds("drought", "flood", "both", "farm"))
        self.assertEqual(self.ids("what are the effects of drought and flooding on farm prices"),
                         self.ids(question))
        # Mixed case, as pasted from a form: still words.
        self.assertEqual(self.ids("Tell me about the drought AND flooding, and what farm prices did"),
                         self.kinds("drought", "flood", "both", "farm"))
        self.assertEqual(self.ids("WHICH STORIES MENTION DROUGHT BUT NOT FLOODING OR THE FARMS"),
                         self.kinds("drought", "flood", "both", "farm"))

    def test_operators_stay_operators_in_short_or_structured_queries(self):
        self.assertEqual(self.ids("drought AND flooding"), self.kinds("both"))
        self.assertEqual(self.ids("drought NOT flooding"), self.kinds("drought"))
        # Keywords alone, however many, with no function word: a boolean query.
        self.assertEqual(self.ids("drought AND flooding AND fields AND report AND harvest"),
                         sorted(i for i in self.kinds("both") if i in self.ids("harvest")))
        # Other query syntax says the operators are meant.
        self.assertEqual(self.ids("(the drought AND the flooding) and what were their effects"),
                         self.kinds("both"))

    def test_stopwords_are_dropped_without_changing_what_is_required(self):
        self.assertEqual(self.ids("the drought"), self.kinds("drought", "both"))
        self.assertEqual(self.ids("the drought AND the flooding"), self.kinds("both"))
        self.assertEqual(self.ids("drought AND the flooding", "--match", "all"), self.kinds("both"))
        self.assertEqual(self.ids("the drought", "--keep-stopwords"),
                         self.kinds("drought", "flood", "both", "farm"))

    def test_feedback_reranks_long_queries_and_expand_0_turns_it_off(self):
        query = "drought flooding fields report"
        on = self.search("--format", "json", "--limit", "1000", "--explain", query)
        off = self.search("--format", "json", "--limit", "1000", "--explain", "--expand", "0", query)
        self.assertEqual(sorted(on.ids()), sorted(off.ids()))
        self.assertIn("(feedback terms)", on.out)
        self.assertNotIn("(feedback terms)", off.out)


if __name__ == "__main__":
    unittest.main()
