"""Sharded indexes: local stub files and remote shards served by xapian-tcpsrv."""
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, run, wait_for

SERVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "serve_shards.sh")
QUERIES = [["Kestrel", "launch"], ["interest", "rate"], ['"interest rate"'], ["Marlow NOT cargo"],
           ["recount", "--from", "2022-11"], ["inflation", "--sort", "newest"], ["wheat OR harvest"]]


def glob_shard(db, k):
    with open(os.path.join(db, "XAPIANDB")) as f:
        entries = [line.split()[1] for line in f if line.strip()]
    return os.path.join(db, entries[k])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BreakingProxy:
    """Forwards TCP connections to a shard server and cuts a connection, both
    ways, once the client sends `trigger` (say, a word of a query): the shard
    then fails in the middle of a search, after it opened fine."""

    def __init__(self, port, trigger):
        self.target = port
        self.trigger = trigger
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, source, sink, watch):
        seen = b""
        try:
            while True:
                data = source.recv(65536)
                seen = seen[-len(self.trigger):] + data
                if not data or (watch and self.trigger in seen):
                    break
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


@unittest.skipUnless(shutil.which("xapian-tcpsrv"), "xapian-tcpsrv (xapian-tools) not installed")
class ShardTest(TempDirTest):
    def setUp(self):
        super().setUp()
        # Two shards from alternate articles, and the same articles in one index.
        names = sorted(n for n in os.listdir(CORPUS) if n.endswith(".txt"))
        for i, name in enumerate(names):
            os.makedirs(self.path("part%d" % (i % 2)), exist_ok=True)
            shutil.copy(os.path.join(CORPUS, name), self.path("part%d" % (i % 2), name))
        # Built apart, the shards measure their own average length; one stored length makes
        # them rank as one index (as update keeps a build's).
        same = ["--length-reference", "280"]
        for k in (0, 1):
            self.assertEqual(self.index(self.path("part%d" % k), db=self.path("shard%d" % k), extra=same).code, 0)
        self.assertEqual(self.index(self.path("part0"), self.path("part1"), db=self.path("single"), extra=same).code, 0)
        with open(self.path("local.stub"), "w") as f:
            f.write("auto shard0\nauto shard1\n")

    def serve(self, shards=("shard0", "shard1"), stub="remote.stub"):
        """Serves each shard on a port of its own; writes the stub listing
        them and returns the servers' pids. A port another process takes
        between the check and the server's bind is retried with another."""
        lines, pids = [], []
        paths = []
        for shard in shards:
            # A sharded index folder: each of its shards on a port of its own.
            with open(self.path(shard, "XAPIANDB")) as f:
                entries = [line for line in f if line.startswith("auto ")]
            paths += [glob_shard(self.path(shard), k) for k in range(len(entries))] if len(entries) > 1 \
                else [self.path(shard)]
        for k, shard in enumerate(paths):
            part = self.path("%s.%d" % (stub, k))
            for attempt in range(10):
                port = free_port()
                r = run([SERVE, "start", part, str(port), shard])
                if r.code == 0:
                    break
                self.assertIn("did not start", r.err, r)
            self.assertEqual(r.code, 0, r)
            self.addCleanup(run, [SERVE, "stop", part])
            with open(part) as f:
                line = f.read()
            self.assertEqual(line, "remote 127.0.0.1:%d\n" % port)
            lines.append(line)
            with open(part + ".pids") as f:
                pids += [int(p) for p in f]
        with open(self.path(stub), "w") as f:
            f.write("".join(lines))
        return pids

    def ports(self, stub):
        with open(self.path(stub)) as f:
            return [int(line.rsplit(":", 1)[1]) for line in f]

    def results(self, db, args, extra=()):
        r = self.search("--format", "json", "--limit", "100", *extra, *args, db=db)
        self.assertIn(r.code, (0, 1), r)
        return [(h["id"], h["score"], h["date"], h["title"], h["snippet"], h["cluster"], h["cluster_size"])
                for h in r.json_lines()]

    def assert_same_results(self, db, extra=()):
        for args in QUERIES:
            with self.subTest(db=os.path.basename(db), query=args):
                expected = self.results(self.path("single"), args)
                got = self.results(db, args, extra)
                self.assertEqual([g[0] for g in got], [e[0] for e in expected])
                for g, e in zip(got, expected):
                    self.assertAlmostEqual(g[1], e[1], delta=1e-9)
                    self.assertEqual(g[2:], e[2:])

    def test_local_stub_gives_the_results_of_one_database(self):
        self.assert_same_results(self.path("local.stub"))

    def test_remote_shards_give_the_results_of_one_database(self):
        self.serve()
        self.assert_same_results(self.path("remote.stub"))

    def test_remote_shards_without_the_files_use_the_sample_or_the_stored_text(self):
        # A searcher on another machine cannot read a remote shard's files:
        # moving part0 away stands for that. Its hits fall back to the
        # stored sample, with a warning, unless the shard keeps the whole
        # text (--store-text); part1's files are still read.
        self.assertEqual(self.index(self.path("part0"), db=self.path("shard0t"),
                                    extra=["--length-reference", "280", "--store-text"]).code, 0)
        self.serve()
        self.serve(shards=("shard0t", "shard1"), stub="stored.stub")
        query = ["--format", "json", "--limit", "100", "interest", "rate"]
        expected = self.search(*query, db=self.path("single")).json_lines()
        os.rename(self.path("part0"), self.path("elsewhere"))
        in_part0 = {h["id"] for h in expected if h["path"].startswith(self.path("part0") + os.sep)}
        self.assertTrue(0 < len(in_part0) < len(expected), expected)
        sampled = self.search(*query, db=self.path("remote.stub"))
        self.assertEqual(sampled.code, 0, sampled)
        self.assertEqual({h["id"]: h["text_source"] for h in sampled.json_lines()},
                         {h["id"]: "sample" if h["id"] in in_part0 else "file" for h in expected})
        self.assertIn("warning: indexed text no longer on disk for %d of %d results"
                      % (len(in_part0), len(expected)), sampled.err)
        stored = self.search(*query, db=self.path("stored.stub"))
        self.assertEqual(stored.code, 0, stored)
        self.assertEqual(stored.err, "")
        self.assertEqual([(h["id"], h["snippet"]) for h in stored.json_lines()],
                         [(h["id"], h["snippet"]) for h in expected])
        self.assertEqual({h["id"]: h["text_source"] for h in stored.json_lines()},
                         {h["id"]: "index" if h["id"] in in_part0 else "file" for h in expected})

    def test_explain_like_and_feedback_match_one_database(self):
        # Each of these reads term statistics or documents outside the main
        # match: a per-term subquery (explain), an expansion set (like,
        # feedback).
        self.serve()
        liked = self.search("--format", "json", "interest", "rate", db=self.path("single")).ids()[0]
        for db in (self.path("local.stub"), self.path("remote.stub")):
            for args in (["--explain", "interest", "rate", "inflation"], ["--like", liked],
                         ["--expand", "5", "interest", "rate", "inflation"]):
                with self.subTest(db=os.path.basename(db), args=args):
                    expected = self.search("--format", "json", "--limit", "100", *args, db=self.path("single"))
                    got = self.search("--format", "json", "--limit", "100", *args, db=db)
                    self.assertEqual(got.code, 0, got)
                    self.assertEqual(got.ids(), expected.ids())
                    for g, e in zip(got.json_lines(), expected.json_lines()):
                        self.assertAlmostEqual(g["score"], e["score"], delta=1e-9)
                        parts = [(p["term"], p["wdf"], round(p["score"], 9)) for p in g.get("explain", [])]
                        self.assertEqual(parts, [(p["term"], p["wdf"], round(p["score"], 9))
                                                 for p in e.get("explain", [])])
                    if args[0] == "--explain":
                        self.assertTrue(all(p["score"] > 0 for h in got.json_lines() for p in h["explain"]
                                            if p["wdf"] > 0), got.out)

    def test_remote_pages_of_tied_copies_match_one_database(self):
        # Remote shards take ids from the sort keys of a relevance-then-id
        # sort instead of fetching documents: pages cut through a group of
        # equal scores must still list the ids a single database lists, and
        # near-copies must still report their dates.
        with open(os.path.join(CORPUS, sorted(os.listdir(CORPUS))[0]), encoding="utf-8") as f:
            body = f.read().split("\n", 1)[1]
        # Four copies: a fifth would make their lines boilerplate.
        for i, (name, day) in enumerate([("c3", "05"), ("c1", "02"), ("c0", "09"), ("c2", "03")]):
            self.write("copies%d/%s.txt" % (i % 2, name),
                       " date 2023-04-%s Copied Story Heading\n%s" % (day, body))
        for k in (0, 1):
            self.write("copies%d/x%d.txt" % (k, k), " date 2023-05-0%d Other Heading\nheading words\n" % (k + 1))
        folders = [self.path("copies0"), self.path("copies1")]
        self.assertEqual(self.index(*folders, db=self.path("csingle")).code, 0)
        # One build, so that near-copies in different shards form one cluster.
        self.assertEqual(self.index(*folders, db=self.path("csharded"), extra=("--shards", "2")).code, 0)
        shard_ids = [sorted(self.search("--format", "json", "copied", db=glob_shard(self.path("csharded"), k)).ids())
                     for k in (0, 1)]
        self.assertTrue(all(shard_ids), shard_ids)
        self.serve(("csharded",), "copies.stub")

        def trec(db, *args):
            r = self.search("--format", "trec", *args, "copied", "heading", db=db)
            self.assertEqual(r.code, 0, r)
            return r.out.split("\n")

        full = trec(self.path("csingle"), "--limit", "10")
        self.assertEqual([line.split()[2] for line in full if line][:4], ["c0", "c1", "c2", "c3"])
        for args in [("--limit", str(limit), "--offset", str(offset)) for offset in range(4) for limit in (1, 2, 3)] + \
                [("--sort", "newest"), ("--sort", "oldest"), ("--limit", "3", "--sort", "oldest")]:
            with self.subTest(args=args):
                self.assertEqual(trec(self.path("copies.stub"), *args), trec(self.path("csingle"), *args))
        text = self.search("copied", "heading", db=self.path("csingle"))
        self.assertIn("+3 similar (2023-04-02 .. 2023-04-05)", text.out)
        self.assertEqual(self.search("copied", "heading", db=self.path("copies.stub")).out, text.out)

    def test_indexer_build_shards_gives_the_results_of_one_database(self):
        r = run([INDEXER, "build", self.path("part0"), self.path("part1"), "--db",
                 self.path("sharded"), "--shards", "3", "--length-reference", "280"])
        self.assertEqual(r.code, 0, r)
        with open(self.path("sharded", "XAPIANDB")) as f:
            entries = f.read().split()
        self.assertEqual(entries[0::2], ["auto"] * 3)
        self.assertTrue(all(e.endswith("/shard-%d" % k) for k, e in enumerate(entries[1::2])))
        self.assert_same_results(self.path("sharded"))

    @unittest.skipUnless(shutil.which("xapian-progsrv"), "xapian-progsrv (xapian-tools) not installed")
    def test_parallel_shards_match_one_database(self):
        r = run([INDEXER, "build", self.path("part0"), self.path("part1"), "--db",
                 self.path("sharded"), "--shards", "2", "--length-reference", "280"])
        self.assertEqual(r.code, 0, r)
        self.assert_same_results(self.path("sharded"), ["--parallel"])
        text = self.search("--parallel", "interest", "rate", db=self.path("sharded"))
        self.assertEqual(text.code, 0, text)
        self.assertEqual(text.out, self.search("interest", "rate", db=self.path("single")).out)
        # Wildcards and "Did you mean" read the spelling data, which xapian-progsrv does not
        # serve: the searcher reads it from the shards opened locally.
        for args in (["announce*"], ["title:announce*"], ["satelite"]):
            with self.subTest(query=args):
                got = self.search("--parallel", *args, db=self.path("sharded"))
                want = self.search(*args, db=self.path("single"))
                self.assertEqual((got.code, got.out, got.err), (want.code, want.out, want.err))
        self.assertEqual(self.search("--parallel", "--count", "announce*", db=self.path("sharded")).out,
                         self.search("--count", "announce*", db=self.path("single")).out)
        self.assertEqual(self.search("--parallel", "announce*", db=self.path("sharded")).code, 0)
        self.assertIn("did you mean: satellite?",
                      self.search("--parallel", "satelite", db=self.path("sharded")).err)
        # A batch, two workers each with their own processes, TREC ids from sort keys.
        self.write("queries.tsv", "".join("q%d\t%s\n" % (i, " ".join(q)) for i, q in
                                          enumerate([["Kestrel", "launch"], ["interest", "rate"],
                                                     ['"interest rate"'], ["wheat OR harvest"]])))
        batch = [SEARCHER, "--batch", self.path("queries.tsv"), "--format", "trec", "--limit", "20"]
        expected = run(batch + ["--db", self.path("single")])
        got = run(batch + ["--db", self.path("sharded"), "--parallel", "--jobs", "2"])
        self.assertEqual(got.code, 0, got)
        self.assertEqual(got.out, expected.out)
        # xapian-progsrv takes its arguments split at spaces: said, not misread.
        os.rename(self.path("sharded"), self.path("with space"))
        r = self.search("--parallel", "rate", db=self.path("with space"))
        self.assertEqual(r.code, 2, r)
        self.assertIn("(it has spaces) to xapian-progsrv", r.err)

    def test_update_keeps_each_article_in_its_shard(self):
        self.assertEqual(run([INDEXER, "build", self.path("part0"), self.path("part1"), "--db",
                              self.path("sharded"), "--shards", "3", "--length-reference", "280"]).code, 0)
        moved = sorted(os.listdir(self.path("part1")))[0]
        os.rename(self.path("part1", moved), self.path("part0", moved))
        os.remove(self.path("part0", sorted(os.listdir(self.path("part0")))[1]))
        self.write("part1/999_new.txt", " date 2024-09-09 Kestrel Launch Record\n\nKestrel launch again.\n")
        # Near-copies of one article, added under ids that hash to other
        # shards: the update clusters them with it across shards.
        first = sorted(os.listdir(self.path("part0")))[0]
        with open(self.path("part0", first), encoding="utf-8") as f:
            story = f.read().split("\n", 1)[1]
        for k, name in enumerate(["990_copy", "991_copy", "992_copy"]):
            self.write("part1/%s.txt" % name, " date 2024-01-0%d Copied Again\n%s" % (k + 1, story))
        r = run([INDEXER, "update", self.path("part0"), self.path("part1"), "--db", self.path("sharded")])
        self.assertEqual(r.code, 0, r)
        self.assertIn("4 added", r.err)
        shutil.rmtree(self.path("single"))
        # A fresh build with the settings the update kept (the stored length).
        self.assertEqual(self.index(self.path("part0"), self.path("part1"), db=self.path("single"),
                                    extra=["--length-reference", "280"]).code, 0)
        self.assert_same_results(self.path("sharded"))
        # Each shard holds only the ids that hash to it: a fresh sharded build
        # gives the same shard sizes.
        self.assertEqual(run([INDEXER, "build", self.path("part0"), self.path("part1"), "--db",
                              self.path("fresh"), "--shards", "3"]).code, 0)
        def shard_sizes(db):
            out = []
            for k in range(3):
                r = self.search("--format", "json", "--limit", "1000", "--from", "1900", db=glob_shard(db, k))
                out.append(sorted(r.ids()))
            return out
        self.assertEqual(shard_sizes(self.path("sharded")), shard_sizes(self.path("fresh")))

    def test_check_and_stats_cover_every_shard(self):
        r = run([INDEXER, "build", self.path("part0"), self.path("part1"), "--db",
                 self.path("sharded"), "--shards", "2", "--length-reference", "280"])
        self.assertEqual(r.code, 0, r)
        r = run([INDEXER, "check", "--db", self.path("sharded")])
        self.assertEqual(r.code, 0, r)
        self.assertIn("is sound: 48 articles in 2 shards", r.out)
        # A stub file named relative to the working directory.
        r = run([INDEXER, "check", "--db", "local.stub"], cwd=self.tmp)
        self.assertEqual(r.code, 0, r)
        self.assertIn("is sound: 48 articles in 2 shards", r.out)
        stats = run([INDEXER, "stats", "--db", self.path("sharded"), "--format", "json"])
        self.assertEqual(stats.code, 0, stats)
        sizes = sum(os.path.getsize(os.path.join(d, f)) for k in (0, 1)
                    for d, _, files in os.walk(glob_shard(self.path("sharded"), k)) for f in files)
        self.assertEqual(stats.json_lines()[0]["bytes_on_disk"], sizes)
        # Damage in the second shard is found and named.
        table = os.path.join(glob_shard(self.path("sharded"), 1), "postlist.glass")
        os.truncate(table, os.path.getsize(table) // 2)
        r = run([INDEXER, "check", "--db", self.path("sharded")])
        self.assertEqual(r.code, 2, r)
        self.assertRegex(r.err, r"is damaged: .* in shard .*shard-1")
        # Remote shards are checked where they are served.
        self.serve()
        r = run([INDEXER, "check", "--db", self.path("remote.stub")])
        self.assertEqual(r.code, 2, r)
        self.assertRegex(r.err, r"shard 'remote 127\.0\.0\.1:\d+' is served remotely")
        for command in ("update", "build"):
            r = run([INDEXER, command, self.path("part0"), "--db", self.path("remote.stub")])
            self.assertEqual(r.code, 2, r)
            self.assertIn("remote.stub is a file (a stub listing shards?), not an index folder", r.err)
        stats = run([INDEXER, "stats", "--db", self.path("remote.stub")])
        self.assertEqual(stats.code, 0, stats)
        self.assertIn("articles:   48", stats.out)
        self.assertIn("size:       unknown (remote shards", stats.out)

    def test_compact_merges_shards_into_one_index(self):
        r = run([INDEXER, "compact", "--db", self.path("local.stub"), "--to", self.path("merged")])
        self.assertEqual(r.code, 0, r)
        self.assertIn("compacted 48 articles from 2 database(s)", r.err)
        self.assert_same_results(self.path("merged"))
        r = run([INDEXER, "compact", "--db", self.path("merged")])
        self.assertEqual(r.code, 0, r)
        self.assert_same_results(self.path("merged"))

    def test_a_dead_shard_is_named_and_allow_partial_answers_from_the_rest(self):
        pids = self.serve()
        os.killpg(pids[1], signal.SIGTERM)
        port = self.ports("remote.stub")[1]

        def refused():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return False
            except ConnectionRefusedError:
                return True
        wait_for(refused, what="the killed shard server to stop listening")
        r = self.search("Kestrel", db=self.path("remote.stub"))
        self.assertEqual(r.code, 2, r)
        self.assertRegex(r.err, r"shard 'remote 127\.0\.0\.1:\d+'.*--allow-partial")
        partial = self.search("--format", "json", "--limit", "100", "--allow-partial", "Kestrel",
                              db=self.path("remote.stub"))
        self.assertEqual(partial.code, 0, partial)
        self.assertIn("warning", partial.err)
        alone = self.search("--format", "json", "--limit", "100", "Kestrel", db=self.path("shard0"))
        self.assertEqual(partial.ids(), alone.ids())


    def test_a_shard_failing_mid_batch_is_named_and_allow_partial_answers_from_the_rest(self):
        self.serve(shards=("shard1",))
        # The remote shard breaks when the second query reaches it, after the index opened
        # fine. The other shard is local: with Xapian 1.4 a remote one is left mid-exchange by
        # the failure, fails its keep-alive too, and nothing is left to answer from.
        proxy = BreakingProxy(self.ports("remote.stub")[0], b"zebrafail")
        self.addCleanup(proxy.close)
        with open(self.path("breaking.stub"), "w") as f:
            f.write("auto shard0\nremote 127.0.0.1:%d\n" % proxy.port)
        queries = self.write("queries.tsv", "a\tKestrel\nb\tKestrel zebrafail\nc\tinterest rate\n")

        def batch(db, *extra):
            return run([SEARCHER, "--db", db, "--batch", queries, "--format", "trec", "--limit", "100",
                        *extra])

        def ids(r, qid):
            return [line.split()[2] for line in r.out.splitlines() if line.split()[0] == qid]
        both, alone = batch(self.path("single")), batch(self.path("shard0"))

        r = batch(self.path("breaking.stub"))
        self.assertEqual(r.code, 2, r)
        self.assertEqual(ids(r, "a"), ids(both, "a"))
        for qid in ("b", "c"):  # the shard stays broken for the rest of the batch
            self.assertRegex(r.err, r"query %s \(line \d\): shard 'remote 127\.0\.0\.1:%d' failed: .*"
                             r"--allow-partial" % (qid, proxy.port))
            self.assertEqual(ids(r, qid), [])

        partial = batch(self.path("breaking.stub"), "--allow-partial")
        self.assertEqual(partial.code, 0, partial)
        self.assertEqual(partial.err.count("warning"), 1, partial)
        self.assertIn("shard 'remote 127.0.0.1:%d' failed" % proxy.port, partial.err)
        self.assertEqual(ids(partial, "a"), ids(both, "a"))
        for qid in ("b", "c"):
            self.assertEqual(ids(partial, qid), ids(alone, qid))
        self.assertTrue(ids(partial, "b") and ids(partial, "c"))

    def test_a_stalled_shard_times_out_instead_of_hanging(self):
        pids = self.serve()
        os.killpg(pids[0], signal.SIGSTOP)
        self.addCleanup(os.killpg, pids[0], signal.SIGCONT)
        start = time.time()
        r = self.search("--timeout", "500", "Kestrel", db=self.path("remote.stub"))
        self.assertLess(time.time() - start, 20)
        self.assertEqual(r.code, 2, r)
        self.assertIn("Timeout", r.err)


if __name__ == "__main__":
    unittest.main()
