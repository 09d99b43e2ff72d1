"""Hostile input end to end: a generated corpus of every kind of bad article and
file name, a folder of 100,000 tiny files, and hostile queries.

Every good article must be found by its unique word, every bad one reported by
name, the indexer must exit 1, and the index must pass xapian-check. Queries
must end promptly with exit 0, 1 or 2 and a clear message, never a signal.
"""
import os
import random
import shutil
import subprocess
import tempfile
import time
import unittest

from harness import CORPUS, INDEXER, NOBODY, SEARCHER, TempDirTest, copy_for_nobody, run, unprivileged

# A query's budget is one second. The ceiling a hostile query must stay
# under allows for a loaded CI machine and sanitizer builds (several times
# slower), so it fails only a catastrophic regression (a query that walks
# every term, a parser gone quadratic), not noise; the subprocess timeout
# above it catches hangs. NEWSDEX_QUERY_CEILING and NEWSDEX_QUERY_TIMEOUT
# override them.
QUERY_CEILING = float(os.environ.get("NEWSDEX_QUERY_CEILING", "5"))
QUERY_TIMEOUT = float(os.environ.get("NEWSDEX_QUERY_TIMEOUT", "20"))
# 100,000 tiny files take about a minute to index on an idle two-core machine
# (eight on one shared by several builds); a walk or a step per file that
# grew with the number of files already seen would take hours.
# NEWSDEX_MANY_FILES_CEILING overrides it.
MANY_FILES_CEILING = float(os.environ.get("NEWSDEX_MANY_FILES_CEILING", "1200"))


def current_generation(db):
    with open(os.path.join(db, "XAPIANDB")) as f:
        kind, name = f.read().split()
    return os.path.join(db, name)


def unique_word(n):
    """Words no stemmer changes and no other article contains."""
    letters = "bcdfghjklmnpqrstvwxz"
    return "zq" + "".join(letters[(n // 20 ** i) % 20] for i in range(5)) + "uniq"


class HostileCorpusTest(unittest.TestCase):
    """Builds the hostile corpus once; each test checks one promise about it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="newsdex-hostile-")
        cls.corpus = os.path.join(cls.tmp, "corpus")
        cls.outside = os.path.join(cls.tmp, "outside")
        cls.db = os.path.join(cls.tmp, "db")
        os.makedirs(cls.corpus)
        os.makedirs(cls.outside)
        cls.good = {}  # unique word -> expected id (as JSON shows it)
        cls.bad = []   # file names that must be reported
        cls.make_corpus()
        # Root reads every file (CI runs as root): there the build runs as
        # nobody, so that the unreadable file is one; nobody owns the temp
        # folder, so that a file name run as a command could still leave its
        # mark there.
        indexer = copy_for_nobody(INDEXER, cls.tmp)
        if os.geteuid() == 0:
            os.chown(cls.tmp, NOBODY, NOBODY)
        t0 = time.monotonic()
        cls.build = run(unprivileged([indexer, "build", cls.corpus, "--db", cls.db]), cwd=cls.tmp, timeout=600)
        cls.build_seconds = time.monotonic() - t0

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def put(cls, relpath, data):
        """Writes bytes at a path given as bytes or str (relative to the corpus)."""
        path = os.path.join(os.fsencode(cls.corpus), os.fsencode(relpath))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    @classmethod
    def add_good(cls, relpath, make_text):
        word = unique_word(len(cls.good))
        cls.put(relpath, make_text(word.encode()))
        name = os.path.basename(os.fsencode(relpath))
        cls.good[word] = name[:-4].decode("utf-8", "replace")

    @classmethod
    def make_corpus(cls):
        def plain(word):
            return b" date 2022-03-01 An Ordinary Headline\n\nThe body mentions " + word + b" once.\n"

        # Names that break naive shells, terminals and JSON.
        for name in ["with space.txt", 'double"quote.txt', "single'quote.txt",
                     "new\nline.txt", "tab\there.txt", "esc\x1b[31mred.txt",
                     "$(touch PWNED);`touch PWNED2`.txt", "-starts-with-dash.txt",
                     "back\\slash.txt", "emoji-\U0001F600.txt", "bell\x07.txt"]:
            cls.add_good(name, plain)
        cls.add_good(b"latin1-caf\xe9-\xe8.txt", plain)        # not UTF-8
        cls.add_good("n" * 251 + ".txt", plain)                # longest name (255 bytes)
        cls.add_good("/".join(["d%d" % i for i in range(200)]) + "/deep.txt", plain)

        # Content that is dirty but indexable.
        cls.add_good("one_mb_word.txt", lambda w: b" date 2022-03-02 Long Word\n\n" +
                     b"x" * (1 << 20) + b"\nand then " + w + b"\n")
        cls.add_good("one_mb_word_first.txt", lambda w: b"y" * (1 << 20) + b" " + w + b"\n")
        cls.add_good("one_mb_line.txt", lambda w: b" date 2022-03-03 Long Line\n\n" +
                     b"lorem ipsum dolor " * 30000 + w + b" sit amet" * 20000 + b"\n")
        cls.add_good("mixed_encodings.txt", lambda w: b" date 2022-03-04 Z\xc3\xbcrich And Caf\xe9\n\n"
                     b"UTF-8 \xc3\xa9 then Latin-1 \xe9 then " + w + b"\n")
        cls.add_good("truncated_utf8.txt", lambda w: b" date 2022-03-05 Cut Short\n\n" + w +
                     b" ends in the middle of a character \xe2\x82")
        cls.add_good("cp1252.txt", lambda w: b" date 2022-03-06 \x93Quoted\x94 Headline\n\n" + w + b"\x85\n")
        cls.add_good("date_garbage.txt", lambda w: b" date 2022-03-07garbage!!## Trailing\n\n" + w + b"\n")
        cls.add_good("date_zero.txt", lambda w: b" date 0000-00-00 Year Zero\n\n" + w + b"\n")
        cls.add_good("date_max.txt", lambda w: b" date 9999-12-31 Far Future\n\n" + w + b"\n")
        cls.add_good("date_impossible.txt", lambda w: b" date 2023-02-30 No Such Day\n\n" + w + b"\n")
        cls.add_good("no_date.txt", lambda w: b"Just A Headline\n\n" + w + b"\n")
        cls.add_good("crlf_bom.txt", lambda w: b"\xef\xbb\xbf date 2022-03-08 Windows\r\n\r\n" + w + b"\r\n")
        cls.add_good("controls.txt", lambda w: b" date 2022-03-09 Bell\x07 And \x1b[2J Escape\n\n" + w +
                     b" \x02\x03\x7f\n")
        cls.add_good("only_title_word.txt", lambda w: w + b"\n")

        # Bad files: each must be reported by name.
        def bad(name, data):
            cls.put(name, data)
            cls.bad.append(name)
        bad("empty.txt", b"")
        bad("whitespace.txt", b"  \n\t\r\n ")
        bad("date_only.txt", b" date 2022-01-01\n")
        bad("date_only_crlf.txt", b" date 2022-01-01 \r\n\r\n")
        bad("nul_bytes.txt", b" date 2022-01-01 Binary\n\n\x00\x01\x02" + os.urandom(64))
        with open(cls.put("too_large.txt", b""), "wb") as f:
            f.truncate(10 * 1024 * 1024 + 1)  # sparse: over the 10 MiB default
        cls.bad.append("too_large.txt")
        os.symlink(os.path.join(cls.corpus, "no-such-target.txt"), os.path.join(cls.corpus, "broken.txt"))
        cls.bad.append("broken.txt")
        os.symlink("selfloop.txt", os.path.join(cls.corpus, "selfloop.txt"))
        cls.bad.append("selfloop.txt")
        os.symlink(".", os.path.join(cls.corpus, "dirloop"))
        cls.bad.append("dirloop")
        with open(os.path.join(cls.outside, "secret.txt"), "w") as f:
            f.write(" date 2022-01-01 Secret\n\nzqoutsidesecret\n")
        os.symlink(os.path.join(cls.outside, "secret.txt"), os.path.join(cls.corpus, "outside_file.txt"))
        cls.bad.append("outside_file.txt")
        os.symlink(cls.outside, os.path.join(cls.corpus, "outside_dir"))
        cls.bad.append("outside_dir")
        os.mkfifo(os.path.join(cls.corpus, "fifo.txt"))  # opening it would block
        cls.bad.append("fifo.txt")
        os.chmod(cls.put("unreadable.txt", b" date 2022-01-01 Locked\n\nlocked\n"), 0)
        cls.bad.append("unreadable.txt")

    def search(self, *args):
        return run([SEARCHER, "--db", self.db, *args], cwd=self.tmp)

    def test_build_exits_1_and_reports_every_bad_file_by_name(self):
        self.assertEqual(self.build.code, 1, self.build)
        skipped = [line for line in self.build.err.splitlines() if line.startswith("indexer: skipped ")]
        for name in self.bad:
            with self.subTest(name=name):
                self.assertTrue(any(os.path.join(self.corpus, name) + ":" in line for line in skipped),
                                self.build.err[-3000:])
        self.assertEqual(len(skipped), len(self.bad), "\n".join(skipped))
        self.assertIn("indexed %d articles" % len(self.good), self.build.err)
        self.assertNotIn("Sanitizer", self.build.err)

    def test_every_good_article_is_found_by_its_unique_word(self):
        for word, expected_id in self.good.items():
            with self.subTest(id=expected_id[:60]):
                r = self.search("--format", "json", word)
                self.assertEqual(r.code, 0, r)
                self.assertEqual(r.ids(), [expected_id])

    def test_nothing_outside_the_corpus_was_indexed(self):
        r = self.search("zqoutsidesecret")
        self.assertEqual(r.code, 1, r)

    def test_index_passes_xapian_check_and_indexer_check(self):
        gen = current_generation(self.db)
        check = subprocess.run(["xapian-check", gen], capture_output=True, text=True, timeout=300)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn("No errors found", check.stdout)
        r = run([INDEXER, "check", "--db", self.db])
        self.assertEqual(r.code, 0, r)
        self.assertIn("no rebuild needed", r.out)

    def test_file_names_never_reach_a_shell(self):
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "PWNED")))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "PWNED2")))
        word = [w for w, i in self.good.items() if i.startswith("$(touch")][0]
        r = self.search("--format", "tsv", word)
        self.assertIn("$(touch PWNED);`touch PWNED2`", r.out)

    def test_control_characters_in_names_are_escaped_in_text_and_stderr(self):
        for word, expected_id in self.good.items():
            if not any(ord(c) < 0x20 for c in expected_id):
                continue
            with self.subTest(id=expected_id):
                r = self.search(word)
                self.assertEqual(r.code, 0, r)
                for c in "\x1b\x07\t":
                    self.assertNotIn(c, r.out)
                self.assertIn(expected_id.replace("\n", "\\x0a").replace("\t", "\\x09")
                              .replace("\x1b", "\\x1b").replace("\x07", "\\x07"), r.out)
        # Every diagnostic is one line, whatever the names hold.
        for line in self.build.err.splitlines():
            self.assertRegex(line, r"^indexer: ")

    def test_json_output_is_valid_utf8_for_names_that_are_not(self):
        word = [w for w, i in self.good.items() if i.startswith("latin1-")][0]
        r = run([SEARCHER, "--db", self.db, "--format", "json", word])
        hit = r.json_lines()[0]
        self.assertEqual(hit["id"], "latin1-caf\ufffd-\ufffd")
        self.assertTrue(hit["path"].endswith("latin1-caf\ufffd-\ufffd.txt"))

    def test_dates_at_the_edges(self):
        future = [w for w, i in self.good.items() if i == "date_max"][0]
        r = self.search("--format", "json", "date:9999", future)
        self.assertEqual(r.ids(), ["date_max"])
        r = self.search("--format", "json", "--from", "2022", future)
        self.assertEqual(r.ids(), ["date_max"])
        zero = [w for w, i in self.good.items() if i == "date_zero"][0]
        r = self.search("--format", "json", "--from", "0001", zero)
        self.assertEqual(r.code, 1, r)  # undated never matches a date filter
        self.assertIn("date_zero.txt: ", self.build.err)  # warned as undated


class TinyFilesTest(TempDirTest):
    """100,000 tiny files in one folder: indexed completely, no quadratic walk."""

    COUNT = 100_000

    def test_hundred_thousand_tiny_files_in_one_folder(self):
        folder = self.path("many")
        os.makedirs(folder)
        for i in range(self.COUNT):
            with open(os.path.join(folder, "a%06d.txt" % i), "w") as f:
                f.write(" date 2021-01-%02d t%d\n\ntiny common %s\n" % (1 + i % 28, i, unique_word(i)))
        t0 = time.monotonic()
        r = run([INDEXER, "build", folder, "--db", self.path("db")], timeout=1200)
        seconds = time.monotonic() - t0
        self.assertEqual(r.code, 0, r)
        self.assertIn("indexed %d articles" % self.COUNT, r.err)
        print("\n100,000 tiny files indexed in %.1f s" % seconds)
        self.assertLess(seconds, MANY_FILES_CEILING, "indexing 100,000 tiny files took %.0f s" % seconds)
        last = self.search("--format", "json", unique_word(self.COUNT - 1))
        self.assertEqual(last.ids(), ["a%06d" % (self.COUNT - 1)])
        common = self.search("common", "--limit", "3")
        self.assertEqual(common.code, 0, common)
        self.assertTrue(common.out.startswith("3 of %d articles\n" % self.COUNT), common.out[:200])


HOSTILE_QUERIES = [
    ['"unbalanced quote'], ['unbalanced quote"'], ['"'], ['""'], ['(nato'], ['nato)'],
    ['(((((('], [')))))'], ['((nato OR'], ['[nato]'], ['{'],
    ['AND'], ['OR'], ['NOT'], ['XOR'], ['NEAR'], ['ADJ'], ['+'], ['-'], ['AND OR NOT'],
    ['nato AND'], ['OR nato'], ['nato NEAR/'], ['nato NEAR/999999999 pilots'],
    ['the'], ['the a of and to'], ['*'], ['**'], ['a*'], ['*nato'], ['nat*o*'],
    ['title:'], ['title:*'], ['title:"'], ['title:title:title:'], ['date:'], ['date:..'],
    ['date:...'], ['date:2022..2020'], ['date:2023-02-30'], ['date:9999-99-99'],
    ['date:0000-00-00'], ['date:abcd'], ['date:2022-'], ['date:-1'], ['date:99999999999999999999'],
    ['date:2022..2023..2024'], ['\U0001F600\U0001F525'], ['\U0001F600*'], ['\u200b\u200d'],
    ['\x01\x02\x03'], ['\x1b[31mred'], ['\t\n\r'], ['\x7f'], ['caf\u00e9 \u0645\u0631\u062d\u0628\u0627 \u4e2d\u6587'],
    ['word ' * 20000],                 # 100 KB
    ['x' * 100_000],                   # 100 KB word
    [' '.join('w%d' % i for i in range(1500))],  # too many terms, under the byte limit
    [' '.join('w%d*' % i for i in range(30))],   # too many wildcards
    ['a' * 300],                       # term over Xapian's 245-byte limit
    ['"' + 'nato ' * 1000 + '"'],      # long phrase
    ['AND x /2 NEAR d d'],  # Xapian leaks here (suppressed, cmake/sanitizer_defaults.cc)
    ['--', '-nato'], ['NOT nato'], ['--', '--nato'], ['+-+-nato'], ['--', '-'],
]
HOSTILE_OPTIONS = [
    ['--from', '2024', '--to', '2020', 'nato'], ['--from', '2023-02-30', 'nato'],
    ['--to', '0000-00-00', 'nato'], ['--from', '99999', 'nato'], ['--from', '', '--to', '', ''],
    ['--from', '2022-13', 'x'], ['--limit', '-1', 'nato'], ['--limit', '99999999999999999999', 'nato'],
    ['--offset', '4294967296', 'nato'], ['--limit', '0', 'nato'], ['--from', '\x00'.replace('\x00', '\x01')],
    ['--match', 'none', 'x'], ['--sort', 'sideways', 'x'], ['-nato'], ['--nato'],
]


class HostileQueryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="newsdex-hostile-q-")
        cls.db = os.path.join(cls.tmp, "db")
        r = run([INDEXER, "build", CORPUS, "--db", cls.db])
        assert r.code == 0, r

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def check(self, args):
        t0 = time.monotonic()
        try:
            r = run([SEARCHER, "--db", self.db, *args], timeout=QUERY_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("query %r did not finish in %.0f s" % (args, QUERY_TIMEOUT))
        elapsed = time.monotonic() - t0
        self.assertIn(r.code, (0, 1, 2), r)  # negative: killed by a signal
        self.assertLess(elapsed, QUERY_CEILING, "query %r took %.1f s" % (repr(args)[:80], elapsed))
        self.assertNotIn("Sanitizer", r.err)
        self.assertNotIn("terminate called", r.err)
        if r.code == 2:
            lines = r.err.splitlines()
            if lines and lines[-1] == "Run with --help for more information.":
                # A bad option: CLI11's own message, then its pointer to --help.
                self.assertEqual(len(lines), 2, r)
            else:
                self.assertEqual(len(lines), 1, r)
                self.assertTrue(lines[0].startswith("searcher: error: "), r)
            self.assertLess(len(lines[0]), 1000, "message should quote, not echo, a long query")
        else:
            self.assertRegex(r.out, r"^\d+ of (at least )?\d+ articles?( \(\d+ stor(y|ies)\))?\n")
        return r, elapsed

    def test_hostile_queries_end_quickly_with_a_clear_status(self):
        slowest = (0, None)
        for args in HOSTILE_QUERIES + HOSTILE_OPTIONS:
            with self.subTest(query=repr(args)[:80]):
                r, elapsed = self.check(args)
                slowest = max(slowest, (elapsed, repr(args)[:60]))
        print("\nslowest hostile query: %.2f s %s" % slowest)

    def test_random_binary_junk_queries(self):
        rng = random.Random(7)
        for i in range(40):
            junk = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 400)))
            with self.subTest(i=i):
                self.check([os.fsdecode(junk)])

    def test_limits_give_named_errors(self):
        r, _ = self.check(['word ' * 20000])
        self.assertEqual(r.code, 2)
        self.assertIn("over the limit of 10240", r.err)
        r, _ = self.check([' '.join('w%d' % i for i in range(1500))])
        self.assertEqual(r.code, 2)
        self.assertIn("1500 terms, over the limit of 1000", r.err)
        r, _ = self.check([' '.join('w%d*' % i for i in range(30))])
        self.assertEqual(r.code, 2)
        self.assertIn("30 wildcards, over the limit of 20", r.err)
        r, _ = self.check(['date:2022..2020'])
        self.assertIn("ends before it starts", r.err)
        r, _ = self.check(['--from', '2024', '--to', '2020', 'nato'])
        self.assertIn("--from 2024 is after --to 2020", r.err)


class WildcardLimitTest(TempDirTest):
    def test_wildcard_matching_too_many_words_is_an_error(self):
        folder = self.path("c")
        os.makedirs(folder)
        # 6000 distinct words starting with "pre": over the 5000 expansion cap.
        for i in range(60):
            words = " ".join("pre%s" % unique_word(i * 100 + j) for j in range(100))
            with open(os.path.join(folder, "f%02d.txt" % i), "w") as f:
                f.write(" date 2021-01-01 Many Words\n\n%s\n" % words)
        self.assertEqual(self.index(folder).code, 0)
        r = self.search("pre*")
        self.assertEqual(r.code, 2, r)
        self.assertIn("matches too many words", r.err)
        # Counted from the spelling data while the query is built, before
        # any posting list is read.
        self.assertIn("over 5000 words begin with 'pre'", r.err)
        r = self.search("prezqb*")  # narrower: fine
        self.assertEqual(r.code, 0, r)


if __name__ == "__main__":
    unittest.main()
