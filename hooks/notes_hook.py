"""MkDocs events -> edition.notes: each page shows its notes with the paper's numbers; the Notes
page lists them all with a link back to where each is referenced."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from edition import paper, pipeline
import mkdocs_site as sources
from edition.notes.build import NotesBuild

_build: NotesBuild | None = None


@event_priority(pipeline.NOTES)
def on_config(config):
    global _build
    _build = NotesBuild.load(Path(config["docs_dir"]), paper.NOTES_PAGE)
    config.markdown_extensions.append(_build.extension())
    return config


@event_priority(pipeline.NOTES)
def on_nav(nav, config, files):
    _build.index(sources.in_reading_order(nav, files))
    return nav


@event_priority(pipeline.NOTES)
def on_page_markdown(markdown, page, config, files):
    return _build.page(sources.place(page, files), markdown)
