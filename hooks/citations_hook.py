"""MkDocs events -> edition.citations: every citation a link with a card, and a Bibliography
page that shows where each work is cited."""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import mkdocs_site
from edition import paper, pipeline
from edition.citations.build import STYLE_HINT, CitationsBuild
from edition.common import cards, diagnostics, slots
from edition.common.diagnostics import Diagnostic
from edition.common.text import setting_position

_build: CitationsBuild | None = None


@event_priority(pipeline.CITATIONS)
def on_config(config):
    global _build
    root = Path(config["config_file_path"]).parent
    _build = CitationsBuild.load(root, paper.BIB_FILE, paper.BIB_PAGE, paper.NOTES_PAGE,
                                 str(config["extra"].get("citation_style") or ""),
                                 str(config["extra"].get("citation_locale") or ""))
    if _build.style_problem:
        _tell_style(config, _build.style_problem, STYLE_HINT)
    config.markdown_extensions.append(_build.extension())
    slots.current().provide(paper.SLOT_BIBLIOGRAPHY, _build.bibliography)
    slots.current().provide(paper.SLOT_CITATION_STYLE, lambda place: html.escape(_build.style_title()))
    return config


def _tell_style(config, message: str, hint: str) -> None:
    line, col = setting_position(config["config_file_path"], "citation_style")
    diagnostics.report([Diagnostic(Path(config["config_file_path"]).name, line, message, hint, col=col)])


@event_priority(pipeline.CITATIONS)
def on_files(files, config):
    """references.bib as written, and the bibliography for reference managers (whole and per
    entry), linked from the Bibliography page and from every citation card."""
    path = Path(config["config_file_path"]).parent / paper.BIB_FILE
    if path.exists():
        files.append(File.generated(config, paper.BIB_FILE, abs_src_path=str(path)))
    for site_path, content in _build.exported_files():
        files.append(File.generated(config, site_path, content=content))
    return files


@event_priority(pipeline.CITATIONS)
def on_nav(nav, config, files):
    """Every citation of the edition, found in the sources, formatted in one call (or none)."""
    _build.reading_order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
    problem = _build.prepare([text for _, _, text in mkdocs_site.in_reading_order(nav, files)])
    if problem:
        _tell_style(config, problem, _build.problem_hint or "check extra.citation_style in mkdocs.yml")
    return nav


@event_priority(pipeline.CITATIONS)
def on_page_markdown(markdown, page, config, files):
    _build.page(mkdocs_site.place(page, files))
    return markdown


@event_priority(pipeline.CITATIONS)
def on_page_content(html_text, page, config, files):
    _build.page_done()
    return html_text


@event_priority(pipeline.CITATIONS)
def on_env(env, config, files):
    _build.finish()
    return env


@event_priority(pipeline.CITATIONS)
def on_post_page(output, page, config):
    return cards.inject(output, _build.templates.get(page.file.src_uri, []))
