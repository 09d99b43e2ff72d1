"""What the programs' --help says: subcommands, options and option values.

The man pages and shell completions are written by hand; the tests that keep them in step
with the programs read the options from --help through these helpers, so that a new
option, subcommand or value shows up as a failing test until it is documented.
"""
import re

from harness import INDEXER, SEARCHER, run

# Installed command name -> the program in the build tree (cmake/NewsdexInstall.cmake).
COMMANDS = {"newsdex-index": INDEXER, "newsdex-search": SEARCHER}

# An option definition: an indented line starting with one or more option names,
# e.g. "  -j,--jobs UINT ..." or "  --db PATH  Index folder".
_DEFINITION = re.compile(r"^\s+(-{1,2}[A-Za-z0-9][\w+-]*(?:\s*,\s*-{1,2}[A-Za-z0-9][\w+-]*)*)")
_VALUE_SET = re.compile(r"\{([^{}]*)\}")


def help_text(program, *subcommand):
    result = run([program, *subcommand, "--help"])
    if result.code != 0 or not result.out.strip():
        raise AssertionError(f"{program} {' '.join(subcommand)} --help failed: {result!r}")
    return result.out


def _definition_lines(text):
    for line in text.splitlines():
        match = _DEFINITION.match(line)
        if match:
            yield line, [name.strip() for name in match.group(1).split(",")]


def options(text):
    """Every option name that starts a line of the help text (-n, --limit, ...)."""
    names = set()
    for _, line_names in _definition_lines(text):
        names.update(line_names)
    return names


def option_values(text):
    """Options whose help line lists the accepted values, e.g. --format {text,json}.

    A CLI11 mapping ("{newest->1,oldest->2}") gives its names.
    """
    values = {}
    for line, names in _definition_lines(text):
        found = _VALUE_SET.search(line)
        if not found:
            continue
        words = [w.strip().split("->")[0] for w in found.group(1).split(",") if w.strip()]
        for name in names:
            if name.startswith("--"):
                values[name] = sorted(words)
    return values


def subcommands(text):
    """Names listed under the "Subcommands" heading of a help text."""
    names = []
    in_section = False
    for line in text.splitlines():
        if re.match(r"^\s*subcommands\b", line, re.IGNORECASE):
            in_section = True
            continue
        if in_section:
            if not line.strip() or not line.startswith(" "):
                if names:
                    break
                continue
            match = re.match(r"^\s+([a-z][\w-]*)(\s|$)", line)
            if match:
                names.append(match.group(1))
    return names


def program_surfaces():
    """(command, subcommand or None, help text) for every program and subcommand."""
    surfaces = []
    for command, program in COMMANDS.items():
        top = help_text(program)
        subs = subcommands(top)
        surfaces.append((command, None, top))
        for sub in subs:
            surfaces.append((command, sub, help_text(program, sub)))
    return surfaces
