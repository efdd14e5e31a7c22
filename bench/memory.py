"""What holds memory during a build (issue 22's peak-memory target): one build in-process, with
MkDocs' events marked.

    .venv/bin/python bench/memory.py PROJECT --frames 0        # resident set (VmRSS, VmHWM) per event
    .venv/bin/python bench/memory.py PROJECT --frames 1 --group lineno --at env post_build \
        edition.search:rewrite                                 # tracemalloc snapshots, by line
    .venv/bin/python bench/memory.py PROJECT --config mkdocs-material.yml --frames 0   # stack (a)

PROJECT is a generated edition (bench/generate.py, or ``bench/benchmark.py --keep``); its own
``edition`` folder is imported (replace it by a link to the working tree's to measure that).
With ``--frames N`` > 0, tracemalloc keeps N frames per allocation (slow: 8 frames make a K=10
build take three minutes): the timeline shows the traced memory at each event's start and end
and the peak since the previous one; ``--at`` takes a snapshot (after a garbage collection) at
the start of the events named (``env``), at their end (``env_end``), or at the first call of
``module:function`` (``edition.search:rewrite``), each printed as its largest allocation sites.
Python's own allocator is traced, not C libraries' (lxml's trees), nor what the process keeps of
freed memory: the resident set (``--frames 0``) is what the benchmark reports.
"""
import argparse
import gc
import linecache
import os
import sys
import time
import tracemalloc
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("project", type=Path)
ap.add_argument("--config", default="mkdocs.yml")
ap.add_argument("--frames", type=int, default=12)
ap.add_argument("--top", type=int, default=30)
ap.add_argument("--at", nargs="*", default=["post_build"])
ap.add_argument("--strict", action="store_true")
ap.add_argument("--site", default="/tmp/edition-memory-site")
ap.add_argument("--group", default="traceback", choices=["traceback", "lineno", "filename"])
args = ap.parse_args()

args.project = args.project.resolve()
os.chdir(args.project)
sys.path.insert(0, str(args.project))
if args.frames:
    tracemalloc.start(args.frames)

from mkdocs import plugins  # noqa: E402
from mkdocs.__main__ import cli  # noqa: E402

timeline = []  # (event, calls, max current MiB at entry, max peak since previous event)
stats = {}
snaps = {}
MiB = 1024 * 1024


def rss():
    with open("/proc/self/status") as f:
        d = {l.split(":")[0]: int(l.split()[1]) * 1024 for l in f if l.startswith(("VmRSS", "VmHWM"))}
    return d["VmRSS"], d["VmHWM"]


def note(name):
    if args.frames:
        cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
    else:
        cur, peak = rss()
    s = stats.setdefault(name, [0, 0, 0])
    s[0] += 1
    s[1] = max(s[1], cur)
    s[2] = max(s[2], peak)  # the peak reached since the event before this one
    if not timeline or timeline[-1][0] != name:
        timeline.append([name, 0, 0, 0])
    t = timeline[-1]
    t[1] += 1
    t[2] = max(t[2], cur)
    t[3] = max(t[3], peak)


original = plugins.PluginCollection.run_event


def run_event(self, name, item=None, **kwargs):
    note(name)
    if args.frames and name in args.at and name not in snaps:
        gc.collect()
        snaps[name] = tracemalloc.take_snapshot()
    result = original(self, name, item, **kwargs)
    note(name + " (end)")
    if args.frames and name + "_end" in args.at and name + "_end" not in snaps:
        gc.collect()
        snaps[name + "_end"] = tracemalloc.take_snapshot()
    return result


plugins.PluginCollection.run_event = run_event

import importlib  # noqa: E402  (snapshots at the first call of module:function)
for spec in [a for a in args.at if ":" in a]:
    mod, fn = spec.split(":")
    m = importlib.import_module(mod)
    owner, attr = m, fn
    if "." in fn:
        cls, attr = fn.split(".")
        owner = getattr(m, cls)
    f = getattr(owner, attr)

    def wrap(*a, __f=f, __spec=spec, **k):
        if __spec not in snaps:
            gc.collect()
            snaps[__spec] = tracemalloc.take_snapshot()
        return __f(*a, **k)
    setattr(owner, attr, wrap)

began = time.perf_counter()
try:
    cli.main(["build", "-q", "-f", args.config, "-d", args.site] + (["--strict"] if args.strict else []),
             standalone_mode=False)
except SystemExit as e:
    print("exit", e.code)
print(f"build {time.perf_counter() - began:.1f} s")
cur, peak = tracemalloc.get_traced_memory() if args.frames else rss()
print(f"end: current {cur / MiB:.1f} MiB, peak {peak / MiB:.1f}")
print("\ntimeline (event, calls, max current at entry MiB, max peak since previous MiB):")
for name, calls, c, p in timeline:
    if name.startswith(("pre_page", "page_read_source", "page_markdown", "page_context",
                        "template_context", "pre_template")):
        continue  # (the per-page events that move nothing)
    print(f"  {name:<28} {calls:5d} {c / MiB:8.1f} {p / MiB:8.1f}")

for name, snap in snaps.items():
    snap = snap.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__),
                               tracemalloc.Filter(False, "<frozen importlib._bootstrap*>")])
    top = snap.statistics(args.group)
    total = sum(s.size for s in top)
    print(f"\n=== snapshot at {name}: {total / MiB:.1f} MiB traced ===")
    for s in top[: args.top]:
        print(f"{s.size / MiB:8.2f} MiB {s.count:8d} blocks")
        frames = list(s.traceback)
        for fr in frames[-args.frames:][::-1][:args.frames]:
            fn = fr.filename.split("site-packages/")[-1]
            print(f"      {fn}:{fr.lineno}  {linecache.getline(fr.filename, fr.lineno).strip()[:90]}")
