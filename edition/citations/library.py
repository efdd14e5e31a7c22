"""references.bib -> model: entries with their source lines, and every problem with the file.

bibtexparser 2 reads the file (LaTeX accents decoded with pylatexenc); broken blocks and duplicate keys land in
its ``failed_blocks`` and are reported with their line, while later entries survive.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.common.diagnostics import Diagnostic
from edition.common.text import decode_error, read_text

# bibtexparser logs its own account of every broken block; the edition says it once, better.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

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
    # Keys of entries that could not be read: reported once, at the entry, not at each citation.
    unreadable: set[str] = field(default_factory=set)


_loaded: dict[tuple[str, str], Library] = {}


def load(path: Path, shown_as: str = "references.bib", cache: Path | None = None) -> Library:
    """The bibliography, read and decoded once however many hooks ask for it in a build; with a
    ``cache`` folder, parsed once for as long as the file (and this parser) stays the same."""
    if not path.exists():
        return Library(shown_as, problems=[Diagnostic(shown_as, 1, "the bibliography file is missing",
                                                      "create references.bib at the project root")])
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        line, col, what = decode_error(path.read_bytes(), error)
        return Library(shown_as, problems=[Diagnostic(
            shown_as, line, f"the file is not UTF-8 text: {what}",
            "save references.bib as UTF-8 (accents may also be written as LaTeX, e.g. {\\\"o})",
            col=col)])
    if (shown_as, text) not in _loaded:
        _loaded.clear()
        _loaded[shown_as, text] = _cached(text, shown_as, cache) if cache else parse(text, shown_as)
    return _loaded[shown_as, text]


def _cached(text: str, shown_as: str, folder: Path) -> Library:
    """Parsing and decoding the file (and importing bibtexparser) is a tenth of a second: a
    rebuild with the same file and the same parser reads the result back instead. The cache is
    JSON (edition/common/cache.py): its key is checked first, its content validated as it is
    read; reading it never runs code."""
    from edition.common import cache

    code = Path(__file__).read_bytes()
    key = hashlib.sha256(code + b"\0" + shown_as.encode() + b"\0" + text.encode()).hexdigest()
    usable = cache.usable(folder)
    if usable is None:  # git tracks the cache: told by the checks, never read
        return parse(text, shown_as)
    file = usable / "library.json"
    library = cache.read(file, key, lambda value: _from_json(value, shown_as))
    if library is None:
        library = parse(text, shown_as)
        cache.write(file, key, _to_json(library))  # a read-only checkout still builds
    return library


def _to_json(library: Library) -> dict:
    return {"entries": [[e.key, e.type, e.fields, e.line, e.raw] for e in library.entries.values()],
            "problems": [[p.path, p.line, p.message, p.hint, p.severity, p.col]
                         for p in library.problems],
            "unreadable": sorted(library.unreadable)}


def _from_json(value, shown_as: str) -> Library:
    """The cached library, every value of the type parse() gives it (cache.BadCache otherwise)."""
    from edition.common.cache import BadCache

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise BadCache(what)

    need(isinstance(value, dict) and set(value) == {"entries", "problems", "unreadable"}, "fields")
    library = Library(shown_as)
    for item in value["entries"]:
        need(isinstance(item, list) and len(item) == 5, "an entry")
        key, kind, fields, line, raw = item
        need(all(isinstance(x, str) for x in (key, kind, raw)) and isinstance(line, int)
             and isinstance(fields, dict)
             and all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()),
             f"entry {key!r}")
        library.entries[key] = Entry(key, kind, fields, line, raw)
    for item in value["problems"]:
        need(isinstance(item, list) and len(item) == 6, "a problem")
        path, line, message, hint, severity, col = item
        need(all(isinstance(x, str) for x in (path, message, hint)) and severity in ("error", "warning")
             and isinstance(line, int) and isinstance(col, int), "a problem")
        library.problems.append(Diagnostic(path, line, message, hint, severity, col))
    need(isinstance(value["unreadable"], list)
         and all(isinstance(k, str) for k in value["unreadable"]), "unreadable keys")
    library.unreadable = set(value["unreadable"])
    return library


_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=]+)\s*,")


def parse(text: str, shown_as: str = "references.bib") -> Library:
    import bibtexparser  # here, not at the top: a build that reads the cache never needs it

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
            library.problems.append(_broken(block, line, text, shown_as, library.unreadable))
    for entry in parsed.entries:
        fields = {f.key.lower(): _text(f.value) for f in entry.fields}
        item = Entry(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1, entry.raw)
        library.entries[item.key] = item
        library.problems.extend(_missing_fields(item, shown_as))
    if not library.entries and not parsed.failed_blocks:
        library.problems.append(Diagnostic(shown_as, 1, "the bibliography has no entries",
                                           "every work the edition cites needs an entry such as "
                                           "@book{key, author = {...}, title = {...}, year = {...}}"))
    return library


def _broken(block, line: int, text: str, shown_as: str, unreadable: set[str]) -> Diagnostic:
    """One message for an entry bibtexparser could not read, naming its key if it has one."""
    raw = block.raw or ""
    key = _BLOCK_KEY.match(raw.lstrip())
    what = f"entry '{key.group(1)}'" if key else "an entry"
    if key:
        unreadable.add(key.group(1))
    error = getattr(block, "error", None)
    reason = " ".join(str(getattr(error, "abort_reason", None) or error or "").split())
    end = getattr(error, "end_index", None)
    if reason.startswith("Unexpected block start") and end is not None:
        stop = text.count("\n", 0, end) + 1  # end_index counts in the whole file
        return Diagnostic(shown_as, line, f"{what} is not closed before the next entry "
                          f"(line {stop})", "a closing '}' (or a ',' between fields) is missing "
                          "in this entry; entries after it were still read")
    return Diagnostic(shown_as, line, f"{what} could not be read: {reason or 'syntax error'}",
                      "check the braces, quotes and commas of this entry; entries after it were "
                      "still read")


_LATEX = re.compile(r"[\\~$]|--|``|''")


def _decode_latex(parsed) -> None:
    """LaTeX accents and dashes to Unicode, braced groups kept ({Corporate Authors}).

    bibtexparser's LatexDecodingMiddleware does the same with pylatexenc but runs it on every
    value (a third of a second for this file); only values with LaTeX in them need it.
    """
    from pylatexenc.latex2text import LatexNodes2Text

    decoder = LatexNodes2Text(keep_braced_groups=True)
    for entry in parsed.entries:
        for item in entry.fields:
            if isinstance(item.value, str) and _LATEX.search(item.value):
                item.value = decoder.latex_to_text(item.value)


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
