"""Runs end-to-end test modules like `python3 -m unittest -v`, but fails on a
skip: a test that skips tests nothing, so it must be listed with its reason
in tests/expected_skips.txt or fail the run. Expected failures and
unexpected successes fail it too.

    python3 run_tests.py MODULE_OR_TEST...
"""
import os
import sys
import unittest

EXPECTED_SKIPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "expected_skips.txt")


def expected_skips(path=EXPECTED_SKIPS):
    """{test name: reason} from the list (comments and blank lines ignored)."""
    listed = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            name, _, reason = line.partition("\t")
            listed[name.strip()] = reason.strip()
    return listed


class NoSilentSkipResult(unittest.TextTestResult):
    """Reports a listed skip as expected; any other skip stays a skip (so
    the summary says skipped=N) and is remembered as unexpected."""

    listed = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_skips = []
        self.unexpected_skips = []

    def addSkip(self, test, reason):
        if self.listed.get(test.id()) == reason:
            self.expected_skips.append((test, reason))
            if self.showAll:
                self.stream.writeln("expected skip: " + reason)
            return
        self.unexpected_skips.append((test, reason))
        super().addSkip(test, reason)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    NoSilentSkipResult.listed = expected_skips()
    suite = unittest.defaultTestLoader.loadTestsFromNames(argv[1:])
    runner = unittest.TextTestRunner(verbosity=2, resultclass=NoSilentSkipResult)
    result = runner.run(suite)
    problems = ["UNEXPECTED SKIP: %s: %s (make it run, or list it with its reason in %s)"
                % (test.id(), reason, os.path.normpath(EXPECTED_SKIPS))
                for test, reason in result.unexpected_skips]
    problems += ["EXPECTED FAILURE HIDES A TEST: %s" % test.id() for test, _ in result.expectedFailures]
    problems += ["UNEXPECTED SUCCESS: %s" % test.id() for test in result.unexpectedSuccesses]
    for line in problems:
        print(line, file=sys.stderr)
    return 0 if result.wasSuccessful() and not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
