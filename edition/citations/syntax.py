"""Pandoc citation syntax in Markdown: find it, never inside code, URLs or e-mail addresses.

    [@key]  [@key, p. 12]  [see @a; @b, pp. 3-5]  [-@key]  @key  @key [p. 12]

The parser only finds and splits; what a key means (a work, or a label for a cross-reference)
is decided by whoever renders the result.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from edition.common.text import LineIndex, masked_code

# Pandoc: a key starts with a letter, digit or _, and may contain internal punctuation.
KEY = r"[\w][\w:.#$%&+?<>~/-]*(?<![:.#$%&+?<>~/-])"
LOCATOR_LABELS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "chap.": "chapter", "chaps.": "chapter", "ch.": "chapter", "chapter": "chapter",
    "sec.": "section", "secs.": "section", "section": "section", "§": "section",
    "para.": "paragraph", "paras.": "paragraph", "n.": "note", "nn.": "note",
    "fig.": "figure", "vol.": "volume", "vols.": "volume", "l.": "line", "ll.": "line",
}
_LABEL = "|".join(re.escape(k) for k in sorted(LOCATOR_LABELS, key=len, reverse=True))
_NUMBER = r"(?:[0-9]+|[ivxlcdmIVXLCDM]+)(?:\s*[-–]\s*(?:[0-9]+|[ivxlcdmIVXLCDM]+))?"
_LOCATOR = re.compile(
    rf"^\s*,?\s*(?:(?P<label>{_LABEL})\s*)?(?P<value>{_NUMBER}(?:\s*(?:,|and|&)\s*{_NUMBER})*)"
    r"(?![\w])(?P<suffix>.*)$", re.S)
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>{KEY})(?P<rest>.*)$", re.S)
# Patterns as strings too: the Markdown extension reads the same syntax inside Python-Markdown.
# Possessive (*+) and an @-free head: each bracket is read once, whatever follows it (every
# pattern here runs in time linear in the text; tests/test_hostile_sizes.py). A citation may wrap
# onto the next line of its paragraph (Pandoc reads "[see @a,⏎pp. 3-5]"), never across a blank
# line.
_HEAD = r"(?:[^\[\]\n@]|\n(?![ \t]*\n))"
_IN_LINE = r"(?:[^\[\]\n]|\n(?![ \t]*\n))"
BRACKET = rf"(?<![\\!\]])\[(?!\^)(?P<body>{_HEAD}*+@{_IN_LINE}*+)\](?![(\[:{{])"
NARRATIVE = (rf"(?<![\w@\\/.:\-+\[])@(?P<key>{KEY})"
             rf"(?:(?:[ \t]|\n[ \t]*+)\[(?P<loc>(?:[^\[\]\n@]|\n(?![ \t]*\n))*+)\])?")
_BRACKET = re.compile(BRACKET)
_NARRATIVE = re.compile(NARRATIVE)
# Each alternative starts only where a run of its characters starts (the look-behinds) and
# never gives back what it took (*+), so no run is read twice.
_URLISH = re.compile(r"<[a-z]++:[^<>\s]*+>|\]\([^)\s\]]*+\)|(?<![\w+.-])[a-z][a-z0-9+.-]*+://\S+|"
                     r"\bwww\.\S+|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+", re.I)


@dataclass(frozen=True)
class Item:
    key: str
    prefix: str = ""
    locator: tuple[str, str] | None = None  # (CSL label, value), e.g. ("page", "44-45")
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    line: int
    items: tuple[Item, ...]
    narrative: bool  # @key in running text, rather than [@key]


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _locator(text: str) -> tuple[tuple[str, str] | None, str]:
    """Split "p. 12 and passim" into (("page", "12"), " and passim")."""
    match = _LOCATOR.match(text)
    if not match or (not match.group("label") and not text.lstrip().startswith(",")):
        return None, text
    label = LOCATOR_LABELS.get(match.group("label") or "p.", "page")
    return (label, " ".join(match.group("value").split())), match.group("suffix")


def _item(part: str) -> Item | None:
    match = _ITEM.match(part.strip())
    if not match:
        return None
    locator, suffix = _locator(match.group("rest"))
    prefix = match.group("prefix")
    if prefix and not prefix[-1].isspace() and match.group("suppress") == "":
        return None  # "a@b": not a citation
    return Item(match.group("key"), " ".join(prefix.split()), locator, " ".join(suffix.split()),
                bool(match.group("suppress")))


def find(markdown: str) -> list[Citation]:
    """Every citation in a Markdown text, in order, with its span and line."""
    return list(_find(markdown))


def forget() -> None:
    """Let go of the citations found so far (once the pages are rendered)."""
    _find.cache_clear()


@functools.lru_cache(maxsize=4096)
def _find(markdown: str) -> tuple[Citation, ...]:
    # Memoised: the checks and the citation formatter both read every page's source before
    # anything is rendered; the second reading of the same text finds it here.
    masked = _URLISH.sub(_blank, masked_code(markdown))
    line_of = LineIndex(markdown)
    found: list[Citation] = []
    taken = []
    for match in _BRACKET.finditer(masked):
        items = bracket_items(match.group("body"))
        if items:
            found.append(Citation(match.start(), match.end(), line_of(match.start()),
                                  items, narrative=False))
            taken.append((match.start(), match.end()))
    starts = [start for start, _ in taken]  # in order: finditer yields them so
    for match in _NARRATIVE.finditer(masked):
        i = bisect.bisect_right(starts, match.start())
        if i and match.start() < taken[i - 1][1]:  # inside a bracketed citation
            continue
        item, end = narrative_item(match)
        found.append(Citation(match.start(), end, line_of(match.start()), (item,), narrative=True))
    return tuple(sorted(found, key=lambda c: c.start))


def bracket_items(body: str) -> tuple[Item, ...] | None:
    """The items of a bracketed citation's body ("see @a; @b, pp. 3-5"), or None if it is not
    one (every part must cite a key)."""
    items = [_item(part) for part in body.split(";")]
    return tuple(items) if items and all(items) else None


def narrative_item(match: re.Match[str]) -> tuple[Item, int]:
    """The item of a NARRATIVE match, and where the citation ends: a bracket after the key that
    is not a locator ("@key [sic]") is left as text."""
    locator = None
    if match.group("loc") is not None:
        locator, _ = _locator("," + match.group("loc"))
        if locator is None:
            return Item(match.group("key")), match.start("key") + len(match.group("key"))
    return Item(match.group("key"), locator=locator), match.end()


def replace(markdown: str, citations: list[Citation], render) -> str:
    """``markdown`` with each citation replaced by ``render(citation)``."""
    out, last = [], 0
    for citation in citations:
        out.append(markdown[last:citation.start])
        out.append(render(citation))
        last = citation.end
    out.append(markdown[last:])
    return "".join(out)
