"""The emendations ledger: every correction the edition makes to the OCR source.

The ledger is data (``source/emendations.yml``). This module loads it, checks each entry
against the source, and applies it, giving the source as the edition reads it. Nothing here
knows about MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .markdown_text import load_yaml

KINDS = (
    "note-marker", "note-number", "spelling", "name", "label", "punctuation",
    "order", "gap", "url", "layout", "remark",
)


@dataclass(frozen=True)
class Emendation:
    line: int
    ocr: str
    edition: str
    kind: str
    why: str
    move_to: tuple[int, str] | None = None
    index: int = 0  # position in the ledger file, for messages


@dataclass
class LedgerError(Exception):
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.messages)


def load(path: Path | str) -> list[Emendation]:
    """Read a ledger file; raise LedgerError naming each malformed entry."""
    path = Path(path)
    raw = load_yaml(path.read_text(encoding="utf-8")) or []
    errors, entries = [], []
    for i, item in enumerate(raw, 1):
        where = f"{path}: entry {i}"
        if not isinstance(item, dict):
            errors.append(f"{where}: not a mapping")
            continue
        missing = [k for k in ("line", "ocr", "edition", "kind", "why") if k not in item]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
            continue
        if item["kind"] not in KINDS:
            errors.append(f"{where}: unknown kind {item['kind']!r}; use one of {', '.join(KINDS)}")
            continue
        move = item.get("move_to")
        if move is not None:
            move = (int(move["line"]), str(move["before"]))
        entries.append(Emendation(int(item["line"]), str(item["ocr"]), str(item["edition"] or ""),
                                  item["kind"], str(item["why"]), move, i))
    if errors:
        raise LedgerError(errors)
    return entries


def _pattern(text: str) -> re.Pattern[str]:
    """Any run of white space in the ledger matches any run in the source."""
    parts = [re.escape(p) for p in text.split()]
    head = r"(?<!\w)" if re.match(r"\w", text.strip()) else ""
    tail = r"(?!\w)" if re.search(r"\w$", text.strip()) else ""
    return re.compile(head + r"\s+".join(parts) + tail)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _locate(text: str, starts: list[int], line: int, needle: str) -> tuple[int, int] | None:
    """The span of ``needle`` starting on source line ``line`` (1-based), or None."""
    if not 1 <= line <= len(starts):
        return None
    begin = starts[line - 1]
    end_of_line = starts[line] if line < len(starts) else len(text)
    match = _pattern(needle).search(text, begin)
    if match is None or match.start() >= end_of_line:
        return None
    return match.span()


def apply(source: str, entries: list[Emendation], first_line: int = 1,
          last_line: int | None = None) -> str:
    """Apply the entries whose line lies in [first_line, last_line] to that part of the source.

    Returns the part as the edition reads it. Raises LedgerError for entries whose OCR reading
    is not where they say, or that overlap one another.
    """
    lines = source.splitlines(keepends=True)
    last_line = last_line or len(lines)
    text = "".join(lines[first_line - 1:last_line])
    starts = _line_starts(text)
    edits: list[tuple[int, int, str, Emendation]] = []
    errors = []
    for e in entries:
        if not first_line <= e.line <= last_line:
            continue
        span = _locate(text, starts, e.line - first_line + 1, e.ocr)
        if span is None:
            errors.append(f"ledger entry {e.index} (line {e.line}): OCR reading {e.ocr!r} "
                          f"is not on source line {e.line}")
            continue
        edits.append((span[0], span[1], e.edition, e))
        if e.move_to:
            to_line, before = e.move_to
            target = _locate(text, starts, to_line - first_line + 1, before)
            if target is None:
                errors.append(f"ledger entry {e.index} (line {e.line}): move target {before!r} "
                              f"is not on source line {to_line}")
                continue
            moved = " ".join(e.ocr.split())
            edits.append((target[0], target[0], moved + "\n\n", e))
    edits.sort(key=lambda x: (x[0], x[1]))
    for (s1, e1, _, a), (s2, _, _, b) in zip(edits, edits[1:]):
        if s2 < e1:
            errors.append(f"ledger entries {a.index} and {b.index} overlap (lines {a.line}, {b.line})")
    if errors:
        raise LedgerError(errors)
    for start, end, replacement, _ in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text
