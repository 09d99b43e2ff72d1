"""Database faults: missing, empty, truncated, corrupted, foreign and read-only
indexes each give one clear message and exit 2; `indexer check` says when a
rebuild is needed. Damage is done to copies of a freshly built index."""
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, copy_for_nobody, run, unprivileged

TABLES = ["postlist", "docdata", "termlist", "position"]


class DatabaseFaultTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.base_tmp = tempfile.mkdtemp(prefix="newsdex-faults-")
        cls.base = os.path.join(cls.base_tmp, "db")
        r = run([INDEXER, "build", CORPUS, "--db", cls.base, "--quiet"])
        assert r.code == 0, r

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base_tmp, ignore_errors=True)

    def copy(self):
        db = self.path("db")
        shutil.copytree(self.base, db, symlinks=True)
        with open(os.path.join(db, "XAPIANDB")) as f:
            gen = os.path.join(db, f.read().split()[1])
        return db, gen

    def assert_one_error(self, r, *fragments):
        self.assertEqual(r.code, 2, r)
        lines = r.err.splitlines()
        self.assertTrue(lines and lines[0].split(": error: ")[0] in ("searcher", "indexer"), r)
        self.assertNotIn("Sanitizer", r.err)
        for fragment in fragments:
            self.assertIn(fragment, r.err)

    def search(self, *args, db=None):
        # A phrase query reads positions too; the snippet reads document data.
        return run([SEARCHER, "--db", db or self.path("db"), "Marlow", '"interest rate"', *args])

    def check(self, db=None):
        return run([INDEXER, "check", "--db", db or self.path("db")])

    def test_sound_index_passes_check(self):
        r = self.check(self.base)
        self.assertEqual(r.code, 0, r)
        self.assertRegex(r.out, r"index at .* is sound: 48 articles, built \d{4}-.*; no rebuild needed")

    def test_missing_index(self):
        self.assert_one_error(self.search(db=self.path("none")), "no index at", "indexer build")
        self.assert_one_error(self.check(self.path("none")), "no index at")

    def test_empty_folder(self):
        os.makedirs(self.path("db"))
        self.assert_one_error(self.search(), "is empty", "indexer build")
        self.assert_one_error(self.check(), "is empty")

    def test_empty_stub_file(self):
        db, _ = self.copy()
        open(os.path.join(db, "XAPIANDB"), "w").close()
        self.assert_one_error(self.search(), "damaged", "names no generation")
        self.assert_one_error(self.check(), "names no generation", "rebuild it")

    def test_truncated_tables(self):
        for table in TABLES:
            for keep in (0.5, 0.0):
                with self.subTest(table=table, keep=keep):
                    shutil.rmtree(self.path("db"), ignore_errors=True)
                    db, gen = self.copy()
                    path = os.path.join(gen, table + ".glass")
                    os.truncate(path, int(os.path.getsize(path) * keep))
                    c = self.check()
                    self.assert_one_error(c, "is damaged", "rebuild it: indexer build ")
                    r = self.search()
                    if table == "termlist":
                        # A search never reads the termlist table; only check sees it.
                        self.assertIn(r.code, (0, 2), r)
                    else:
                        self.assert_one_error(r, "damaged")

    def test_overwritten_tables(self):
        for table in ["postlist", "docdata", "position"]:
            with self.subTest(table=table):
                shutil.rmtree(self.path("db"), ignore_errors=True)
                db, gen = self.copy()
                path = os.path.join(gen, table + ".glass")
                size = os.path.getsize(path)
                with open(path, "r+b") as f:
                    f.seek(0)
                    f.write(bytes((i * 37 + 11) % 256 for i in range(size)))
                self.assert_one_error(self.search(), "damaged")
                self.assert_one_error(self.check(), "is damaged")

    def test_version_file_damaged(self):
        db, gen = self.copy()
        with open(os.path.join(gen, "iamglass"), "r+b") as f:
            f.write(b"\x00" * 16)
        self.assert_one_error(self.search(), "damaged", "indexer build")
        self.assert_one_error(self.check(), "is damaged")

    def test_xapian_database_of_another_program(self):
        db, gen = self.copy()
        subprocess.run(["xapian-metadata", "set", gen, "newsdex.format", ""], check=True)
        self.assert_one_error(self.search(), "is a Xapian database but not a newsdex index")
        self.assert_one_error(self.search(db=gen), "is a Xapian database but not a newsdex index")
        self.assert_one_error(self.check(), "not a newsdex index")
        self.assert_one_error(self.check(gen), "not a newsdex index")

    def test_index_of_another_newsdex_format(self):
        db, gen = self.copy()
        subprocess.run(["xapian-metadata", "set", gen, "newsdex.format", "99"], check=True)
        self.assert_one_error(self.search(), "has newsdex format 99", "rebuild it")
        self.assert_one_error(self.check(), "has newsdex format 99")

    def test_folder_or_file_that_is_no_database(self):
        self.write("db/notes.txt", "shopping list")
        self.assert_one_error(self.search(), "cannot open index", "not a newsdex index")
        self.assert_one_error(self.check(), "is not a newsdex index")
        self.write("file-db", "hello world\n")
        self.assert_one_error(self.search(db=self.path("file-db")), "cannot open index")
        self.assert_one_error(self.check(self.path("file-db")), "is not a newsdex index")

    def test_build_into_a_read_only_location_fails_cleanly(self):
        # Permissions do not stop root (CI runs as root): the programs run as
        # nobody there, with copies nobody can run.
        indexer = copy_for_nobody(INDEXER, self.tmp)
        searcher = copy_for_nobody(SEARCHER, self.tmp)
        corpus = shutil.copytree(CORPUS, self.path("corpus"))  # where nobody can read it
        db, _ = self.copy()
        os.chmod(db, 0o555)
        self.addCleanup(os.chmod, db, 0o755)
        r = run(unprivileged([indexer, "build", corpus, "--db", db]))
        self.assert_one_error(r, "cannot write in index folder " + db)
        # The old index still works.
        r = run(unprivileged([searcher, "--db", db, "--format", "json", "--limit", "100", "Kestrel"]))
        self.assertEqual(r.code, 0, r)
        self.assertEqual(len(r.ids()), 8, r)
        os.makedirs(self.path("ro"))
        os.chmod(self.path("ro"), 0o555)
        r = run(unprivileged([indexer, "build", corpus, "--db", self.path("ro", "index")]))
        self.assert_one_error(r, "cannot create index folder " + self.path("ro", "index"))
        self.assertFalse(os.path.exists(self.path("ro", "index")))

    def test_failed_first_build_leaves_a_clear_state(self):
        os.makedirs(self.path("db"))
        open(self.path("db", ".newsdex.lock"), "w").close()
        self.assert_one_error(self.search(), "no index at", "yet")


if __name__ == "__main__":
    unittest.main()
