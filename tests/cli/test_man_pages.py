"""Man pages (docs/man/*.scd): in step with --help, and rendered by the build.

Every option that a program's or subcommand's --help shows must be documented in the
command's page (as a bold *--option* entry in that subcommand's section, or in OPTIONS),
and the page documents no option that --help does not show.
"""
import os
import re
import unittest

from help_options import COMMANDS, help_text, options, program_surfaces, subcommands

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SOURCES = os.path.join(ROOT, "docs", "man")
# The build renders the pages here (cmake/NewsdexInstall.cmake); ctest sets it.
RENDERED = os.environ.get("NEWSDEX_MAN_DIR", "")

MANUAL_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                   "FILES", "EXAMPLES", "SEE ALSO"]
# Options in the page: *-n*, *--limit*, *--sort*.
_BOLD_OPTION = re.compile(r"\*(--?[A-Za-z0-9][\w+-]*)\*")


def page_source(name):
    with open(os.path.join(SOURCES, name + ".scd"), encoding="utf-8") as f:
        return f.read()


def section(text, heading, level):
    """The text under a heading ('# OPTIONS', '## build') up to the next heading of the
    same or a higher level."""
    marks = "#" * level
    match = re.search(r"^" + marks + " " + re.escape(heading) + r"\s*$(.*?)(?=^#{1," + str(level)
                      + r"} |\Z)", text, re.M | re.S)
    return match.group(1) if match else None


def headings(text, level):
    return re.findall(r"^" + "#" * level + r" (.+?)\s*$", text, re.M)


class ManPageTest(unittest.TestCase):
    def test_every_command_has_a_section_1_page_with_the_manual_sections(self):
        for command in COMMANDS:
            with self.subTest(command=command):
                text = page_source(command + ".1")
                self.assertTrue(text.startswith(f"{command}(1) "), text[:80])
                self.assertEqual([h for h in headings(text, 1) if h in MANUAL_SECTIONS],
                                 MANUAL_SECTIONS)
        self.assertIn("# QUERY SYNTAX", page_source("newsdex-search.1"))

    def test_each_page_documents_exactly_the_options_of_its_help(self):
        checked = 0
        for command, sub, text in program_surfaces():
            page = page_source(command + ".1")
            general = section(page, "OPTIONS", 1)
            self.assertIsNotNone(general, f"{command}(1) has an OPTIONS section")
            if sub is None:
                own = general
            else:
                own = section(page, sub, 2)
                self.assertIsNotNone(own, f"{command}(1) has a section '## {sub}'")
            in_page = set(_BOLD_OPTION.findall(own))
            with self.subTest(command=command, subcommand=sub):
                shown = options(text)
                missing = shown - in_page - set(_BOLD_OPTION.findall(general))
                self.assertEqual(sorted(missing), [],
                                 f"in `{command} {sub or ''} --help` but not in {command}(1)")
                stale = in_page - shown
                self.assertEqual(sorted(stale), [],
                                 f"in {command}(1) but not in `{command} {sub or ''} --help`")
                checked += len(shown)
        self.assertGreater(checked, 40)

    def test_index_page_has_one_section_per_subcommand(self):
        page = page_source("newsdex-index.1")
        subs = subcommands(help_text(COMMANDS["newsdex-index"]))
        self.assertGreaterEqual(len(subs), 7)
        self.assertEqual(sorted(headings(section(page, "COMMANDS", 1), 2)), sorted(subs))

    def test_the_build_renders_every_page(self):
        self.assertTrue(RENDERED, "NEWSDEX_MAN_DIR (set by ctest) names the rendered pages")
        sources = sorted(f[:-len(".scd")] for f in os.listdir(SOURCES) if f.endswith(".scd"))
        self.assertGreaterEqual(len(sources), 5)
        for page in sources:
            name, number = page.rsplit(".", 1)
            with self.subTest(page=page):
                with open(os.path.join(RENDERED, page), encoding="utf-8") as f:
                    roff = f.read()
                header = re.search(r"(?m)^\.TH .*$", roff)
                self.assertIsNotNone(header, "a .TH line")
                # .TH "newsdex-search" "1" "DATE" "newsdex 0.1.0" "newsdex manual"
                self.assertRegex(header.group(0), r'^\.TH "' + re.escape(name) + '" "' + number
                                 + r'" "[^"]*" "newsdex \d+\.\d+\.\d+" "newsdex manual"$')
                self.assertTrue(".SH NAME\n.P\n" + name + " - " in roff, "a NAME section")


if __name__ == "__main__":
    unittest.main()
