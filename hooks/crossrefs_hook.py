"""MkDocs events -> edition.crossrefs: labels read from every page's source, references
resolved where they stand, each with a card previewing its target."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import mkdocs_site
from edition import paper, pipeline
from edition.citations import library
from edition.common import cards
from edition.crossrefs.build import CrossrefsBuild

_build: CrossrefsBuild | None = None


@event_priority(pipeline.CROSSREFS)
def on_config(config):
    global _build
    root = Path(config["config_file_path"]).parent
    _build = CrossrefsBuild(set(library.load(root / paper.BIB_FILE, paper.BIB_FILE,
                                            root / ".cache" / "edition").entries))
    config.markdown_extensions.append(_build.extension())
    return config


@event_priority(pipeline.CROSSREFS)
def on_nav(nav, config, files):
    _build.index_labels(mkdocs_site.in_reading_order(nav, files))
    return nav


@event_priority(pipeline.CROSSREFS)
def on_page_markdown(markdown, page, config, files):
    _build.page(mkdocs_site.place(page, files))
    return markdown


@event_priority(pipeline.CROSSREFS)
def on_page_content(html_text, page, config, files):
    _build.page_done()
    return html_text


@event_priority(pipeline.CROSSREFS)
def on_env(env, config, files):
    _build.finish()
    return env


@event_priority(pipeline.CROSSREFS)
def on_post_page(output, page, config):
    return cards.inject(output, _build.templates.get(page.file.src_uri, []))
