"""End-to-end tests of indexer update, --jobs, progress, stats and faults.

Real processes throughout: kill -9, concurrent searches and a second writer
are done with subprocesses, not mocks. Corpora are generated small.
"""
import json
import os
import pty
import random
import re
import shutil
import signal
import subprocess
import time
import unittest

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, WriterLockHeld, run, wait_for

WORDS = ("harbour pilots strike council budget election recount storm flood bridge "
         "rail fares school teachers hospital nurses wages minister port cargo ship "
         "river drought farmers grain price market bank interest rate inflation court "
         "ruling appeal museum theft painting festival stadium mayor police tunnel").split()
QUERIES = [["harbour", "strike"], ["interest rate"], ['"interest rate"'], ["court", "--match", "all"],
           ["date:2021"], ["storm OR flood"], ["title:bridge"], ["wages", "--sort", "newest"],
           ["nurses", "hospital", "--from", "2020-06"], ["cargo NOT ship"]]


def article(rng, i, year=None, words=60):
    year = year or rng.randint(2018, 2024)
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(4))
    # Few distinct lengths and words: many equal scores, so tie-breaking matters.
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return " date %d-%02d-%02d %s\n\n%s.\n" % (year, rng.randint(1, 12), rng.randint(1, 28), title, body)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def make_corpus(folder, count, seed=1, words=60):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    # Files written in the second they are indexed are "racy" (re-hashed once
    # by the next update); a settled mtime keeps the counts below exact.
    settled = time.time() - 3600
    for i in range(count):
        path = os.path.join(folder, "a%05d.txt" % i)
        with open(path, "w") as f:
            f.write(article(rng, i, words=words))
        os.utime(path, (settled, settled))
    return folder


class UpdateTest(TempDirTest):
    def update(self, *folders, db=None, extra=()):
        return run([INDEXER, "update", *folders, "--db", db or self.path("db"), *extra])

    def results(self, db):
        out = {}
        # The whole list (the full sort), and the default page and the next
        # one (searches of 20 hits or fewer take another path, which orders
        # ties itself; pages of 20: test_a_tie_of_forty_copies...).
        for page in (["--limit", "1000"], [], ["--offset", "10"]):
            for q in QUERIES:
                r = self.search("--format", "json", *page, *q, db=db)
                self.assertIn(r.code, (0, 1), r)
                hits = r.json_lines()
                out[" ".join(page + q)] = [(h["id"], h["score"], h["path"]) for h in hits]
        return out

    def assert_same_results(self, db_a, db_b, step):
        a, b = self.results(db_a), self.results(db_b)
        for q in a:
            with self.subTest(step=step, query=q):
                self.assertEqual([x[0] for x in a[q]], [x[0] for x in b[q]])
                self.assertEqual([x[2] for x in a[q]], [x[2] for x in b[q]])
                for (_, sa, _), (_, sb, _) in zip(a[q], b[q]):
                    self.assertAlmostEqual(sa, sb, delta=1e-9)

    def summary(self, r):
        m = re.search(r"(\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged \((\d+) touched\)", r.err)
        self.assertIsNotNone(m, r)
        return dict(zip(["added", "updated", "removed", "unchanged", "touched"], map(int, m.groups())))

    def test_any_sequence_of_edits_gives_the_results_of_a_fresh_build(self):
        corpus = make_corpus(self.path("c"), 80, seed=7)
        rng = random.Random(99)
        future = time.time() - 5000  # a different, settled time (not "racy")

        def edit(name):
            with open(os.path.join(corpus, name), "a") as f:
                f.write("Later: %s %s.\n" % (rng.choice(WORDS), rng.choice(WORDS)))

        def touch(name):
            os.utime(os.path.join(corpus, name), (future, future + rng.randint(1, 100)))

        steps = [
            ("initial", lambda: None),
            ("add", lambda: [write(os.path.join(corpus, "n%03d.txt" % i), article(rng, i))
                             for i in range(10)]),
            ("edit", lambda: [edit("a%05d.txt" % i) for i in (3, 4, 50)]),
            ("touch", lambda: [touch("a%05d.txt" % i) for i in (5, 6, 7)]),
            ("rename", lambda: [os.rename(os.path.join(corpus, "a%05d.txt" % i),
                                          os.path.join(corpus, "r%05d.txt" % i)) for i in (8, 9)]),
            ("delete", lambda: [os.remove(os.path.join(corpus, "a%05d.txt" % i)) for i in (10, 11, 12)]),
            ("empty", lambda: write(os.path.join(corpus, "a00013.txt"), "")),
            ("subfolder", lambda: (os.makedirs(os.path.join(corpus, "sub")),
                                   os.rename(os.path.join(corpus, "a00014.txt"),
                                             os.path.join(corpus, "sub", "a00014.txt")))),
            ("edit+touch+delete", lambda: (edit("n001.txt"), touch("n002.txt"),
                                           os.remove(os.path.join(corpus, "n003.txt")))),
        ]
        for name, change in steps:
            change()
            u = self.update(corpus, db=self.path("upd"))
            self.assertIn(u.code, (0, 1), u)
            if os.path.exists(self.path("fresh")):
                shutil.rmtree(self.path("fresh"))
            b = self.index(corpus, db=self.path("fresh"))
            self.assertIn(b.code, (0, 1), b)
            self.assert_same_results(self.path("upd"), self.path("fresh"), name)
            su = json.loads(run([INDEXER, "stats", "--db", self.path("upd"), "--format", "json"]).out)
            sb = json.loads(run([INDEXER, "stats", "--db", self.path("fresh"), "--format", "json"]).out)
            for key in ("articles", "undated", "first_date", "last_date", "per_year"):
                self.assertEqual(su[key], sb[key], (name, key))
            if name == "touch":
                self.assertEqual(self.summary(u)["updated"], 0, u)
            if name == "rename":
                s = self.summary(u)
                self.assertEqual((s["added"], s["removed"], s["updated"]), (2, 2, 0), u)

    def crane_page(self, db, *args):
        """Ids of one page of `crane` hits, copies shown, as JSON lists them."""
        r = self.search("--format", "json", "--duplicates", "show", *args, "crane", db=db)
        self.assertEqual(r.code, 0, r)
        return r.ids()

    def test_equal_scores_are_ordered_by_path_on_every_page(self):
        # Four copies of one story (equal scores) and one other article; one
        # copy is added by an update, so docids run in another order than in
        # a fresh build: every page must still match the fresh build's.
        corpus = self.path("corpus")
        os.makedirs(corpus)
        story = " date 2022-03-01 Harbour Crane Returns\n\nThe harbour crane lifted containers all day.\n"
        for name in ("b", "c", "d"):
            write(os.path.join(corpus, name + ".txt"), story)
        write(os.path.join(corpus, "e.txt"), " date 2023-05-09 Quiet Week\n\nA quiet week at the harbour: "
              "one crane, two ferries, three trawlers and a great many gulls.\n")
        self.assertEqual(run([INDEXER, "build", corpus, "--db", self.path("db"), "-q"]).code, 0)
        write(os.path.join(corpus, "a.txt"), story)
        self.assertEqual(self.update(corpus, extra=["-q"]).code, 0)
        fresh = self.path("fresh")
        self.assertEqual(run([INDEXER, "build", corpus, "--db", fresh, "-q"]).code, 0)

        expected = self.crane_page(fresh, "--limit", "10")
        self.assertEqual(sorted(expected[:4]), ["a", "b", "c", "d"])
        self.assertEqual(self.crane_page(self.path("db"), "--limit", "10"), expected)
        for offset in range(0, 5):
            for limit in range(1, 6):
                with self.subTest(offset=offset, limit=limit):
                    args = ("--limit", str(limit), "--offset", str(offset))
                    self.assertEqual(self.crane_page(self.path("db"), *args), expected[offset:offset + limit])
                    self.assertEqual(self.crane_page(fresh, *args), expected[offset:offset + limit])
        # Collapsed, the copies are one hit, the same one in both indexes.
        collapsed = self.search("--format", "json", "crane").json_lines()
        self.assertEqual(collapsed[0]["id"], expected[0])
        self.assertEqual(collapsed[0]["cluster_size"], 4)
        self.assertEqual(self.search("--format", "json", "crane", db=fresh).ids()[0], expected[0])

    def test_a_tie_of_forty_copies_pages_like_a_fresh_build(self):
        # 40 identical copies (equal scores) behind three articles that score
        # higher and before two that score lower. Pages of 10 see the tie run
        # past the 32 extra hits the short-page path looks at (its fallback:
        # the full sort); pages of 20 see all of it. Copies are added by
        # updates in an order unlike their ids, smallest id last, so docids
        # disagree with ids; the expected order (equal scores by id) is
        # written here, not asked of the searcher.
        corpus = self.path("corpus")
        os.makedirs(corpus)
        # One line longer than any boilerplate line, so it stays content.
        story = (" date 2022-03-01 Harbour Crane Returns\n\nThe harbour crane lifted containers onto "
                 "the quay all day while the ferries waited in the outer basin for the tide.\n")
        for name, times in (("h1", 4), ("h2", 3), ("h3", 2)):
            write(os.path.join(corpus, name + ".txt"), " date 2022-04-0%s Crane Day %s\n\n%s\n" % (
                name[1], name, " ".join(["crane"] * times) + " at the quay, with gulls watching from the roofs"))
        for name in ("l1", "l2"):
            write(os.path.join(corpus, name + ".txt"), " date 2022-05-01 Port Report %s\n\nOne crane, %s.\n%s\n"
                  % (name, name, " ".join("word%d%s" % (k, name) for k in range(60))))
        copies = ["c%02d" % k for k in range(40)]
        first, later = copies[10:], [copies[k] for k in (5, 9, 1, 7, 3, 8, 2, 6, 4, 0)]
        for name in first:
            write(os.path.join(corpus, name + ".txt"), story)
        self.assertEqual(run([INDEXER, "build", corpus, "--db", self.path("db"), "-q"]).code, 0)
        for name in later:
            write(os.path.join(corpus, name + ".txt"), story)
            r = self.update(corpus, extra=["-q"])
            self.assertEqual(r.code, 0, r)
        fresh = self.path("fresh")
        self.assertEqual(run([INDEXER, "build", corpus, "--db", fresh, "-q"]).code, 0)

        expected = ["h1", "h2", "h3"] + copies + ["l1", "l2"]
        for db in (fresh, self.path("db")):
            self.assertEqual(self.crane_page(db, "--limit", "100"), expected, db)
            for limit, offsets in ((None, (0, 10, 20, 30, 40)), (10, (0, 3, 10, 35, 40)),
                                   (20, (0, 3, 20, 25, 40))):
                for offset in offsets:
                    args = (["--limit", str(limit)] if limit else []) + ["--offset", str(offset)]
                    with self.subTest(db=os.path.basename(db), args=args):
                        self.assertEqual(self.crane_page(db, *args), expected[offset:offset + (limit or 10)])
        # Collapsed, the copies are one hit standing for 40, the smallest id.
        for db in (fresh, self.path("db")):
            hits = self.search("--format", "json", "--duplicates", "collapse", "crane", db=db).json_lines()
            self.assertEqual([(h["id"], h["cluster_size"]) for h in hits],
                             [("h1", 1), ("h2", 1), ("h3", 1), ("c00", 40), ("l1", 1), ("l2", 1)])

    def test_touch_reindexes_nothing_and_edit_reindexes_one(self):
        corpus = make_corpus(self.path("c"), 20)
        self.assertEqual(self.index(corpus).code, 0)
        future = time.time() - 5000
        for name in ("a00001.txt", "a00002.txt"):
            os.utime(os.path.join(corpus, name), (future, future))
        r = self.update(corpus, extra=["--verbose"])
        self.assertEqual(r.code, 0, r)
        s = self.summary(r)
        self.assertEqual((s["added"], s["updated"], s["removed"]), (0, 0, 0), r)
        self.assertEqual(s["touched"], 2, r)
        self.assertIn("unchanged %s (touched)" % os.path.join(corpus, "a00001.txt"), r.err)
        # The new time was recorded: the next update does not even read them.
        self.assertEqual(self.summary(self.update(corpus))["touched"], 0)
        with open(os.path.join(corpus, "a00003.txt"), "a") as f:
            f.write("An added sentence about the tunnel.\n")
        r = self.update(corpus, extra=["--verbose"])
        self.assertEqual(self.summary(r)["updated"], 1, r)
        self.assertIn("indexer: updated %s" % os.path.join(corpus, "a00003.txt"), r.err)

    def test_words_of_added_and_edited_articles_join_the_spelling_data(self):
        corpus = make_corpus(self.path("c"), 20)
        self.assertEqual(self.index(corpus).code, 0)
        for typo in ("quokas", "walabies"):
            r = self.search(typo)
            self.assertEqual((r.code, r.out), (1, "0 of 0 articles\n"), r)
            self.assertNotIn("did you mean", r.err)
        write(os.path.join(corpus, "new.txt"), " date 2022-03-04 Quokkas On The Island\n\nThe quokkas came back.\n")
        with open(os.path.join(corpus, "a00003.txt"), "a") as f:
            f.write("Wallabies were seen near the tunnel.\n")
        r = self.update(corpus)
        self.assertEqual((self.summary(r)["added"], self.summary(r)["updated"]), (1, 1), r)
        for typo, word in (("quokas", "quokkas"), ("walabies", "wallabies")):
            r = self.search(typo)
            self.assertEqual(r.code, 1, r)
            self.assertIn("searcher: did you mean: %s?" % word, r.err)

    def test_edit_that_keeps_the_size_is_reindexed(self):
        corpus = make_corpus(self.path("c"), 5)
        self.assertEqual(self.index(corpus).code, 0)
        path = os.path.join(corpus, "a00001.txt")
        with open(path) as f:
            text = f.read()
        edited = text[:-len("zqxwvut.\n")] + "zqxwvut.\n"
        self.assertEqual(len(edited), len(text))
        write(path, edited)
        settled = time.time() - 5000
        os.utime(path, (settled, settled))
        r = self.update(corpus, extra=["--verbose"])
        self.assertEqual(r.code, 0, r)
        s = self.summary(r)
        self.assertEqual((s["added"], s["updated"], s["removed"], s["touched"]), (0, 1, 0, 0), r)
        self.assertIn("indexer: updated " + path, r.err)
        self.assertEqual(self.search("--format", "json", "zqxwvut").ids(), ["a00001"])

    def test_verbose_names_every_file_and_its_fate(self):
        corpus = make_corpus(self.path("c"), 5)
        self.assertEqual(self.update(corpus).code, 0)
        with open(os.path.join(corpus, "a00000.txt"), "a") as f:
            f.write("More.\n")
        os.remove(os.path.join(corpus, "a00001.txt"))
        open(os.path.join(corpus, "a00002.txt"), "w").close()
        with open(os.path.join(corpus, "new.txt"), "w") as f:
            f.write(" date 2022-01-01 New\n\nNew text.\n")
        r = self.update(corpus, extra=["--verbose"])
        self.assertEqual(r.code, 1, r)  # one file skipped (empty)
        p = lambda n: os.path.join(corpus, n)
        for line in ["indexer: updated " + p("a00000.txt"),
                     "indexer: removed " + os.path.abspath(p("a00001.txt")),
                     "indexer: skipped " + p("a00002.txt"),
                     "indexer: removed " + p("a00002.txt"),
                     "indexer: unchanged " + p("a00003.txt"),
                     "indexer: added " + p("new.txt")]:
            self.assertIn(line, r.err)
        s = self.summary(r)
        self.assertEqual((s["added"], s["updated"], s["removed"]), (1, 1, 2), r)
        self.assertRegex(r.err, r"skipped 1 \(1 empty\), in [0-9.]+ s")

    def test_update_without_an_index_builds_it(self):
        r = self.update(CORPUS)
        self.assertEqual(r.code, 0, r)
        self.assertIn("indexer: built a new index (there was none to update): 48 added,", r.err)
        self.assertEqual(self.summary(r)["added"], 48)
        s = self.search("--format", "json", "--limit", "100", "Kestrel")
        self.assertEqual(s.code, 0, s)
        self.assertEqual(len(s.ids()), 8)
        r = self.update(CORPUS)
        s = self.summary(r)
        self.assertEqual((s["added"], s["updated"], s["removed"], s["unchanged"]), (0, 0, 0, 48), r)

    def test_stats_text_and_json(self):
        self.assertEqual(self.index(CORPUS).code, 0)
        r = run([INDEXER, "stats", "--db", self.path("db"), "--format", "json"])
        self.assertEqual(r.code, 0, r)
        j = json.loads(r.out)
        self.assertEqual(j["articles"], 48)
        self.assertEqual(j["undated"], 0)
        self.assertEqual((j["first_date"], j["last_date"]), ("2018-03-12", "2024-06-20"))
        self.assertEqual(j["per_year"], {"2018": 3, "2019": 3, "2020": 7, "2021": 7, "2022": 14,
                                         "2023": 8, "2024": 6})
        self.assertEqual(sum(j["per_year"].values()), 48)
        self.assertEqual(j["folders"], [os.path.abspath(CORPUS)])
        self.assertRegex(j["built_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertIsNone(j["updated_at"])
        self.assertTrue(j["positions"])
        self.assertGreater(j["bytes_on_disk"], 10000)
        self.assertEqual(self.update(CORPUS).code, 0)
        t = run([INDEXER, "stats", "--db", self.path("db")])
        self.assertEqual(t.code, 0, t)
        self.assertIn("articles:   48 (0 undated)", t.out)
        self.assertIn("dates:      2018-03-12 to 2024-06-20", t.out)
        self.assertIn("  2022  14", t.out)
        self.assertRegex(t.out, r"updated:    \d{4}-\d\d-\d\dT")
        self.assertIn("folders:    " + os.path.abspath(CORPUS), t.out)
        missing = run([INDEXER, "stats", "--db", self.path("nothing")])
        self.assertEqual(missing.code, 2)
        self.assertIn("no index at", missing.err)

    def test_progress_only_on_a_terminal_and_not_with_quiet(self):
        corpus = make_corpus(self.path("c"), 30)
        r = self.index(corpus)
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("\r", r.err)
        self.assertNotIn("files/s", r.err)

        def on_tty(*extra):
            master, slave = pty.openpty()
            proc = subprocess.Popen([INDEXER, "build", corpus, "--db", self.path("db"), *extra],
                                    stdout=subprocess.DEVNULL, stderr=slave)
            os.close(slave)
            data = b""
            while True:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            proc.wait(timeout=60)
            os.close(master)
            return data.decode()

        shown = on_tty()
        self.assertRegex(shown, r"\r\x1b\[Kindexer: 30/30 files, \d+ files/s, \d+ s left")
        self.assertIn("indexed 30 articles", shown)
        self.assertEqual(on_tty("--quiet"), "")

    def test_phrase_search_on_index_without_positions_says_it_is_off(self):
        self.assertEqual(self.index(CORPUS, extra=["--no-positions"]).code, 0)
        r = self.search('"interest rate"')
        self.assertEqual(r.code, 2, r)
        self.assertIn("phrase search is off", r.err)
        self.assertEqual(self.search("interest").code, 0)


class ClustersThroughUpdateTest(TempDirTest):
    """Update reclusters only around what changed, to stay fast; the near-duplicate
    clusters must still be exactly those of a fresh build after every step."""

    STORY = article(random.Random(5), 0, words=80).split("\n", 1)[1]  # body only

    def story(self, name, date, body=None):
        write(os.path.join(self.corpus, name + ".txt"),
              " date %s Copy %s\n%s" % (date, name, body or self.STORY))

    def clusters(self, db):
        r = self.search("--format", "json", "--limit", "1000", "--duplicates", "show",
                        "date:2018..2024", db=db)
        self.assertEqual(r.code, 0, r)
        return sorted((h["id"], h["cluster"], h["cluster_size"]) for h in r.json_lines())

    def test_clusters_after_each_update_are_those_of_a_fresh_build(self):
        self.corpus = make_corpus(self.path("c"), 30, seed=11)
        other = article(random.Random(6), 0, words=80).split("\n", 1)[1]
        # s1, s2, s3 four days apart; s1 and s3 are eight days apart, more
        # than the 7 that make copies. Members must be within 7 days of their
        # cluster's first article (taken in date order), so s2 never bridges
        # s1 and s3 into one cluster.
        steps = [
            ("initial", lambda: self.story("s1", "2022-05-01"), {}),
            ("copy too late to join", lambda: self.story("s3", "2022-05-09"), {}),
            ("no bridge: s3 is 8 days after the first", lambda: self.story("s2", "2022-05-05"),
             {"s1": "s1", "s2": "s1"}),
            ("first article edited away", lambda: self.story("s1", "2022-05-01", other),
             {"s2": "s2", "s3": "s2"}),
            ("smaller id added", lambda: self.story("r9", "2022-05-08"),
             {"r9": "r9", "s2": "r9", "s3": "r9"}),
            ("edited back: s1 is first again", lambda: self.story("s1", "2022-05-01"),
             {"r9": "r9", "s1": "r9", "s2": "r9"}),
            ("bridges removed: split", lambda: [os.remove(os.path.join(self.corpus, n))
                                                for n in ("s2.txt", "r9.txt")], {}),
            ("copy of the random articles", lambda: shutil.copy(
                os.path.join(self.corpus, "a00004.txt"), os.path.join(self.corpus, "b.txt")),
             {"a00004": "a00004", "b": "a00004"}),
            ("removed", lambda: os.remove(os.path.join(self.corpus, "b.txt")), {}),
        ]
        for name, change, expected in steps:
            change()
            u = self.update(self.corpus)
            self.assertEqual(u.code, 0, (name, u))
            if os.path.exists(self.path("fresh")):
                shutil.rmtree(self.path("fresh"))
            self.assertEqual(self.index(self.corpus, db=self.path("fresh")).code, 0, name)
            updated = self.clusters(self.path("db"))
            self.assertEqual(updated, self.clusters(self.path("fresh")), name)
            got = {i: c for i, c, _ in updated if c is not None}
            self.assertEqual(got, expected, name)

    def update(self, *folders):
        return run([INDEXER, "update", *folders, "--db", self.path("db")])


class BigCorpusTest(TempDirTest):
    """Faults and concurrency on a generated corpus large enough to interrupt."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.shared = tempfile.mkdtemp(prefix="newsdex-update-big-")
        cls.corpus = make_corpus(os.path.join(cls.shared, "c"), 2500, seed=3, words=200)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def copy_corpus(self):
        dst = self.path("c")
        shutil.copytree(self.corpus, dst)
        return dst

    def rewrite_all(self, corpus, seed):
        make_corpus(corpus, 2500, seed=seed, words=200)

    def compare(self, db_a, db_b):
        for q in QUERIES:
            a = self.search("--format", "json", "--limit", "3000", *q, db=db_a)
            b = self.search("--format", "json", "--limit", "3000", *q, db=db_b)
            self.assertEqual(a.code, b.code, (q, a, b))
            self.assertEqual([(h["id"], round(h["score"], 9)) for h in a.json_lines()],
                             [(h["id"], round(h["score"], 9)) for h in b.json_lines()], q)

    def start_update(self, corpus, *extra):
        return subprocess.Popen([INDEXER, "update", corpus, "--db", self.path("db"), *extra],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def test_jobs_give_the_same_index_as_one_job(self):
        for jobs in ("1", "3"):
            r = self.index(self.corpus, db=self.path("j" + jobs), extra=["--jobs", jobs])
            self.assertEqual(r.code, 0, r)
        self.compare(self.path("j1"), self.path("j3"))

    def test_parallel_cluster_write_back_gives_the_same_index_as_one_job(self):
        # Three workers, each committing every 7 articles, then writing the
        # cluster keys back into its own database on a thread of its own:
        # near-copies (same text and date, ids sorted far apart) sit in
        # different workers, so each key must reach the right document of
        # the right database.
        corpus = self.copy_corpus()
        rng = random.Random(8)
        for k, i in enumerate(rng.sample(range(2500), 60)):
            shutil.copy(os.path.join(corpus, "a%05d.txt" % i), os.path.join(corpus, "z%03d.txt" % k))
        for jobs, batch in (("1", "1000"), ("3", "7")):
            r = self.index(corpus, db=self.path("j" + jobs), extra=["--jobs", jobs, "--batch", batch])
            self.assertEqual(r.code, 0, r)
            self.assertIn("60 near-duplicate clusters", r.err)

        def hits(db, *query):
            r = self.search("--format", "json", "--limit", "3000", "--duplicates", "show", *query, db=db)
            self.assertEqual(r.code, 0, r)
            return [(h["id"], round(h["score"], 9), h["cluster"], h["cluster_size"]) for h in r.json_lines()]

        for q in QUERIES + [["date:2018..2024"]]:
            self.assertEqual(hits(self.path("j1"), *q), hits(self.path("j3"), *q), q)
        clustered = [h for h in hits(self.path("j3"), "date:2018..2024") if h[2] is not None]
        self.assertEqual(len(clustered), 120)
        self.assertTrue(all(h[2] == "a%05d" % int(h[0][1:]) or h[0][0] == "z" for h in clustered))
        for db in ("j1", "j3"):
            self.assertEqual(run([INDEXER, "check", "--db", self.path(db)]).code, 0)

    def generation_state(self):
        """The current generation's version file: rewritten by every commit."""
        with open(self.path("db", "XAPIANDB")) as f:
            gen = os.path.join(self.path("db"), f.read().split()[1])
        with open(os.path.join(gen, "iamglass"), "rb") as f:
            return f.read()

    def test_kill_during_update_then_update_again_finishes_the_work(self):
        corpus = self.copy_corpus()
        self.assertEqual(self.index(corpus).code, 0)
        self.rewrite_all(corpus, seed=4)
        before = self.generation_state()
        proc = self.start_update(corpus, "--batch", "50")
        try:
            # Kill it once it has committed a batch: not sooner (nothing would
            # be kept) and, stopped at once, never after it has finished.
            wait_for(lambda: proc.poll() is not None or self.generation_state() != before,
                     what="the update's first commit")
            os.kill(proc.pid, signal.SIGSTOP)
            self.assertIsNone(proc.poll(), "update finished before it could be killed")
        finally:
            proc.kill()
            proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        # Consistent: it opens and answers, with every article exactly once.
        r = self.search("--format", "json", "--limit", "5000", "date:2018..2024")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(len(r.ids()), 2500)
        again = run([INDEXER, "update", corpus, "--db", self.path("db")])
        self.assertEqual(again.code, 0, again)
        m = re.search(r"(\d+) updated", again.err)
        self.assertTrue(0 < int(m.group(1)) < 2500, again)  # some work was kept
        self.assertEqual(self.index(corpus, db=self.path("fresh")).code, 0)
        self.compare(self.path("db"), self.path("fresh"))

    def test_kill_during_build_keeps_old_index_and_update_finishes(self):
        corpus = self.copy_corpus()
        self.assertEqual(self.index(corpus).code, 0)
        before = self.search("--format", "json", "--limit", "5000", "harbour").ids()
        self.rewrite_all(corpus, seed=5)
        proc = subprocess.Popen([INDEXER, "build", corpus, "--db", self.path("db"), "--jobs", "1",
                                 "--batch", "10"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Kill it while it writes its partial database.
        try:
            wait_for(lambda: proc.poll() is not None or any(".part-" in n for n in os.listdir(self.path("db"))),
                     what="the build's partial database")
            os.kill(proc.pid, signal.SIGSTOP)
            self.assertIsNone(proc.poll(), "build finished before it could be killed")
        finally:
            proc.kill()
            proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertEqual(self.search("--format", "json", "--limit", "5000", "harbour").ids(), before)
        r = run([INDEXER, "update", corpus, "--db", self.path("db")])
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.index(corpus, db=self.path("fresh")).code, 0)
        self.compare(self.path("db"), self.path("fresh"))

    def test_searches_during_an_update_never_fail(self):
        corpus = self.copy_corpus()
        self.assertEqual(self.index(corpus).code, 0)
        self.rewrite_all(corpus, seed=6)
        state = self.generation_state()
        proc = self.start_update(corpus, "--batch", "20")
        queries = 0
        commits_seen = 0

        def search_must_answer(when):
            nonlocal queries
            r = self.search("--format", "json", "--limit", "50", "harbour strike")
            queries += 1
            self.assertEqual(r.code, 0, "query %d (%s) failed during update: %r" % (queries, when, r))
            self.assertEqual(len(r.ids()), 50, r)

        try:
            # Searches while it runs freely, and after each of its first
            # commits with the writer stopped wherever it is: however fast
            # the machine, searches meet the update at work. (Its batches
            # are committed at most once a second, so there are few.)
            while proc.poll() is None:
                search_must_answer("running")
                if commits_seen < 10:
                    wait_for(lambda: proc.poll() is not None or self.generation_state() != state,
                             what="the next commit")
                    if proc.poll() is not None:
                        break
                    os.kill(proc.pid, signal.SIGSTOP)
                    try:
                        if proc.poll() is None:
                            commits_seen += 1
                            state = self.generation_state()
                            search_must_answer("writer stopped after commit %d" % commits_seen)
                    finally:
                        os.kill(proc.pid, signal.SIGCONT)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGCONT)
            out, err = proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 0, err)
        self.assertGreaterEqual(commits_seen, 1, err)
        self.assertGreater(queries, commits_seen)

    def test_second_writer_exits_2_naming_the_first_or_waits(self):
        corpus = self.copy_corpus()
        self.assertEqual(self.index(corpus).code, 0)
        self.rewrite_all(corpus, seed=8)
        # A real update, stopped while it holds the lock.
        lock = self.path("db", ".newsdex.lock")
        proc = self.start_update(corpus, "--batch", "50")
        try:
            wait_for(lambda: proc.poll() is not None or (os.path.exists(lock) and os.path.getsize(lock) > 0),
                     what="the update to take the lock")
            os.kill(proc.pid, signal.SIGSTOP)
            self.assertIsNone(proc.poll(), "update finished before a second writer could meet it")
            r = run([INDEXER, "update", corpus, "--db", self.path("db")])
            self.assertEqual(r.code, 2, r)
            self.assertIn("being written by another indexer (pid %d)" % proc.pid, r.err)
        finally:
            os.kill(proc.pid, signal.SIGCONT)
            proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 0)
        # The lock held by this test: refused, then --wait goes ahead once
        # it is released, and finds the first update's work done.
        with open(os.path.join(corpus, "a00000.txt"), "a") as f:
            f.write("One more line about the harbour.\n")
        with WriterLockHeld(self.path("db")) as held:
            r = run([INDEXER, "update", corpus, "--db", self.path("db")])
            self.assertEqual(r.code, 2, r)
            self.assertIn("being written by another indexer (pid %d)" % os.getpid(), r.err)
            waiting = subprocess.Popen([INDEXER, "update", corpus, "--db", self.path("db"), "--wait", "120"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(1.0)
            self.assertIsNone(waiting.poll(), "update with --wait did not wait for the lock")
            held.release()
            _, err = waiting.communicate(timeout=120)
        self.assertEqual(waiting.returncode, 0, err)
        self.assertIn("0 added, 1 updated, 0 removed", err)


if __name__ == "__main__":
    unittest.main()
