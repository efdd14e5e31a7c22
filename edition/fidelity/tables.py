"""The emendations ledger as the About page shows it."""

from __future__ import annotations

import html
from collections import Counter

from edition.fidelity.ledger import Emendation

KIND_NAMES = {
    "note-marker": "note marker fused to a word", "note-number": "note number misread",
    "spelling": "misspelling", "name": "name repaired", "label": "list label restored",
    "punctuation": "punctuation", "order": "passage out of order", "gap": "editorial gap",
    "url": "URL repaired", "layout": "layout", "remark": "editorial remark",
}


def render(entries: list[Emendation], source_name: str) -> str:
    """An HTML summary and table of every emendation; all text escaped."""
    counts = Counter(e.kind for e in entries)
    summary = ", ".join(f"{n} {html.escape(KIND_NAMES.get(k, k))}" for k, n in counts.most_common())
    rows = []
    for number, e in enumerate(sorted(entries, key=lambda e: (e.line, e.index)), 1):
        moved = f" (moved to line {e.move_to[0]})" if e.move_to else ""
        rows.append(
            f'<tr id="em-{number}"><td>{number}</td><td>{e.line}</td>'
            f"<td>{html.escape(KIND_NAMES.get(e.kind, e.kind))}</td>"
            f"<td><code>{html.escape(e.ocr)}</code></td>"
            f"<td><code>{html.escape(e.edition) or '<em>(removed)</em>'}</code>{moved}</td>"
            f"<td>{html.escape(e.why)}</td></tr>")
    return (f'<p class="ledger-summary">{len(entries)} emendations: {summary}.</p>\n'
            '<div class="md-typeset__scrollwrap" role="region" tabindex="0" '
            'aria-label="Emendations, a table that scrolls sideways"><div class="md-typeset__table">'
            '<table class="ledger"><caption>Emendations of the OCR text of '
            f"<code>{html.escape(source_name)}</code>, in the order of the source</caption>"
            "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Source line</th>"
            "<th scope=\"col\">Kind</th><th scope=\"col\">OCR reading</th>"
            "<th scope=\"col\">Edition reading</th><th scope=\"col\">Why</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></div>\n")


def render_markup(markups, map_name: str) -> str:
    """The citation map as the About page shows it: the paper's words and their mark-up."""
    rows = "".join(
        f"<tr><td>{html.escape(m.note)}</td><td>{html.escape(m.text)}</td>"
        f"<td><code>{html.escape(m.markup).replace('@', '&#64;')}</code></td>"
        f"<td>{html.escape(m.slip)}</td></tr>" for m in markups)
    return ('<div class="md-typeset__scrollwrap" role="region" tabindex="0" '
            'aria-label="Citations marked up, a table that scrolls sideways">'
            '<div class="md-typeset__table">'
            f'<table class="citation-map"><caption>{len(markups)} citations marked up, from '
            f"<code>{html.escape(map_name)}</code></caption><thead><tr>"
            '<th scope="col">Note</th><th scope="col">The paper\'s words</th>'
            '<th scope="col">Mark-up</th><th scope="col">The paper\'s slip, if any</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div></div>\n")
