"""Time every parser of the sources on the adversarial strings of tests/hostile.py, at 10^4
and 10^5 characters: a linear parser takes about ten times as long on the second. With
``--bib N``: build a copy of the project whose references.bib has N more (uncited) entries,
with ``uncited: ignore``, from an empty cache, and say how many entries reached Pandoc.

    .venv/bin/python bench/hostile.py [SIZE ...]
    .venv/bin/python bench/hostile.py --bib 20000
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
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


ENTRY = """@book{{bench{n},
  author    = {{Author{n}, Given}},
  title     = {{An Invented Work Number {n}}},
  publisher = {{Imaginary Press}},
  year      = {{{year}}}
}}
"""


def large_bib(n: int) -> None:
    from conftest import copy_project

    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        with (project / "references.bib").open("a", encoding="utf-8") as bib:
            bib.write("\n" + "".join(ENTRY.format(n=i, year=1900 + i % 120) for i in range(n)))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "    bibliography: references.bib\n",
            "    bibliography: references.bib\n    uncited: ignore\n", 1), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                               "--site-dir", str(Path(tmp) / "site")], cwd=project,
                              capture_output=True, text=True,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        took = time.perf_counter() - start
        cache = json.loads((project / ".cache/edition/citeproc.json").read_text(encoding="utf-8"))
        formatted = len(cache["value"]["references"])
        size = (project / "references.bib").stat().st_size
        print(f"references.bib with {n:,} more entries ({size / 1e6:.1f} MB), uncited: ignore: "
              f"build {'passed' if done.returncode == 0 else 'FAILED'} in {took:.1f} s from an empty "
              f"cache; {formatted} entries formatted by Pandoc")
        if done.returncode:
            print(done.stderr[-2000:])
        shutil.rmtree(project / ".cache", ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bib"]:
        large_bib(int(sys.argv[2]) if len(sys.argv) > 2 else 20_000)
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
