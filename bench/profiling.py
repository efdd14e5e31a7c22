"""Profile one warm build of the toolkit on a generated edition, in CPU time (not wall time, so
that other load on a shared machine does not move the figures much).

    .venv/bin/python bench/profiling.py 10                      # K=10, the paper's shape
    .venv/bin/python bench/profiling.py 100 --layout footnotes --top 60
    .venv/bin/python bench/profiling.py 10 --project /tmp/k10   # reuse (or keep) a project

The project is generated (bench/generate.py) unless --project names one that exists, built once
untimed (the citation cache), then built again under cProfile with ``time.process_time`` as the
clock, in this process, as ``mkdocs build -q --strict`` runs it. Printed: the costliest functions
by cumulative and by own time; the raw profile is kept (--out) for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("k", type=int)
    parser.add_argument("--layout", default="notes-page", choices=("notes-page", "footnotes"))
    parser.add_argument("--project", type=Path, help="a generated project (made if missing)")
    parser.add_argument("--out", type=Path, help="the raw profile (default: in the project)")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    project = args.project or Path(tempfile.mkdtemp(prefix=f"edition-profile-{args.k}-"))
    if not (project / "docs").exists():
        sys.path.insert(0, str(HERE))
        import generate
        generate.make_project(project, args.k, layout=args.layout)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1685577600")
    os.environ.update(env)
    site = project / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(site)],
                   cwd=project, env=env, check=True)  # untimed: fills the citation cache
    os.chdir(project)
    sys.path.insert(0, str(project))  # the project's own copy of the package, as the benchmark
    from mkdocs.__main__ import cli

    profiler = cProfile.Profile(time.process_time)
    began = time.process_time()
    profiler.enable()
    try:
        cli.main(["build", "-q", "--strict", "-d", str(site)], standalone_mode=False)
    finally:
        profiler.disable()
    spent = time.process_time() - began
    out = args.out or project / "warm.prof"
    profiler.dump_stats(out)
    print(f"K={args.k} ({args.layout}), warm build: {spent:.2f} CPU seconds in-process "
          f"(under the profiler); project {project}; profile {out}")
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
