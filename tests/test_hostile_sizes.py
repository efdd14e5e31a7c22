"""Every parser of the sources finishes on each adversarial string at 10^5 characters (issue 20:
an unclosed remark before 100,000 spaces built for more than ten minutes). Nothing here is
timed: a quadratic pattern simply does not finish within the guard, which is there so that a
regression fails instead of hanging. bench/hostile.py measures the times."""

from __future__ import annotations

import signal

import pytest

import hostile

GUARD = 120  # seconds; each case takes well under one on a busy 2-core machine (bench/hostile.py)
PAYLOADS = hostile.payloads()
PARSERS = hostile.parsers()


@pytest.fixture
def guard():
    def stop(signum, frame):
        raise TimeoutError(f"did not finish within {GUARD} s: not linear in its input")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(GUARD)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("parser", PARSERS)
def test_each_parser_finishes_on_every_hostile_string(parser, guard):
    for name, text in PAYLOADS.items():
        PARSERS[parser](text)
