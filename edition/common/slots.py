"""Content the build fills in after Markdown: one marker, one resolver.

A page marks where generated content goes with an HTML comment, ``<!-- edition:NAME -->``
(the Bibliography, the Glossary, About's tables, the title page's downloads, the name of the
citation style). Python-Markdown passes a comment through untouched and never parses what is
put there later, so a generated page costs no Markdown or HTML parsing at all.

Each concern provides the names it fills (``provide``); once every page is rendered, one pass
over each page replaces every marker (``resolve``), so a filler may use what all pages hold
("cited in notes 2, 64 and 65"), as mkdocs-autorefs resolves its references at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from edition.common.links import Place

MARKER = re.compile(r"<!-- edition:([a-z][a-z-]*) -->")

# The names the edition fills
BIBLIOGRAPHY = "bibliography"
CITATION_STYLE = "citation-style"
GLOSSARY = "glossary"
EMENDATIONS = "emendations"
CITATION_MAP = "citation-map"
DOWNLOADS = "downloads"
CITE = "cite"              # "Cite this edition" (edition.metadata)

# fill(place) -> HTML for the page at ``place``; the HTML must already be escaped.
Filler = Callable[[Place], str]


def marker(name: str) -> str:
    """How a page asks for generated content named ``name``."""
    return f"<!-- edition:{name} -->"


@dataclass
class Slots:
    fillers: dict[str, Filler] = field(default_factory=dict)

    def provide(self, name: str, fill: Filler) -> None:
        self.fillers[name] = fill

    def names_in(self, page_html: str) -> list[str]:
        return MARKER.findall(page_html)

    def resolve(self, page_html: str, place: Place) -> tuple[str, list[str]]:
        """The page with every marker filled; and the names no concern provides (left as they
        are, so the page shows nothing where the content was asked for)."""
        unknown: list[str] = []

        def fill(match: re.Match[str]) -> str:
            filler = self.fillers.get(match.group(1))
            if filler is None:
                unknown.append(match.group(1))
                return match.group(0)
            return filler(place)

        if "<!-- edition:" not in page_html:
            return page_html, unknown
        return MARKER.sub(fill, page_html), unknown
