"""Time every parser of the sources on the adversarial strings of tests/hostile.py, at 10^4
and 10^5 characters: a linear parser takes about ten times as long on the second.

    .venv/bin/python bench/hostile.py [SIZE ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import hostile  # noqa: E402


def main(sizes: list[int]) -> None:
    parsers = hostile.parsers()
    print(f"{'parser':28} " + " ".join(f"{n:>10,}" for n in sizes) + "   (slowest payload, s)")
    for name, parse in parsers.items():
        worst = []
        for n in sizes:
            times = {}
            for payload, text in hostile.payloads(n).items():
                start = time.perf_counter()
                parse(text)
                times[payload] = time.perf_counter() - start
            slowest = max(times, key=times.get)
            worst.append((times[slowest], slowest))
        print(f"{name:28} " + " ".join(f"{t:10.3f}" for t, _ in worst) + f"   {worst[-1][1]}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
