"""MkDocs events -> edition.editorial, edition.lists and edition.fidelity.tables: editorial gaps and
remarks are rendered as such, the paper's labelled items as lists, and the About page shows the
emendations ledger and the citation map."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from edition import paper, pipeline
from edition.common import slots
from edition.common.diagnostics import SourceError
from edition.editorial.marks import EditorialExtension
from edition.lists.extension import PaperListsExtension
from edition.fidelity import citation_map, ledger, tables


@event_priority(pipeline.EDITORIAL)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    config.markdown_extensions.append(EditorialExtension())
    config.markdown_extensions.append(PaperListsExtension())
    slots.current().provide(paper.SLOT_EMENDATIONS, lambda place: _table(
        ledger.load, root / paper.LEDGER, tables.render, paper.SOURCE))
    slots.current().provide(paper.SLOT_CITATION_MAP, lambda place: _table(
        citation_map.load, root / paper.CITATION_MAP, tables.render_markup, paper.CITATION_MAP))
    return config


def _table(load, path: Path, render, shown: str) -> str:
    try:
        entries = load(path)
    except SourceError:  # told, with its line, by the checks hook
        entries = []
    return render(entries, shown)
