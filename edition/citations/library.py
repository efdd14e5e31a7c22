"""references.bib -> model: entries with their source lines, and every problem with the file.

bibtexparser 2 reads the file (LaTeX accents decoded with pylatexenc); broken blocks and duplicate keys land in
its ``failed_blocks`` and are reported with their line, while later entries survive.
"""

from __future__ import annotations

import bisect

import difflib
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition.common.diagnostics import Diagnostic
from edition.common.text import decode_error, read_text

# bibtexparser logs its own account of every broken block; the edition says it once, better.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# Fields each type needs before it can be cited; a tuple means "one of these". The standard
# BibTeX and BibLaTeX types, checked after ``crossref`` inheritance (a chapter's booktitle, year
# and editors may come from its volume); aliases (@techreport, @phdthesis, @www...) need what the
# type they stand for needs.
REQUIRED: dict[str, tuple] = {
    "article": ("author", "title", ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), "title", ("year", "date")),
    "mvbook": (("author", "editor"), "title", ("year", "date")),
    "inbook": ("author", "title", "booktitle", ("year", "date")),
    "incollection": ("author", "title", "booktitle", ("year", "date")),
    "collection": ("editor", "title", ("year", "date")),
    "mvcollection": ("editor", "title", ("year", "date")),
    "inproceedings": ("author", "title", "booktitle", ("year", "date")),
    "proceedings": ("title", ("year", "date")),
    "report": ("title", ("institution", "publisher", "author"), ("year", "date")),
    "thesis": ("author", "title", ("institution", "school"), ("year", "date")),
    "online": ("title", ("url", "doi", "note"), ("year", "date")),
    "manual": ("title", ("year", "date")),
    "patent": ("author", "title", "number", ("year", "date")),
    "periodical": ("title", ("year", "date")),
    "misc": (("author", "editor", "title"), ("year", "date")),
    "unpublished": ("author", "title", ("year", "date", "note")),
    # BibLaTeX's other types that Pandoc reads (its CSL type in brackets): @booklet (pamphlet),
    # @mvproceedings, @reference/@mvreference (book), @inreference (entry-encyclopedia),
    # @bookinbook, @suppbook, @suppcollection (chapter), @suppperiodical (article),
    # @software, @dataset, @standard; @set (a set of entries, through entryset); @xdata holds
    # fields other entries draw on (xdata = {key}) and is never cited.
    "booklet": ("title",),
    "mvproceedings": ("title", ("year", "date")),
    "reference": (("author", "editor"), "title", ("year", "date")),
    "mvreference": (("author", "editor"), "title", ("year", "date")),
    "inreference": ("title", "booktitle", ("year", "date")),
    "bookinbook": ("title", ("year", "date")),
    "suppbook": ("title", ("year", "date")),
    "suppcollection": ("title", ("year", "date")),
    "suppperiodical": ("title", ("year", "date")),
    "software": ("title", ("year", "date", "version")),
    "dataset": ("title", ("year", "date")),
    "standard": ("title", ("year", "date")),
    "set": ("entryset",),
    "xdata": (),
}
# Other names for the same types: BibTeX's (@techreport, @phdthesis, @conference) and the web's.
ALIASES: dict[str, str] = {
    "techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
    "conference": "inproceedings", "www": "online", "electronic": "online",
}
SUPPORTED = tuple(REQUIRED) + tuple(ALIASES)


def kind(entry_type: str) -> str:
    """The type an entry's type stands for (@techreport is a @report)."""
    return ALIASES.get(entry_type, entry_type)


UNIDENTIFIED = "unidentified"
PARTIAL = "partial"


@dataclass(frozen=True)
class Entry:
    key: str
    type: str
    fields: dict[str, str]
    line: int
    raw: str
    # Fields taken from the parent named in ``crossref`` (already in ``fields``), in the order
    # they were added: what the entry itself does not write.
    inherited: tuple[str, ...] = ()
    # Where each field the entry writes is: name -> (line, column) of its name.
    places: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    # Where the entry is written: "bibtex" (a .bib file), or "csl" (a CSL-JSON or CSL YAML
    # file, as Zotero and Better BibTeX export them: ``raw`` is then the item as written).
    source: str = "bibtex"

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


def load(path: Path, shown_as: str = "references.bib", cache: Path | None = None) -> Library:
    """The bibliography, read and decoded (once per build: the build shares it); with a
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
            f"save {shown_as} as UTF-8 (accents may also be written as LaTeX, e.g. {{\\\"o}})",
            col=col)])
    if path.suffix.lower() in CSL_SUFFIXES:
        return parse_csl(text, shown_as, yaml=path.suffix.lower() != ".json")
    return _cached(text, shown_as, cache) if cache else parse(text, shown_as)


CSL_SUFFIXES = (".json", ".yaml", ".yml")
# CSL 1.0.2's item types (a CSL-JSON or CSL YAML item must have one of them).
CSL_TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book
    broadcast chapter classic collection dataset document entry entry-dictionary
    entry-encyclopedia event figure graphic hearing interview legal_case legislation manuscript
    map motion_picture musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software song
    speech standard thesis treaty webpage""".split())


def parse_csl(text: str, shown_as: str, yaml: bool = False) -> Library:
    """A CSL-JSON file (a list of items) or a CSL YAML file (a list, or ``references:`` as in a
    Pandoc document's metadata), as Pandoc reads them: each item an entry, told at its line."""
    library = Library(shown_as)
    try:
        if yaml:
            import yaml as pyyaml
            value = pyyaml.safe_load(text)
        else:
            import json
            value = json.loads(text)
    except Exception as error:  # noqa: BLE001 - bad input must become a message, not a traceback
        mark = getattr(error, "problem_mark", None)
        line = getattr(error, "lineno", None) or (mark.line + 1 if mark else 1)
        col = getattr(error, "colno", None) or (mark.column + 1 if mark else 1)
        what = getattr(error, "msg", None) or getattr(error, "problem", None) or str(error)
        library.problems.append(Diagnostic(shown_as, line, f"the file is not {'YAML' if yaml else 'JSON'}: {what}",
                                           "a CSL file is a list of items, each with an id and a "
                                           "type: [{\"id\": \"doe2021\", \"type\": \"book\", ...}]",
                                           col=col))
        return library
    if isinstance(value, dict) and isinstance(value.get("references"), list):
        value = value["references"]
    if not isinstance(value, list):
        library.problems.append(Diagnostic(shown_as, 1, "the file is not a list of CSL items",
                                           "write the items as a list: [{...}, {...}] (in YAML, "
                                           "each item starts with '- id: ...')"))
        return library
    lines = text.split("\n")
    searched = 0
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict) or not str(item.get("id") or "").strip():
            library.problems.append(Diagnostic(shown_as, 1, f"item {n} has no id",
                                               "give every item an id, the key it is cited by"))
            continue
        key = str(item["id"]).strip()
        line = _id_line(lines, key, searched)
        searched = max(searched, line - 1)
        kind = str(item.get("type") or "")
        if kind not in CSL_TYPES:
            close = difflib.get_close_matches(kind, sorted(CSL_TYPES), n=1)
            library.problems.append(Diagnostic(
                shown_as, line, f"item '{key}' has type '{kind}', which is not a CSL type" if kind
                else f"item '{key}' has no type",
                (f"did you mean '{close[0]}'? " if close else "") + "CSL's types are book, "
                "chapter, article-journal, report, webpage, document... (CSL 1.0.2)"))
        if key in library.entries:
            library.problems.append(Diagnostic(
                shown_as, line, f"duplicate key '{key}'",
                f"the key is first used on line {library.entries[key].line}; rename or remove one "
                "of the items"))
            continue
        import json
        title = item.get("title")
        library.entries[key] = Entry(key, kind, {"title": str(title)} if title else {}, line,
                                     json.dumps(item, ensure_ascii=False, indent=2, default=str),
                                     source="csl")
    if not library.entries and not library.problems:
        library.problems.append(Diagnostic(shown_as, 1, "the bibliography has no entries",
                                           "every work the edition cites needs an item such as "
                                           '{"id": "doe2021", "type": "book", "title": "..."}'))
    return library


def _id_line(lines: list[str], key: str, start: int) -> int:
    """The line that writes the item's id (JSON's "id": "key", YAML's id: key)."""
    pattern = re.compile(rf"""["']?\bid["']?\s*:\s*["']?{re.escape(key)}["']?(?=\s*[,}}]|\s*$)""")
    for number in range(start, len(lines)):
        if pattern.search(lines[number]):
            return number + 1
    return 1


def load_all(root: Path, paths: tuple[str, ...], cache: Path | None = None) -> Library:
    """Every bibliography file the configuration names, read as one library (a key in two files
    is a duplicate, told at its second entry). No file: an empty library, which is not a
    problem until something is cited."""
    paths = tuple(p for p in paths if (root / p).is_file())  # a missing one is told at its option
    if not paths:
        return Library("")
    if len(paths) == 1:
        return load(root / paths[0], paths[0], cache)
    merged = Library(", ".join(paths))
    for path in paths:
        library = load(root / path, path, cache)
        merged.problems.extend(library.problems)
        merged.unreadable |= library.unreadable
        for key, entry in library.entries.items():
            if key in merged.entries:
                merged.problems.append(Diagnostic(path, entry.line, f"duplicate key '{key}'",
                                                  "the key is also used in another bibliography "
                                                  "file; rename or remove one of the entries"))
                continue
            merged.entries[key] = entry
    return merged


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
    return {"entries": [[e.key, e.type, e.fields, e.line, e.raw, list(e.inherited)]
                        for e in library.entries.values()],
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
        need(isinstance(item, list) and len(item) == 6, "an entry")
        key, kind, fields, line, raw, inherited = item
        need(all(isinstance(x, str) for x in (key, kind, raw)) and isinstance(line, int)
             and isinstance(fields, dict)
             and all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())
             and isinstance(inherited, list) and all(isinstance(k, str) for k in inherited),
             f"entry {key!r}")
        library.entries[key] = Entry(key, kind, fields, line, raw, tuple(inherited))
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
    lines = text.split("\n")
    starts = [0]  # each line's offset: every entry's place is looked up, never counted again
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    truncated: set[str] = set()  # entries a stray '}' closed early: told at the brace
    folded: dict[str, Entry] = {}
    for entry in parsed.entries:
        fields = {f.key.lower(): _text(f.value) for f in entry.fields}
        places = {f.key.lower(): _place(lines, f.start_line, f.key) for f in entry.fields}
        item = Entry(entry.key, entry.entry_type.lower(), fields, entry.start_line + 1, entry.raw,
                     places=places)
        library.entries[item.key] = item
        other = folded.setdefault(item.key.casefold(), item)
        if other is not item:
            library.problems.append(Diagnostic(
                shown_as, item.line, f"key '{item.key}' differs only in case from '{other.key}' "
                f"(line {other.line})", "BibTeX and Pandoc may take the two for one entry: "
                "rename one of them, or remove the duplicate"))
        stray = _closed_early(entry, text, shown_as, starts)
        if stray:
            library.problems.append(stray)
            truncated.add(item.key)
        library.problems.extend(_field_problems(item, shown_as))
    for key in list(library.entries):
        _draw_xdata(library, key, shown_as)
    resolved: set[str] = set()
    orphans: set[str] = set()  # entries whose crossref names no entry
    for key in list(library.entries):
        _inherit(library, key, shown_as, resolved, orphans)
    for item in library.entries.values():
        if item.key not in orphans | truncated:  # (what it lacks is inherited, or lost: told once)
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


def _place(lines: list[str], line: int | None, name: str) -> tuple[int, int]:
    """(line, column), 1-based, of a field's name on the line bibtexparser says it starts."""
    if line is None or not 0 <= line < len(lines):
        return (1, 1)
    col = lines[line].lower().find(name.lower())
    return line + 1, (col if col >= 0 else 0) + 1


_LOST_FIELD = re.compile(r"(?:^|,)\s*([A-Za-z][\w-]*)\s*=", re.S)


_NEXT_ENTRY = re.compile(r"^\s*@", re.M)


def _closed_early(entry, text: str, shown_as: str, starts: list[int]) -> Diagnostic | None:
    """A '}' too many inside a field closes the entry there: bibtexparser keeps the fields
    before it and takes the rest for a comment, so x-status, x-shortform and x-source vanish
    without a word and the entry reads as verified. Told at the brace that closed it.
    ``starts``: each line's offset in ``text``; only the text up to the next entry is read, so
    a .bib of 20,000 entries costs 20,000 short reads, not 20,000 reads of the file."""
    if not entry.raw or entry.start_line >= len(starts) - 1:
        return None
    begin = starts[entry.start_line]
    if not text.startswith(entry.raw, begin):
        begin = text.find(entry.raw, begin)
        if begin < 0:
            return None
    close = begin + len(entry.raw) - 1
    nxt = _NEXT_ENTRY.search(text, close + 1)
    following = text[close + 1:nxt.start() if nxt else len(text)]
    if not following.lstrip().startswith(","):
        return None
    lost = [name for name in _LOST_FIELD.findall(following) if name.lower() != "and"]
    if not lost:
        return None
    line = bisect.bisect_right(starts, close)
    col = close - starts[line - 1] + 1
    return Diagnostic(shown_as, line, f"entry '{entry.key}' is closed by this '}}': "
                      f"{', '.join(lost)} {'is' if len(lost) == 1 else 'are'} not read",
                      "a '}' too many inside a field closes the entry early: remove it, or pair "
                      "it with a '{'", col=col)


STATUSES = ("verified", PARTIAL, UNIDENTIFIED)
_YEAR = re.compile(r"\d{4}")
_ISO = r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
_DATE = re.compile(rf"{_ISO}(?:/(?:{_ISO})?)?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_WEB = ("http://", "https://", "ftp://")


def _field_problems(entry: Entry, path: str) -> list[Diagnostic]:
    """What the entry writes that the edition would otherwise drop or misread without a word."""
    problems = []

    def tell(name: str, message: str, hint: str, severity: str = "error") -> None:
        line, col = entry.places.get(name, (entry.line, 1))
        problems.append(Diagnostic(path, line, message, hint, severity, col))

    fields = entry.fields
    status = fields.get("x-status")
    if status is not None and entry.status not in STATUSES:
        close = difflib.get_close_matches(entry.status, STATUSES, n=1, cutoff=0.6)
        tell("x-status", f"entry '{entry.key}' has x-status = {{{status}}}, which is not a status",
             (f"did you mean {{{close[0]}}}? " if close else "") +
             "the statuses are verified, partial and unidentified (a partial or unidentified "
             "entry shows the reader a notice)")
    for name, value in fields.items():
        if name in ("crossref", "x-status") or not value or value.replace("{", "").replace("}", "").strip():
            continue
        tell(name, f"entry '{entry.key}' has an empty {name}",
             "write the value between the braces, or remove the field (if it cannot be verified, "
             "set x-status = {partial} and say what is missing in note)")
    year = fields.get("year", "").strip("{} ")
    if year and not _YEAR.fullmatch(year):
        tell("year", f"entry '{entry.key}' has year = {{{fields['year']}}}, which is not a year",
             "write the year in four digits, e.g. year = {2022}; a full date goes in "
             "date = {2022-03-01}")
    date = fields.get("date", "").strip("{} ")
    if date and not _DATE.fullmatch(date):
        tell("date", f"entry '{entry.key}' has date = {{{fields['date']}}}, which is not a date",
             "write it as ISO 8601: date = {2022-03-01}, {2022-03} or {2022} (a range as "
             "{2021/2022})")
    url = fields.get("url", "").strip("{} ")
    if url and not url.lower().startswith(_WEB):
        tell("url", f"entry '{entry.key}' has url = {{{fields['url']}}}, which is not shown: "
             "only http://, https:// and ftp:// addresses are linked",
             "give the work's web address (https://...), or remove the field", "warning")
    doi = fields.get("doi", "").strip("{} ")
    if doi:
        from edition.citations.csl import _DOI_URL  # (csl imports this module)
        if not _DOI.fullmatch(_DOI_URL.sub("", doi).strip()):
            tell("doi", f"entry '{entry.key}' has doi = {{{fields['doi']}}}, which is not a DOI",
                 "a DOI starts with 10. and its registrant's number, as in "
                 "doi = {10.1234/abcd} (its address https://doi.org/10.1234/abcd is read too)")
    return problems


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


# crossref (BibLaTeX's rules, as Biber applies them): a child takes every field it lacks from
# its parent, except the fields that name or identify the parent itself. The parent's title
# becomes the child's booktitle (a multi-volume work's, its maintitle; a periodical's, its
# journaltitle); editor, year/date, publisher, location/address, series... are inherited as
# they are.
_TITLES = ("title", "subtitle", "titleaddon")
_AS_BOOK = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_AS_MAIN = {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
_AS_JOURNAL = {"title": "journaltitle", "subtitle": "journalsubtitle"}
_MULTIVOLUME = {"mvbook", "mvcollection", "mvproceedings", "mvreference"}
# Never inherited. BibLaTeX's list (ids, crossref, xref, entryset, ... sortkey, and the short
# and sorting titles); and, the edition's choice, what identifies or describes the parent work
# itself rather than what the child is part of: a volume's DOI, URL or page count is not its
# chapter's, and its note, x-status, x-source and x-shortform record the volume's own research.
_NOT_INHERITED = {
    "ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
    "shorthandintro", "sortkey", "shorttitle", "sorttitle", "indextitle", "indexsorttitle",
    "doi", "url", "urldate", "eprint", "eprinttype", "eprintclass", "note", "addendum",
    "abstract", "annotation", "keywords", "file", "pages", "pagetotal",
}


# Fields that say one thing between them: a child that writes one of them takes none of the
# others from its parent (its own year is not given its volume's month and day).
_TOGETHER = ({"year", "date", "month"}, {"address", "location"}, {"journal", "journaltitle"},
             {"school", "institution"})


def _draw_xdata(library: Library, key: str, path: str, seen: tuple[str, ...] = ()) -> None:
    """BibLaTeX's xdata: the entry takes every field it does not write from the @xdata entries
    it names, as they are (no field is renamed); an unknown key is told at the entry."""
    entry = library.entries[key]
    names = [k.strip() for k in entry.fields.get("xdata", "").split(",") if k.strip()]
    if not names or key in seen:
        return
    fields, added = dict(entry.fields), list(entry.inherited)
    for name in names:
        if name not in library.entries:
            if name not in library.unreadable:
                library.problems.append(Diagnostic(
                    path, entry.line, f"entry '{key}' has xdata = {{{name}}}, but there is no "
                    "entry with that key", "add the @xdata entry, or correct the key"))
            continue
        _draw_xdata(library, name, path, (*seen, key))
        for field_name, value in library.entries[name].fields.items():
            if field_name not in fields and field_name not in _NOT_INHERITED and value:
                fields[field_name] = value
                added.append(field_name)
    library.entries[key] = Entry(entry.key, entry.type, fields, entry.line, entry.raw,
                                 tuple(added), places=entry.places)


def _title_fields(parent_type: str, child_type: str) -> dict[str, str]:
    if parent_type in _MULTIVOLUME:
        return _AS_MAIN
    if kind(parent_type) == "periodical" and kind(child_type) == "article":
        return _AS_JOURNAL
    return _AS_BOOK


def _inherit(library: Library, key: str, path: str, resolved: set[str], orphans: set[str],
             seen: tuple[str, ...] = ()) -> Entry:
    """The entry with the fields it inherits through ``crossref`` (a chain too: a chapter of a
    volume of a multi-volume work); an unknown parent, a loop, or a child that contradicts its
    parent's title or year is reported at the child."""
    entry = library.entries[key]
    parent_key = entry.fields.get("crossref", "").strip()
    if key in resolved or not parent_key:
        return entry
    resolved.add(key)
    if parent_key not in library.entries:
        orphans.add(key)
        if parent_key not in library.unreadable:  # (an unreadable parent is told once, itself)
            close = difflib.get_close_matches(parent_key, list(library.entries), n=1)
            library.problems.append(Diagnostic(
                path, entry.line, f"entry '{key}' has crossref = {{{parent_key}}}, but there is "
                "no entry with that key",
                f"did you mean {{{close[0]}}}?" if close else
                "add the parent entry (the volume the chapter is in), or correct the key"))
        return entry
    if parent_key in (key, *seen):
        library.problems.append(Diagnostic(
            path, entry.line, f"entry '{key}' inherits from itself through crossref "
            f"({' -> '.join((*seen, key, parent_key))})",
            "a crossref names the entry this one is part of; remove the loop"))
        return entry
    parent = _inherit(library, parent_key, path, resolved, orphans, (*seen, key))
    fields, added = dict(entry.fields), []
    titles = _title_fields(parent.type, entry.type)
    written = {name for name, value in entry.fields.items() if value}
    for group in _TOGETHER:
        if written & group:
            written |= group
    for name, value in parent.fields.items():
        target = titles.get(name, name) if name in _TITLES else name
        if (name in _TITLES and name not in titles) or name in _NOT_INHERITED \
                or name.startswith("x-") or not value or target in written or target in fields:
            continue
        fields[target] = value
        added.append(target)
    library.problems.extend(_contradictions(entry, parent, titles, path))
    if kind(entry.type) == "incollection" and parent.type == "book":
        library.problems.append(Diagnostic(
            path, entry.line, f"entry '{key}' (@incollection) names the @book '{parent_key}' in "
            "crossref: BibLaTeX (and Pandoc) give a @book's title to an @inbook, and its title "
            "and subtitle to an @incollection as its own",
            f"make '{parent_key}' a @collection (an edited volume of chapters by their own "
            "authors), or this entry an @inbook", "warning"))
    library.entries[key] = Entry(entry.key, entry.type, fields, entry.line, entry.raw, tuple(added),
                                 places=entry.places)
    return library.entries[key]


def _plain(value: str) -> str:
    return " ".join(value.replace("{", "").replace("}", "").casefold().split())


def _year(fields: dict[str, str]) -> str:
    match = re.match(r"\s*(\d{4})", fields.get("date") or fields.get("year") or "")
    return match.group(1) if match else ""


def _contradictions(entry: Entry, parent: Entry, titles: dict[str, str], path: str) -> list[Diagnostic]:
    """A child that writes its volume's title or year differently from the volume (a warning:
    one of the two is wrong, and the child's is what is printed)."""
    problems = []
    as_container = titles["title"]
    mine, theirs = entry.fields.get(as_container, ""), parent.fields.get("title", "")
    if mine and theirs and _plain(mine) != _plain(theirs):
        problems.append(Diagnostic(
            path, entry.line, f"entry '{entry.key}' has {as_container} {{{mine}}}, but its "
            f"crossref '{parent.key}' has title {{{theirs}}}",
            f"remove {as_container} from the entry (it is inherited from '{parent.key}'), or "
            "correct the one that is wrong", "warning"))
    mine, theirs = _year(entry.fields), _year(parent.fields)
    # (a volume of a multi-volume work has a year of its own)
    if mine and theirs and mine != theirs and parent.type not in _MULTIVOLUME:
        problems.append(Diagnostic(
            path, entry.line, f"entry '{entry.key}' is dated {mine}, but its crossref "
            f"'{parent.key}' is dated {theirs}",
            f"remove year/date from the entry (it is inherited from '{parent.key}'), or correct "
            "the one that is wrong", "warning"))
    return problems


def _missing_fields(entry: Entry, path: str) -> list[Diagnostic]:
    required = REQUIRED.get(kind(entry.type))
    if required is None:
        return [Diagnostic(path, entry.line, f"entry '{entry.key}' has an unsupported type "
                           f"@{entry.type}", f"use one of @{', @'.join(SUPPORTED)}")]
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
