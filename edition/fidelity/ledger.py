"""The emendations ledger: every correction the edition makes to the OCR source.

The ledger is data (``source/emendations.yml``). This module loads it, checks each entry
against the source, and applies it, giving the source as the edition reads it. Nothing here
knows about MkDocs.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from edition.common.diagnostics import Diagnostic, SourceError
from edition.common.sources import while_unchanged
from edition.common.text import decode_error, load_yaml_nodes, read_text

KINDS = (
    "note-marker", "note-number", "spelling", "name", "label", "punctuation",
    "order", "gap", "url", "layout", "remark",
)


FIELDS = ("line", "ocr", "edition", "kind", "why", "move_to")


def _is_line(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _wrong_type(item: dict) -> tuple[str, str] | None:
    """What is not of its type in an entry: a line that is no number, words that are a list."""
    if not _is_line(item["line"]):
        return (f"line is {item['line']!r}, not a line number of the source",
                "write the number of the source line the OCR reading is on, e.g. 'line: 12'")
    for name in ("ocr", "edition", "why"):
        value = item[name]
        if value is not None and not isinstance(value, (str, int, float)) or \
                name == "ocr" and not str(value or "").strip():
            return (f"{name} is not a text" if value is not None and str(value).strip()
                    else f"{name} is empty",
                    f"write {name} as a quoted text, e.g. {name}: \"...\" (YAML reads a value "
                    "that starts with [ or { as a list or a mapping)")
    return None


@dataclass(frozen=True)
class Emendation:
    line: int
    ocr: str
    edition: str
    kind: str
    why: str
    move_to: tuple[int, str] | None = None
    index: int = 0  # position in the ledger file, for messages
    at: int = 0  # the line of the ledger file where the entry begins
    path: str = "emendations.yml"


class LedgerError(SourceError):
    """The ledger cannot be applied: each problem with its line in the ledger."""


@while_unchanged  # the check and the page that shows it both ask, and every serve rebuild
def load(path: Path | str, shown_as: str | None = None) -> list[Emendation]:
    """Read a ledger file; raise LedgerError naming each malformed entry with its line."""
    path = Path(path)
    shown = shown_as or str(path)
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        line, col, what = decode_error(path.read_bytes(), error)
        raise LedgerError([Diagnostic(shown, line, f"the file is not UTF-8 text: {what}",
                                      "save the file as UTF-8 in your editor (retype the "
                                      "character at this position)", col=col)]) from None
    try:
        raw, nodes = load_yaml_nodes(text)
        raw = raw or []
    except Exception as error:  # noqa: BLE001 - a YAML slip must become a message
        mark = getattr(error, "problem_mark", None)
        raise LedgerError([Diagnostic(shown, mark.line + 1 if mark else 1,
                                      f"not valid YAML: {getattr(error, 'problem', error)}",
                                      "each entry is '- line: N' followed by ocr, edition, kind "
                                      "and why, indented two spaces",
                                      col=mark.column + 1 if mark else 1)]) from None
    if not isinstance(raw, list):
        raise LedgerError([Diagnostic(shown, 1, "the ledger is not a list of entries",
                                      "each entry is '- line: N' followed by ocr, edition, kind "
                                      "and why, indented two spaces")])
    lines = [n.start_mark.line + 1 for n in getattr(nodes, "value", [])] if nodes else []
    errors, entries = [], []
    for i, (item, at) in enumerate(zip(raw, lines), 1):
        def problem(message: str, hint: str) -> Diagnostic:
            return Diagnostic(shown, at, f"ledger entry {i}: {message}", hint)
        if not isinstance(item, dict):
            errors.append(problem("not a mapping", "write it as '- line: N' with ocr, edition, kind, why"))
            continue
        missing = [k for k in ("line", "ocr", "edition", "kind", "why") if k not in item]
        if missing:
            unknown = [str(k) for k in item if k not in FIELDS]
            errors.append(problem(f"missing {', '.join(missing)}",
                                  "every entry has line, ocr, edition, kind and why"
                                  + (f"; {', '.join(repr(u) for u in unknown)} is not a field "
                                     f"(fields: {', '.join(FIELDS)})" if unknown else "")))
            continue
        wrong = _wrong_type(item)
        if wrong:
            errors.append(problem(*wrong))
            continue
        if item["kind"] not in KINDS:
            errors.append(problem(f"unknown kind {item['kind']!r}", f"use one of {', '.join(KINDS)}"))
            continue
        move = item.get("move_to")
        if move is not None:
            if not (isinstance(move, dict) and _is_line(move.get("line"))
                    and isinstance(move.get("before"), str)):
                errors.append(problem("move_to is not a line and the words it goes before",
                                      "write it as 'move_to: {line: N, before: \"words\"}'"))
                continue
            move = (int(move["line"]), str(move["before"]))
        entries.append(Emendation(int(item["line"]), str(item["ocr"]), str(item["edition"] or ""),
                                  item["kind"], str(item["why"]), move, i, at, shown))
    if errors:
        raise LedgerError(errors)
    return entries


@functools.lru_cache(maxsize=4096)  # the same entries every build (and every serve rebuild)
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
            errors.append(Diagnostic(e.path, e.at, f"ledger entry {e.index}: OCR reading {e.ocr!r} "
                                     f"is not on source line {e.line}", _where_else(source, e.ocr)))
            continue
        edits.append((span[0], span[1], e.edition, e))
        if e.move_to:
            to_line, before = e.move_to
            target = _locate(text, starts, to_line - first_line + 1, before)
            if target is None:
                errors.append(Diagnostic(e.path, e.at, f"ledger entry {e.index}: move target "
                                         f"{before!r} is not on source line {to_line}",
                                         _where_else(source, before)))
                continue
            moved = " ".join(e.ocr.split())
            edits.append((target[0], target[0], moved + "\n\n", e))
    edits.sort(key=lambda x: (x[0], x[1]))
    for (s1, e1, _, a), (s2, _, _, b) in zip(edits, edits[1:]):
        if s2 < e1:
            errors.append(Diagnostic(b.path, b.at, f"ledger entries {a.index} and {b.index} overlap "
                                     f"(source lines {a.line} and {b.line})",
                                     f"the entry at line {a.at} already corrects part of this "
                                     "reading: merge the two entries into one"))
    if errors:
        raise LedgerError(errors)
    for start, end, replacement, _ in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _where_else(source: str, needle: str) -> str:
    """A hint naming the source lines where the OCR reading does stand, if any."""
    pattern = _pattern(needle)
    starts = _line_starts(source)
    found = sorted({bisect_right(starts, m.start()) for m in pattern.finditer(source)})
    if not found:
        return ("the reading is nowhere in the source text: copy it from the source exactly, "
                "OCR slips included")
    shown = ", ".join(str(n) for n in found[:5])
    return f"the reading is on source line{'s' if len(found) > 1 else ''} {shown}: correct 'line:'"
