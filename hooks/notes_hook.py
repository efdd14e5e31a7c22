"""MkDocs events -> edition.notes: each page shows its notes with the paper's numbers; the Notes
page lists them all with a link back to where each is referenced."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from edition.notes import model as notes
from edition import paper
from edition import pipeline
from edition.common.text import read_text

_book = notes.NoteBook()
_refs: list[notes.Reference] = []
_reading_order: dict[str, int] = {}
_BACKLINKS = re.compile(r'<span data-edition-backlinks="([^"]+)"></span>')


@event_priority(pipeline.NOTES)
def on_config(config):
    global _book
    _refs.clear()
    path = Path(config["docs_dir"]) / paper.NOTES_PAGE
    _book = notes.NoteBook(paper.NOTES_PAGE)
    try:  # what is wrong with the notes is told by the checks hook, with file and line
        _book.notes, _ = notes.parse_definitions(read_text(path), f"docs/{paper.NOTES_PAGE}")
    except (OSError, UnicodeDecodeError):
        pass
    return config


@event_priority(pipeline.NOTES)
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == paper.NOTES_PAGE:
        return _notes_page(markdown)
    refs = notes.find_references(markdown, page.file.src_uri)
    _refs.extend(refs)
    return notes.with_definitions(markdown, [r.label for r in refs], _book)


@event_priority(pipeline.NOTES)
def on_nav(nav, config, files):
    _reading_order.clear()
    _reading_order.update((p.file.src_uri, i) for i, p in enumerate(nav.pages))
    return nav


def _notes_page(markdown: str) -> str:
    """The Notes page: its heading as written, then every note as a numbered item."""
    starts = notes.note_starts(markdown)
    heading = markdown[: starts[0][0]] if starts else markdown
    items = [notes.notes_page_item(n) for n in _book.ordered()]
    return heading + '\n<ol class="endnotes" markdown="1">\n' + "\n".join(items) + "\n</ol>\n"


@event_priority(pipeline.NOTES)
def on_page_content(html_text, page, config, files):
    return notes.paper_numbers(html_text)


@event_priority(pipeline.NOTES)
def on_env(env, config, files):
    # Pages are read in file order; resolve markers in reading order, so "first" means first read.
    _refs.sort(key=lambda r: (_reading_order.get(r.page, len(_reading_order)), r.line))
    notes.record(_book, _refs)
    notes_file = files.get_file_from_path(paper.NOTES_PAGE)
    if notes_file is not None and notes_file.page is not None:
        page = notes_file.page

        def backlinks(match: re.Match[str]) -> str:
            links = []
            for ref in _book.references.get(html.unescape(match.group(1)), []):
                target = files.get_file_from_path(ref.page)
                href = get_relative_url(target.url, page.url) + f"#fnref:{ref.label}"
                title = target.page.title if target.page else ref.page
                links.append(f'<a class="endnote-backlink" href="{html.escape(href)}" '
                             f'aria-label="Back to note {html.escape(ref.label)} in {html.escape(title)}">'
                             f'↩ {html.escape(title)}</a>')
            return " ".join(links)

        page.content = _BACKLINKS.sub(backlinks, page.content)
    return env
