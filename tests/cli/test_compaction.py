"""End-to-end tests of update's automatic compaction and the growth indexer stats shows.

Updating in place splits the full blocks of the compact index a build writes; once the index has
grown past --compact-above times its size after the last build or compaction, update compacts it
into a new generation (published like a build). Real processes on a generated corpus.
"""
import json
import os
import random
import unittest

from harness import INDEXER, TempDirTest, run
from test_update import QUERIES, article, make_corpus, write


class CompactionTest(TempDirTest):
    def stats(self, db=None):
        r = run([INDEXER, "stats", "--db", db or self.path("db"), "--format", "json"])
        self.assertEqual(r.code, 0, r)
        return json.loads(r.out)

    def stub(self):
        with open(self.path("db", "XAPIANDB")) as f:
            return f.read()

    def update(self, corpus, *extra):
        return run([INDEXER, "update", corpus, "--db", self.path("db"), *extra])

    def rewrite(self, corpus, first, rng):
        # A tenth of the articles get new text: the update splits blocks all
        # over the compact tables.
        for i in range(first, 600, 10):
            write(os.path.join(corpus, "a%05d.txt" % i), article(rng, i, words=120))

    def same_results(self, db_a, db_b):
        for q in QUERIES:
            a = self.search("--format", "json", "--limit", "1000", "--duplicates", "show", *q, db=db_a)
            b = self.search("--format", "json", "--limit", "1000", "--duplicates", "show", *q, db=db_b)
            self.assertEqual(a.code, b.code, (q, a, b))
            self.assertEqual([(h["id"], round(h["score"], 9), h["cluster"]) for h in a.json_lines()],
                             [(h["id"], round(h["score"], 9), h["cluster"]) for h in b.json_lines()], q)

    def test_update_compacts_once_grown_past_the_threshold_unless_told_not_to(self):
        corpus = make_corpus(self.path("c"), 600, seed=3, words=120)
        self.assertEqual(self.index(corpus).code, 0)
        built = self.stats()
        self.assertLess(built["growth"], 1.05, built)
        self.assertGreater(built["compacted_bytes"], 0.9 * built["bytes_on_disk"], built)
        text = run([INDEXER, "stats", "--db", self.path("db")])
        self.assertRegex(text.out, r"growth:     1\.0\dx since the last compaction")
        rng = random.Random(9)
        self.rewrite(corpus, 0, rng)
        stub = self.stub()
        off = self.update(corpus, "--no-compact")
        self.assertEqual(off.code, 0, off)
        self.assertIn("60 updated", off.err)
        self.assertNotIn("compacted", off.err)
        grown = self.stats()
        self.assertGreater(grown["growth"], 1.2, grown)
        self.assertEqual(self.stub(), stub, "--no-compact must leave the generation alone")
        # Past the default threshold, the next update compacts into a new
        # generation, even with nothing to change.
        on = self.update(corpus)
        self.assertEqual(on.code, 0, on)
        self.assertRegex(on.err, r"compacted the index \(grown [0-9.]+x since the last compaction\): "
                                 r"[0-9.]+ MiB -> [0-9.]+ MiB")
        self.assertNotEqual(self.stub(), stub)
        compacted = self.stats()
        self.assertLess(compacted["growth"], 1.05, compacted)
        self.assertLess(compacted["bytes_on_disk"], grown["bytes_on_disk"] / 1.15)
        self.assertEqual(self.index(corpus, db=self.path("fresh")).code, 0)
        self.same_results(self.path("db"), self.path("fresh"))
        self.assertLess(compacted["bytes_on_disk"], 1.25 * self.stats(self.path("fresh"))["bytes_on_disk"])
        # A threshold above the growth leaves it alone; one below 1 is refused.
        self.rewrite(corpus, 5, rng)
        stub = self.stub()
        high = self.update(corpus, "--compact-above", "50")
        self.assertEqual(high.code, 0, high)
        self.assertNotIn("compacted", high.err)
        self.assertEqual(self.stub(), stub)
        bad = self.update(corpus, "--compact-above", "0.5")
        self.assertEqual(bad.code, 2, bad)

    def test_sharded_index_stays_sharded_and_searchable(self):
        corpus = make_corpus(self.path("c"), 600, seed=4, words=120)
        self.assertEqual(self.index(corpus, extra=["--shards", "2"]).code, 0)
        self.rewrite(corpus, 0, random.Random(10))
        on = self.update(corpus, "--compact-above", "1.1")
        self.assertEqual(on.code, 0, on)
        self.assertIn("compacted the index", on.err)
        entries = self.stub().split()
        self.assertEqual(len([e for e in entries if "/shard-" in e]), 2, entries)
        self.assertLess(self.stats()["growth"], 1.05)
        self.assertEqual(self.index(corpus, db=self.path("fresh"), extra=["--shards", "2"]).code, 0)
        self.same_results(self.path("db"), self.path("fresh"))


if __name__ == "__main__":
    unittest.main()
