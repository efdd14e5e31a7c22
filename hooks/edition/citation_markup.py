"""The citation map: how each of the paper's short-form citations became a Pandoc citation.

``source/citation-map.yml`` lists, note by note, the paper's words (``text``) and the Markdown
that replaces them (``markup``). It is the record of citation mark-up, as the emendations ledger
is the record of OCR corrections: the fidelity test applies the ledger, then this map, to the
source and compares the result with ``docs/notes.md``; the About page shows both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .markdown_text import load_yaml


@dataclass(frozen=True)
class Markup:
    note: str
    text: str
    markup: str
    keys: tuple[str, ...]
    slip: str = ""


def load(path: Path) -> list[Markup]:
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return [Markup(str(note), str(item["text"]), str(item["markup"]), tuple(item.get("keys") or ()),
                   str(item.get("slip") or ""))
            for note, items in data.items() for item in items or ()]


def _pattern(text: str) -> re.Pattern[str]:
    """White space matches any white space; a hyphen may be followed by a line break; a URL may
    stand in angle brackets (a Markdown autolink)."""
    body = r"\s+".join(re.escape(word).replace(r"\-", r"-\s*") for word in text.split())
    if text.startswith(("http://", "https://")):
        body = f"<?{body}>?"
    return re.compile(body)


class MarkupError(Exception):
    pass


def apply(text: str, markups: list[Markup], note_start) -> str:
    """Replace each entry's words with its mark-up, in order, each within its own note.

    ``note_start(text, label, pos)`` gives where note ``label`` starts at or after ``pos`` (or -1).
    """
    out, cursor, current, start, nxt = [], 0, None, 0, -1
    for m in markups:
        if m.note != current:  # each note's bounds are found once, moving forward only
            current, start = m.note, note_start(text, m.note, cursor)
            if start < 0:
                raise MarkupError(f"citation map: note {m.note} not found after note {current}")
            nxt = note_start(text, str(int(m.note) + 1), start + 1) if m.note.isdigit() else -1
        match = _pattern(m.text).search(text, max(start, cursor), nxt if nxt > 0 else len(text))
        if match is None:
            raise MarkupError(f"citation map: note {m.note}: {m.text!r} is not in the note")
        out.append(text[cursor:match.start()])
        out.append(m.markup)
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out)


def source_note_start(text: str, label: str, pos: int) -> int:
    match = re.compile(rf"(?:^|\n)[ \t]*{re.escape(label)} ").search(text, pos)
    return match.start() if match else -1


def markdown_note_start(text: str, label: str, pos: int) -> int:
    match = re.compile(rf"^\[\^{re.escape(label)}\]:", re.M).search(text, pos)
    return match.start() if match else -1
