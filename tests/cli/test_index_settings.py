"""Build settings live in the index: `indexer build` records every setting that
shapes the index, `indexer update` indexes with them (refusing a flag that
contradicts them) and `indexer stats` shows them.
"""
import json
import os
import shutil

from harness import CORPUS, INDEXER, TempDirTest, run

FOOTER = "Follow the Harbour Desk for more port news"
QUERIES = [["strike"], ["marlow", "bay"], ["title:strike"], ['"harbour desk"'], ["kestrel"],
           ["wheat", "--sort", "newest"], ["date:2020"]]
# Settings other than the defaults, each with the flags that give it and a
# query whose results show it.
NON_DEFAULT = [
    ("title-weight", ["--title-weight", "3"]),
    ("positions", ["--no-positions"]),
    ("term-weights", ["--exact-tf"]),
    ("boilerplate", ["--no-boilerplate"]),
    ("boilerplate thresholds", ["--boilerplate-min-articles", "3", "--boilerplate-min-share", "0",
                                "--boilerplate-max-chars", "30"]),
    ("similarity", ["--similarity", "0.3"]),
    ("spelling", ["--no-spelling"]),
    ("max-file-size", ["--max-file-size", "1500"]),
    ("store-text", ["--store-text"]),
]


class SettingsTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.make_corpus("corpus")

    def make_corpus(self, name):
        """The sample corpus plus five short articles sharing a footer line
        (boilerplate with the default floor of 5 articles), one of them over
        1500 bytes."""
        self.corpus = self.path(name)
        shutil.copytree(CORPUS, self.corpus)
        for i in range(5):
            body = ("Harbour pilots at Saltmere voted on shift rules in week %d. " % i) * (1 + 30 * (i == 0))
            self.write("%s/desk%d.txt" % (name, i),
                       " date 2021-05-%02d Saltmere Pilots Vote On Shift Rules %d\n\n%s\n\n%s\n"
                       % (10 + i, i, body, FOOTER))

    def update(self, *extra, db=None):
        return run([INDEXER, "update", self.corpus, "--db", db or self.path("db"), *extra])

    def results(self, db):
        out = {}
        for q in QUERIES:
            r = self.search("--format", "json", *q, db=db)
            self.assertIn(r.code, (0, 1, 2), r)
            out[" ".join(q)] = (r.code, [(h["id"], round(h["score"], 9), h["title"], h["snippet"],
                                          h["text_source"], h["cluster"], h["cluster_size"])
                                         for h in r.json_lines()])
        return out

    def stats(self, db):
        r = run([INDEXER, "stats", "--db", db, "--format", "json"])
        self.assertEqual(r.code, 0, r)
        return json.loads(r.out)

    def edit(self):
        # A new article, a changed one and a removed one.
        self.write(os.path.join(self.corpus, "desk9.txt"), " date 2021-06-01 Pilots Return To Work\n\nThe strike is over "
                   "and the pilots of Saltmere are back at work.\n\n%s\n" % FOOTER)
        with open(os.path.join(self.corpus, "desk1.txt"), "a") as f:
            f.write("Marlow Bay pilots sent a message of support.\n")
        os.remove(os.path.join(self.corpus, "desk2.txt"))

    def test_plain_update_keeps_every_build_setting(self):
        for name, flags in NON_DEFAULT:
            with self.subTest(setting=name):
                self.make_corpus("corpus-" + name)
                upd, fresh = self.path("upd-" + name), self.path("fresh-" + name)
                b = self.index(self.corpus, db=upd, extra=flags)
                self.assertIn(b.code, (0, 1), b)
                self.edit()
                u = self.update(db=upd)
                self.assertIn(u.code, (0, 1), u)
                b = self.index(self.corpus, db=fresh, extra=flags)
                self.assertIn(b.code, (0, 1), b)
                self.assertEqual(self.results(upd), self.results(fresh))
                self.assertEqual(self.stats(upd)["settings"], self.stats(fresh)["settings"])
                self.assertEqual(self.stats(upd)["articles"], self.stats(fresh)["articles"])

    def test_a_flag_that_contradicts_the_index_is_refused(self):
        self.assertEqual(self.index(self.corpus, extra=["--title-weight", "3"]).code, 0)
        self.edit()
        # After the edit: snippets of edited files come from the stored sample.
        before = self.results(self.path("db"))
        r = self.update("--title-weight", "2")
        self.assertEqual(r.code, 2, r)
        self.assertIn("indexer: error: title-weight 2 contradicts the index, which was built "
                      "with title-weight 3", r.err)
        self.assertIn("indexer build", r.err)
        self.assertEqual(self.results(self.path("db")), before)  # nothing written
        for flags, setting in ((["--no-positions"], "positions true"),
                               (["--exact-tf"], 'term-weights "bm25'),
                               (["--similarity", "0.5"], "similarity 0.6"),
                               (["--no-boilerplate"], "boilerplate true"),
                               (["--max-file-size", "99"], "max-file-size 10485760"),
                               (["--store-text"], "store-text false")):
            r = self.update(*flags)
            self.assertEqual(r.code, 2, (flags, r))
            self.assertIn("built with " + setting, r.err)
        # The same value as the index is accepted.
        self.assertIn(self.update("--title-weight", "3").code, (0, 1))

    def test_stats_show_the_settings(self):
        self.assertEqual(self.index(self.corpus, extra=["--title-weight", "3", "--no-positions",
                                                         "--similarity", "0.7"]).code, 0)
        s = self.stats(self.path("db"))["settings"]
        self.assertEqual(s["title-weight"], 3)
        self.assertIs(s["positions"], False)
        self.assertEqual(s["similarity"], 0.7)
        self.assertEqual(s["boilerplate-min-articles"], 5)
        self.assertEqual(s["cluster-days"], 7)
        self.assertIs(s["spelling"], True)
        self.assertIs(s["store-text"], False)
        self.assertTrue(s["term-weights"].startswith("bm25 b="), s)
        text = run([INDEXER, "stats", "--db", self.path("db")])
        self.assertEqual(text.code, 0, text)
        self.assertRegex(text.out, r"\n  title-weight +3\n")
        self.assertRegex(text.out, r"\n  positions +false\n")
        self.assertRegex(text.out, r"\n  similarity +0\.7\n")
