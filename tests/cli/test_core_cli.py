"""End-to-end tests of indexer build and searcher on corpus/ and bad fixtures."""
import os
import re
import shutil
import signal
import subprocess
import time
import unittest

from harness import (CORPUS, INDEXER, NOBODY, SEARCHER, TempDirTest, WriterLockHeld, copy_for_nobody,
                     run, unprivileged, wait_for)

# Ids of corpus/ (see corpus/README.md).
MARLOW = ["003_30d74e8d46e107f2", "004_f6890ed547403508", "005_db515799a6c3e831",
          "006_f84985288ffbc2b5", "007_a1636e83711bfde8", "008_37a3210c4c286c0a",
          "010_182a25f698339145", "011_52885b46715b53ce"]
KESTREL = ["009_9921a611d8e291db", "012_33a742aec2dc3753", "015_e7247748db8ac2d4",
           "019_080a1c1af0952442", "024_b4a0b68dfab0b0af", "034_cfaef7be258ac402",
           "039_234a4e791e53517d", "046_da4f9cff94567071"]
INTEREST_RATE_PHRASE = {"023_06cb7ccac7ccad77", "035_704107cb3431b188", "036_c595360386342606"}
RECOUNT_1 = "031_6e52f3e0a475b3c6"
RECOUNT_2 = "032_c841f2fa13f79703"
NEW_YEAR_2022 = "020_5f2f6f23bef47a12"
LAST_DAY_2022 = "033_239d1f21188a6101"
LEAP_DAY = "007_a1636e83711bfde8"


def corpus_files_containing(word):
    """Independent count: article files whose text has `word` as a whole word."""
    pattern = re.compile(r"\b%s\b" % re.escape(word), re.IGNORECASE)
    found = []
    for name in sorted(os.listdir(CORPUS)):
        if name.endswith(".txt"):
            with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
                if pattern.search(f.read()):
                    found.append(name[:-4])
    return found


def corpus_files_with_word_starting(start):
    """Independent count: article files with a word that begins with `start`."""
    pattern = re.compile(r"\b%s" % re.escape(start), re.IGNORECASE)
    return [name[:-4] for name in sorted(os.listdir(CORPUS))
            if name.endswith(".txt") and pattern.search(open(os.path.join(CORPUS, name),
                                                             encoding="utf-8").read())]


class CorpusSearchTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.db_dir = tempfile.mkdtemp(prefix="newsdex-corpus-db-")
        cls.build = run([INDEXER, "build", CORPUS, "--db", cls.db_dir])

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.db_dir, ignore_errors=True)

    def q(self, *args, env=None):
        return self.search("--format", "json", "--limit", "1000", *args, db=self.db_dir, env=env)

    def test_build_indexes_every_sample_article(self):
        self.assertEqual(self.build.code, 0, self.build)
        self.assertRegex(self.build.err, r"indexed 48 articles \(0 undated")
        self.assertIn("skipped 0", self.build.err)

    def test_keyword_finds_exactly_the_files_containing_it(self):
        for word in ["Kestrel", "Marlow", "Essendra", "cargo", "Tarnwick"]:
            with self.subTest(word=word):
                r = self.q(word)
                self.assertEqual(r.code, 0, r)
                self.assertEqual(sorted(r.ids()), corpus_files_containing(word))

    def test_title_word_ranks_articles_about_it_first(self):
        r = self.q("recount")
        self.assertEqual(r.ids(), [RECOUNT_1, RECOUNT_2])

    def test_phrase_matches_only_adjacent_words(self):
        r = self.q('"interest rate"')
        self.assertEqual(set(r.ids()), INTEREST_RATE_PHRASE)
        both = self.q("interest", "rate", "--match", "all")
        self.assertEqual(len(both.ids()), 6)
        self.assertTrue(INTEREST_RATE_PHRASE < set(both.ids()))

    def test_not_excludes_and_and_requires(self):
        self.assertEqual(sorted(self.q("Marlow NOT cargo").ids()),
                         ["004_f6890ed547403508", "007_a1636e83711bfde8", "008_37a3210c4c286c0a"])
        self.assertEqual(sorted(self.q("Marlow AND cargo").ids()), sorted(corpus_files_containing("cargo")))
        self.assertEqual(sorted(self.q("Marlow -cargo").ids()), sorted(self.q("Marlow NOT cargo").ids()))

    def test_match_any_ranks_articles_with_every_word_first(self):
        any_ids = self.q("recount", "Kestrel").ids()
        self.assertEqual(sorted(any_ids), sorted(KESTREL + [RECOUNT_1, RECOUNT_2]))
        self.assertEqual(self.q("recount", "Kestrel", "--match", "all").code, 1)
        # Every Marlow article but the first says "strike" (or "striking"),
        # read from the files by hand: with --match any those seven come
        # before the one with "Marlow" alone; --match all finds only them.
        both = sorted(set(MARLOW) - {"003_30d74e8d46e107f2"})
        any_ids = self.q("Marlow", "strike").ids()
        self.assertEqual(sorted(any_ids[:7]), both)
        self.assertEqual(any_ids[7:], ["003_30d74e8d46e107f2"])
        self.assertEqual(sorted(self.q("Marlow", "strike", "--match", "all").ids()), both)

    def test_wildcard_and_title_field(self):
        self.assertEqual(sorted(self.q("kestr*").ids()), KESTREL)
        titled = self.q("title:recount")
        self.assertEqual(sorted(titled.ids()), [RECOUNT_1, RECOUNT_2])
        self.assertEqual(self.q("title:cargo").ids(), ["006_f84985288ffbc2b5"])

    def test_wildcard_finds_every_word_it_begins_whatever_the_stem(self):
        # The index holds stems ("announc" for announced, announcement and
        # announces; "satellit"; "inflat"), which these patterns run past:
        # expanded over the indexed terms alone they found nothing.
        for start in ["announce", "satellite", "inflation", "manage"]:
            with self.subTest(start=start):
                r = self.q(start + "*")
                self.assertEqual(r.code, 0, r)
                self.assertEqual(sorted(r.ids()), corpus_files_with_word_starting(start))
                self.assertGreater(len(r.ids()), 0)
        self.assertEqual(self.q("title:announce*").code, 0)

    def test_a_wildcard_alone_ranks_by_relevance(self):
        # It once listed newest first, like a query of dates alone.
        for query in ["kestr*", "announce*"]:
            with self.subTest(query=query):
                hits = self.q(query).json_lines()
                scores = [h["score"] for h in hits]
                self.assertGreater(len(set(scores)), 1)
                self.assertEqual(scores, sorted(scores, reverse=True))
                dates = [h["date"] for h in hits]
                self.assertNotEqual(dates, sorted(dates, reverse=True))

    def test_date_options_are_inclusive_at_both_ends(self):
        self.assertEqual(self.q("Essendra", "--from", "2022-01-01", "--to", "2022-01-01").ids(), [NEW_YEAR_2022])
        self.assertNotIn(NEW_YEAR_2022, self.q("Essendra", "--to", "2021-12-31").ids())
        self.assertIn(NEW_YEAR_2022, self.q("Essendra", "--from", "2022").ids())
        self.assertIn(LAST_DAY_2022, self.q("Valdoria", "--to", "2022").ids())
        self.assertNotIn(LAST_DAY_2022, self.q("Valdoria", "--from", "2023").ids())
        self.assertEqual(self.q("Valdoria", "--from", "2022-12-31", "--to", "2022-12").ids(), [LAST_DAY_2022])

    def test_partial_to_date_means_end_of_that_period(self):
        self.assertEqual(self.q("Marlow", "--from", "2020-02", "--to", "2020-02").ids(), [LEAP_DAY])
        self.assertEqual(sorted(self.q("Tarnwick", "--from", "2022-11", "--to", "2022-11").ids()),
                         ["030_a41a8836137db7d0", RECOUNT_1, RECOUNT_2])

    def test_date_ranges_inside_the_query(self):
        self.assertEqual(self.q("Marlow date:2020-02-29").ids(), [LEAP_DAY])
        self.assertEqual(self.q("recount date:2022-11-20..").ids(), [RECOUNT_2])
        self.assertEqual(self.q("recount date:..2022-11-17").ids(), [RECOUNT_1])
        self.assertEqual(len(self.q("Tarnwick date:2018").ids()), 3)
        self.assertEqual(sorted(self.q("Tarnwick date:2022-11..2022-11").ids()),
                         sorted(self.q("Tarnwick", "--from", "2022-11", "--to", "2022-11").ids()))
        self.assertEqual(len(self.q("date:2022").ids()), 14)

    def test_sort_by_date(self):
        newest = self.q("Kestrel", "--sort", "newest").json_lines()
        dates = [h["date"] for h in newest]
        self.assertEqual(dates, sorted(dates, reverse=True))
        oldest = self.q("Kestrel", "--sort", "oldest").json_lines()
        self.assertEqual([h["id"] for h in oldest], [h["id"] for h in reversed(newest)])

    def test_limit_and_offset_page_through_results(self):
        full = self.q("Kestrel").ids()
        page = self.search("Kestrel", "--format", "json", "--limit", "3", "--offset", "2", db=self.db_dir)
        self.assertEqual(page.ids(), full[2:5])
        self.assertEqual([h["rank"] for h in page.json_lines()], [3, 4, 5])

    def test_json_lines_have_the_documented_fields(self):
        r = self.q("Kestrel", "launch")
        hits = r.json_lines()
        self.assertGreater(len(hits), 0)
        for rank, hit in enumerate(hits, 1):
            self.assertEqual(list(hit), ["rank", "id", "score", "date", "title", "path", "snippet",
                                         "text_source", "cluster", "cluster_size"])
            self.assertEqual(hit["rank"], rank)
            self.assertEqual(hit["text_source"], "file")
            self.assertTrue(os.path.isfile(hit["path"]))
        scores = [h["score"] for h in hits]
        self.assertEqual(scores, sorted(scores, reverse=True))

    def test_scraped_page_title_skips_navigation(self):
        hit = [h for h in self.q("Kestrel").json_lines() if h["id"] == "009_9921a611d8e291db"][0]
        self.assertEqual(hit["title"], "Kestrel Aerospace Completes Full Engine Test Ahead Of First Launch")

    def test_tsv_has_header_and_one_line_per_hit(self):
        r = self.search("recount", "--format", "tsv", db=self.db_dir)
        lines = r.out.splitlines()
        self.assertEqual(lines[0], "rank\tid\tscore\tdate\ttitle\tpath\tsnippet")
        self.assertEqual([l.split("\t")[1] for l in lines[1:]], [RECOUNT_1, RECOUNT_2])
        self.assertTrue(all(len(l.split("\t")) == 7 for l in lines))

    def test_text_output_header_and_hits(self):
        r = self.search("recount", db=self.db_dir)
        self.assertEqual(r.code, 0, r)
        self.assertTrue(r.out.startswith("2 of 2 articles\n"), r.out)
        self.assertIn("1. Tarnwick Orders Full Recount In Mayoral Race\n    2022-11-17  " + RECOUNT_1, r.out)
        self.assertNotIn("\x1b[", r.out)

    def test_color_always_highlights_the_typed_word(self):
        r = self.search("recounts", "--color", "always", db=self.db_dir)
        self.assertIn("\x1b[1mrecount\x1b[0m", r.out)
        never = self.search("recount", "--color", "always", db=self.db_dir, env={"NO_COLOR": "1"})
        self.assertIn("\x1b[1m", never.out)  # --color always beats NO_COLOR
        auto = self.search("recount", db=self.db_dir, env={"NO_COLOR": "1"})
        self.assertNotIn("\x1b[", auto.out)

    def test_no_match_exits_1(self):
        r = self.search("zyzzyvaqq", db=self.db_dir)
        self.assertEqual(r.code, 1, r)
        self.assertTrue(r.out.startswith("0 of 0 articles\n"))

    def test_bad_dates_are_errors_that_name_the_date(self):
        cases = [
            (["recount", "--from", "2023-02-30"], "2023-02-30"),
            (["recount", "--to", "2022-13"], "2022-13"),
            (["recount", "--from", "22-01-01"], "22-01-01"),
            (["recount date:2023-02-30.."], "2023-02-30"),
            (["recount date:2023..2022"], "ends before it starts"),
            (["recount", "--from", "2023", "--to", "2022"], "after --to"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                r = self.search(*args, db=self.db_dir)
                self.assertEqual(r.code, 2, r)
                self.assertEqual(r.out, "")
                self.assertIn(needle, r.err)
                self.assertTrue(r.err.startswith("searcher: error: "), r.err)

    def test_syntax_error_points_at_the_operator(self):
        r = self.search("nato AND", db=self.db_dir)
        self.assertEqual(r.code, 2, r)
        self.assertIn("'AND' at the end", r.err)

    def test_bad_option_exits_2(self):
        for args in (["--limit", "many", "x"], ["--format", "xml", "x"], ["--sort", "random", "x"],
                     ["--bogus", "x"], []):
            with self.subTest(args=args):
                self.assertEqual(self.search(*args, db=self.db_dir).code, 2)

    def test_help_lists_exit_codes(self):
        r = run([SEARCHER, "--help"])
        self.assertEqual(r.code, 0)
        self.assertIn("EXIT STATUS", r.out)
        self.assertEqual(run([INDEXER, "--help"]).code, 0)


class MissingIndexTest(TempDirTest):
    def test_missing_index_says_how_to_build_one(self):
        r = self.search("anything", db=self.path("nowhere"))
        self.assertEqual(r.code, 2, r)
        self.assertIn("no index at " + self.path("nowhere"), r.err)
        self.assertIn("indexer build", r.err)

    def test_garbage_index_is_an_error_not_a_crash(self):
        self.write("db/XAPIANDB", "auto gen-missing\n")
        r = self.search("anything")
        self.assertEqual(r.code, 2, r)
        self.assertIn("searcher: error:", r.err)

    def test_missing_corpus_folder_exits_2(self):
        r = self.index(self.path("no-such-folder"))
        self.assertEqual(r.code, 2, r)
        self.assertIn("no-such-folder", r.err)

    def test_refuses_to_overwrite_a_folder_that_is_not_an_index(self):
        self.write("precious/notes.txt", "do not delete")
        r = self.index(CORPUS, db=self.path("precious"))
        self.assertEqual(r.code, 2, r)
        self.assertIn("not a newsdex index", r.err)
        self.assertTrue(os.path.exists(self.path("precious/notes.txt")))


class DefaultLocationTest(TempDirTest):
    def test_index_goes_to_xdg_data_home_and_newsdex_db_overrides(self):
        env = {"XDG_DATA_HOME": self.path("xdg"), "HOME": self.path("home")}
        self.assertEqual(run([INDEXER, "build", CORPUS], env=env).code, 0)
        self.assertTrue(os.path.isfile(self.path("xdg/newsdex/index/XAPIANDB")))
        self.assertEqual(run([SEARCHER, "recount"], env=env, cwd="/").code, 0)
        env["NEWSDEX_DB"] = self.path("elsewhere")
        r = run([SEARCHER, "recount"], env=env)
        self.assertEqual(r.code, 2)
        self.assertIn(self.path("elsewhere"), r.err)
        del env["XDG_DATA_HOME"]
        self.assertEqual(run([INDEXER, "build", CORPUS], env=dict(env, NEWSDEX_DB="")).code, 0)
        self.assertTrue(os.path.isfile(self.path("home/.local/share/newsdex/index/XAPIANDB")))


class BadInputTest(TempDirTest):
    """One folder of every kind of bad file: each is reported, none stops the run."""

    def make_fixture(self):
        w = self.write
        w("c/good.txt", " date 2021-05-01 Harbour Crane Collapses In Storm\n\nA crane fell onto the quay.\n")
        w("c/empty.txt", b"")
        w("c/blank.txt", "   \n\t\n")
        w("c/binary.txt", b" date 2021-05-01 x\x00\x01\x02 body")
        w("c/latin1.txt", b" date 2021-05-02 Caf\xe9 Owners Protest Rent Rises\n\nThe caf\xe9 owners marched.\n")
        w("c/crlf.txt", b"\xef\xbb\xbf date 2021-05-03 Ferry Timetable Changes\r\n\r\nFerries sail hourly.\r\n")
        w("c/nodate.txt", "Lighthouse Keeper Retires\n\nAfter forty years the keeper retired.\n")
        w("c/baddate.txt", " date 2023-02-30 Lighthouse Reopens To Visitors\n\nThe lighthouse reopened.\n")
        w("c/onlydate.txt", " date 2021-05-04\n")
        w("c/a/dup.txt", " date 2021-05-05 Seagulls Steal Chips In Record Numbers\n\nSeagulls everywhere.\n")
        w("c/b/dup.txt", " date 2021-05-06 Seagull Numbers Fall After Feeding Ban\n\nFewer seagulls.\n")
        w("c/notes.md", "not an article")
        os.symlink(self.path("c/missing-target.txt"), self.path("c/broken.txt"))
        os.symlink("..", self.path("c/a/loop"))
        return self.path("c")

    def test_every_bad_file_is_named_and_the_rest_is_indexed(self):
        corpus = self.make_fixture()
        r = self.index(corpus)
        self.assertEqual(r.code, 1, r)
        expect = {
            "empty.txt": "[empty]", "blank.txt": "[empty]", "binary.txt": "[binary]",
            "onlydate.txt": "[empty]", "broken.txt": "[broken-symlink]",
        }
        for name, reason in expect.items():
            line = [l for l in r.err.splitlines() if name in l]
            self.assertEqual(len(line), 1, (name, r.err))
            self.assertIn("skipped", line[0])
            self.assertIn(reason, line[0])
        self.assertRegex(r.err, r"warning: .*latin1\.txt: not valid UTF-8; decoded as Windows-1252")
        self.assertRegex(r.err, r"warning: .*nodate\.txt: no 'date YYYY-MM-DD' line; indexed as undated")
        self.assertRegex(r.err, r"warning: .*baddate\.txt: .*2023-02-30.*February 2023 has 28 days.*undated")
        self.assertRegex(r.err, r"warning: .*b/dup\.txt: id 'dup' is also used by .*a/dup\.txt; both are indexed")
        self.assertRegex(r.err, r"indexed 7 articles \(2 undated, 1 recoded from Windows-1252\), skipped 6 "
                                r"\(3 empty, 1 binary, 1 broken-symlink, 1 symlink-loop\)")
        self.assertRegex(r.err, r"skipped .*a/loop: symlink to a folder already walked .*\[symlink-loop\]")

        self.assertEqual(self.search("--format", "json", "café").ids(), ["latin1"])
        crlf = self.search("--format", "json", "ferry").json_lines()
        self.assertEqual(crlf[0]["title"], "Ferry Timetable Changes")
        self.assertEqual(crlf[0]["date"], "2021-05-03")
        self.assertEqual(sorted(self.search("--format", "json", "lighthouse").ids()), ["baddate", "nodate"])
        undated = self.search("--format", "json", "lighthouse", "--from", "1900")
        self.assertEqual(undated.code, 1, undated)
        both = self.search("--format", "json", "seagulls")
        self.assertEqual(both.ids(), ["dup", "dup"])
        self.assertEqual(len({h["path"] for h in both.json_lines()}), 2)

    def test_run_as_user_unreadable_file_is_skipped(self):
        self.write("c/good.txt", " date 2021-05-01 Good\n\nGood text.\n")
        secret = self.write("c/secret.txt", " date 2021-05-01 Secret\n\nSecret text.\n")
        os.chmod(secret, 0)
        # Root reads every file (CI runs as root): there the indexer runs as
        # nobody, into a folder nobody may write.
        indexer = copy_for_nobody(INDEXER, self.tmp)
        os.makedirs(self.path("out"))
        if os.geteuid() == 0:
            os.chown(self.path("out"), NOBODY, NOBODY)
            os.chmod(self.path("c"), 0o755)
        r = run(unprivileged([indexer, "build", self.path("c"), "--db", self.path("out", "db")]))
        self.assertEqual(r.code, 1, r)
        self.assertIn("secret.txt: ", r.err)
        self.assertIn("[unreadable]", r.err)
        self.assertRegex(r.err, r"indexed 1 articles .*skipped 1 \(1 unreadable\)")


class IdClashTest(TempDirTest):
    """Files of one id, in one corpus folder or in several: each file after the first is
    named in a warning, in file order, with the first file of its id."""

    def make_corpus(self):
        for i, rel in enumerate(["x/a/one.txt", "x/b/one.txt", "x/b/two.txt", "x/c/two.txt",
                                 "x/three.txt", "x/unique.txt", "y/one.txt", "y/three.txt",
                                 "y/z/one.txt"]):
            self.write(rel, " date 2021-05-%02d Harbour Story %d\n\nHarbour text %d.\n" % (i + 1, i, i))
        return self.path("x"), self.path("y")

    def clash_warnings(self, r):
        return [line for line in r.err.splitlines() if "is also used by" in line]

    def test_clashes_across_folders_are_warned_in_file_order(self):
        x, y = self.make_corpus()
        r = self.index(x, y)
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.err, r"indexed 9 articles")
        p = self.path
        self.assertEqual(self.clash_warnings(r), [
            "indexer: warning: %s: id 'one' is also used by %s; both are indexed" % (p("x/b/one.txt"), p("x/a/one.txt")),
            "indexer: warning: %s: id 'two' is also used by %s; both are indexed" % (p("x/c/two.txt"), p("x/b/two.txt")),
            "indexer: warning: %s: id 'one' is also used by %s; both are indexed" % (p("y/one.txt"), p("x/a/one.txt")),
            "indexer: warning: %s: id 'three' is also used by %s; both are indexed" % (p("y/three.txt"), p("x/three.txt")),
            "indexer: warning: %s: id 'one' is also used by %s; both are indexed" % (p("y/z/one.txt"), p("x/a/one.txt")),
        ])
        self.assertEqual(len(self.search("--format", "json", "harbour", "--limit", "20").ids()), 9)

    def test_clashes_of_a_sharded_build_name_the_same_files(self):
        x, y = self.make_corpus()
        plain = self.index(x, y)
        sharded = self.index(x, y, db=self.path("sharded"), extra=("--shards", "3"))
        self.assertEqual(sharded.code, 0, sharded)
        self.assertEqual(sorted(self.clash_warnings(sharded)), sorted(self.clash_warnings(plain)))


class AtomicBuildTest(TempDirTest):
    def make_big_corpus(self, n):
        words = "harbour crane storm ferry quay tide lighthouse keeper gull chips".split()
        folder = self.path("big")
        os.makedirs(folder)
        for i in range(n):
            text = " ".join(words[(i * 7 + k) % len(words)] for k in range(300))
            with open(os.path.join(folder, "big%06d.txt" % i), "w") as f:
                f.write(" date 2021-01-01 Big Article %d\n\n%s\n" % (i, text))
        return folder

    def assert_old_index_answers(self):
        r = self.search("--format", "json", "--limit", "100", "Kestrel")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(sorted(r.ids()), KESTREL)

    def test_killed_or_interrupted_build_leaves_previous_index_usable(self):
        self.assertEqual(self.index(CORPUS).code, 0)
        big = self.make_big_corpus(6000)
        for sig in (signal.SIGKILL, signal.SIGINT):
            with self.subTest(signal=sig):
                before = set(os.listdir(self.path("db")))
                proc = subprocess.Popen([INDEXER, "build", big, "--db", self.path("db")],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                try:
                    # Once the threads write their partial databases, stop
                    # the build there: the signal then meets it mid-build
                    # however fast or loaded the machine is.
                    wait_for(lambda: proc.poll() is not None or
                             any(".part-" in n for n in set(os.listdir(self.path("db"))) - before),
                             what="the build to start writing")
                    os.kill(proc.pid, signal.SIGSTOP)
                    self.assertIsNone(proc.poll(), "build finished before it could be interrupted")
                    proc.send_signal(sig)
                finally:
                    if proc.poll() is None:
                        os.kill(proc.pid, signal.SIGCONT)
                _, err = proc.communicate(timeout=120)
                if sig == signal.SIGINT:
                    self.assertEqual(proc.returncode, 130, err)
                    self.assertIn(b"interrupted; the previous index is unchanged", err)
                else:
                    self.assertEqual(proc.returncode, -signal.SIGKILL)
                self.assert_old_index_answers()
        # The next build succeeds and clears what the killed one left behind.
        self.assertEqual(self.index(CORPUS).code, 0)
        generations = [n for n in os.listdir(self.path("db")) if n.startswith("gen-")]
        self.assertLessEqual(len(generations), 2)
        self.assertFalse([n for n in os.listdir(self.path("db")) if ".part-" in n])
        self.assert_old_index_answers()

    def test_second_writer_is_refused_naming_the_first(self):
        # A real build, stopped while it holds the lock: a second build must
        # be refused, naming it, and must not wait by default.
        self.assertEqual(self.index(CORPUS).code, 0)
        big = self.make_big_corpus(3000)
        lock = self.path("db", ".newsdex.lock")
        proc = subprocess.Popen([INDEXER, "build", big, "--db", self.path("db")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: proc.poll() is not None or (os.path.exists(lock) and os.path.getsize(lock) > 0),
                     what="the build to take the lock")
            os.kill(proc.pid, signal.SIGSTOP)
            self.assertIsNone(proc.poll(), "build finished before a second writer could meet it")
            r = self.index(CORPUS)
            self.assertEqual(r.code, 2, r)
            self.assertIn("being written by another indexer (pid %d)" % proc.pid, r.err)
            self.assertIn("--wait", r.err)
        finally:
            os.kill(proc.pid, signal.SIGCONT)
            proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 0)
        # The stopped build finished: its corpus, not the refused one's.
        r = self.search("--format", "json", "Kestrel")
        self.assertEqual(r.code, 1, r)

    def test_second_writer_waits_for_the_lock_with_wait(self):
        self.assertEqual(self.index(CORPUS).code, 0)
        with WriterLockHeld(self.path("db")) as held:
            r = self.index(CORPUS)
            self.assertEqual(r.code, 2, r)
            self.assertIn("being written by another indexer (pid %d)" % os.getpid(), r.err)
            waiting = subprocess.Popen([INDEXER, "build", CORPUS, "--db", self.path("db"), "--wait", "120"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            # It may not start while the lock is held (however long it is
            # given to try), and it must go ahead once it is released.
            time.sleep(1.0)
            self.assertIsNone(waiting.poll(), "build with --wait did not wait for the lock")
            held.release()
            _, err = waiting.communicate(timeout=120)
        self.assertEqual(waiting.returncode, 0, err)
        self.assert_old_index_answers()
        r = self.index(CORPUS, extra=["--wait", "0.5"])
        self.assertEqual(r.code, 0, r)


if __name__ == "__main__":
    unittest.main()
