"""MkDocs events -> edition.checks, edition.fidelity and edition.common.diagnostics: the sources
are checked as the editor wrote them, and every problem of the build is told once, at the end.

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

from edition import paper, pipeline
from edition.checks import ChecksBuild
from edition.common import diagnostics

log = logging.getLogger("mkdocs.hooks.edition.checks")
_ID = re.compile(r'\bid="([^"]+)"')
_command = "build"
_build: ChecksBuild | None = None


def on_startup(command, dirty):
    global _command
    _command = command


@event_priority(pipeline.FIRST)  # first: every other hook adds its problems to this build's report
def on_config(config):
    global _build
    diagnostics.start()
    _build = ChecksBuild(Path(config["config_file_path"]).parent, Path(config["docs_dir"]),
                         Path(config["config_file_path"]).name, paper.NOTES_PAGE, paper.BIB_FILE)
    return config


@event_priority(pipeline.FIRST)  # an undecodable page stops the build before others read it
def on_nav(nav, config, files):
    report = diagnostics.current()
    problems, fatal = _build.sources([p.file.src_uri for p in nav.pages],
                                     [f.src_uri for f in files.documentation_pages()])
    report.extend(problems)
    if fatal:
        raise PluginError(_tell(report, failing=True))
    return nav


@event_priority(pipeline.LAST)  # the pages as readers get them, generated content included
def on_env(env, config, files):
    anchored = _build.anchored()
    ids = {f.src_uri: set(_ID.findall(f.page.content or "")) if f.src_uri in anchored else set()
           for f in files.documentation_pages() if f.page is not None}
    diagnostics.current().extend(_build.finish(ids))
    return env


@event_priority(pipeline.LAST)  # last: after every hook has added what it found
def on_post_build(config):
    report = diagnostics.current()
    if not report.problems:
        return
    failing = bool(report.errors) or bool(config["strict"])
    serving = _command == "serve"
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
