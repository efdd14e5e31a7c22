"""The paper's endnotes: one file of definitions, referenced from any page by the paper's number.

``docs/notes.md`` holds every note as ``[^N]: text``. A page that references ``[^N]`` gets the
definitions it uses appended before Python-Markdown's footnotes extension runs, so each page
shows its own notes at its foot; ``edition.notes.extension`` then sets the rendered numbers
back to the paper's (the footnotes extension counts 1..n per page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edition.common.diagnostics import Diagnostic
from edition.common.text import LineIndex, masked_code

_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]{4}.*|[ \t]*$))*)", re.M)
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass(frozen=True)
class Note:
    label: str
    text: str  # Markdown, as written in notes.md (continuation lines keep their indent)
    line: int


@dataclass(frozen=True)
class Reference:
    label: str
    page: str  # src path of the page, e.g. "overview.md"
    line: int
    offset: int = 0  # in the text the reference was found in


@dataclass
class NoteBook:
    """All notes and where each is referenced."""

    path: str = "notes.md"
    notes: dict[str, Note] = field(default_factory=dict)
    references: dict[str, list[Reference]] = field(default_factory=dict)

    def ordered(self) -> list[Note]:
        return sorted(self.notes.values(), key=lambda n: _sort_key(n.label))


def _sort_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10**9, label)


def parse_definitions(markdown: str, path: str) -> tuple[dict[str, Note], list[Diagnostic]]:
    """The notes defined in ``markdown`` (the notes file), with duplicate labels reported."""
    notes: dict[str, Note] = {}
    problems = []
    line_of = LineIndex(markdown)
    for match in _DEFINITION.finditer(masked_code(markdown)):
        label = match.group(1)
        line = line_of(match.start())
        text = markdown[match.start(2):match.end(2)].rstrip()
        if label in notes:
            problems.append(Diagnostic(path, line, f"note [^{label}] is defined twice",
                                       f"the first definition is on line {notes[label].line}; "
                                       "remove or renumber one of them"))
            continue
        notes[label] = Note(label, text, line)
    return notes, problems


def find_references(markdown: str, page: str) -> list[Reference]:
    """Note markers in a page, outside code, in the order they appear."""
    masked = masked_code(markdown)
    line_of = LineIndex(markdown)
    return [Reference(m.group(1), page, line_of(m.start()), m.start())
            for m in _REFERENCE.finditer(masked)
            if not _is_definition_start(masked, m.start())]


def _is_definition_start(text: str, start: int) -> bool:
    return (start == 0 or text[start - 1] == "\n") and text.startswith(":", text.find("]", start) + 1)


def record(book: NoteBook, refs: list[Reference]) -> None:
    """Add the pages' references to the book, in reading order (what is wrong with them is
    reported by ``checks.note_problems`` on the sources)."""
    for ref in refs:
        if ref.label in book.notes:
            book.references.setdefault(ref.label, []).append(ref)


def first_definition(markdown: str) -> int:
    """Where the first note definition begins (the Notes page's notes after its heading), or the
    end of the text if there is none."""
    match = _DEFINITION.search(masked_code(markdown))
    return match.start() if match else len(markdown)


def with_definitions(markdown: str, labels: list[str], book: NoteBook) -> str:
    """The page's Markdown with the definitions of the notes it references appended."""
    defs = [f"[^{label}]: {book.notes[label].text}" for label in dict.fromkeys(labels)
            if label in book.notes]
    return markdown.rstrip() + "\n\n" + "\n\n".join(defs) + "\n" if defs else markdown


_BLOCK_START = re.compile(r"^(?:\d+[.)]|[-*+]|#|>)\s")


def notes_page_markdown(heading: str, notes: list[Note]) -> str:
    """The Notes page as Markdown: its heading as written, then every note as an item of one
    ordered list (``edition.notes.extension`` gives each item the paper's number and its id)."""
    items = []
    for note in notes:
        text = note.text
        if _BLOCK_START.match(text):  # "1990. The ..." must stay a note's words, not a new list
            digits = re.match(r"\d+", text)
            text = text[:digits.end()] + "\\" + text[digits.end():] if digits else "\\" + text
        items.append(f"1. {text}")
    return heading.rstrip() + "\n\n" + "\n".join(items) + "\n"


def page_numbers(pages: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Footnotes defined on the pages that use them, numbered across the edition: (page, label)
    -> its number, in reading order (``pages``: (src, Markdown) each, in reading order), each
    label counted at its first marker on its page."""
    numbers: dict[tuple[str, str], int] = {}
    for src, text in pages:
        defined = set(parse_definitions(text, src)[0])
        for ref in find_references(text, src):
            if ref.label in defined and (src, ref.label) not in numbers:
                numbers[src, ref.label] = len(numbers) + 1
    return numbers


def renumbered(markdown: str, numbers: dict[str, int]) -> str:
    """The page's markers and definitions given their numbers in the edition (``numbers``:
    label -> number); code is left as written."""
    if not numbers:
        return markdown
    masked = masked_code(markdown)
    out, last = [], 0
    for match in re.finditer(r"\[\^([^\]\s]+)\]", masked):
        number = numbers.get(match.group(1))
        if number is None:
            continue
        out.append(markdown[last:match.start()])
        out.append(f"[^{number}]")
        last = match.end()
    out.append(markdown[last:])
    return "".join(out)
