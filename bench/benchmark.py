"""Build time of the edition against a plain Material build of the same Markdown, at 1x, 10x and
100x the paper (N copies of its five parts, with N x 78 notes, every citation and term).

    .venv/bin/python bench/benchmark.py            # 1x and 10x
    .venv/bin/python bench/benchmark.py 1 10 100   # and 100x (minutes, not seconds)

Each size is built twice with each configuration and the faster run is kept (the CSL cache is
warm after the first run, as on an editor's machine). Speed is measured here, never by timed
assertions in the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("introduction.md", "overview.md", "implications.md", "policy-responses.md", "conclusion.md")
NOTES = 78


def renumber(text: str, copy: int) -> str:
    """Notes and labels of one copy, made unique: note n -> n + 78 * copy, sec-x -> sec-x-copy."""
    if copy == 0:
        return text
    text = re.sub(r"\[\^(\d+)\]", lambda m: f"[^{int(m.group(1)) + NOTES * copy}]", text)
    text = re.sub(r"([#@])((?:sec|rec|dime|threat|strategic)-[\w-]+)", rf"\1\2-c{copy}", text)
    return text


def make_project(dest: Path, copies: int) -> None:
    for name in ("hooks", "source", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("references.bib", "glossary.yml"):
        shutil.copy2(ROOT / name, dest / name)
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns(*PARTS, "notes.md", "index.md"))
    (docs / "index.md").write_text(f"# Benchmark: {copies}x the paper\n", encoding="utf-8")
    notes = (ROOT / "docs" / "notes.md").read_text(encoding="utf-8")
    heading, body = notes.split("\n", 1)
    (docs / "notes.md").write_text(
        heading + "\n" + "\n".join(renumber(body, k) for k in range(copies)), encoding="utf-8")
    for k in range(copies):
        folder = docs / f"copy-{k:03d}"
        folder.mkdir()
        for part in PARTS:
            text = renumber((ROOT / "docs" / part).read_text(encoding="utf-8"), k)
            # Links to the other parts stay inside the copy; labels were renamed above.
            (folder / part).write_text(text, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # Every page in reading order: the copies' parts, then the apparatus (the build checks that
    # notes are read in their numbers' order).
    pages = ["index.md"] + [f"copy-{k:03d}/{part}" for k in range(copies) for part in PARTS]
    pages += ["notes.md", "bibliography.md", "glossary.md", "about.md"]
    config = re.sub(r"\nnav:\n(?:  - .*\n)+", "\nnav:\n" + "".join(f"  - {p}\n" for p in pages),
                    config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\nhooks: []\n", config)
    (dest / "mkdocs-plain.yml").write_text(plain, encoding="utf-8")


def build_seconds(project: Path, config: str) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config,
                                 "-d", str(project / "site")], cwd=project, env=env,
                                capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{config} failed at this size:\n{result.stderr[-2000:]}")
        best = min(best, elapsed)
    return best


def main(sizes: list[int]) -> None:
    print(f"{'size':>5} {'pages':>6} {'notes':>6} {'plain s':>8} {'edition s':>10} {'ratio':>6} {'ms/note':>8}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            make_project(project, size)
            plain = build_seconds(project, "mkdocs-plain.yml")
            ours = build_seconds(project, "mkdocs.yml")
            pages = size * len(PARTS) + 5
            print(f"{size:>4}x {pages:>6} {size * NOTES:>6} {plain:>8.2f} {ours:>10.2f} "
                  f"{ours / plain:>6.2f} {1000 * (ours - plain) / (size * NOTES):>8.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10])
