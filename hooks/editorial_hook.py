"""MkDocs events -> edition.editorial, edition.lists and edition.fidelity.tables: editorial gaps and
remarks are rendered as such, the paper's labelled items as lists, and the About page shows the
emendations ledger and the citation map."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from edition import paper, pipeline
from edition.common import slots
from edition.editorial.marks import EditorialExtension
from edition.lists.extension import PaperListsExtension
from edition.fidelity import citation_map, ledger, tables


@event_priority(pipeline.EDITORIAL)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    config.markdown_extensions.append(EditorialExtension())
    config.markdown_extensions.append(PaperListsExtension())
    slots.current().provide(paper.SLOT_EMENDATIONS, lambda place: _emendations(root))
    slots.current().provide(paper.SLOT_CITATION_MAP, lambda place: _citation_map(root))
    return config


def _emendations(root: Path) -> str:
    try:
        entries = ledger.load(root / paper.LEDGER)
    except ledger.LedgerError:  # told, with its line, by the checks hook
        entries = []
    return tables.render(entries, paper.SOURCE)


def _citation_map(root: Path) -> str:
    try:
        markups = citation_map.load(root / paper.CITATION_MAP)
    except citation_map.MarkupError:  # told, with its line, by the checks hook
        markups = []
    return tables.render_markup(markups, paper.CITATION_MAP)
