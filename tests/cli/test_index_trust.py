"""Nothing found is silently lost, and clusters keep their rule.

- Every line repeated in several articles (page furniture learned as
  boilerplate included) is found by phrase search in every article that holds
  it, checked against an independent scan of the files.
- Sentences and labels in tables of figures are never learned as boilerplate.
- Near-copy clusters never chain: every member is within the window of its
  cluster's first article and similar to it.
"""
import collections
import json
import os
import re
import shutil

from harness import CORPUS, INDEXER, TempDirTest, run
import test_news

# Wire-style articles: earnings tables and deal notes whose labels and
# closing sentence repeat in every one (as in Reuters-21578).
TABLE = """ date 1987-03-%02d %s INC <X%d> 4TH QTR NET

Shr %d cts vs %d cts

Net %d,%03d,000 vs %d,%03d,000

Nine mths

Shr %d.%02d dlrs vs %d.%02d dlrs

Pay April 30

Record March 31
"""
DEAL = """ date 1987-04-%02d %s BUYS UNIT

%s Inc said it agreed to buy the packaging unit of a rival
for an undisclosed sum, its %s deal this year.

Terms were not disclosed.
"""
NAMES = ["ALDER", "BIRCH", "CEDAR", "DOGWOOD", "ELM", "FIR", "GINKGO"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]


def write_wire(folder):
    for i, name in enumerate(NAMES):
        with open(os.path.join(folder, "wire-net-%d.txt" % i), "w") as f:
            f.write(TABLE % (i + 1, name, i, 10 + i, 8 + i, 5 + i, 17 * i, 4 + i, 13 * i, 2, 10 * i,
                             1, 90 - i))
        with open(os.path.join(folder, "wire-deal-%d.txt" % i), "w") as f:
            f.write(DEAL % (i + 1, name, name.capitalize(), ORDINALS[i]))


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def plain_phrase(line):
    """The words of `line` when the tokenisers of Xapian and Python agree on
    them (letters and digits separated by spaces and simple punctuation)."""
    tokens = line.split()
    if len(tokens) < 2 or not all(re.fullmatch(r"[A-Za-z0-9]+[.,:|]?|\|", t) for t in tokens):
        return None
    return words(line)


class RepeatedLinesTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.corpus = self.path("corpus")
        shutil.copytree(CORPUS, self.corpus)
        test_news.write_fixture(self.corpus)  # three outlets' scraped pages
        write_wire(self.corpus)
        self.assertEqual(self.index(self.corpus).code, 0)

    def articles(self):
        """{id: word list of the text after the date}, read from the files."""
        out = {}
        for name in sorted(os.listdir(self.corpus)):
            if name.endswith(".txt"):
                with open(os.path.join(self.corpus, name), encoding="utf-8") as f:
                    text = f.read()
                text = re.sub(r"^\s*date \d{4}-\d\d-\d\d", "", text)
                out[name[:-4]] = (text, words(text))
        return out

    def test_phrase_search_finds_every_repeated_line_everywhere(self):
        articles = self.articles()
        holders = collections.defaultdict(set)
        for ident, (text, _) in articles.items():
            for line in text.splitlines():
                phrase = plain_phrase(line)
                if phrase:
                    holders[" ".join(phrase)].add(ident)
        repeated = sorted(p for p, ids in holders.items() if len(ids) >= 2)
        learned = {line.split("\t", 1)[1] for line in
                   run([INDEXER, "boilerplate", "--db", self.path("db"), "--top", "1000"]).out.splitlines()[1:]}
        self.assertGreaterEqual(len(learned), 20)  # furniture was learned...
        self.assertGreaterEqual(len(repeated), 20)
        expected_total = found_total = 0
        for phrase in repeated:
            target = phrase.split()
            expected = {i for i, (_, w) in articles.items()
                        if any(w[k:k + len(target)] == target for k in range(len(w)))}
            r = self.search("--format", "json", "--limit", "1000", '"%s"' % phrase)
            found = set(r.ids())
            with self.subTest(phrase=phrase):
                self.assertEqual(expected - found, set(), r)  # 100% recall
            expected_total += len(expected)
            found_total += len(expected & found)
        self.assertEqual(found_total, expected_total)
        # ... and its words are found one by one too.
        r = self.search("--format", "json", "--limit", "1000", "--match", "all", "recent", "stories")
        self.assertEqual(sorted(r.ids()),
                         sorted(i for i, (_, w) in articles.items() if {"recent", "stories"} <= set(w)))

    def test_sentences_and_table_labels_are_not_learned(self):
        r = run([INDEXER, "boilerplate", "--db", self.path("db"), "--top", "1000"])
        self.assertEqual(r.code, 0, r)
        learned = {line.split("\t", 1)[1] for line in r.out.splitlines()[1:]}
        for line in ("Nine mths", "Pay April 30", "Record March 31", "Terms were not disclosed."):
            self.assertNotIn(line, learned)
        for line in test_news.BOILERPLATE:
            self.assertIn(line, learned)
        # Their words keep their weight: a deal note scores on its last line.
        hits = self.search("--format", "json", '"terms were not disclosed"').json_lines()
        self.assertEqual(len(hits), 7)
        self.assertTrue(all(h["score"] > 0 for h in hits), hits)


STORY = ("Harbour pilots in Saltmere voted to strike over new night shift rules on Tuesday, "
         "saying the port authority had ignored safety warnings for months while cargo volumes "
         "grew and crews were cut back to save money before the winter season began in earnest")
EXTRA = ("The union said talks could resume next week if the authority withdrew the rota and "
         "agreed to an independent review of staffing levels at every berth in the harbour")


def story(date, text):
    return " date %s Pilots Vote To Strike\n\n%s.\n" % (date, text)


class ClusterRuleTest(TempDirTest):
    def clusters(self, db=None):
        hits = self.search("--format", "json", "--limit", "100", "pilots", db=db).json_lines()
        return {h["id"]: (h["cluster"], h["date"]) for h in hits}

    def test_copies_do_not_chain_across_the_window(self):
        # Reprints every 4 days: each within 7 days of the one before it, the
        # last 12 days after the first.
        corpus = self.path("c")
        os.makedirs(corpus)
        for i, day in enumerate((1, 5, 9, 13)):
            self.write("c/p%d.txt" % i, story("2021-03-%02d" % day, STORY + " " + "x%d" % i))
        self.assertEqual(self.index(corpus).code, 0)
        got = self.clusters()
        self.assertEqual(got["p0"][0], "p0")
        self.assertEqual(got["p1"][0], "p0")  # 4 days after p0
        self.assertNotEqual(got["p2"][0], "p0")  # 8 days after p0: not chained through p1
        for key in {c for c, _ in got.values() if c}:
            days = sorted(int(d[-2:]) for c, d in got.values() if c == key)
            self.assertLessEqual(days[-1] - days[0], 7, got)

    def test_members_are_similar_to_the_first_article(self):
        # Windows of one word sequence: b shares most of a's words, c most
        # of b's, but c little more than half of a's.
        corpus = self.path("c")
        os.makedirs(corpus)
        seq = ["pilot%03d" % k for k in range(140)]
        for name, start in (("a", 0), ("b", 15), ("c", 30)):
            self.write("c/%s.txt" % name, " date 2021-03-0%d Pilots Story %s\n\n%s.\n"
                       % (1 + "abc".index(name), name.upper(), " ".join(seq[start:start + 100])))
        self.assertEqual(self.index(corpus).code, 0)
        hits = self.search("--format", "json", "--limit", "100", "date:2021").json_lines()
        got = {h["id"]: h["cluster"] for h in hits}
        self.assertEqual(got["b"], "a", got)
        self.assertNotEqual(got["c"], "a", got)

    def test_update_gives_the_clusters_of_a_fresh_build(self):
        corpus = self.path("c")
        os.makedirs(corpus)
        for i, day in enumerate((3, 7, 11, 15)):
            self.write("c/p%d.txt" % i, story("2021-03-%02d" % day, STORY + " " + "x%d" % i))
        self.assertEqual(self.index(corpus, db=self.path("upd")).code, 0)
        # An earlier reprint moves which articles start clusters.
        steps = [lambda: self.write("c/p9.txt", story("2021-03-01", STORY + " x9")),
                 lambda: os.remove(os.path.join(corpus, "p9.txt")),
                 lambda: os.remove(os.path.join(corpus, "p1.txt"))]
        for step, change in enumerate(steps):
            change()
            u = run([INDEXER, "update", corpus, "--db", self.path("upd")])
            self.assertIn(u.code, (0, 1), u)
            fresh = self.path("fresh%d" % step)
            self.assertEqual(self.index(corpus, db=fresh).code, 0)
            self.assertEqual(self.clusters(self.path("upd")), self.clusters(fresh), step)


class BoilerplateRelearnedByUpdateTest(TempDirTest):
    """An update learns the boilerplate set again, as a fresh build of the same
    files would: edits that push a footer across the learning threshold and
    back give the index of a fresh build (default page, scores, titles,
    snippets, clusters, the learned set)."""

    # The reference length is given, so the fresh build is made with the
    # settings the update keeps (a build would measure its own average).
    FLAGS = ["--boilerplate-min-articles", "3", "--boilerplate-min-share", "0",
             "--length-reference", "40"]
    FOOTER = "Subscribe To The Harbour Gazette Today"
    TOPICS = ["ferry timetable", "grain silo", "lighthouse keeper", "tidal barrier",
              "fish market", "dock strike", "harbour dredging", "pilot boat"]
    QUERIES = [["subscribe"], ['"harbour gazette"'], ["harbour"], ["ferry", "OR", "silo"],
               ["keeper"], ["gazette", "strike"]]

    def write_article(self, i, footer):
        topic = self.TOPICS[i]
        body = ("The %s was the talk of the quay on day %d. Officials said the %s would "
                "be reviewed by the council after complaints from %d residents.\n"
                % (topic, i + 1, topic, 10 * i + 7))
        text = " date 2023-0%d-1%d %s Review Announced\n\n%s" % (i % 9 + 1, i, topic.title(), body)
        if footer:
            text += "\n%s\n" % self.FOOTER
        with open(os.path.join(self.corpus, "art-%d.txt" % i), "w") as f:
            f.write(text)
        # A settled mtime, so a later edit of the same size is still seen.
        os.utime(os.path.join(self.corpus, "art-%d.txt" % i), (1e9 + i, 1e9 + i))

    def learned(self, db):
        r = run([INDEXER, "boilerplate", "--db", db])
        self.assertEqual(r.code, 0, r)
        return r.out

    def assert_like_fresh_build(self, step):
        fresh = self.path("fresh-" + step)
        self.assertEqual(self.index(self.corpus, db=fresh, extra=self.FLAGS).code, 0, step)
        self.assertEqual(self.learned(self.path("db")), self.learned(fresh), step)
        for q in self.QUERIES:
            a = self.search("--format", "json", *q, db=self.path("db"))
            b = self.search("--format", "json", *q, db=fresh)
            self.assertEqual((a.code, a.out), (b.code, b.out), (step, q))
            a = self.search("--color", "never", *q, db=self.path("db"))
            b = self.search("--color", "never", *q, db=fresh)
            self.assertEqual(a.out, b.out, (step, q))

    def test_footer_across_the_threshold_and_back(self):
        self.corpus = self.path("c")
        os.makedirs(self.corpus)
        for i in range(len(self.TOPICS)):
            self.write_article(i, footer=i < 2)
        self.assertEqual(self.index(self.corpus, db=self.path("db"), extra=self.FLAGS).code, 0)
        self.assertNotIn(self.FOOTER, self.learned(self.path("db")))

        self.write_article(2, footer=True)  # three articles: learned
        self.assertEqual(run([INDEXER, "update", self.corpus, "--db", self.path("db")]).code, 0)
        self.assertIn("3\t" + self.FOOTER, self.learned(self.path("db")))
        self.assertGreater(len(self.search("--format", "json", "subscribe",
                                           db=self.path("db")).json_lines()), 2)
        self.assert_like_fresh_build("learned")

        os.remove(os.path.join(self.corpus, "art-0.txt"))  # two again: not boilerplate
        self.assertEqual(run([INDEXER, "update", self.corpus, "--db", self.path("db")]).code, 0)
        self.assertNotIn(self.FOOTER, self.learned(self.path("db")))
        self.assert_like_fresh_build("forgotten")
