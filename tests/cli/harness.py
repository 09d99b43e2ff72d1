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
    # The programs write UTF-8 whatever the locale (CTest may run with
    # LANG=C): decode it as such, and show any invalid byte as U+FFFD.
    proc = subprocess.run(args, capture_output=True, text=True, env=full_env,
                          timeout=timeout, encoding="utf-8", errors="replace", **kwargs)
    return Run(proc)


NOBODY = 65534


def unprivileged(args):
    """The command line that runs `args` as an unprivileged user.

    Permissions do not stop root, and CI runs as root: there the command runs
    as nobody (setpriv, util-linux), so that checks of unreadable files and
    read-only folders still run. The program (args[0]) must be where nobody
    can run it: see copy_for_nobody."""
    if os.geteuid() != 0:
        return list(args)
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups", *args]


def copy_for_nobody(program, folder):
    """A copy of `program` in `folder` (made reachable for every user) when
    running as root, so that nobody can run it wherever the build is; the
    program itself otherwise."""
    if os.geteuid() != 0:
        return program
    os.chmod(folder, 0o755)
    return shutil.copy(program, os.path.join(folder, os.path.basename(program)))


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


class WriterLockHeld:
    """Holds an index's writer lock the way an indexer does (flock on the
    lock file, our pid in it), so that a test decides when a second writer
    meets it instead of racing a real build."""

    def __init__(self, db):
        os.makedirs(db, exist_ok=True)
        self.path = os.path.join(db, ".newsdex.lock")
        self.fd = None

    def __enter__(self):
        import fcntl
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, b"%d\n" % os.getpid(), 0)
        return self

    def release(self):
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            os.close(self.fd)  # drops the flock
            self.fd = None

    def __exit__(self, *exc):
        self.release()


def wait_for(condition, timeout=60, what="the condition"):
    """Polls `condition` until it returns something true; fails the calling
    test (AssertionError) when `timeout` seconds pass first."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("waited %.0f s for %s" % (timeout, what))
        time.sleep(0.005)
