#!/usr/bin/env python3
"""Checks the size limits of production C++ code.

No function longer than --max-function lines (signature to closing brace)
and no source file longer than --max-file lines, so that a reader can hold a
function, and a file, in mind. Lambdas count towards the function that holds
them. Usage: check_code.py [--max-function N] [--max-file N] DIR...
Prints each violation as FILE:LINE: message and exits 1 if there are any.
"""
import argparse
import os
import re
import sys

SOURCE_EXTENSIONS = (".cc", ".h")


def strip_code(text):
    """The text with comments, string and character literals blanked out
    (newlines kept), so braces inside them are not counted."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if m:
                close = ")" + m.group(1) + '"'
                j = text.find(close, i + m.end())
                j = n if j < 0 else j + len(close)
                out.append(re.sub(r"[^\n]", " ", text[i:j]))
                i = j
            else:
                out.append(c)
                i += 1
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    # Preprocessor lines (with their continuations) are not code either.
    return re.sub(r"(?m)^[ \t]*#(?:.*\\\n)*.*$", lambda m: re.sub(r"[^\n]", " ", m.group(0)),
                  "".join(out))


def functions(text):
    """Yields (first_line, last_line, name) of every function body defined at
    namespace or class scope."""
    code = strip_code(text)
    stack = []  # kinds of the open blocks: "ns", "class", "func", "other"
    head_start = 0  # offset where the current statement head begins
    line_of = lambda offset: code.count("\n", 0, offset) + 1
    for i, c in enumerate(code):
        if c in ";":
            head_start = i + 1
        elif c == "{":
            head = code[head_start:i].strip()
            outer = stack[-1][0] if stack else "ns"
            if re.match(r"(inline\s+)?namespace\b|extern\s*$", head):
                kind = "ns"
            elif re.match(r"(template\s*<.*>\s*)?(class|struct|union)\b[^(]*$", head, re.S):
                kind = "class"
            elif outer in ("ns", "class") and "(" in head and not re.search(r"=\s*$", head) \
                    and not re.match(r"enum\b", head):
                kind = "func"
            else:
                kind = "other"
            first = head_start + (len(code[head_start:i]) - len(code[head_start:i].lstrip()))
            stack.append((kind, first, head))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, first, head = stack.pop()
                if kind == "func":
                    name = re.sub(r"\s+", " ", head.split("(")[0]).split(" ")[-1]
                    yield line_of(first), line_of(i), name
            head_start = i + 1


def check(paths, max_function, max_file):
    problems = []
    for root in paths:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith(SOURCE_EXTENSIONS):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                lines = text.count("\n")
                if name.endswith(".cc") and lines > max_file:
                    problems.append(f"{path}:1: {lines} lines (at most {max_file})")
                for first, last, fname in functions(text):
                    length = last - first + 1
                    if length > max_function:
                        problems.append(
                            f"{path}:{first}: function {fname} has {length} lines "
                            f"(at most {max_function})")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-function", type=int, default=80)
    parser.add_argument("--max-file", type=int, default=450)
    parser.add_argument("--list", action="store_true",
                        help="print every function's length, longest first")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if args.list:
        rows = []
        for root in args.paths:
            for folder, _, names in os.walk(root):
                for name in names:
                    if name.endswith(SOURCE_EXTENSIONS):
                        path = os.path.join(folder, name)
                        with open(path, encoding="utf-8") as f:
                            for first, last, fname in functions(f.read()):
                                rows.append((last - first + 1, f"{path}:{first}", fname))
        for length, where, fname in sorted(rows, reverse=True)[:40]:
            print(f"{length:5d} {where} {fname}")
        return 0
    problems = check(args.paths, args.max_function, args.max_file)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} size limit(s) exceeded: split the function or file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
