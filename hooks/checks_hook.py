"""MkDocs events -> edition.checks, edition.fidelity and edition.diagnostics: the sources are
checked as the editor wrote them, and every problem of the build is told once, at the end.

The report decides the outcome itself rather than leaving it to MkDocs' warning counter, so a
build fails the same way with or without ``-q``: errors fail every build, warnings fail
``--strict``. ``mkdocs serve`` only tells them, so that the preview keeps following the edits.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from edition.citations import library as bibliography
from edition import checks
from edition.common import diagnostics
from edition.fidelity import check as fidelity
from edition import paper
from edition import pipeline

log = logging.getLogger("mkdocs.hooks.edition.checks")
_ID = re.compile(r'\bid="([^"]+)"')
_state: dict = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(pipeline.FIRST)  # first: every other hook adds its problems to this build's report
def on_config(config):
    diagnostics.start()
    _state.update(root=Path(config["config_file_path"]).parent, links=[], ids={})
    return config


@event_priority(pipeline.FIRST)  # an undecodable page stops the build before others read it
def on_nav(nav, config, files):
    root, report = _state["root"], diagnostics.current()
    in_nav = [p.file.src_uri for p in nav.pages]
    every = [f.src_uri for f in files.documentation_pages()]
    # Reading order: the nav's, then any page it leaves out (reported below).
    pages, problems = checks.read_pages(Path(config["docs_dir"]), in_nav + [s for s in every
                                                                             if s not in in_nav])
    report.extend(problems)
    if problems:  # MkDocs itself would stop on an undecodable page with a traceback
        raise PluginError(_tell(report, failing=True))
    config_name = Path(config["config_file_path"]).name
    report.extend(checks.nav_problems(every, set(in_nav), config_name))
    library = bibliography.load(root / "references.bib")
    report.extend(library.problems)
    works, refs, pointers = checks.citations_in(pages)
    report.extend(checks.citation_problems(works, library, library.unreadable))
    report.extend(checks.unused_entries(works, library))
    report.extend(checks.label_problems(pages, refs + pointers, set(library.entries)))
    report.extend(checks.note_problems(pages, paper.NOTES_PAGE))
    report.extend(checks.editorial_mark_problems(pages))
    report.extend(fidelity.problems(root))
    _state["links"] = checks.links_in(pages)
    return nav


def on_page_content(html_text, page, config, files):
    _state["ids"][page.file.src_uri] = set(_ID.findall(html_text))
    return html_text


def on_env(env, config, files):
    diagnostics.current().extend(checks.link_problems(_state["links"], _state["ids"]))
    return env


@event_priority(pipeline.LAST)  # last: after every hook has added what it found
def on_post_build(config):
    report = diagnostics.current()
    if not report.problems:
        return
    failing = bool(report.errors) or bool(config["strict"])
    serving = _state["command"] == "serve"
    message = _tell(report, failing, serving)
    if failing and not serving:
        raise PluginError(message)
    (log.error if failing else log.warning)(message)


def _tell(report: diagnostics.Report, failing: bool, serving: bool = False) -> str:
    """All problems as one message: MkDocs prints a failing build's message at error level,
    which ``-q`` does not hide."""
    listed = "\n".join(str(p) for p in report.ordered())
    if serving:
        outcome = "make check would fail; the preview shows this build" if failing else \
            "fix them before publishing"
    else:
        outcome = "the build fails" if failing else "fix them before publishing"
    # The first line carries MkDocs' level prefix; each problem then stands on a line of its
    # own, as `path:line:col: severity: message` for editors and for CI's problem matcher.
    return f"{report.summary()} in the edition's sources ({outcome}):\n{listed}"
