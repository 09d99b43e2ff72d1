"""End-to-end tests of the news features: boilerplate, near-duplicates,
timelines, spelling, --like, --show, --explain, snippets and `indexer dates`.

A fixture corpus is generated per class: three fictional outlets whose pages
carry their own menus, share buttons and "Recent Stories" blocks (the lines
seen in scraped pages such as ../shared/corpora/seeds/004_*.txt), around
known stories; one wire story is reprinted by all three with small edits, and
one quote appears in two different stories.
"""
import collections
import datetime
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import tempfile
import termios
import fcntl
import unittest

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, run

KESTREL = ["009_9921a611d8e291db", "012_33a742aec2dc3753", "015_e7247748db8ac2d4",
           "019_080a1c1af0952442", "024_b4a0b68dfab0b0af", "034_cfaef7be258ac402",
           "039_234a4e791e53517d", "046_da4f9cff94567071"]
MARLOW = ["003_30d74e8d46e107f2", "004_f6890ed547403508", "005_db515799a6c3e831",
          "006_f84985288ffbc2b5", "007_a1636e83711bfde8", "008_37a3210c4c286c0a",
          "010_182a25f698339145", "011_52885b46715b53ce"]

# Page furniture of each outlet: every line is boilerplate.
OUTLETS = {
    "harbourpost": (["Open Menu", "Skip to content", "Harbour Post Home"],
                    ["Related Topics", "Share on Facebook", "Share on X", "Recent Stories",
                     "Ferry timetable changes for winter ..", "1 minute ago",
                     "Council approves new cycle lanes ..", "1 minute ago",
                     "Subscribe to our newsletter"]),
    "valleyherald": (["Open Menu", "Valley Herald | Your Daily News", "Sign In"],
                     ["Share this article", "Print", "Recent Stories",
                      "Bakery wins regional prize ..", "5 minutes ago",
                      "Most Read", "Copyright Valley Herald Media"]),
    "coastdaily": (["Menu", "Coast Daily", "Search"],
                   ["Related Topics", "Tweet", "Email", "Recent Stories",
                    "Tide tables for the weekend ..", "1 minute ago",
                    "Advertisement"]),
}
BOILERPLATE = sorted({line for head, tail in OUTLETS.values() for line in head + tail})

QUOTE = '"We will not let this town down," the mayor of Brindlemoor said.'

# Local stories: six per outlet, each with its own text drawn from a fixed
# vocabulary by a seeded generator (so no two are near-copies) and its own
# keyword; the quote appears in two stories of two outlets.
VOCAB = ("council harbour river school market bakery ferry road bridge library orchard "
         "festival choir museum weather storm tide fishing boat garden park station tram "
         "bus hospital doctor teacher farmer mayor shop price rent house street square "
         "church castle hill valley forest lake island coast beach sand rock wind rain "
         "snow frost summer winter spring autumn morning evening night week month year "
         "people family child crowd visitor worker driver student reader runner singer "
         "opened closed moved built repaired painted planted sold bought visited wanted "
         "said told asked warned praised agreed refused promised planned hoped").split()
KEYWORDS = ["quillan", "brackenford", "ostmere", "tarrowby", "felsham", "wyncote"]
QUOTE_IN = {"harbourpost-1", "valleyherald-4"}


def local_stories(outlet, seed):
    import random
    rng = random.Random(seed)
    stories = []
    for n, keyword in enumerate(KEYWORDS):
        words = [rng.choice(VOCAB) for _ in range(70)]
        words.insert(rng.randrange(70), keyword)
        para = " ".join(words).capitalize() + "."
        body = [para]
        if f"{outlet}-{n}" in QUOTE_IN:
            body.append(QUOTE)
        headline = f"{keyword.capitalize()} {outlet.capitalize()} Story Number {n} Of Six"
        stories.append((f"{n}", f"2023-0{1 + n % 5}-1{n}", headline, body))
    return stories


WIRE_BODY = [
    "Shipping regulators ordered every tanker operator in the Gullhaven strait to fit "
    "new double hull sensors by the end of the year, after two collisions in the "
    "channel this winter left oil on the beaches of three fishing villages.",
    "The regulator said inspectors would board vessels without notice from April, and "
    "operators that failed the checks would be barred from the strait until repairs were "
    "made. Fishing associations welcomed the order but said it came too late for the "
    "oyster beds damaged in January.",
    "Tanker operators have argued that the sensors cost too much and that the collisions "
    "were caused by fog rather than by any fault of the hulls.",
]
WIRE_DATES = {"harbourpost": "2023-03-01", "valleyherald": "2023-03-02", "coastdaily": "2023-03-04"}


def page(outlet, date, headline, paragraphs):
    head, tail = OUTLETS[outlet]
    lines = [f" date {date} {head[0]}", ""] + head[1:] + ["", headline, ""]
    for p in paragraphs:
        lines += [p, ""]
    lines += tail
    return "\n".join(lines) + "\n"


def write_fixture(root):
    """Writes the fixture; returns {id: (outlet, date)}."""
    made = {}
    for seed, outlet in enumerate(OUTLETS):
        for slug, date, headline, body in local_stories(outlet, seed):
            ident = f"{outlet}-{slug}"
            with open(os.path.join(root, ident + ".txt"), "w") as f:
                f.write(page(outlet, date, headline, body))
            made[ident] = (outlet, date)
        body = list(WIRE_BODY)
        if outlet == "valleyherald":
            body[0] = body[0].replace("every tanker operator", "all tanker operators")
        if outlet == "coastdaily":
            body.append("Reporting by the Coast Daily news desk.")
        ident = f"{outlet}-wire"
        with open(os.path.join(root, ident + ".txt"), "w") as f:
            f.write(page(outlet, WIRE_DATES[outlet], "Regulator Orders Tanker Sensors In Gullhaven Strait", body))
        made[ident] = (outlet, WIRE_DATES[outlet])
    return made


class FixtureTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="newsdex-news-")
        cls.corpus = os.path.join(cls.root, "corpus")
        os.makedirs(cls.corpus)
        cls.made = write_fixture(cls.corpus)
        cls.db_dir = os.path.join(cls.root, "db")
        cls.build = run([INDEXER, "build", cls.corpus, "--db", cls.db_dir])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def s(self, *args):
        return self.search(*args, db=self.db_dir)

    def test_build_reports_boilerplate_and_clusters(self):
        self.assertEqual(self.build.code, 0, self.build)
        self.assertIn("indexed 21 articles", self.build.err)
        self.assertRegex(self.build.err, r"3 articles in 1 near-duplicate clusters")

    def test_indexer_boilerplate_lists_the_learned_lines(self):
        r = run([INDEXER, "boilerplate", "--db", self.db_dir, "--top", "100"])
        self.assertEqual(r.code, 0, r)
        learned = {line.split("\t", 1)[1] for line in r.out.splitlines()[1:]}
        # Each outlet's lines are on its 7 pages; headlines of the story
        # appear on 3 pages only (below the floor of 5): not boilerplate.
        for line in BOILERPLATE:
            self.assertIn(line, learned)
        for seed, outlet in enumerate(OUTLETS):
            for _, _, headline, _ in local_stories(outlet, seed):
                self.assertNotIn(headline, learned)
        self.assertNotIn(QUOTE, learned)
        self.assertEqual(r.out.splitlines()[1], "21\tRecent Stories")  # most frequent first

    def test_boilerplate_gone_from_titles_and_snippets(self):
        queries = [["oyster"], ["quillan"], ["ostmere"], ["felsham", "wyncote"], ["tanker"],
                   ["mayor"], ["date:2023"]]
        seen = 0
        for q in queries:
            r = self.s("--format", "json", "--limit", "100", *q)
            self.assertEqual(r.code, 0, (q, r))
            for hit in r.json_lines():
                seen += 1
                for line in BOILERPLATE:
                    self.assertNotIn(line, hit["title"], (q, hit))
                    self.assertNotIn(line, hit["snippet"], (q, hit))
        self.assertGreaterEqual(seen, 21)
        titles = {h["id"]: h["title"] for h in self.s("--format", "json", "--limit", "100", "date:2023").json_lines()}
        self.assertEqual(titles["coastdaily-0"], "Quillan Coastdaily Story Number 0 Of Six")
        self.assertEqual(titles["harbourpost-wire"], "Regulator Orders Tanker Sensors In Gullhaven Strait")

    def test_boilerplate_words_are_findable_without_weight_and_stay_stored(self):
        # Every word stays findable, by word and by phrase; furniture lines
        # add nothing to scores.
        pages = {outlet: sorted(i for i, (o, _) in self.made.items() if o == outlet) for outlet in OUTLETS}
        for query, expected in ((['"Recent Stories"'], sorted(self.made)),
                                (["Facebook"], pages["harbourpost"]),
                                (['"subscribe to our newsletter"'], pages["harbourpost"]),
                                (["Advertisement"], pages["coastdaily"])):
            r = self.s("--format", "json", "--limit", "100", *query)
            self.assertEqual(r.code, 0, (query, r))
            self.assertEqual(sorted(r.ids()), expected, query)
            # "to" and "our" score where the text has them, and so does the
            # stem of "Stories": every headline here has "Story".
            if "to our" not in query[0] and "Stories" not in query[0]:
                self.assertEqual({h["score"] for h in r.json_lines()}, {0}, query)
        # A phrase does not run from furniture into the text after it more
        # than from one body line into the next: "Harbour Post Home" is
        # followed by the headline line on every harbourpost page.
        r = self.s("--format", "json", "--limit", "100", '"post home quillan"')
        self.assertEqual(r.ids(), ["harbourpost-0"], r)
        # A furniture word in an article's own text scores as usual there.
        r = self.s("--format", "json", "--limit", "100", "tanker", "Facebook")
        scores = {h["id"]: h["score"] for h in r.json_lines()}
        self.assertGreater(scores["harbourpost-wire"], 0)
        shown = self.s("--show", "harbourpost-1")
        self.assertEqual(shown.code, 0, shown)
        self.assertIn("Recent Stories", shown.out)
        self.assertIn("Share on Facebook", shown.out)

    def test_a_quote_in_two_stories_is_content(self):
        r = self.s("--format", "json", "--limit", "100", '"let this town down"')
        self.assertEqual(set(r.ids()), QUOTE_IN)

    def test_text_output_collapses_near_copies_with_count_and_dates(self):
        r = self.s("tanker", "sensors")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out.count("Regulator Orders Tanker Sensors"), 1, r)
        # The other two copies' dates, first to last (WIRE_DATES: the 1st,
        # 2nd and 4th of March; the shown copy is one of them).
        shown_date = re.search(r"Regulator Orders Tanker Sensors In Gullhaven Strait\n\s+(\S+)", r.out).group(1)
        others = sorted(set(WIRE_DATES.values()) - {shown_date})
        self.assertEqual(len(others), 2, r.out)
        self.assertIn("+2 similar (%s .. %s)" % (others[0], others[1]), r.out)
        shown = self.s("tanker", "sensors", "--duplicates", "show")
        self.assertEqual(shown.out.count("Regulator Orders Tanker Sensors"), 3, shown)
        self.assertNotIn("similar", shown.out)

    def test_json_carries_cluster_id_and_size(self):
        hits = self.s("--format", "json", "tanker").json_lines()
        self.assertEqual(len(hits), 3)  # json shows every copy by default
        self.assertEqual({h["cluster"] for h in hits}, {"coastdaily-wire"})  # smallest id
        self.assertEqual({h["cluster_size"] for h in hits}, {3})
        collapsed = self.s("--format", "json", "tanker", "--duplicates", "collapse").json_lines()
        self.assertEqual(len(collapsed), 1)
        self.assertEqual(collapsed[0]["similar"], 2)
        alone = self.s("--format", "json", "quillan").json_lines()
        self.assertEqual(len(alone), 3)
        self.assertEqual({(h["cluster"], h["cluster_size"]) for h in alone}, {(None, 1)})

    def test_clusters_do_not_depend_on_file_order(self):
        # The same files under other names in another order: same groups.
        other = self.path("renamed")
        os.makedirs(other)
        for name in sorted(os.listdir(self.corpus), reverse=True):
            shutil.copy(os.path.join(self.corpus, name), os.path.join(other, "z" + name))
        self.assertEqual(self.index(other).code, 0)
        hits = self.search("--format", "json", "tanker").json_lines()
        self.assertEqual({h["cluster"] for h in hits}, {"zcoastdaily-wire"})


class CorpusNewsTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.db_dir = tempfile.mkdtemp(prefix="newsdex-news-corpus-")
        cls.build = run([INDEXER, "build", CORPUS, "--db", cls.db_dir])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.db_dir, ignore_errors=True)

    def s(self, *args, **kwargs):
        return self.search(*args, db=self.db_dir, **kwargs)

    @staticmethod
    def files():
        """(id, date, text) of every corpus article, read independently."""
        out = []
        for name in sorted(os.listdir(CORPUS)):
            if name.endswith(".txt"):
                with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
                    text = f.read()
                date = re.match(r"\s*date (\d{4}-\d\d-\d\d)", text).group(1)
                out.append((name[:-4], date, text))
        return out

    def independent_months(self, word):
        pattern = re.compile(r"\b%s\b" % re.escape(word), re.IGNORECASE)
        return collections.Counter(d[:7] for _, d, t in self.files() if pattern.search(t))

    def test_histogram_json_equals_independent_counts_per_month(self):
        for word in ["Kestrel", "Marlow", "Valdoria", "strike"]:
            with self.subTest(word=word):
                r = self.s("--histogram", "month", "--format", "json", word)
                self.assertEqual(r.code, 0, r)
                rows = r.json_lines()
                expected = self.independent_months(word)
                got = {row["period"]: row["count"] for row in rows if row["count"]}
                self.assertEqual(got, dict(expected))
                # Every month between the first and last is there, in order.
                periods = [row["period"] for row in rows]
                first, last = min(expected), max(expected)
                y, m = map(int, first.split("-"))
                want = []
                while f"{y:04d}-{m:02d}" <= last:
                    want.append(f"{y:04d}-{m:02d}")
                    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
                self.assertEqual(periods, want)

    def test_histogram_applies_filters_and_normalizes(self):
        r = self.s("--histogram", "year", "--format", "json", "Kestrel", "--from", "2021", "--to", "2023")
        got = {row["period"]: row["count"] for row in r.json_lines()}
        expected = collections.Counter(d[:4] for _, d, t in self.files()
                                       if "kestrel" in t.lower() and "2021" <= d[:4] <= "2023")
        self.assertEqual(got, dict(expected))
        norm = self.s("--histogram", "year", "--format", "json", "--normalize", "Kestrel").json_lines()
        per_year = collections.Counter(d[:4] for _, d, _ in self.files())
        kestrel = collections.Counter(d[:4] for _, d, t in self.files() if "kestrel" in t.lower())
        years = [str(y) for y in range(int(min(kestrel)), int(max(kestrel)) + 1)]
        self.assertEqual([row["period"] for row in norm], years)
        for row in norm:
            self.assertEqual(row["count"], kestrel[row["period"]], row)
            self.assertEqual(row["total"], per_year[row["period"]], row)
            self.assertAlmostEqual(row["share"], kestrel[row["period"]] / per_year[row["period"]])
        text = self.s("--histogram", "year", "Kestrel")
        self.assertIn("<- peak", text.out)
        self.assertRegex(text.out, r"8 matching articles")

    def test_did_you_mean_for_misspelt_indexed_words(self):
        r = self.s("kestral")
        self.assertEqual(r.code, 1, r)
        self.assertIn("searcher: did you mean: kestrel?", r.err)
        r = self.s("essendra", "droght", "--match", "all")
        self.assertIn("searcher: did you mean: essendra drought?", r.err)
        # Nothing for a correct query, and JSON output stays pure.
        self.assertNotIn("did you mean", self.s("kestrel").err)
        # Regression: an indexed word with few matches is not "corrected"
        # into a more frequent neighbour ("recount" -> "recent").
        self.assertNotIn("did you mean", self.s("recount").err)
        j = self.s("--format", "json", "kestral")
        self.assertEqual(j.out, "")
        self.assertNotIn("did you mean", j.err)

    def test_like_ranks_the_story_follow_ups_first(self):
        for story in (MARLOW, KESTREL):
            for article in (story[0], story[3]):
                r = self.s("--like", article, "--format", "json", "--limit", "7")
                self.assertEqual(r.code, 0, r)
                ids = r.ids()
                self.assertNotIn(article, ids)
                # The closest follow-ups come first; a scraped page's link
                # list may pull one stray article into the rest.
                self.assertTrue(set(ids[:3]) <= set(story), r)
                self.assertGreaterEqual(len(set(ids) & set(story)), 6, r)

    def test_like_with_date_filter_and_unknown_id(self):
        r = self.s("--like", MARLOW[0], "--format", "json", "--from", "2020", "--limit", "3")
        self.assertTrue(all(h["date"] >= "2020" for h in r.json_lines()), r)
        self.assertEqual(r.ids()[0] in MARLOW, True)
        bad = self.s("--like", "nope")
        self.assertEqual(bad.code, 2)
        self.assertIn("no article with id 'nope'", bad.err)

    def test_show_prints_the_whole_article_with_metadata(self):
        ident = "009_9921a611d8e291db"
        r = self.s("--show", ident)
        self.assertEqual(r.code, 0, r)
        with open(os.path.join(CORPUS, ident + ".txt"), encoding="utf-8") as f:
            text = f.read()
        body = text.split("\n", 1)[1]
        self.assertIn("id:    " + ident, r.out)
        self.assertIn("date:  2020-05-04", r.out)
        self.assertIn("title: Kestrel Aerospace Completes Full Engine Test Ahead Of First Launch", r.out)
        self.assertIn("Recent Stories", r.out)
        self.assertTrue(r.out.rstrip().endswith(body.rstrip()), r.out)
        j = self.s("--show", ident, "--format", "json").json_lines()
        self.assertEqual(len(j), 1)
        self.assertEqual(j[0]["date"], "2020-05-04")
        self.assertIn("Open Menu", j[0]["body"])

    def test_show_lists_every_file_sharing_an_id(self):
        a = self.write("a/same.txt", " date 2021-01-01 First Copy Of Same\n\nOne text here.\n")
        b = self.write("b/same.txt", " date 2021-01-02 Second Copy Of Same\n\nAnother text here.\n")
        self.assertEqual(self.index(os.path.dirname(a), os.path.dirname(b)).code, 0)
        r = self.search("--show", "same")
        self.assertIn("2 articles share the id same", r.out)
        self.assertIn("First Copy Of Same", r.out)
        self.assertIn("Second Copy Of Same", r.out)

    def test_explain_prints_parsed_query_and_score_parts(self):
        r = self.s("--explain", "-n", "3", "Marlow", "strike")
        self.assertEqual(r.code, 0, r)
        # Every word is stemmed, capitalised or not.
        self.assertIn("query: Query((Zmarlow@1 OR Zstrike@2))", r.out)
        parts = re.findall(r"score (\S+) = (.*)\[sum (\S+)\]", r.out)
        self.assertEqual(len(parts), 3, r.out)
        for score, detail, total in parts:
            self.assertIn("Zmarlow", detail)
            self.assertIn("Zstrike", detail)
            self.assertAlmostEqual(float(score), float(total), places=3)
            # The default index stores length-normalised frequencies.
            self.assertRegex(detail, r"Zmarlow \S+ \(tf/K [0-9.]+\)")
        j = self.s("--explain", "--format", "json", "-n", "1", "Marlow").json_lines()
        self.assertEqual(j[0]["explain"][0]["term"], "Zmarlow")
        self.assertAlmostEqual(j[0]["explain"][0]["score"], j[0]["score"])

    def test_explain_shows_the_length_normalised_frequency(self):
        # "zorblax" three times in a short article (under half the reference
        # length, so it counts as half): by hand, K = 1 - b + b * 0.5 = 0.8
        # with b = 0.4, tf / K = 3 / 0.8 = 3.75, and the index stores it
        # scaled by 16: wdf 60. With --exact-tf the raw count stays.
        self.write("c/a.txt", " date 2021-01-01 Harbour Notes\n\nA zorblax, a zorblax and a third zorblax.\n")
        self.write("c/b.txt", " date 2021-01-02 Quiet Quay\n\nNothing else came ashore.\n")
        # The reference length is given: a build would measure this corpus's own.
        self.assertEqual(self.index(self.path("c"), extra=["--length-reference", "280"]).code, 0)
        self.assertEqual(self.index(self.path("c"), db=self.path("exact"), extra=["--exact-tf"]).code, 0)
        part = self.search("--explain", "--format", "json", "zorblax").json_lines()[0]["explain"][0]
        self.assertEqual(part["wdf"], 60, part)
        self.assertAlmostEqual(part["normalized_tf"], 3.75)
        exact = self.search("--explain", "--format", "json", "zorblax", db=self.path("exact")).json_lines()
        self.assertEqual(exact[0]["explain"][0]["wdf"], 3, exact)
        self.assertNotIn("normalized_tf", exact[0]["explain"][0])

    def test_snippet_highlights_typed_words_and_is_cut_to_the_terminal(self):
        r = self.s("--color", "always", "strikes")
        self.assertRegex(r.out, "\x1b\\[1m[Ss]trike")
        out = run_in_pty([SEARCHER, "--db", self.db_dir, "Marlow", "strike"], columns=50)
        lines = [l for l in out.replace("\r", "").split("\n") if l]
        self.assertGreater(len(lines), 10, out)
        for line in lines:
            visible = re.sub("\x1b\\[[0-9;]*m", "", line)
            self.assertLessEqual(len(visible), 50, repr(visible))
        self.assertIn("\u2026", out)

    def test_indexer_dates_report_matches_the_files(self):
        r = run([INDEXER, "dates", "--db", self.db_dir, "--by", "month", "--json"])
        self.assertEqual(r.code, 0, r)
        report = json.loads(r.out)
        dates = sorted(d for _, d, _ in self.files())
        self.assertEqual(report["articles"], 48)
        self.assertEqual((report["undated"], report["future"], report["before_1900"]), (0, 0, 0))
        self.assertEqual((report["first"], report["last"]), (dates[0], dates[-1]))
        per_month = collections.Counter(d[:7] for d in dates)
        got = {p["period"]: p["count"] for p in report["periods"]}
        self.assertEqual({k: v for k, v in got.items() if v}, dict(per_month))
        self.assertEqual(report["gaps"], [p for p, v in got.items() if v == 0])
        self.assertGreater(len(report["gaps"]), 0)
        text = run([INDEXER, "dates", "--db", self.db_dir, "--by", "year"])
        self.assertIn("undated       0", text.out)
        self.assertRegex(text.out, r"\n2022\t14\n")

    def test_dates_report_counts_undated_future_and_old(self):
        self.write("c/a.txt", " date 1850-05-01 Very Old Story\n\nText one.\n")
        self.write("c/b.txt", " date 3023-05-01 Typo Year Story\n\nText two.\n")
        self.write("c/c.txt", "No date at all in this story.\n")
        self.write("c/d.txt", " date 2021-01-05 Normal Story\n\nText four.\n")
        self.write("c/e.txt", " date 2021-03-05 Normal Story Two\n\nText five.\n")
        self.index(self.path("c"))
        report = json.loads(run([INDEXER, "dates", "--db", self.path("db"), "--json"]).out)
        self.assertEqual((report["undated"], report["future"], report["before_1900"]), (1, 1, 1))
        self.assertEqual(report["gaps"], ["2021-02"])


def run_in_pty(args, columns):
    """Runs a command on a pseudo-terminal `columns` wide; returns its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = dict(os.environ, NO_COLOR="1", TERM="xterm")
    env.pop("COLUMNS", None)
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            break
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


if __name__ == "__main__":
    unittest.main()
