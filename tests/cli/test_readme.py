"""README.md stays true: its options exist, its links resolve, its commands run on the
sample corpus, and its sample output is what those commands print."""
import os
import re
import shlex

from harness import CORPUS, INDEXER, SEARCHER, TempDirTest, run
from help_options import options, program_surfaces

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
INSTALLED_CORPUS = "/usr/share/newsdex/corpus"
PROGRAMS = {"newsdex-index": INDEXER, "newsdex-search": SEARCHER}
ARTICLE_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
# Lines of text output that state facts: the header and histogram rows.
FACT_LINE = re.compile(r"^(\d+ of (about )?\d+ match\w*|\d{4}(-W?\d\d)?(-\d\d)? \d+ |\d+ matching articles)")


def readme():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return f.read()


def code_blocks(text):
    return re.findall(r"^```\w*\n(.*?)^```", text, re.M | re.S)


class ReadmeTest(TempDirTest):
    def command(self, line):
        """argv for a README command line, run on the sample corpus in a temp index."""
        words = shlex.split(line, comments=True)
        words = [CORPUS if w == INSTALLED_CORPUS else w for w in words]
        program = PROGRAMS[words[0]]
        if words[0] == "newsdex-index":
            return [program, words[1], "--db", self.path("db"), *words[2:]]
        return [program, "--db", self.path("db"), *words[1:]]

    def test_every_option_it_names_exists(self):
        known = set()
        for _, _, text in program_surfaces():
            known |= options(text)
        # cmake's own options (cmake --install build --prefix P) aside.
        text = re.sub(r"cmake [^`\n]*", "", readme())
        named = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", text))
        self.assertGreater(len(named), 5)
        self.assertEqual(sorted(named - known), [], "options in README.md that no --help shows")

    def test_links_resolve(self):
        links = re.findall(r"\]\(([^)#]+)\)", readme())
        local = [link for link in links if "://" not in link]
        self.assertGreater(len(local), 3)
        for link in local:
            self.assertTrue(os.path.exists(os.path.join(ROOT, link)), link)

    def test_quick_start_commands_run_on_the_sample_corpus(self):
        lines = [line for block in code_blocks(readme()) for line in block.splitlines()
                 if line.startswith("newsdex-") and "~" not in line]
        self.assertGreater(len(lines), 5)
        for line in lines:
            with self.subTest(line=line):
                result = run(self.command(line))
                self.assertEqual(result.code, 0, result)
                self.assertTrue(result.out.strip() or "indexed" in result.err, result)

    def test_sample_output_is_what_the_commands_print(self):
        samples = [block for block in code_blocks(readme()) if block.startswith("$ newsdex-")]
        self.assertEqual(len(samples), 1, "one block of sample output")
        parts = re.split(r"^\$ (.*)\n", samples[0], flags=re.M)[1:]
        self.assertGreaterEqual(len(parts), 8)
        for line, shown in zip(parts[0::2], parts[1::2]):
            with self.subTest(line=line):
                result = run(self.command(line), env={"COLUMNS": "100"})
                self.assertEqual(result.code, 0, result)
                printed = result.out + result.err
                stale = "README.md's sample output is stale: paste what the command prints now"
                self.assertEqual(ARTICLE_ID.findall(shown), ARTICLE_ID.findall(printed), stale)
                facts = [l for l in shown.splitlines() if FACT_LINE.match(l)]
                self.assertEqual(facts, [l for l in printed.splitlines() if FACT_LINE.match(l)],
                                 stale)
