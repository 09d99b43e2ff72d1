"""The programs as a user lives with them: --version, the config file and saved searches,
relative dates, refused option combinations and usage errors in one voice."""
import os
import re
import shutil
import tempfile
import unittest

from harness import CORPUS, INDEXER, SEARCHER, run

CMAKE_LISTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "CMakeLists.txt")
# The sample corpus's newest article is dated 2024-06-20: relative dates count back from it.
TODAY = "2024-06-20"


def project_version():
    with open(CMAKE_LISTS) as f:
        return re.search(r"project\(newsdex VERSION ([0-9.]+)", f.read()).group(1)


class PolishTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="newsdex-polish-")
        cls.db = os.path.join(cls.tmp, "db")
        r = run([INDEXER, "build", CORPUS, "--db", cls.db])
        assert r.code == 0, r
        # No user config leaks in: an empty config home.
        cls.env = {"XDG_CONFIG_HOME": os.path.join(cls.tmp, "noconfig"), "NEWSDEX_TODAY": TODAY}
        cls.all_dates = cls.dates("--from", "1900")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def search(cls, *args, env=None):
        full = dict(cls.env)
        full.update(env or {})
        return run([SEARCHER, *args], env=full)

    @classmethod
    def dates(cls, *args):
        r = cls.search("--db", cls.db, "--format", "json", "--limit", "1000", *args)
        assert r.code in (0, 1), r
        return sorted(hit["date"] for hit in r.json_lines())

    def write_config(self, text):
        home = tempfile.mkdtemp(dir=self.tmp)
        os.makedirs(os.path.join(home, "newsdex"))
        with open(os.path.join(home, "newsdex", "config.toml"), "w") as f:
            f.write(text)
        return home, os.path.join(home, "newsdex", "config.toml")

    # --version

    def test_version_everywhere_is_the_cmake_version(self):
        version = project_version()
        for program, args in [(SEARCHER, []), (INDEXER, [])] + \
                [(INDEXER, [sub]) for sub in ("build", "update", "stats", "compact", "dates",
                                              "boilerplate", "check")]:
            with self.subTest(args=args):
                r = run([program, *args, "--version"])
                self.assertEqual(r.code, 0, r)
                name = os.path.basename(program)
                self.assertEqual(r.out.strip(), f"{name} (newsdex) {version}")

    # Relative dates, against the sample dates (2018-03-12 .. 2024-06-20)

    def test_each_relative_form_counts_back_from_today(self):
        cases = {"today": "2024-06-20", "yesterday": "2024-06-19", "3d": "2024-06-17",
                 "2w": "2024-06-06", "1m": "2024-05-20", "6m": "2023-12-20",
                 "1y": "2023-06-20", "4y": "2020-06-20"}
        for form, first in cases.items():
            with self.subTest(form=form):
                expected = [d for d in self.all_dates if d >= first]
                self.assertEqual(self.dates("--from", form), expected)
                self.assertEqual(self.dates("date:%s.." % form), expected)
        self.assertEqual(self.dates("--to", "5y"), [d for d in self.all_dates if d <= "2019-06-20"])
        self.assertGreater(len(self.dates("--from", "4y")), 0)
        self.assertLess(len(self.dates("--from", "4y")), len(self.all_dates))

    def test_month_back_from_the_31st_lands_on_the_shorter_months_end(self):
        r = self.search("--db", self.db, "--from", "1m", "--format", "json", "x",
                        env={"NEWSDEX_TODAY": "2024-03-31"})
        self.assertIn(r.code, (0, 1), r)
        self.assertEqual(self.dates("--from", "2024-02-29"),
                         sorted(h["date"] for h in self.search(
                             "--db", self.db, "--format", "json", "--limit", "1000", "--from", "1m",
                             env={"NEWSDEX_TODAY": "2024-03-31"}).json_lines()))

    def test_relative_dates_in_batch_date_columns(self):
        batch = os.path.join(self.tmp, "batch.tsv")
        with open(batch, "w") as f:
            f.write("q1\tthe\t1y..\n")
        r = self.search("--db", self.db, "--batch", batch, "--format", "json", "--limit", "1000")
        self.assertEqual(r.code, 0, r)
        self.assertTrue(all(h["date"] >= "2023-06-20" for h in r.json_lines()))

    def test_anything_else_lists_the_accepted_forms(self):
        for bad in ["2x", "1 week", "tomorrow", "-3d"]:
            with self.subTest(bad=bad):
                r = self.search("--db", self.db, "--from", bad, "x")
                self.assertEqual(r.code, 2, r)
                self.assertIn("Nd, Nw, Nm, Ny", r.err)
                self.assertIn("today or yesterday", r.err)

    # Config file and saved searches

    def test_db_precedence_option_env_config_default(self):
        other = os.path.join(self.tmp, "nothing-here")
        home, _ = self.write_config('db = "%s"\n' % self.db)
        found = self.search("Kestrel", env={"XDG_CONFIG_HOME": home})
        self.assertEqual(found.code, 0, found)
        env_wins = self.search("Kestrel", env={"XDG_CONFIG_HOME": home, "NEWSDEX_DB": other})
        self.assertEqual(env_wins.code, 2)
        self.assertIn(other, env_wins.err)
        option_wins = self.search("--db", self.db, "Kestrel",
                                  env={"XDG_CONFIG_HOME": home, "NEWSDEX_DB": other})
        self.assertEqual(option_wins.code, 0, option_wins)
        default = self.search("Kestrel", env={"XDG_DATA_HOME": os.path.join(self.tmp, "data")})
        self.assertEqual(default.code, 2)
        self.assertIn(os.path.join(self.tmp, "data", "newsdex", "index"), default.err)
        stats = run([INDEXER, "stats"], env={"XDG_CONFIG_HOME": home})
        self.assertEqual(stats.code, 0, stats)
        self.assertIn(self.db, stats.out)

    def test_config_defaults_apply_and_options_override_them(self):
        home, _ = self.write_config('[searcher]\nlimit = 2\nsort = "oldest"\n')
        env = {"XDG_CONFIG_HOME": home}
        r = self.search("--db", self.db, "--format", "json", "the", env=env)
        hits = r.json_lines()
        self.assertEqual(len(hits), 2)
        self.assertLessEqual(hits[0]["date"], hits[1]["date"])
        r = self.search("--db", self.db, "--format", "json", "-n", "3", "--sort", "newest", "the",
                        env=env)
        hits = r.json_lines()
        self.assertEqual(len(hits), 3)
        self.assertGreaterEqual(hits[0]["date"], hits[1]["date"])

    def test_saved_search_runs_with_more_words_and_options(self):
        home, path = self.write_config('[queries]\nbank = "central bank"\n"rate-cut" = "\\"interest rate\\""\n')
        env = {"XDG_CONFIG_HOME": home}
        saved = self.search("--db", self.db, "--format", "json", "@bank", "--limit", "5", env=env)
        typed = self.search("--db", self.db, "--format", "json", "central bank", "--limit", "5")
        self.assertEqual(saved.code, 0, saved)
        self.assertEqual(saved.ids(), typed.ids())
        more = self.search("--db", self.db, "--format", "json", "@bank", "inflation", env=env)
        self.assertEqual(more.ids(), self.search("--db", self.db, "--format", "json",
                                                 "central bank inflation").ids())
        listed = self.search("--list-saved", env=env)
        self.assertEqual(listed.code, 0, listed)
        self.assertEqual(listed.out, '@bank\tcentral bank\n@rate-cut\t"interest rate"\n')
        missing = self.search("--db", self.db, "@nope", env=env)
        self.assertEqual(missing.code, 2)
        self.assertEqual(missing.err.splitlines()[0],
                         "searcher: error: no saved search 'nope' in %s; searcher --list-saved "
                         "lists them, [queries] in the config file defines them" % path)

    def test_bad_config_names_file_line_and_key(self):
        cases = [
            ('db = "x"\nsize = 3\n', 2, "size: unknown key"),
            ('[searcher]\n\nsort = "latest"\n', 3, "sort: 'latest' is not relevance, newest or oldest"),
            ('[searcher]\nlimit = -1\n', 2, "limit:"),
            ('[searcher]\nfrom = "2x"\n', 2, "from: '2x': expected a date"),
            ('[serching]\n', 1, "unknown table [serching]"),
            ('[queries]\nq = "unterminated\n', 2, "q: unterminated string"),
        ]
        for text, line, what in cases:
            with self.subTest(text=text):
                home, path = self.write_config(text)
                r = self.search("--db", self.db, "x", env={"XDG_CONFIG_HOME": home})
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("searcher: error: %s:%d: %s" % (path, line, what)),
                                r.err)
                r = run([INDEXER, "stats", "--db", self.db], env={"XDG_CONFIG_HOME": home})
                self.assertEqual(r.code, 2, r)
                self.assertTrue(r.err.startswith("indexer: error: %s:%d: " % (path, line)), r.err)

    def test_config_option_and_env_point_elsewhere(self):
        _, path = self.write_config('[queries]\nk = "Kestrel"\n')
        r = self.search("--db", self.db, "--config", path, "@k")
        self.assertEqual(r.code, 0, r)
        r = self.search("--db", self.db, "@k", env={"NEWSDEX_CONFIG": path})
        self.assertEqual(r.code, 0, r)
        r = self.search("--db", self.db, "--config", path + ".missing", "x")
        self.assertEqual(r.code, 2)
        self.assertTrue(r.err.startswith("searcher: error: cannot read config file"), r.err)

    # Usage errors: exact first line of stderr, exit 2

    def test_bad_invocations_get_one_voice(self):
        s, i = SEARCHER, INDEXER
        cases = [
            ([s, "--sort", "latest", "oil"],
             "searcher: error: --sort: 'latest' is not relevance, newest or oldest; see searcher --help"),
            ([s, "--sort", "newset", "oil"],
             "searcher: error: --sort: 'newset' is not relevance, newest or oldest; did you mean newest? (see searcher --help)"),
            ([s, "-n", "-1", "oil"],
             "searcher: error: --limit: '-1' is not a whole number (0 to 100000000); see searcher --help"),
            ([s, "--limt", "3", "oil"],
             "searcher: error: unknown option '--limt'; did you mean --limit? (see searcher --help)"),
            ([s, "--sort"], "searcher: error: --sort needs a value; see searcher --help"),
            ([s, "--show", "a", "--like", "b"],
             "searcher: error: --show ID prints one article and --like ID searches: give one of them"),
            ([s, "--like", "a", "oil"],
             "searcher: error: --like ID finds articles like ID and ignores query words; drop the words (date filters apply) or --like"),
            ([s, "--explain", "--histogram", "year", "oil"],
             "searcher: error: --explain explains ranked hits and --histogram draws none; drop one of them"),
            ([s, "--normalize", "oil"],
             "searcher: error: --normalize only applies to --histogram; add --histogram PERIOD or drop --normalize"),
            ([i, "biuld"],
             "indexer: error: unknown command 'biuld'; the commands are build, update, stats, compact, dates, boilerplate or check; did you mean build? (see indexer --help)"),
            ([i], "indexer: error: no command given; see indexer --help"),
            ([i, "build"], "indexer: error: CORPUS_DIR is missing; see indexer build --help"),
            ([i, "stats", "--format", "yaml"],
             "indexer: error: --format: 'yaml' is not text or json; see indexer stats --help"),
            ([i, "dates", "--by", "mnth"],
             "indexer: error: --by: 'mnth' is not day, week, month or year; did you mean month? (see indexer dates --help)"),
        ]
        for args, first_line in cases:
            with self.subTest(args=args[1:]):
                r = run([s, "--db", self.db, *args[1:]] if args[0] == s else args, env=self.env)
                self.assertEqual(r.code, 2, r)
                self.assertEqual(r.err.splitlines()[0], first_line)
                self.assertNotIn("FAILED", r.err)
                self.assertEqual(r.out, "")

    def test_help_shows_values_not_mappings(self):
        r = run([SEARCHER, "--help"])
        self.assertNotIn("->", r.out)
        self.assertIn("{relevance,newest,oldest}", r.out)

    def test_dates_takes_format_json_like_stats(self):
        fmt = run([INDEXER, "dates", "--db", self.db, "--format", "json"])
        old = run([INDEXER, "dates", "--db", self.db, "--json"])
        self.assertEqual(fmt.code, 0, fmt)
        self.assertTrue(fmt.out.startswith('{"granularity"'), fmt.out[:80])
        self.assertEqual(fmt.out, old.out)


if __name__ == "__main__":
    unittest.main()


class EmptyCorpusTest(unittest.TestCase):
    def test_a_build_that_finds_no_articles_says_so(self):
        tmp = tempfile.mkdtemp(prefix="newsdex-empty-")
        try:
            folder = os.path.join(tmp, "notes")
            os.makedirs(folder)
            with open(os.path.join(folder, "article.md"), "w") as f:
                f.write(" date 2024-01-01 Not An Article File\n\nText.\n")
            r = run([INDEXER, "build", folder, "--db", os.path.join(tmp, "db")])
            self.assertEqual(r.code, 0, r)
            self.assertIn("indexer: warning: found no *.txt files in %s; the index is empty" % folder,
                          r.err)
            r = run([INDEXER, "build", CORPUS, "--db", os.path.join(tmp, "db2")])
            self.assertNotIn("found no", r.err)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
