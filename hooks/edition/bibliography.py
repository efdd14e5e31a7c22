"""references.bib -> model: entries with their source lines, and every problem with the file.

bibtexparser 2 reads the file (LaTeX accents decoded with pylatexenc); broken blocks and duplicate keys land in
its ``failed_blocks`` and are reported with their line, while later entries survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from pylatexenc.latex2text import LatexNodes2Text

from .diagnostics import Diagnostic

# Fields each type needs before it can be cited; a tuple means "one of these".
REQUIRED: dict[str, tuple] = {
    "book": (("author", "editor"), "title", ("year", "date")),
    "incollection": ("author", "title", "booktitle", ("year", "date")),
    "inbook": ("author", "title", "booktitle", ("year", "date")),
    "article": ("author", "title", ("journal", "journaltitle"), ("year", "date")),
    "report": ("title", ("institution", "publisher", "author"), ("year", "date")),
    "online": ("title", ("url", "doi", "note"), ("year", "date")),
    "misc": (("author", "editor", "title"), ("year", "date")),
}
UNIDENTIFIED = "unidentified"
PARTIAL = "partial"


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    line: int
    raw: str

    @property
    def status(self) -> str:
        return self.fields.get("x-status", "").strip().lower()


@dataclass
class Library:
    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


def load(path: Path, shown_as: str = "references.bib") -> Library:
    library = Library(shown_as)
    if not path.exists():
        library.problems.append(Diagnostic(shown_as, 1, "the bibliography file is missing",
                                           "create references.bib at the project root"))
        return library
    text = path.read_text(encoding="utf-8")
    return parse(text, shown_as)


def parse(text: str, shown_as: str = "references.bib") -> Library:
    library = Library(shown_as)
    # Braced groups are kept: {Corporate Authors} must not be split into first and last names.
    try:
        parsed = bibtexparser.parse_string(text)
        _decode_latex(parsed)
    except Exception as error:  # noqa: BLE001 - bad input must become a message, not a traceback
        library.problems.append(Diagnostic(shown_as, 1, f"could not read the file: {error}",
                                           "check the file's encoding and its braces"))
        return library
    for block in parsed.failed_blocks:
        line = (block.start_line or 0) + 1
        name = type(block).__name__
        if name == "DuplicateBlockKeyBlock":
            key = getattr(block, "key", "?")
            first = library_entry_line(parsed, key)
            library.problems.append(Diagnostic(
                shown_as, line, f"duplicate key '{key}'",
                f"the key is first used on line {first}; rename or remove one of the entries"))
        else:
            error = getattr(block, "error", None)
            lines = str(getattr(error, "abort_reason", None) or error or "").strip().splitlines()
            reason = lines[0] if lines else (type(error).__name__ if error else "syntax error")
            library.problems.append(Diagnostic(
                shown_as, line, f"malformed entry: {reason}",
                "check the braces, quotes and commas of this entry; entries after it were still read"))
    for entry in parsed.entries:
        fields = {f.key.lower(): _text(f.value) for f in entry.fields}
        item = Entry(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1, entry.raw)
        library.entries[item.key] = item
        library.problems.extend(_missing_fields(item, shown_as))
    return library


_LATEX = re.compile(r"[\\~$]|--|``|''")


def _decode_latex(parsed) -> None:
    """LaTeX accents and dashes to Unicode, braced groups kept ({Corporate Authors}).

    bibtexparser's LatexDecodingMiddleware does the same with pylatexenc but runs it on every
    value (a third of a second for this file); only values with LaTeX in them need it.
    """
    decoder = LatexNodes2Text(keep_braced_groups=True)
    for entry in parsed.entries:
        for item in entry.fields:
            if isinstance(item.value, str) and _LATEX.search(item.value):
                item.value = decoder.latex_to_text(item.value)


def keys(path: Path) -> set[str]:
    """Just the entry keys (no decoding): for checks that only need to know what is cited."""
    if not path.exists():
        return set()
    return {entry.key for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries}


def library_entry_line(parsed, key: str) -> int:
    for entry in parsed.entries:
        if entry.key == key:
            return entry.start_line + 1
    return 0


def _text(value) -> str:
    return " ".join(str(value).split())


def _missing_fields(entry: Entry, path: str) -> list[Diagnostic]:
    required = REQUIRED.get(entry.type)
    if required is None:
        return [Diagnostic(path, entry.line, f"entry '{entry.key}' has an unsupported type "
                           f"@{entry.type}", f"use one of @{', @'.join(REQUIRED)}")]
    if entry.status in (UNIDENTIFIED, PARTIAL):
        if not entry.fields.get("note"):
            return [Diagnostic(path, entry.line, f"entry '{entry.key}' is marked {entry.status} but "
                               "does not say what could not be verified",
                               "add note = {...} naming what is missing, e.g. "
                               "{Chapter title not verified.}")]
        return []  # what could not be verified is left out, and the note says so
    problems = []
    for need in required:
        options = need if isinstance(need, tuple) else (need,)
        if not any(entry.fields.get(name) for name in options):
            problems.append(Diagnostic(
                path, entry.line, f"entry '{entry.key}' (@{entry.type}) has no {' or '.join(options)}",
                f"add the field; if it cannot be verified, set x-status = {{{PARTIAL}}} "
                f"(or {{{UNIDENTIFIED}}}) and say what is missing in note"))
    return problems
