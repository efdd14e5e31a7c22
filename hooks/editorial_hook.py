"""MkDocs events -> edition.editorial and edition.ledger_table: editorial gaps and remarks are
rendered as such, and the About page shows the emendations ledger."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from edition.fidelity import citation_map as citation_markup
from edition.editorial import marks as editorial
from edition.fidelity import ledger
from edition.fidelity import tables as ledger_table
from edition import paper
from edition import pipeline

PLACEHOLDER = "<!-- edition:emendations -->"
MAP_PLACEHOLDER = "<!-- edition:citation-map -->"


@event_priority(pipeline.EDITORIAL)
def on_page_markdown(markdown, page, config, files):
    if PLACEHOLDER in markdown:
        root = Path(config["config_file_path"]).parent
        try:
            entries = ledger.load(root / paper.LEDGER)
        except ledger.LedgerError:  # told, with its line, by the checks hook
            entries = []
        markdown = markdown.replace(PLACEHOLDER, ledger_table.render(entries, paper.SOURCE))
    if MAP_PLACEHOLDER in markdown:
        root = Path(config["config_file_path"]).parent
        try:
            markups = citation_markup.load(root / paper.CITATION_MAP)
        except citation_markup.MarkupError:  # told, with its line, by the checks hook
            markups = []
        markdown = markdown.replace(MAP_PLACEHOLDER,
                                    ledger_table.render_markup(markups, paper.CITATION_MAP))
    return editorial.render(markdown)
