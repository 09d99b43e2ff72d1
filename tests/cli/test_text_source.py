"""Where snippets and --show take an article's text from.

The index keeps a short sample of each article, not its text: the searcher
reads the file again, checked against the content hash recorded when it was
indexed. When the file is gone or changed the stored sample stands in, with a
warning; an index built with --store-text keeps the whole text, as every
index did before, and needs no files.
"""
import glob
import json
import os
import shutil
import subprocess

from harness import CORPUS, INDEXER, TempDirTest, run

# Words, a phrase, a title field, feedback (four words), a date range alone
# (snippets of how a story starts) and a match on a title word alone.
QUERIES = [["kestrel", "launch"], ["interest", "rate"], ['"interest rate"'], ["title:strike"],
           ["harbour", "strike", "port", "workers"], ["date:2022"], ["wheat", "--sort", "oldest"],
           ["inflation", "--offset", "3"]]
SAMPLE_BYTES = 320
WARNING = "searcher: warning: indexed text no longer on disk for "


def without_source(lines):
    return [{k: v for k, v in hit.items() if k != "text_source"} for hit in lines]


class TextSourceTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.corpus = self.path("corpus")
        shutil.copytree(CORPUS, self.corpus)
        self.assertEqual(self.index(self.corpus).code, 0)
        self.assertEqual(self.index(self.corpus, db=self.path("stored"), extra=["--store-text"]).code, 0)

    def json_hits(self, args, db=None):
        r = self.search("--format", "json", "--duplicates", "show", "--limit", "20", *args, db=db)
        self.assertIn(r.code, (0, 1), r)
        return r

    def show(self, article_id, db=None, fmt="json"):
        r = self.search("--show", article_id, "--format", fmt, db=db)
        self.assertEqual(r.code, 0, r)
        return r

    def ids(self):
        return sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(self.corpus, "*.txt")))

    def test_text_read_from_the_files_equals_the_whole_text_stored(self):
        # --store-text makes snippets and --show from the stored text, as
        # every index did before the sample: the files give the same output.
        for args in QUERIES:
            with self.subTest(query=args):
                from_files, stored = self.json_hits(args), self.json_hits(args, db=self.path("stored"))
                self.assertTrue(from_files.json_lines(), from_files)
                self.assertEqual(without_source(from_files.json_lines()), without_source(stored.json_lines()))
                self.assertEqual({h["text_source"] for h in from_files.json_lines()}, {"file"})
                self.assertEqual({h["text_source"] for h in stored.json_lines()}, {"index"})
                self.assertEqual(from_files.err + stored.err, "")
                text = self.search(*args, env={"COLUMNS": "100"})
                self.assertEqual(text.out, self.search(*args, db=self.path("stored"), env={"COLUMNS": "100"}).out)
                self.assertEqual(text.err, "")
        for article_id in self.ids():
            got, want = self.show(article_id).json_lines(), self.show(article_id, db=self.path("stored")).json_lines()
            self.assertEqual(without_source(got), without_source(want))
            self.assertEqual([a["text_source"] for a in got], ["file"])
            self.assertEqual(self.show(article_id, fmt="text").out,
                             self.show(article_id, db=self.path("stored"), fmt="text").out)

    def test_a_deleted_or_edited_file_falls_back_to_the_sample_with_one_warning(self):
        hits = self.json_hits(["interest", "rate"]).json_lines()
        self.assertGreaterEqual(len(hits), 3)
        gone, edited = hits[0], hits[1]
        with open(gone["path"], encoding="utf-8") as f:
            gone_text = f.read()
        os.remove(gone["path"])
        with open(edited["path"], "r+b") as f:  # the same size, other bytes
            data = f.read()
            self.assertIn(b" the ", data)
            f.seek(0)
            f.write(data.replace(b" the ", b" THE ", 1))
        r = self.json_hits(["interest", "rate"])
        sources = {h["id"]: h["text_source"] for h in r.json_lines()}
        self.assertEqual(sources.pop(gone["id"]), "sample")
        self.assertEqual(sources.pop(edited["id"]), "sample")
        self.assertEqual(set(sources.values()), {"file"})
        self.assertEqual(r.err, WARNING + "2 of %d results (file gone, unreadable or changed since "
                         "indexing): snippets from the sample kept in the index; run indexer update (or "
                         "build with --store-text where the searcher cannot read the corpus files)\n"
                         % len(r.json_lines()))
        # The sample: the start of the article, cut on a space, whole lines
        # of the file but the last.
        shown = self.show(gone["id"])
        [article] = shown.json_lines()
        self.assertEqual(article["text_source"], "sample")
        sample = article["body"]
        self.assertLessEqual(len(sample.encode()), SAMPLE_BYTES)
        self.assertGreater(len(sample.encode()), SAMPLE_BYTES // 2)
        lines = sample.split("\n")
        self.assertTrue(all(line in gone_text for line in lines), sample)
        self.assertTrue(gone_text.find(lines[0]) < 80, "the sample starts at the top: " + sample)
        self.assertIn("for 1 of 1 articles", shown.err)
        self.assertIn("showing the sample kept in the index; run indexer update", shown.err)
        # Its snippet is made from the sample.
        snippet = [h for h in r.json_lines() if h["id"] == gone["id"]][0]["snippet"]
        flat = " ".join(sample.split())
        for part in snippet.split("\u2026"):
            self.assertIn(part.strip(), flat)
        # Text output warns once per page, on stderr only.
        text = self.search("interest", "rate")
        self.assertEqual(text.code, 0, text)
        self.assertEqual(text.err.count(WARNING), 1, text)
        self.assertNotIn("no longer on disk", text.out)
        # indexer check judges the index, not the corpus; update sees both
        # changes, and the files are read again.
        self.assertEqual(run([INDEXER, "check", "--db", self.path("db")]).code, 0)
        u = run([INDEXER, "update", self.corpus, "--db", self.path("db")])
        self.assertEqual(u.code, 0, u)
        self.assertIn("1 updated, 1 removed", u.err)
        after = self.json_hits(["interest", "rate"])
        self.assertNotIn(gone["id"], after.ids())
        self.assertEqual({h["text_source"] for h in after.json_lines()}, {"file"})
        self.assertEqual(after.err, "")

    def test_an_index_with_the_whole_text_needs_no_files(self):
        before = {tuple(args): self.json_hits(args, db=self.path("stored")).json_lines() for args in QUERIES}
        shows = {i: self.show(i, db=self.path("stored")).out for i in self.ids()}
        shutil.rmtree(self.corpus)
        for args in QUERIES:
            r = self.json_hits(args, db=self.path("stored"))
            self.assertEqual(r.json_lines(), before[tuple(args)], args)
            self.assertEqual(r.err, "")
        for article_id, out in shows.items():
            self.assertEqual(self.show(article_id, db=self.path("stored")).out, out)
        # Without it, every hit falls back to the sample.
        r = self.json_hits(["kestrel"])
        self.assertEqual({h["text_source"] for h in r.json_lines()}, {"sample"})
        self.assertIn(WARNING + "%d of %d results" % (len(r.json_lines()), len(r.json_lines())), r.err)

    def test_batch_warns_once_for_all_its_queries(self):
        os.remove(self.json_hits(["kestrel"]).json_lines()[0]["path"])
        self.write("queries.tsv", "q1\tkestrel\nq2\tkestrel launch\nq3\tinterest rate\n")
        r = self.search("--batch", self.path("queries.tsv"), "--format", "json")
        self.assertEqual(r.code, 0, r)
        sampled = sum(h["text_source"] == "sample" for h in r.json_lines())
        self.assertEqual(sampled, 2)
        self.assertEqual(r.err, WARNING + "2 of %d results (file gone, unreadable or changed since indexing): "
                         "snippets from the sample kept in the index; run indexer update (or build with "
                         "--store-text where the searcher cannot read the corpus files)\n" % len(r.json_lines()))

    def generation(self):
        with open(self.path("db", "XAPIANDB")) as f:
            return self.path("db", f.read().split()[1])

    def test_update_rebuilds_an_index_of_the_previous_format(self):
        gen = self.generation()
        subprocess.run(["xapian-metadata", "set", gen, "newsdex.format", "5"], check=True)
        r = self.search("kestrel")
        self.assertEqual(r.code, 2, r)
        self.assertIn("has newsdex format 5, but this program reads formats 6 to 8", r.err)
        u = run([INDEXER, "update", self.corpus, "--db", self.path("db")])
        self.assertEqual(u.code, 0, u)
        self.assertIn("indexer: built a new index (the index there has format 5, which this program "
                      "cannot update): ", u.err)
        got = subprocess.run(["xapian-metadata", "get", self.generation(), "newsdex.format"], check=True,
                             capture_output=True, text=True).stdout
        self.assertEqual(got.strip(), "8")
        self.assertEqual({h["text_source"] for h in self.json_hits(["kestrel"]).json_lines()}, {"file"})
        self.assertEqual(run([INDEXER, "check", "--db", self.path("db")]).code, 0)
