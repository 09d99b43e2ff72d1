"""Shared helpers for the end-to-end tests: run the built binaries in temp dirs.

The binaries and the sample corpus come from the environment CTest sets
(NEWSDEX_INDEXER, NEWSDEX_SEARCHER, NEWSDEX_CORPUS); run through ctest.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

INDEXER = os.environ.get("NEWSDEX_INDEXER", "indexer")
SEARCHER = os.environ.get("NEWSDEX_SEARCHER", "searcher")
CORPUS = os.environ.get("NEWSDEX_CORPUS", os.path.join(os.path.dirname(__file__), "..", "..", "corpus"))


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json_lines(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def ids(self):
        return [hit["id"] for hit in self.json_lines()]

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out}\n--- stderr\n{self.err}"


def run(args, env=None, timeout=120, **kwargs):
    full_env = dict(os.environ)
    full_env.pop("NEWSDEX_DB", None)
    full_env["NO_COLOR"] = ""
    if env:
        full_env.update(env)
    proc = subprocess.run(args, capture_output=True, text=True, env=full_env,
                          timeout=timeout, errors="replace", **kwargs)
    return Run(proc)


class TempDirTest(unittest.TestCase):
    """Gives each test a fresh temp dir, removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="newsdex-cli-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, relpath, data):
        full = self.path(relpath)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(full, mode) as f:
            f.write(data)
        return full

    def index(self, *folders, db=None, extra=()):
        return run([INDEXER, "build", *folders, "--db", db or self.path("db"), *extra])

    def search(self, *args, db=None, env=None):
        return run([SEARCHER, "--db", db or self.path("db"), *args], env=env)
