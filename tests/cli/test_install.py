"""`cmake --install` into a temporary prefix: what a package or a user gets.

The installed commands must not take names other Debian packages own, each must have
its man page and completions, and the installed programs must index and search the
installed sample corpus as the build's programs do.
"""
import glob
import gzip
import os
import subprocess

from harness import CORPUS, SEARCHER, TempDirTest, run
from help_options import COMMANDS

BUILD_DIR = os.environ.get("NEWSDEX_BUILD_DIR", "")
CMAKE = os.environ.get("NEWSDEX_CMAKE", "cmake")

# Files of Debian 12's sphinxsearch 2.2.11 (dpkg -c) that an installed newsdex must
# never shadow or overwrite.
SPHINXSEARCH_FILES = [
    "bin/indexer", "bin/indextool", "bin/searchd", "bin/spelldump", "bin/wordbreaker",
    "share/man/man1/indexer.1.gz", "share/man/man1/indextool.1.gz",
    "share/man/man1/searchd.1.gz", "share/man/man1/spelldump.1.gz",
]


class InstallTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.assertTrue(BUILD_DIR, "NEWSDEX_BUILD_DIR (set by ctest) names the build folder")
        self.prefix = self.path("prefix")
        proc = subprocess.run([CMAKE, "--install", BUILD_DIR, "--prefix", self.prefix],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def installed(self, *parts):
        return os.path.join(self.prefix, *parts)

    def test_installs_exactly_the_two_commands_and_no_file_sphinxsearch_owns(self):
        self.assertEqual(sorted(os.listdir(self.installed("bin"))), sorted(COMMANDS))
        for command in COMMANDS:
            self.assertTrue(os.access(self.installed("bin", command), os.X_OK))
        for path in SPHINXSEARCH_FILES:
            self.assertFalse(os.path.lexists(self.installed(path)), path)
        # Nothing named like the build tree's programs either.
        names = {os.path.basename(p) for p in glob.glob(self.installed("**"), recursive=True)}
        self.assertFalse(names & {"indexer", "searcher", "indexer.1.gz", "searcher.1.gz"})

    def test_every_command_has_its_man_page_and_completions(self):
        for command in os.listdir(self.installed("bin")):
            with self.subTest(command=command):
                with gzip.open(self.installed("share", "man", "man1", command + ".1.gz"), "rt") as f:
                    self.assertIn(f'.TH "{command}" "1"', f.read())
                with open(self.installed("share", "bash-completion", "completions", command)) as f:
                    self.assertIn(f"complete -F _{command.replace('-', '_')} {command}", f.read())
                with open(self.installed("share", "fish", "vendor_completions.d",
                                         command + ".fish")) as f:
                    self.assertIn(f"complete -c {command} ", f.read())
        with open(self.installed("share", "zsh", "vendor-completions", "_newsdex")) as f:
            self.assertEqual(f.readline().split(), ["#compdef", *sorted(COMMANDS)])
        pages = sorted(os.path.relpath(p, self.installed("share", "man"))
                       for p in glob.glob(self.installed("share", "man", "man*", "*")))
        self.assertEqual(pages, ["man1/newsdex-index.1.gz", "man1/newsdex-search.1.gz",
                                 "man5/newsdex-article.5.gz", "man5/newsdex-config.5.gz",
                                 "man7/newsdex.7.gz"])

    def test_installed_commands_index_and_search_the_installed_corpus(self):
        corpus = self.installed("share", "newsdex", "corpus")
        txt = sorted(os.path.basename(p) for p in glob.glob(os.path.join(corpus, "*.txt")))
        self.assertEqual(txt, sorted(os.path.basename(p)
                                     for p in glob.glob(os.path.join(CORPUS, "*.txt"))))
        db = self.path("db")
        built = run([self.installed("bin", "newsdex-index"), "build", corpus, "--db", db])
        self.assertEqual(built.code, 0, built)
        self.assertIn(f"indexed {len(txt)} articles", built.err)
        query = ["kestrel", "launch", "--format", "json"]
        installed = run([self.installed("bin", "newsdex-search"), "--db", db, *query])
        self.assertEqual(installed.code, 0, installed)
        reference_db = self.path("reference")
        self.assertEqual(run([os.environ.get("NEWSDEX_INDEXER", "indexer"), "build", CORPUS,
                              "--db", reference_db]).code, 0)
        reference = run([SEARCHER, "--db", reference_db, *query])
        self.assertEqual(installed.ids(), reference.ids())
        self.assertEqual(len(installed.ids()), 10)
