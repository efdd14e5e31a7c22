"""Where a page is, for everything that links from it: passed to the passes by the hooks, so
the toolkit never asks MkDocs itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# (target page's src, fragment) -> a link relative to the page being rendered
Href = Callable[[str, str], str]
# a path of the built site (e.g. "references/x.ris") -> a link relative to the page
SiteHref = Callable[[str], str]


@dataclass(frozen=True)
class Place:
    src: str                 # the page's source path in docs/, e.g. "overview.md"
    href: Href
    site_href: SiteHref


def standalone(src: str = "page.md") -> Place:
    """A page rendered on its own (tests, examples): a link to another page is that page's
    source path ("bibliography.md#ref-x"), a link within the page its fragment."""
    def href(target: str, fragment: str = "") -> str:
        return ("" if target == src else target) + (f"#{fragment}" if fragment else "")
    return Place(src, href, lambda path: path)
