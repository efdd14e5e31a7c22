"""Build time of the edition against plain Material on the same Markdown, on editions generated
by bench/generate.py at K papers (K=1 is the paper's size: 10 pages, 78 notes; K=100 is 505 pages,
7,800 notes), and on the real paper; then a live rebuild of the real paper under `mkdocs serve`.

    make bench                                      # K = 1, 10, 100 (minutes)
    make bench SIZES="1 10"                         # a quick run
    .venv/bin/python bench/benchmark.py 1 10 --runs 5 --json /tmp/bench.json

For each size: one project in a temporary folder, built with ``mkdocs.yml`` (the full toolkit,
the ``edition`` plugin, ``--strict``: a build with any problem aborts the benchmark) and with
``mkdocs-plain.yml`` (the same Markdown, theme and search plugin, no ``edition`` plugin, not
strict: the toolkit's syntax is left as text and MkDocs warns about ``(@label)`` links). Each
project carries its own copy of the ``edition`` package, which its builds import (the child puts
the project's folder first on ``sys.path``, as ``python -m mkdocs`` run there does; a full build
whose plugin came from anywhere else, or a plain build that imported it, aborts the benchmark).
After one untimed build of each, ``--runs`` rounds (3 by default) each build the three variants
once, in an order rotated from round to round:

- plain: Material without the plugin;
- cold: the full toolkit with no ``.cache/`` folder (Pandoc formats every citation);
- warm: the full toolkit with the citation cache of the previous full build.

Each build is a fresh ``python -m mkdocs build -q`` process, as ``make check`` runs it (this file,
run as a child with ``--child``, calls MkDocs' own command line in-process). Reported per variant,
median over the rounds:

- wall: seconds from starting the process to its exit (interpreter start-up and imports included);
- cpu: user + system seconds of the process and of what it waited for (Pandoc), from os.wait4: the
  number the other load on a shared machine disturbs least;
- peak: the process's maximum resident set size (ru_maxrss from os.wait4, i.e. getrusage's
  RUSAGE_CHILDREN figure for that one build; Pandoc's, if larger);
- per event: ``mkdocs.plugins.PluginCollection.run_event`` replaced in the child by a copy that
  times each registered event method; the plugin's time is the sum over its events. What the
  toolkit costs outside its events (Python-Markdown running its extensions and reading what they
  make, bigger pages to index and write) shows in the rest of the build, split by also timing
  ``Page.render`` (Python-Markdown), each of the toolkit's inline patterns and tree passes inside
  it, and ``mkdocs.commands.build._build_page`` (templates, writing; less the events it runs),
  and setting the search plugin's events apart.

The live rebuild: the real paper (a copy) under ``mkdocs serve`` as ``make serve`` runs it; one
page's white space is changed five times (the fidelity check is indifferent to white space, so
the build stays clean) and each time the log lines are timed as they arrive: "Detected file
changes" -> "Reloading browsers" (the rebuild, with serve's own 0.1 s wait for further changes)
and the write -> "Reloading browsers" (what the editor waits for). MkDocs 1.6's serve rebuilds the
whole site each time (not --dirty), reloading mkdocs.yml; the citation cache is warm.

Speed is measured here, never by timed assertions in the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PLUGIN = "edition"  # the plugin's name in mkdocs.yml, and its events' origin in MkDocs
PAPER_FILES = ("docs", "edition", "source", "references.bib", "glossary.yml", "mkdocs.yml")


# --- the child: one build, in-process, with its events timed ------------------------------------

def child(config: str, site: str, out: str, strict: bool, edition: bool) -> int:
    start = time.perf_counter()
    # The project's own copy of the package first, as `python -m mkdocs` in its folder has it:
    # MkDocs loads the plugin through its entry point, i.e. by importing `edition.plugin`.
    sys.path.insert(0, os.getcwd())
    import mkdocs.commands.build as build_module
    import mkdocs.config as config_module
    from mkdocs import plugins
    from mkdocs.__main__ import cli
    from mkdocs.structure.pages import Page

    imported = time.perf_counter()
    events: dict[str, dict[str, float]] = {}
    phases = {"load_config": 0.0, "build": 0.0, "markdown": 0.0, "pages": 0.0}
    per_page: dict[str, float] = {}
    perf = time.perf_counter

    def run_event(self, name, item=None, **kwargs):  # PluginCollection.run_event, timed
        pass_item = item is not None
        for method in self.events[name]:
            origin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = origin
            began = perf()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            spent = events.setdefault(origin, {})
            spent[name] = spent.get(name, 0.0) + perf() - began
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    def timed(phase, function):
        def wrapper(*args, **kwargs):
            began = perf()
            try:
                return function(*args, **kwargs)
            finally:
                phases[phase] += perf() - began
        return wrapper

    render = Page.render

    def timed_render(self, config, files):  # Python-Markdown: the page's Markdown -> HTML
        began = perf()
        try:
            return render(self, config, files)
        finally:
            spent = perf() - began
            phases["markdown"] += spent
            per_page[self.file.src_uri] = per_page.get(self.file.src_uri, 0.0) + spent

    passes: dict[str, float] = {}  # the edition's Markdown extensions, inside "markdown"

    def timed_pass(name, function):
        def wrapper(*args, **kwargs):
            began = perf()
            try:
                return function(*args, **kwargs)
            finally:
                passes[name] = passes.get(name, 0.0) + perf() - began
        return wrapper

    if edition:  # the full build only: the plain one must not import the package at all
        from edition.citations import extension as citations_ext
        from edition.common import tree
        from edition.crossrefs import extension as crossrefs_ext
        from edition.editorial import marks
        from edition.glossary import extension as glossary_ext
        from edition.lists import extension as lists_ext
        from edition.notes import extension as notes_ext
        for name, cls, method in (
                ("citations (inline)", citations_ext.CitationInlineProcessor, "handleMatch"),
                ("citations (tree)", citations_ext.CitationTreeprocessor, "run"),
                ("crossrefs (inline)", crossrefs_ext.CrossrefInlineProcessor, "handleMatch"),
                ("crossrefs (tree)", crossrefs_ext.PreviewTreeprocessor, "run"),
                ("editorial (inline)", marks.EditorialInlineProcessor, "handleMatch"),
                ("glossary (tree)", glossary_ext.GlossaryTreeprocessor, "run"),
                ("lists (tree)", lists_ext.PaperListsTreeprocessor, "run"),
                ("notes (tree)", notes_ext.NotesTreeprocessor, "run"),
                ("groups and links (tree)", tree.UnwrapGroups, "run"),
                ("groups and links (tree)", tree.MadeLinks, "run")):
            setattr(cls, method, timed_pass(name, getattr(cls, method)))

    plugins.PluginCollection.run_event = run_event
    Page.render = timed_render
    build_module._build_page = timed("pages", build_module._build_page)  # templates and writing
    config_module.load_config = timed("load_config", config_module.load_config)
    build_module.build = timed("build", build_module.build)
    args = ["build", "-q", "-f", config, "-d", site] + (["--strict"] if strict else [])
    code = 0
    try:
        cli.main(args, standalone_mode=False)
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else 1
    except Exception as error:  # noqa: BLE001 - the parent shows what stopped the build
        show = getattr(error, "format_message", None)
        print(show() if show else repr(error), file=sys.stderr)
        code = 1
    slowest = dict(sorted(per_page.items(), key=lambda item: -item[1])[:5])
    package = sys.modules.get("edition")  # which copy of the toolkit this build ran, if any
    Path(out).write_text(json.dumps({"package": getattr(package, "__file__", None),
                                     "bibtex": "mkdocs_bibtex" in sys.modules,
                                     "imports": imported - start, **phases,
                                     "total": time.perf_counter() - start, "events": events,
                                     "passes": passes,
                                     "slowest_pages": slowest}))
    return code


# --- the parent ---------------------------------------------------------------------------------

# What each stack is: the corpus it builds, its configuration, the interpreter it runs in, and
# whether its cache is emptied first. The corpus "paper" is the paper's shape (one Notes page);
# "footnotes" is the same text with each page's notes at its own foot (bench/generate.py).
STACKS = {
    "floor": ("paper", "mkdocs-plain.yml", "ours", False),
    "warm": ("paper", "mkdocs.yml", "toolkit", False),
    "cold": ("paper", "mkdocs.yml", "toolkit", True),
    "floor-fn": ("footnotes", "mkdocs-plain.yml", "ours", False),
    "material": ("footnotes", "mkdocs-material.yml", "ours", False),
    "mkdocs-bibtex": ("footnotes", "mkdocs-bibtex.yml", "bibtex", False),
    "warm-fn": ("footnotes", "mkdocs.yml", "toolkit", False),
    "cold-fn": ("footnotes", "mkdocs.yml", "toolkit", True),
}
PAPER_STACKS = ("floor", "warm", "cold")   # the real paper: its own shape only
# The ratios reported per round (numerator, denominator): the targets.
RATIOS = (("warm-fn", "material"), ("warm-fn", "mkdocs-bibtex"), ("cold-fn", "material"),
          ("mkdocs-bibtex", "material"), ("warm", "material"), ("warm", "floor"),
          ("material", "floor-fn"))
PEER_LOCK = HERE / "requirements-mkdocs-bibtex.lock"
PEER_VENV = ROOT / ".venv" / "peers" / "mkdocs-bibtex"   # make clean removes it with .venv


def peer_python() -> Path:
    """The interpreter of stack (b): a venv of its own, made from its hashed lock (wheels only,
    nothing unhashed), remade whenever the lock changes."""
    python = PEER_VENV / "bin" / "python"
    digest = hashlib.sha256(PEER_LOCK.read_bytes()).hexdigest()
    stamp = PEER_VENV / "lock.sha256"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return python
    print(f"mkdocs-bibtex: a venv of its own in {PEER_VENV.relative_to(ROOT)}, from "
          f"{PEER_LOCK.relative_to(ROOT)} ...", file=sys.stderr, flush=True)
    shutil.rmtree(PEER_VENV, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--require-hashes", "--only-binary", ":all:", "-r", str(PEER_LOCK)], check=True)
    stamp.write_text(digest + "\n")
    return python


def run_build(project: Path, stack: str, python: str) -> dict:
    """One build of ``stack`` in a fresh process: wall and CPU seconds, peak RSS, and the
    child's timings. The toolkit builds --strict with the project's own copy of the package;
    the other stacks must not import it."""
    _, config, runner, cold = STACKS[stack]
    edition = runner == "toolkit"
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    site = project / "site"
    out = project / "timings.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1685577600")
    load = os.getloadavg()[0]
    with open(project / "build.log", "w+b") as log:
        began = time.perf_counter()
        proc = subprocess.Popen([python, str(Path(__file__).resolve()), "--child", config,
                                 str(site), str(out)] + (["--strict", "--edition"] if edition else []),
                                cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{project.name}: {stack} ({config}) failed (exit {proc.returncode}):\n"
                         f"{output[-4000:]}")
    timings = json.loads(out.read_text())
    package = timings.pop("package")
    peer = timings.pop("bibtex")
    own = str((project / "edition" / "__init__.py").resolve())
    if edition and (package is None or str(Path(package).resolve()) != own):
        raise SystemExit(f"{project.name}: {stack} ran the edition package from {package}, "
                         f"not the project's own ({own})")
    if not edition and package is not None:
        raise SystemExit(f"{project.name}: {stack} imported the edition package ({package})")
    if (runner == "bibtex") != peer:
        raise SystemExit(f"{project.name}: {stack} {'did not import' if not peer else 'imported'} "
                         "mkdocs_bibtex")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024, "load": load, **timings}


def sanity(project: Path, stack: str, notes: int | None) -> None:
    """Each build did what it is for. The toolkit: no placeholder left, every note on the Notes
    page (paper shape) or at the foot of its page (footnotes); plain Material: every note as a
    footnote; mkdocs-bibtex: its citations as footnotes too."""
    site = project / "site"
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    corpus, _, runner, _ = STACKS[stack]
    if runner == "toolkit" and any("<!-- edition:" in page for page in pages):
        raise SystemExit(f"{project.name}: {stack} left a placeholder")
    if notes is None:
        return
    if corpus == "paper" and runner == "toolkit":
        found = (site / "notes" / "index.html").read_text(encoding="utf-8").count(' id="note-')
    elif corpus == "footnotes":
        found = sum(len(re.findall(r'<li id="fn:\d+"', page)) for page in pages)
    else:
        return
    if found != notes:
        raise SystemExit(f"{project.name}: {stack} rendered {found} notes, not {notes}")
    if runner == "bibtex" and not any(re.search(r'<li id="fn:[a-z]', page) for page in pages):
        raise SystemExit(f"{project.name}: {stack} rendered no citation")


def paper_project(dest: Path) -> None:
    """A copy of the real edition (its package too), with a plain configuration beside it: the
    same mkdocs.yml without the edition plugin (INHERIT could only disable it, and a disabled
    plugin is still imported and called)."""
    import generate

    for name in PAPER_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    plain, _ = generate.configurations(dest / "mkdocs.yml")
    generate.write_yaml(dest / "mkdocs-plain.yml", plain,
                        "# Plain Material: mkdocs.yml without the edition plugin (bench/benchmark.py).\n")


def paper_shape(project: Path) -> dict:
    """The real paper's counts, with the toolkit's own parsers and the plugin's configuration
    (mkdocs.yml's notes page, glossary, label kinds); what they cannot tell stays '?'."""
    docs = project / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    shape: dict = {"pages": len(pages), "notes": "?", "cited_works": "?", "term_uses": "?",
                   "cross_references": "?"}
    sys.path.insert(0, str(project))
    try:
        from edition.citations import syntax as citations
        from edition.crossrefs import model as crossrefs
        from edition.crossrefs.labels import Kinds
        from edition.glossary import model as glossary
        from edition.mkdocs_site import project as configured
        from edition.notes import model as notes
        settings = configured(str(project / "mkdocs.yml"))
        texts = {p: (docs / p).read_text(encoding="utf-8") for p in pages}
        # The pages that ask for the Bibliography and the Glossary (the plugin's own choice).
        settings.place_apparatus(texts, True, True)
        if settings.notes_page:
            shape["notes"] = len(notes.parse_definitions(texts[settings.notes_page],
                                                         settings.notes_page)[0])
        is_label = Kinds(settings.crossref_kinds).is_label
        items = [i for t in texts.values() for c in citations.find(t) for i in c.items]
        shape["cited_works"] = sum(not is_label(i.key) for i in items)
        shape["cross_references"] = (sum(is_label(i.key) for i in items)
                                     + sum(len(crossrefs.POINTER.findall(t)) for t in texts.values()))
        if settings.glossary_file:
            terms = glossary.load(settings.root / settings.glossary_file)
            shape["term_uses"] = sum(len(glossary.find(texts[p], terms)) for p in pages
                                     if p not in (*settings.not_glossed_pages, "index.md"))
    except Exception as error:  # noqa: BLE001 - the counts are for the table only
        print(f"(the paper's counts: {error!r})", file=sys.stderr)
    finally:
        sys.path.remove(str(project))
    return shape


def num(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def measure(projects: dict[str, Path], stacks: tuple[str, ...], runs: int, notes: int | None,
            peer: str | None) -> dict:
    """One untimed build of each stack (the toolkit's fills the cache; each is checked), then
    ``runs`` rounds, each building every stack once, in an order rotated from round to round."""
    python = {"ours": sys.executable, "toolkit": sys.executable, "bibtex": peer}
    stacks = tuple(s for s in stacks if python[STACKS[s][2]])
    for stack in stacks:
        if STACKS[stack][3]:  # a cold stack's warm twin fills the cache
            continue
        project = projects[STACKS[stack][0]]
        run_build(project, stack, python[STACKS[stack][2]])
        sanity(project, stack, notes)
    results: dict[str, list[dict]] = {s: [] for s in stacks}
    for round_ in range(runs):
        shift = round_ * len(stacks) // max(runs, 1)
        order = stacks[shift:] + stacks[:shift]
        for stack in order:
            project = projects[STACKS[stack][0]]
            results[stack].append(run_build(project, stack, python[STACKS[stack][2]]))
            print(f"    round {round_ + 1}: {stack:<14} {results[stack][-1]['wall']:6.2f} s "
                  f"(cpu {results[stack][-1]['cpu']:.2f} s, load {results[stack][-1]['load']:.1f})",
                  file=sys.stderr, flush=True)
    loads = [r["load"] for runs_ in results.values() for r in runs_]
    return {"runs": results, "load": [min(loads), max(loads)]}


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


PAGE_EVENTS = ("page_context", "post_page")  # the events MkDocs runs inside _build_page


def ratios(result: dict, metric: str = "wall") -> dict:
    """Per-round ratios (numerator and denominator built in the same round): median, min, max."""
    runs = result["runs"]
    out = {}
    for top, bottom in RATIOS:
        if top in runs and bottom in runs:
            each = [a[metric] / b[metric] for a, b in zip(runs[top], runs[bottom])]
            out[f"{top}/{bottom}"] = {"median": median(each), "min": min(each), "max": max(each)}
    return out


def summary(result: dict) -> dict:
    """Medians over the rounds, for each stack; the build split into where its time goes."""
    runs = result["runs"]
    out = {v: {m: median([r[m] for r in runs[v]]) for m in ("wall", "cpu", "peak_mib", "build")}
           for v in runs}
    for v in runs:
        origins: dict[str, dict[str, float]] = {}  # plugin -> its events' medians
        for origin in {o for r in runs[v] for o in r["events"]}:
            names = {e for r in runs[v] for e in r["events"].get(origin, {})}
            per_event = {e: median([r["events"].get(origin, {}).get(e, 0.0) for r in runs[v]])
                         for e in names}
            total = median([sum(r["events"].get(origin, {}).values()) for r in runs[v]])
            origins[origin] = {"total": total, "events": per_event}
        out[v]["origins"] = origins

        def split(r: dict) -> dict:
            ours = sum(t for o, h in r["events"].items() if o == PLUGIN for t in h.values())
            peer = sum(t for o, h in r["events"].items() if o == "bibtex" for t in h.values())
            others = sum(t for o, h in r["events"].items() if o not in (PLUGIN, "bibtex")
                         for t in h.values())
            inside = sum(h.get(e, 0.0) for h in r["events"].values() for e in PAGE_EVENTS)
            templates = r["pages"] - inside
            return {"edition_total": ours, "bibtex_total": peer, "plugins": others,
                    "markdown": r["markdown"], "templates": templates,
                    "other": r["build"] - ours - peer - others - r["markdown"] - templates,
                    "startup": r["wall"] - r["build"]}

        out[v]["passes"] = {name: median([r.get("passes", {}).get(name, 0.0) for r in runs[v]])
                            for name in {n for r in runs[v] for n in r.get("passes", {})}}
        parts = [split(r) for r in runs[v]]
        out[v].update({k: median([p[k] for p in parts]) for k in parts[0]})
        slow: dict[str, list[float]] = {}
        for r in runs[v]:
            for page, t in r["slowest_pages"].items():
                slow.setdefault(page, []).append(t)
        out[v]["slowest_pages"] = {p: median(t) for p, t in slow.items()}
    out["ratios"] = ratios(result)
    out["cpu_ratios"] = ratios(result, "cpu")
    return out



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_rebuild(project: Path, edits: int = 5, page: str = "docs/overview.md") -> dict:
    """mkdocs serve on the project; time each rebuild after one edit of one page."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines: list[tuple[float, str]] = []
    arrived = threading.Condition()

    def read():
        for line in proc.stdout:
            with arrived:
                lines.append((time.perf_counter(), line.rstrip()))
                arrived.notify_all()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def wait_for(text: str, after: int, timeout: float) -> tuple[int, float]:
        deadline = time.perf_counter() + timeout
        with arrived:
            while True:
                for i in range(after, len(lines)):
                    if text in lines[i][1]:
                        return i, lines[i][0]
                left = deadline - time.perf_counter()
                if left <= 0 or proc.poll() is not None:
                    tail = "\n".join(l for _, l in lines[-20:])
                    raise SystemExit(f"mkdocs serve: no '{text}' within {timeout:.0f} s:\n{tail}")
                arrived.wait(left)

    path = project / page
    original = path.read_text(encoding="utf-8")
    edited = original.replace(". ", ".  ", 1)  # white space only: the fidelity check ignores it
    rebuilds, waits, problems = [], [], []
    try:
        at, _ = wait_for("Serving on", 0, 180)
        for n in range(edits):
            time.sleep(1.5)  # let the watcher and the server settle
            with arrived:
                after = len(lines)
            written = time.perf_counter()
            path.write_text(edited if n % 2 == 0 else original, encoding="utf-8")
            at, detected = wait_for("Detected file changes", after, 60)
            at, reloaded = wait_for("Reloading browsers", at, 120)
            problems += [l for _, l in lines[after:at] if "ERROR" in l or "WARNING" in l]
            rebuilds.append(reloaded - detected)
            waits.append(reloaded - written)
    finally:
        path.write_text(original, encoding="utf-8")
        proc.terminate()  # SIGTERM to the one process started here
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"rebuild": rebuilds, "edit_to_reload": waits, "problems": problems}


def machine(peer: str | None = None) -> dict:
    def version(package: str) -> str:
        from importlib.metadata import PackageNotFoundError, version as v
        try:
            return v(package)
        except PackageNotFoundError:
            return "-"

    cpu = "?"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "?"
    try:
        kib = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    try:
        import pypandoc
        pandoc = pypandoc.get_pandoc_version()
    except Exception:  # noqa: BLE001
        pandoc = "?"
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.rstrip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [l[3:] for l in git("status", "--porcelain", "--", "edition", "mkdocs.yml",
                                "bench").splitlines()]
    peers = {}
    if peer:  # the versions in stack (b)'s own venv
        found = subprocess.run([peer, "-c", "from importlib.metadata import version as v; "
                                "print(v('mkdocs-bibtex'), v('pybtex'))"],
                               capture_output=True, text=True).stdout.split()
        peers = dict(zip(("mkdocs_bibtex", "pybtex"), found))
    load = os.getloadavg()
    return {**peers, "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_at_start": [round(x, 2) for x in load],
            "commit": git("rev-parse", "--short", "HEAD").strip() or "?", "changed": dirty,
            "cpus": os.cpu_count(), "cpu": cpu, "memory": memory,
            "python": platform.python_version(), "pandoc": pandoc,
            "packages": {p: version(p) for p in ("mkdocs", "mkdocs-material", "Markdown",
                                                 "pymdown-extensions", "pypandoc-binary", "lxml",
                                                 "bibtexparser")}}


def report(info: dict, rows: list[dict], live: dict | None, runs: int) -> str:
    changed = info.get("changed") or []

    def has(row: dict, *stacks: str) -> bool:
        return all(s in row["summary"] for s in stacks)

    def ratio(row: dict, key: str, which: str = "ratios") -> str:
        r = row["summary"][which].get(key)
        return f"{r['median']:.2f} ({r['min']:.2f}–{r['max']:.2f})" if r else "–"

    def cell(row: dict, stack: str, metric: str = "wall", fmt: str = "{:.2f}") -> str:
        return fmt.format(row["summary"][stack][metric]) if stack in row["summary"] else "–"

    out = [f"Commit {info.get('commit', '?')}"
           + (f" with uncommitted changes to {', '.join(changed)}" if changed else "") + ". "
           f"Date: {info['date']}. Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}; "
           f"Python {info['python']}, Pandoc {info['pandoc']}; "
           + ", ".join(f"{p} {v}" for p, v in info["packages"].items()) + "; "
           + f"mkdocs-bibtex {info.get('mkdocs_bibtex', '?')} (pybtex {info.get('pybtex', '?')}).",
           f"Medians of {runs} alternating rounds; seconds of wall time, from starting "
           "`python -m mkdocs build -q` to its exit; a ratio is the median of the per-round "
           "ratios (both builds in the same round), with their range; load = the lowest and "
           "highest 1-minute load average seen as the size's timed builds started (above the CPU "
           "count, other work was competing for the CPUs).", "",
           "**The same text with each page's notes at its foot** (the shape plain Material's and "
           "mkdocs-bibtex's users write): (d) the floor, (a) plain Material (footnotes, the "
           "glossary as abbreviations), (b) mkdocs-bibtex 4.4 (pybtex), (c) the toolkit:", "",
           "| size | pages | notes | cited works | (d) floor s | (a) Material s | (b) mkdocs-bibtex s "
           "| (c) warm s | (c) cold s | warm / (a) | warm / (b) | cold / (a) | (b) / (a) | load (1 min) |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        if not has(row, "material"):
            continue
        shape = row["shape"]
        out.append(f"| {row['name']} | {num(shape['pages'] - 1)} | {num(shape['notes'])} | "
                   f"{num(shape['cited_works'])} | {cell(row, 'floor-fn')} | {cell(row, 'material')} | "
                   f"{cell(row, 'mkdocs-bibtex')} | {cell(row, 'warm-fn')} | {cell(row, 'cold-fn')} | "
                   f"{ratio(row, 'warm-fn/material')} | {ratio(row, 'warm-fn/mkdocs-bibtex')} | "
                   f"{ratio(row, 'cold-fn/material')} | {ratio(row, 'mkdocs-bibtex/material')} | "
                   f"{row['load'][0]:.1f}–{row['load'][1]:.1f} |")
    out += ["", "**The paper's shape** (one Notes page; the toolkit renders each note at the foot "
            "of its page and on the Notes page; the floor leaves the notes unrendered); warm / (a) "
            "compares it with plain Material on the footnotes layout of the same text:", "",
            "| size | pages | notes | cited works | term uses | cross-refs | (d) floor s | warm s | "
            "cold s | warm / floor | cold / floor | warm / (a) | load (1 min) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        shape = row["shape"]
        cold = row["summary"]["cold"]["wall"] / row["summary"]["floor"]["wall"]
        out.append(
            f"| {row['name']} | {num(shape['pages'])} | {num(shape['notes'])} | "
            f"{num(shape['cited_works'])} | {num(shape['term_uses'])} | "
            f"{num(shape['cross_references'])} | {cell(row, 'floor')} | {cell(row, 'warm')} | "
            f"{cell(row, 'cold')} | {ratio(row, 'warm/floor')} | {cold:.2f} | "
            f"{ratio(row, 'warm/material')} | {row['load'][0]:.1f}–{row['load'][1]:.1f} |")
    stacks = [s for s in STACKS if any(s in row["summary"] for row in rows)]
    out += ["", "CPU seconds (user + system, the build's process and Pandoc; the figure other "
            "load disturbs least) and peak memory (MiB, maximum resident set):", "",
            "| size | " + " | ".join(f"{s} cpu" for s in stacks) + " | warm-fn / (a) cpu | "
            "warm-fn / (b) cpu | " + " | ".join(f"{s} MiB" for s in stacks) + " | warm-fn / (a) MiB |",
            "|---|" + "---|" * (2 * len(stacks) + 3)]
    for row in rows:
        s = row["summary"]
        peak = (f"{s['warm-fn']['peak_mib'] / s['material']['peak_mib']:.2f}"
                if has(row, "warm-fn", "material") else "–")
        out.append(f"| {row['name']} | " + " | ".join(cell(row, x, "cpu") for x in stacks)
                   + f" | {ratio(row, 'warm-fn/material', 'cpu_ratios')} | "
                   f"{ratio(row, 'warm-fn/mkdocs-bibtex', 'cpu_ratios')} | "
                   + " | ".join(cell(row, x, "peak_mib", "{:.0f}") for x in stacks) + f" | {peak} |")
    by_k = {row["k"]: row["summary"] for row in rows if row.get("k")}
    if 10 in by_k and 100 in by_k:
        def exponent(metric):
            return math.log(metric(by_k[100]) / metric(by_k[10])) / math.log(10)
        parts = [f"{v} {exponent(lambda s, v=v: s[v]['wall']):.2f}" for v in stacks
                 if v in by_k[10] and v in by_k[100]]
        out += ["", "Time exponent from K=10 to K=100, log(t100 / t10) / log 10, wall: "
                + ", ".join(parts) + "."]

    def breakdown(title: str, shown: tuple[str, ...]) -> None:
        nonlocal out
        present = [row for row in rows if has(row, *shown)]
        if not present:
            return
        out += ["", title + " (seconds, in-process, medians; each cell " + " / ".join(shown) + "):",
                "", "| | " + " | ".join(row["name"] for row in present) + " |",
                "|---|" + "---|" * len(present)]
        toolkit = [v for v in shown if STACKS[v][2] == "toolkit"]

        def event_time(row, variant, event):
            return row["summary"][variant]["origins"].get(PLUGIN, {}).get("events", {}).get(event, 0.0)

        events = sorted({e for row in present for v in toolkit
                         for e in row["summary"][v]["origins"].get(PLUGIN, {}).get("events", {})})
        for event in events:
            cells = [" / ".join(f"{event_time(row, v, event):.2f}" for v in toolkit) for row in present]
            out.append(f"| {PLUGIN}: on_{event} ({' / '.join(toolkit)}) | " + " | ".join(cells) + " |")
        passes = sorted({n for row in present for v in toolkit
                         for n in row["summary"][v].get("passes", {})})
        for name in passes:
            cells = [" / ".join(f"{row['summary'][v].get('passes', {}).get(name, 0.0):.2f}"
                                for v in toolkit) for row in present]
            out.append(f"| extension: {name} (inside Python-Markdown; {' / '.join(toolkit)}) | "
                       + " | ".join(cells) + " |")
        for key, name in (
                ("edition_total", f"**all the {PLUGIN} plugin's events**"),
                ("bibtex_total", "mkdocs-bibtex's events"),
                ("markdown", "Python-Markdown (`Page.render`: Markdown -> HTML)"),
                ("templates", "Material's templates, writing pages (`_build_page` less its events)"),
                ("plugins", "Material's search plugin (its events)"),
                ("other", "the rest of MkDocs' `build()` (files, nav, static files)"),
                ("build", "**`build()`**"),
                ("startup", "start-up (interpreter, imports, mkdocs.yml, plugins' modules)"),
                ("wall", "**wall** (median; the medians above need not add up to it)")):
            cells = [" / ".join(f"{row['summary'][v][key]:.2f}" for v in shown) for row in present]
            out.append(f"| {name} | " + " | ".join(cells) + " |")

    breakdown("Where the time goes, the paper's shape", ("warm", "cold", "floor"))
    breakdown("Where the time goes, footnotes on each page", ("warm-fn", "material", "mkdocs-bibtex"))
    out += ["", "The plugin's costliest events (warm, paper shape, seconds) and the slowest pages "
            "to convert (`Page.render`, warm, with the floor's time for the same page):", ""]
    for row in rows:
        s = row["summary"]
        events = [(t, f"on_{e}")
                  for e, t in s["warm"]["origins"].get(PLUGIN, {}).get("events", {}).items()]
        top = sorted(events, reverse=True)[:6]
        pages = sorted(s["warm"]["slowest_pages"].items(), key=lambda item: -item[1])[:3]
        plain = s["floor"]["slowest_pages"]
        shown = ", ".join(f"{p} {t:.2f}" + (f" (floor {plain[p]:.2f})" if p in plain else "")
                          for p, t in pages)
        out.append(f"- {row['name']}: " + ", ".join(f"{n} {t:.2f}" for t, n in top)
                   + f"; pages: {shown}")
    if live:
        r, w = live["rebuild"], live["edit_to_reload"]
        out += ["", f"Live rebuild of the real paper under `mkdocs serve` ({len(r)} edits of one "
                "page): \"Detected file changes\" → \"Reloading browsers\" median "
                f"{median(r):.2f} s (min {min(r):.2f}, max {max(r):.2f}); edit written → "
                f"\"Reloading browsers\" median {median(w):.2f} s."]
        if live["problems"]:
            out.append("Serve reported: " + " / ".join(live["problems"][:3]))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="K values (default: 1 10 100)")
    parser.add_argument("--runs", type=int, default=3, help="alternating rounds per size (default 3)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--no-paper", action="store_true", help="skip the real paper and serve")
    parser.add_argument("--no-peer", action="store_true",
                        help="skip mkdocs-bibtex (no venv of its own is made)")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import generate

    sizes = args.sizes or [1, 10, 100]
    peer = None if args.no_peer else str(peer_python())
    info = machine(peer)
    rows: list[dict] = []
    live = None
    work = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    try:
        if not args.no_paper:
            project = work / "paper"
            paper_project(project)
            print("the real paper ...", file=sys.stderr, flush=True)
            result = measure({"paper": project}, PAPER_STACKS, args.runs, None, peer)
            shape = paper_shape(project)
            rows.append({"name": "paper", "shape": shape, **result, "summary": summary(result)})
            print("the real paper under mkdocs serve ...", file=sys.stderr, flush=True)
            live = live_rebuild(project)
        for k in sizes:
            projects = {layout: work / f"k{k}-{layout}"
                        for layout in ("paper", "footnotes")}
            shape = generate.make_project(projects["paper"], k, args.seed, "notes-page")
            twin = generate.make_project(projects["footnotes"], k, args.seed, "footnotes")
            if vars(twin) != vars(shape):
                raise SystemExit(f"K={k}: the two layouts drew different content")
            print(f"K={k}: {shape.pages} pages, {shape.notes} notes ...", file=sys.stderr, flush=True)
            result = measure(projects, tuple(STACKS), args.runs, shape.notes, peer)
            rows.append({"name": f"K={k}", "k": k, "shape": vars(shape), **result,
                         "summary": summary(result)})
            if not args.keep:
                for project in projects.values():
                    shutil.rmtree(project)
    finally:
        if args.keep:
            print(f"projects kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": rows, "live": live}, indent=1))
    print(report(info, rows, live, args.runs))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        config, site, out = sys.argv[2:5]
        sys.exit(child(config, site, out, "--strict" in sys.argv[5:], "--edition" in sys.argv[5:]))
    sys.exit(main())
