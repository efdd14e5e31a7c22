"""A glossary definition is inline Markdown, like a sentence of a page: emphasis, web links,
citations ``[@key]``, cross-references ``@sec-x`` and editorial remarks ``{{ed: ...}}``.

It is rendered by Python-Markdown with the edition's own inline extensions (the citations',
the cross-references', the editorial marks'), so it reads as it would in a page. Twice over:
on the Glossary page, where its citations and cross-references are the page's own (counted
there, listed in the Bibliography's "cited in"), and in each term card, relative to the page the
card is on, where its links are plain links (a card holds no card of its own).

The glossary is a source like the pages, behind the same trust boundary: raw HTML, and links
that are not web addresses, are errors at the definition's line in the glossary; the
definition is then shown with its text escaped. The glossary's own terms are not linked inside
a definition (a card in a card).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from edition import pipeline, security
from edition.common.diagnostics import Diagnostic
from edition.common.text import LineIndex
from edition.common.tree import EDITION_HREF
from edition.glossary.model import Glossary, Term

# The attributes that make a link a card trigger, and its id (the use the page counts).
_CARD_ATTRIBUTES = ("data-card", "data-card-title", "data-card-kind", "aria-expanded", "id")
_RELATIVE = re.compile(r"^(?![a-z][a-z0-9+.-]*:)", re.I)
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
# What Markdown reads as more than words; a definition without any of it is escaped text.
_MARKUP = re.compile(r"[*_\[\]<>&`\\@{}!]|^\s*(?:[#>+-]|\d+[.)])")
_BLOCK_START = re.compile(r"^(\s*\d*)([#>+*.)-])(?=\s|$)")


class _PlainLinks(Treeprocessor):
    """In a card, each citation and cross-reference is a plain link to where it leads."""

    def __init__(self, md: Markdown, plain: Callable[[], bool]):
        super().__init__(md)
        self.plain = plain

    def run(self, root: etree.Element) -> None:
        if not self.plain():
            return
        for element in root.iter():
            for name in _CARD_ATTRIBUTES:
                element.attrib.pop(name, None)


class _WrittenLinks(Treeprocessor):
    """The links and images the definition writes itself (before the edition's own links get
    their hrefs, which it resolves for the page)."""

    def __init__(self, md: Markdown, found: list[str]):
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and EDITION_HREF not in element.attrib:
                self.found.append(element.get("href") or "")
            elif element.tag == "img":
                self.found.append(element.get("src") or "")


class Definitions:
    """The definitions of one glossary, rendered with ``extensions`` (the edition's inline ones:
    each reads the page being rendered from its build)."""

    def __init__(self, glossary: Glossary, extensions: list) -> None:
        self.glossary = glossary
        self._plain = False
        self.md = Markdown(extensions=extensions)
        self.md.treeprocessors.register(_PlainLinks(self.md, lambda: self._plain),
                                        "edition-plain-links", -5)
        self._written: list[str] = []
        self.md.treeprocessors.register(_WrittenLinks(self.md, self._written),
                                        "edition-written-links", pipeline.TREE_LINKS + 0.5)
        self.problems: dict[str, list[Diagnostic]] = {}  # term -> what is wrong with its definition

    def html(self, term: Term, plain: bool = False) -> str:
        """The definition as HTML (inline: no paragraph of its own); "" if it has none."""
        if not term.definition:
            return ""
        if not _MARKUP.search(term.definition):  # plain words: what Markdown would make of them
            return html.escape(term.definition, quote=False)
        self._plain = plain
        try:
            rendered, raw = self._convert(term.definition)
            if term.term not in self.problems:
                self.problems[term.term] = self._problems(term, rendered, raw)
            if self.problems[term.term]:  # shown as text, never as what it would have made
                rendered, _ = self._convert(term.definition.replace("&", "&amp;").replace("<", "&lt;"))
        finally:
            self._plain = False
        return rendered

    def _convert(self, text: str) -> tuple[str, list[str]]:
        self._written.clear()
        self.md.reset()
        # Inline only: a definition that begins like a list item or a heading ("1990. The ...",
        # "- ...", "# ...") is a sentence, not a block.
        out = self.md.convert(_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, 1))
        raw = [block for block in self.md.htmlStash.rawHtmlBlocks
               if str(block).lstrip().startswith("<")]  # (an entity, &amp;, is text)
        self.md.reset()
        match = _PARAGRAPH.match(out.strip())
        return (match.group(1) if match and "<p>" not in match.group(1) else out), raw

    def _problems(self, term: Term, rendered: str, raw: list[str]) -> list[Diagnostic]:
        found: list[tuple[str, str, str]] = []  # (message, what to look for, hint)
        for block in raw[:1]:  # (told once: its closing tag is the same mistake)
            tag = re.match(r"\s*(<[!?/]?[\w-]*)", str(block))
            needle = tag.group(1) if tag else "<"
            found.append((f"raw HTML in the definition of term '{term.term}': "
                          f"{_short(str(block))}", needle,
                          "a definition is Markdown: write *emphasis*, [words](https://...) or "
                          f"[@key], never HTML; {security.HINT}"))
        if not raw:  # (the raw HTML is the finding)
            for finding in security.content_findings(rendered):
                found.append((f"in the definition of term '{term.term}': {finding.what}",
                              finding.needle, finding.hint))
        for href in self._written:
            if _RELATIVE.match(href):
                found.append((f"a link in the definition of term '{term.term}' to '{href}', "
                              "which is not a web address", href or "]()",
                              "link to an https:// address; to refer to a place in the edition, "
                              "write a cross-reference (@sec-name) instead"))
        return [self._located(term, message, needle, hint) for message, needle, hint in found]

    def _located(self, term: Term, message: str, needle: str, hint: str) -> Diagnostic:
        """At ``needle`` in the definition as the glossary file writes it (its first line if
        the file spells it otherwise)."""
        line, col = term.definition_at if term.definition_at[0] else (term.line, 1)
        text = self.glossary.text
        if text and needle:
            index = LineIndex(text)
            start = index.offset(line, col)
            end = text.find("\n- ", start)
            at = text.find(needle, start, end if end >= 0 else len(text))
            if at >= 0:
                line, col = index.position(at)
        return Diagnostic(self.glossary.path, line, message, hint, col=col)

    def all_problems(self) -> list[Diagnostic]:
        return [p for problems in self.problems.values() for p in problems]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
