"""MkDocs events -> the title page links to the offline downloads (zip and single HTML file),
with their sizes, and the site carries them. They are made first by `make bundle` from the
file:// build; only a build with $EDITION_DOWNLOADS set (the hosted one, `make site`) attaches
them, from that folder."""

from __future__ import annotations

import html
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from edition.common import diagnostics
from edition import pipeline
from edition.common.diagnostics import Diagnostic
from edition.paper import BUNDLE_NAME as NAME

PLACEHOLDER = "<!-- edition:downloads -->"
LABELS = (
    (f"{NAME}-offline.zip", "The whole site for offline reading (zip): unzip it anywhere and "
                            "open <code>index.html</code>; search and every card work without "
                            "a network."),
    (f"{NAME}.html", "The whole paper as one HTML file, with notes, bibliography, glossary "
                     "and a built-in search."),
)
_state: dict = {}


@event_priority(pipeline.DOWNLOADS)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    offline = bool(config["extra"].get("offline_edition"))
    # Explicit, never a default folder: a default made every build pick up whatever an earlier
    # build left in dist/, so the offline zip came to hold the previous zip and grew each time.
    # The offline edition never carries downloads, even if the variable leaks into its build.
    folder = os.environ.get("EDITION_DOWNLOADS", "")
    files: list[tuple[Path, str]] = []
    if folder and not offline:
        files = [(root / folder / name, label) for name, label in LABELS]
        # Asked for downloads that are not there: fail the strict build rather than publish a
        # title page that silently lacks them.
        diagnostics.report(Diagnostic(f"{folder}/{p.name}", 1, "the download is missing "
                                      f"(EDITION_DOWNLOADS={folder})", "run `make bundle` first")
                           for p, _ in files if not p.is_file())
        files = [(p, label) for p, label in files if p.is_file()]
    _state.update(files=files, offline=offline)
    return config


@event_priority(pipeline.DOWNLOADS)
def on_files(files, config):
    for path, _ in _state["files"]:
        files.append(File.generated(config, f"downloads/{path.name}", abs_src_path=str(path)))
    return files


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} kB"


@event_priority(pipeline.DOWNLOADS)
def on_page_markdown(markdown, page, config, files):
    if PLACEHOLDER not in markdown:
        return markdown
    if _state["offline"]:
        block = "<p>You are reading the offline edition: it needs no network.</p>"
    elif not _state["files"]:
        block = ("<p>The offline downloads are not part of this build; "
                 "<code>make site</code> makes them and links them here.</p>")
    else:
        items = "".join(
            f'<li><a href="downloads/{html.escape(p.name)}" download>{html.escape(p.name)}</a> '
            f"({_size(p)}). {label}</li>" for p, label in _state["files"])
        block = f'<ul class="downloads">{items}</ul>'
    return markdown.replace(PLACEHOLDER, block)
