"""MkDocs events -> edition.glossary: terms become cards where they are read, first uses are
expanded, and the Glossary page shows every term with where it is used."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import mkdocs_site
from edition import paper, pipeline
from edition.common import cards, diagnostics, slots
from edition.glossary.build import GlossaryBuild

_build: GlossaryBuild | None = None


@event_priority(pipeline.GLOSSARY)
def on_config(config):
    global _build
    root = Path(config["config_file_path"]).parent
    _build = GlossaryBuild.load(root / paper.GLOSSARY_FILE, paper.GLOSSARY_FILE, paper.GLOSSARY_PAGE,
                                paper.NOTES_PAGE, paper.NOT_GLOSSED)
    config.markdown_extensions.append(_build.extension())
    slots.current().provide(paper.SLOT_GLOSSARY, _build.glossary_html)
    return config


@event_priority(pipeline.GLOSSARY)
def on_nav(nav, config, files):
    _build.reading_order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
    return nav


@event_priority(pipeline.GLOSSARY)
def on_page_markdown(markdown, page, config, files):
    _build.page(mkdocs_site.place(page, files))
    return markdown


@event_priority(pipeline.GLOSSARY)
def on_page_content(html_text, page, config, files):
    _build.page_done()
    return html_text


@event_priority(pipeline.GLOSSARY)
def on_env(env, config, files):
    _build.finish_cards()
    diagnostics.report(_build.finish())
    return env


@event_priority(pipeline.GLOSSARY)
def on_post_page(output, page, config):
    return cards.inject(output, _build.templates.get(page.file.src_uri, []))
