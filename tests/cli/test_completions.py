"""Shell completions (completions/): bash and fish are run, zsh is parsed and read.

Every option, subcommand and listed value that --help shows must be offered, and nothing
that --help does not show (a removed option must leave the completions too).
"""
import os
import re
import subprocess
import unittest

from harness import TempDirTest
from help_options import COMMANDS, help_text, option_values, options, program_surfaces, subcommands

COMPLETIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "completions")
BASH = os.path.join(COMPLETIONS, "newsdex.bash")
ZSH = os.path.join(COMPLETIONS, "_newsdex")

# Values the issue names, checked even if --help stops listing them.
SEARCH_VALUES = {
    "--sort": ["newest", "oldest", "relevance"],
    "--format": ["json", "text", "trec", "tsv"],
    "--histogram": ["day", "month", "week", "year"],
    "--duplicates": ["collapse", "show"],
}

# Calls the function `complete -p COMMAND` names, as bash would for the words given
# (the last one is the word being completed), and prints COMPREPLY one per line.
_BASH_DRIVER = r'''
source "$1"; shift
spec=$(complete -p "$1") || exit 3
fn=${spec#*-F }; fn=${fn%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
'''


def bash_complete(words, cwd=None):
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", _BASH_DRIVER, "bash", BASH, *words],
                          capture_output=True, text=True, cwd=cwd, timeout=30)
    if proc.returncode != 0:
        raise AssertionError(f"bash completion failed for {words}: {proc.stderr}")
    return sorted(line for line in proc.stdout.splitlines() if line)


def fish_complete(command, line, cwd=None):
    script = f"source {fish_file(command)}; complete -C {quote_fish(line)}"
    proc = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True,
                          cwd=cwd, timeout=30)
    if proc.returncode != 0:
        raise AssertionError(f"fish completion failed for {line!r}: {proc.stderr}")
    return sorted({row.split("\t")[0] for row in proc.stdout.splitlines() if row})


def fish_file(command):
    return os.path.join(COMPLETIONS, command + ".fish")


def quote_fish(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def words_for(command, sub):
    return [command] + ([sub] if sub else [])


class BashCompletionTest(TempDirTest):
    def test_offers_exactly_the_options_of_each_help(self):
        for command, sub, text in program_surfaces():
            with self.subTest(command=command, subcommand=sub):
                self.assertEqual(bash_complete(words_for(command, sub) + ["-"]), sorted(options(text)))

    def test_offers_the_subcommands(self):
        for command, program in COMMANDS.items():
            subs = subcommands(help_text(program))
            if command == "newsdex-index":
                self.assertGreaterEqual(len(subs), 7, "indexer --help lists its subcommands")
            self.assertEqual(bash_complete([command, ""]), sorted(subs))
        self.assertEqual(bash_complete(["newsdex-index", "st"]), ["stats"])

    def test_offers_the_values_each_help_lists(self):
        checked = 0
        for command, sub, text in program_surfaces():
            for option, values in option_values(text).items():
                with self.subTest(command=command, subcommand=sub, option=option):
                    self.assertEqual(bash_complete(words_for(command, sub) + [option, ""]), values)
                    checked += 1
        self.assertGreater(checked, 0)

    def test_search_values_named_by_the_issue(self):
        for option, values in SEARCH_VALUES.items():
            with self.subTest(option=option):
                self.assertEqual(bash_complete(["newsdex-search", option, ""]), values)
        # --opt=value: bash splits the word at '='.
        self.assertEqual(bash_complete(["newsdex-search", "--sort", "=", "new"]), ["newest"])
        self.assertEqual(bash_complete(["newsdex-search", "--sort", "="]), SEARCH_VALUES["--sort"])

    def test_index_paths_complete_to_directories_only(self):
        os.makedirs(self.path("index-a"))
        os.makedirs(self.path("index-b"))
        self.write("index-notes.txt", "not a folder\n")
        dirs = ["index-a", "index-b"]
        self.assertEqual(bash_complete(["newsdex-search", "--db", "ind"], cwd=self.tmp), dirs)
        self.assertEqual(bash_complete(["newsdex-search", "--db", "=", "ind"], cwd=self.tmp), dirs)
        self.assertEqual(bash_complete(["newsdex-index", "stats", "--db", "ind"], cwd=self.tmp), dirs)
        # CORPUS_DIR... of build and update are folders too.
        self.assertEqual(bash_complete(["newsdex-index", "build", "ind"], cwd=self.tmp), dirs)
        self.assertEqual(bash_complete(["newsdex-index", "update", "--quiet", "ind"], cwd=self.tmp),
                         dirs)

    def test_option_arguments_are_not_offered_options(self):
        # After an option that takes a number or a date, no option list.
        self.assertEqual(bash_complete(["newsdex-search", "--limit", ""]), [])
        self.assertEqual(bash_complete(["newsdex-search", "--from", ""]), [])
        self.assertEqual(bash_complete(["newsdex-index", "build", "--jobs", ""]), [])


class FishCompletionTest(TempDirTest):
    def test_offers_exactly_the_options_of_each_help(self):
        for command, sub, text in program_surfaces():
            prefix = " ".join(words_for(command, sub))
            with self.subTest(command=command, subcommand=sub):
                offered = set(fish_complete(command, prefix + " -")) | set(
                    fish_complete(command, prefix + " --"))
                self.assertEqual(sorted(offered), sorted(options(text)))

    def test_offers_the_subcommands_and_values(self):
        subs = subcommands(help_text(COMMANDS["newsdex-index"]))
        self.assertEqual(fish_complete("newsdex-index", "newsdex-index "), sorted(subs))
        for command, sub, text in program_surfaces():
            prefix = " ".join(words_for(command, sub))
            values = option_values(text)
            if command == "newsdex-search":
                values = {**SEARCH_VALUES, **values}
            for option, expected in values.items():
                with self.subTest(command=command, subcommand=sub, option=option):
                    self.assertEqual(fish_complete(command, f"{prefix} {option} "), expected)

    def test_index_paths_complete_to_directories(self):
        os.makedirs(self.path("index-a"))
        self.write("index-notes.txt", "not a folder\n")
        self.assertEqual(fish_complete("newsdex-search", "newsdex-search --db ind", cwd=self.tmp),
                         ["index-a/"])
        self.assertEqual(fish_complete("newsdex-index", "newsdex-index build ind", cwd=self.tmp),
                         ["index-a/"])


class ZshCompletionTest(unittest.TestCase):
    """zsh's completion system needs a terminal to run; the script is parsed and read."""

    def setUp(self):
        with open(ZSH) as f:
            self.script = f.read()

    def function_body(self, name):
        match = re.search(r"^" + re.escape(name) + r"\(\) \{\n(.*?)^\}", self.script, re.M | re.S)
        self.assertIsNotNone(match, f"function {name} in {ZSH}")
        return match.group(1)

    def test_parses(self):
        proc = subprocess.run(["zsh", "-n", ZSH], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(self.script.startswith("#compdef " + " ".join(COMMANDS)))

    def test_each_function_names_exactly_the_options_of_its_help(self):
        for command, sub, text in program_surfaces():
            name = "_" + command.replace("-", "_") + ("_" + sub if sub else "")
            with self.subTest(function=name):
                body = self.function_body(name)
                # Option specs: '--db=[...]...' or {-n,--limit}'[...]'.
                found = set(re.findall(r"'(--?[A-Za-z][\w+-]*)[=\[]", body))
                for names in re.findall(r"\{(-[^}]*)\}", body):
                    found.update(names.split(","))
                self.assertEqual(sorted(found), sorted(options(text)))

    def test_lists_the_subcommands_and_values(self):
        body = self.function_body("_newsdex_index")
        for sub in subcommands(help_text(COMMANDS["newsdex-index"])):
            self.assertRegex(body, r"'" + sub + r":")
        for command, sub, text in program_surfaces():
            name = "_" + command.replace("-", "_") + ("_" + sub if sub else "")
            body = self.function_body(name)
            for option, values in option_values(text).items():
                with self.subTest(function=name, option=option):
                    self.assertIn("(" + " ".join(values) + ")", body)
        body = self.function_body("_newsdex_search")
        for option, values in SEARCH_VALUES.items():
            self.assertIn("(" + " ".join(values) + ")", body)


if __name__ == "__main__":
    unittest.main()
