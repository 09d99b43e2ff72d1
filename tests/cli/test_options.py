"""End-to-end tests of the indexer options that change what is indexed:
--follow-symlinks, --max-file-size, --title-weight, --no-spelling,
--no-boilerplate, the --boilerplate-* thresholds and --similarity (and its
default of 60%). Each is checked against its default on the same files, with
expected values worked out by hand from the fixture."""
import os
import random
import unittest

from harness import CORPUS, INDEXER, TempDirTest, run
from test_news import write_fixture


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


class SymlinkAndSizeTest(TempDirTest):
    def test_follow_symlinks_indexes_what_links_outside_lead_to(self):
        write(self.path("c", "in.txt"), " date 2021-01-01 Inside Story\n\nThe inside word is quorvane.\n")
        write(self.path("out", "o.txt"), " date 2021-01-02 Outside Story\n\nThe outside word is plimsoth.\n")
        write(self.path("out", "dir", "f.txt"), " date 2021-01-03 Folder Story\n\nThe folder word is brastwick.\n")
        os.symlink(self.path("out", "o.txt"), self.path("c", "link.txt"))
        os.symlink(self.path("out", "dir"), self.path("c", "linkdir"))
        query = ["--format", "json", "quorvane", "plimsoth", "brastwick"]

        plain = self.index(self.path("c"))
        self.assertEqual(plain.code, 1, plain)
        for name in ("link.txt", "linkdir"):
            self.assertRegex(plain.err, r"skipped .*c/%s: symlink to .* leaves the corpus folders; not followed "
                                        r"\(use --follow-symlinks\) \[outside-corpus\]" % name)
        self.assertEqual(self.search(*query).ids(), ["in"])

        followed = self.index(self.path("c"), db=self.path("followed"), extra=["--follow-symlinks"])
        self.assertEqual(followed.code, 0, followed)
        self.assertIn("indexed 3 articles", followed.err)
        hits = self.search(*query, db=self.path("followed")).json_lines()
        self.assertEqual(sorted(h["id"] for h in hits), ["f", "in", "link"])
        # Found where the corpus links to them, not where they live.
        paths = {h["id"]: h["path"] for h in hits}
        self.assertEqual(paths["link"], self.path("c", "link.txt"))
        self.assertEqual(paths["f"], self.path("c", "linkdir", "f.txt"))

    def test_max_file_size_keeps_a_file_of_exactly_the_limit(self):
        write(self.path("m", "a.txt"), " date 2021-01-01 Small Story\n\nA small word pelgrath.\n")
        write(self.path("m", "b.txt"), " date 2021-01-01 Small Story\n\nA small word pelgrathx.\n")
        self.assertEqual((os.path.getsize(self.path("m", "a.txt")), os.path.getsize(self.path("m", "b.txt"))),
                         (53, 54))
        r = self.index(self.path("m"), extra=["--max-file-size", "53"])
        self.assertEqual(r.code, 1, r)
        self.assertRegex(r.err, r"skipped .*m/b\.txt: is 54 bytes, over the limit of 53 .*\[too-large\]")
        self.assertNotIn("a.txt", r.err)
        self.assertEqual(self.search("--format", "json", "pelgrath", "pelgrathx").ids(), ["a"])
        # The default limit (10 MiB) takes both.
        r = self.index(self.path("m"), db=self.path("all"))
        self.assertEqual(r.code, 0, r)
        self.assertEqual(sorted(self.search("--format", "json", "pelgrath", "pelgrathx", db=self.path("all")).ids()),
                         ["a", "b"])


class TitleWeightTest(TempDirTest):
    def test_title_weight_adds_to_the_frequency_of_title_words(self):
        # "zelkova" once in a's title (not in its body), twice in b's body.
        # The title is also part of the text, so a title word counts once
        # plus the title weight: with --exact-tf, wdf 1 + W.
        write(self.path("t", "a.txt"), " date 2021-01-01 Zelkova Harbour Opens\n\nThe new pier opened today "
                                       "with a crowd watching.\n")
        write(self.path("t", "b.txt"), " date 2021-01-02 Pier News\n\nThe zelkova tree by the pier and the "
                                       "zelkova bench were painted.\n")
        write(self.path("t", "c.txt"), " date 2021-01-03 Other News\n\nNothing about trees here at all.\n")
        order = {}
        for weight, title_wdf in (("0", 1), ("1", 2), ("3", 4), (None, 2)):
            db = self.path("db%s" % weight)
            extra = ["--exact-tf"] + (["--title-weight", weight] if weight else [])
            self.assertEqual(self.index(self.path("t"), db=db, extra=extra).code, 0)
            r = self.search("--format", "json", "--explain", "zelkova", db=db)
            self.assertEqual(r.code, 0, r)
            hits = r.json_lines()
            wdf = {h["id"]: sum(p["wdf"] for p in h["explain"]) for h in hits}
            self.assertEqual(wdf, {"a": title_wdf, "b": 2}, (weight, r.out))
            order[weight] = [h["id"] for h in hits]
        # Twice in the body beats once in a title of weight 0; a title of
        # weight 3 beats it; the default (1) ties and equal scores go by id.
        self.assertEqual(order["0"], ["b", "a"])
        self.assertEqual(order["3"], ["a", "b"])
        self.assertEqual(order[None], ["a", "b"])
        self.assertEqual(order["1"], ["a", "b"])
        # Title words stay in the title field whatever the weight.
        self.assertEqual(self.search("--format", "json", "title:zelkova", db=self.path("db0")).ids(), ["a"])


class SpellingTest(TempDirTest):
    def test_no_spelling_gives_no_did_you_mean(self):
        self.assertEqual(self.index(CORPUS).code, 0)
        self.assertEqual(self.index(CORPUS, db=self.path("nospell"), extra=["--no-spelling"]).code, 0)
        with_spelling = self.search("kestral")
        self.assertEqual(with_spelling.code, 1, with_spelling)
        self.assertIn("searcher: did you mean: kestrel?", with_spelling.err)
        without = self.search("kestral", db=self.path("nospell"))
        self.assertEqual(without.code, 1, without)
        self.assertNotIn("did you mean", without.err)
        # Only the suggestions go: the same articles are found.
        self.assertEqual(self.search("--format", "json", "--limit", "100", "kestrel", db=self.path("nospell")).ids(),
                         self.search("--format", "json", "--limit", "100", "kestrel").ids())


# Twenty articles a00..a19. "Footer Seen In K" is on the first K of them; the
# 40-character LONG line on the first ten; the masthead on the date line is
# "Breaking Desk" on the first four and "Site N" on the others. Each article's
# paragraph has words of its own (amber0, birch0, ...).
FOOTERS = {3: "Footer Seen In Three", 4: "Footer Seen In Four", 5: "Footer Seen In Five",
           6: "Footer Seen In Six", 8: "Footer Seen In Eight"}
LONG = "Read More From The Valley Herald Website"
WORDS = ("amber birch cedar delta ember fjord grove heath inlet juniper kelp lagoon marsh nettle oak pebble "
         "quarry reed sorrel thistle").split()


def write_threshold_fixture(root):
    for n in range(20):
        mast = "Breaking Desk" if n < 4 else "Site %d" % n
        para = " ".join(WORDS[(n * 7 + k) % 20] + str(n) for k in range(20))
        lines = [" date 2023-01-%02d %s" % (n + 1, mast), "", "Headline Number %d About %s" % (n, WORDS[n].capitalize()),
                 "", para + ".", ""]
        lines += [text for k, text in sorted(FOOTERS.items()) if n < k]
        if n < 10:
            lines.append(LONG)
        write(os.path.join(root, "a%02d.txt" % n), "\n".join(lines) + "\n")


class BoilerplateOptionsTest(TempDirTest):
    def learned(self, *extra):
        """{line: articles} that `indexer boilerplate` lists after a build with `extra`."""
        db = self.path("db-" + "-".join(extra).replace(" ", ""))
        r = self.index(self.path("c"), db=db, extra=list(extra))
        self.assertEqual(r.code, 0, r)
        b = run([INDEXER, "boilerplate", "--db", db, "--top", "100"])
        self.assertEqual(b.code, 0, b)
        lines = b.out.splitlines()
        self.assertRegex(lines[0], r"^%d boilerplate lines" % (len(lines) - 1))
        return {line.split("\t", 1)[1]: int(line.split("\t", 1)[0]) for line in lines[1:]}, db

    def test_thresholds_decide_which_lines_are_learned(self):
        write_threshold_fixture(self.path("c"))
        self.assertEqual(len(LONG), 40)
        footers = {text: k for k, text in FOOTERS.items()}
        # By hand: a line is learned when it is on at least
        # max(min-articles, min-share * 20) articles and at most max-chars long.
        cases = [
            ([], {"Footer Seen In Five", "Footer Seen In Six", "Footer Seen In Eight", LONG}),
            (["--boilerplate-min-articles", "4"], {"Footer Seen In Four", "Footer Seen In Five", "Footer Seen In Six",
                                                   "Footer Seen In Eight", LONG, "Breaking Desk"}),
            (["--boilerplate-min-articles", "7"], {"Footer Seen In Eight", LONG}),
            (["--boilerplate-min-share", "0.28"], {"Footer Seen In Six", "Footer Seen In Eight", LONG}),  # 5.6
            (["--boilerplate-max-chars", "40"], {"Footer Seen In Five", "Footer Seen In Six",
                                                 "Footer Seen In Eight", LONG}),
            (["--boilerplate-max-chars", "39"], {"Footer Seen In Five", "Footer Seen In Six",
                                                 "Footer Seen In Eight"}),
            (["--no-boilerplate"], set()),
        ]
        counts = dict(footers, **{LONG: 10, "Breaking Desk": 4})
        for extra, expected in cases:
            with self.subTest(extra=extra):
                learned, _ = self.learned(*extra)
                self.assertEqual(learned, {line: counts[line] for line in expected})

    def test_learned_lines_leave_titles_and_snippets(self):
        write_threshold_fixture(self.path("c"))

        def a00(db):
            r = self.search("--format", "json", "--limit", "1", "amber0", "footer", db=db)
            self.assertEqual(r.code, 0, r)
            hit = r.json_lines()[0]
            self.assertEqual(hit["id"], "a00")
            return hit

        _, default = self.learned()
        _, low = self.learned("--boilerplate-min-articles", "3")
        # By default "Breaking Desk" (on 4 articles) and the footers on 3 or
        # 4 stay content: the masthead is the title, the footers are quoted.
        hit = a00(default)
        self.assertEqual(hit["title"], "Breaking Desk")
        self.assertIn("Footer Seen In Three", hit["snippet"])
        # Learned from 3 articles up, they leave the title and the snippet.
        hit = a00(low)
        self.assertEqual(hit["title"], "Headline Number 0 About Amber")
        self.assertNotIn("Footer", hit["snippet"])
        self.assertNotIn("Breaking Desk", hit["snippet"])
        self.assertIn("amber0", hit["snippet"])

    def test_no_boilerplate_indexes_every_line_and_learns_nothing(self):
        os.makedirs(self.path("news"))
        write_fixture(self.path("news"))
        r = self.index(self.path("news"), extra=["--no-boilerplate"])
        self.assertEqual(r.code, 0, r)
        self.assertIn("0 boilerplate lines learned", r.err)
        b = run([INDEXER, "boilerplate", "--db", self.path("db")])
        self.assertEqual(b.out.splitlines(), ["0 boilerplate lines (articles\tline)"])
        # The harbourpost pages' footer is content: found as a phrase on
        # exactly those seven pages, and their menu line becomes the title.
        hits = self.search("--format", "json", "--limit", "100", '"Subscribe to our newsletter"').json_lines()
        self.assertEqual(sorted(h["id"] for h in hits),
                         sorted(["harbourpost-%d" % n for n in range(6)] + ["harbourpost-wire"]))
        self.assertEqual({h["title"] for h in hits}, {"Harbour Post Home"})
        # Learning (the default) takes the menu line out of the titles.
        self.assertEqual(self.index(self.path("news"), db=self.path("learning")).code, 0)
        titles = {h["id"]: h["title"] for h in
                  self.search("--format", "json", "--limit", "100", "date:2023", db=self.path("learning")).json_lines()}
        self.assertEqual(titles["harbourpost-wire"], "Regulator Orders Tanker Sensors In Gullhaven Strait")


VOCAB = ("council harbour river school market bakery ferry road bridge library orchard festival choir museum "
         "weather storm tide fishing boat garden park station tram bus hospital doctor teacher farmer mayor shop "
         "price rent house street square church castle hill valley forest lake island coast beach sand rock wind "
         "rain snow frost summer winter spring autumn morning evening night week month year people family child "
         "crowd visitor worker driver student reader runner singer").split()


class SimilarityTest(TempDirTest):
    """Near-copies by the estimated Jaccard similarity of 3-word shingles."""

    @staticmethod
    def text(rng, words=150):
        return [rng.choice(VOCAB) + str(rng.randrange(1000)) for _ in range(words)]

    def write_pairs(self):
        rng = random.Random(17)
        pairs = {}
        # Each changed word removes the three shingles it is in (from 148):
        #   8 changed words:  about (148 - 24) / (148 + 24) = 0.72
        #   30 changed words: about (148 - 90) / (148 + 90) = 0.24
        for name, changed in (("near", 8), ("far", 30), ("same", 0)):
            base = self.text(rng)
            copy = list(base)
            for k in rng.sample(range(150), changed):
                copy[k] = "changed%d" % k
            pairs[name] = (base, copy)
            write(self.path("c", name + "-a.txt"), " date 2023-05-01 %s Original Report\n\n%s.\n" % (name.title(), " ".join(base)))
            write(self.path("c", name + "-b.txt"), " date 2023-05-03 %s Reprinted Report\n\n%s.\n" % (name.title(), " ".join(copy)))
        return pairs

    def clusters(self, db):
        r = self.search("--format", "json", "--limit", "100", "--duplicates", "show", "date:2023", db=db)
        self.assertEqual(r.code, 0, r)
        return {h["id"]: h["cluster"] for h in r.json_lines()}

    def test_similarity_threshold_decides_which_pairs_are_copies(self):
        self.write_pairs()
        expected = {
            None: {"near-a": "near-a", "near-b": "near-a", "same-a": "same-a", "same-b": "same-a",
                   "far-a": None, "far-b": None},
            "0.95": {"near-a": None, "near-b": None, "same-a": "same-a", "same-b": "same-a",
                     "far-a": None, "far-b": None},
        }
        for similarity, clusters in expected.items():
            db = self.path("db%s" % similarity)
            extra = ["--similarity", similarity] if similarity else []
            self.assertEqual(self.index(self.path("c"), db=db, extra=extra).code, 0)
            with self.subTest(similarity=similarity):
                self.assertEqual(self.clusters(db), clusters)


if __name__ == "__main__":
    unittest.main()
