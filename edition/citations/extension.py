"""Citations as a Python-Markdown extension: Pandoc's syntax in, links with cards out.

An inline pattern reads ``[see @a, p. 3; @b]`` and ``@key [p. 3]`` (with the parser of
``edition.citations.syntax``, as the checks read the sources) and builds the citation as
elements: the author's prefix and suffix as text, each work a link to its Bibliography entry
whose label Pandoc's citeproc formatted. A tree pass then gives each link its id, in the order
a reader meets them, records which note it stands in (from the tree: the ``li`` of a note) and
whether the paper cites it or the editor does, in a remark ``{{ed: ...}}``, and sets parentheses: "(Doe et al. 2021, 116)" in the text, "Doe et al. 2021, 116" in a note.

Keys the library does not hold, and cross-reference labels, are left for others: the
cross-references pattern runs first, and an unknown key stays as written (the checks report it).
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from edition import pipeline
from edition.citations import render, syntax
from edition.citations.csl import Formatter
from edition.citations.library import Library
from edition.common import cards
from edition.common.tree import (append_text, group, made_link, note_label, register_groups,
                                  register_links, set_html)
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds

PATTERN = rf"(?P<bracket>{syntax.BRACKET})|(?P<narrative>{syntax.NARRATIVE})"
_PARENS = "data-edition-parens"  # set by the pattern, read by the tree pass


@dataclass
class CitationsPage:
    """The page being rendered, and what the tree pass found on it."""

    src: str = ""
    href: Callable[[str], str] = lambda key: f"#{render.entry_id(key)}"  # key -> entry link
    occurrences: list[render.Occurrence] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    stem: str = ""  # what the citations' ids begin with ("" for the page's own, from its path)


def at_references(match: re.Match[str]) -> tuple[tuple[syntax.Item, ...], bool, int] | None:
    """What a PATTERN match cites: (items, narrative, end), or None if it is not a citation."""
    if match.group("bracket"):
        items = syntax.bracket_items(match.group("body"))
        return (items, False, match.end()) if items else None
    item, end = syntax.narrative_item(match)
    return (item,), True, end


class CitationInlineProcessor(InlineProcessor):
    def __init__(self, library: Library, formatter: Formatter,
                 current: Callable[[], CitationsPage], labels: dict[tuple, etree.Element],
                 kinds: Kinds = DEFAULT_KINDS):
        super().__init__(PATTERN)
        self.library, self.formatter, self.current = library, formatter, current
        self.kinds = kinds
        self._labels = labels  # shared by every page of the build

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        found = at_references(m)
        if found is None:
            return None, None, None
        items, narrative, end = found
        if all(self.kinds.is_label(i.key) for i in items) or \
                any(i.key not in self.library.entries for i in items):
            return None, None, None  # a cross-reference, or a key to report: left as written
        page = self.current()
        held = group("citation")
        held.set(_PARENS, _parens(items, narrative) if self.formatter.parenthesised else "never")
        for n, item in enumerate(items):
            entry = self.library.entries[item.key]
            if n:
                append_text(held, "; ")
            if item.prefix:
                append_text(held, item.prefix + " ")
            link = made_link({"class": "citation", "id": ""}, page.href(item.key))
            held.append(link)
            cards.make_trigger(link, render.card_id(item.key),
                               self.formatter.entry(entry).label_text, "citation")
            self._label(link, entry, item, narrative)
            if item.suffix:
                append_text(held, item.suffix if item.suffix[0] in ",.;:" else " " + item.suffix)
        return held, m.start(), end


    def _label(self, link: etree.Element, entry, item: syntax.Item, narrative: bool) -> None:
        """The work's label in the link, as Pandoc formatted it (parsed once per form)."""
        form = (item.key, item.locator, item.suppress_author, narrative)
        if form not in self._labels:
            parsed = etree.Element("a")
            set_html(parsed, render.item_label(self.formatter, entry, item, narrative))
            self._labels[form] = parsed
        parsed = self._labels[form]
        link.text = parsed.text
        link.extend(copy.deepcopy(child) for child in parsed)


def _parens(items: tuple[syntax.Item, ...], narrative: bool) -> str:
    """ "always": "Zbigniew Brzezinski (1997)", the name is already in the text; "never": a
    narrative citation, "Doe et al. (2021)"; "outside-notes": "(Doe et al. 2021)" in the
    text, bare in a note."""
    if all(i.suppress_author for i in items):
        return "always"
    return "never" if narrative else "outside-notes"


class CitationTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, current: Callable[[], CitationsPage]):
        super().__init__(md)
        self.current = current

    def run(self, root: etree.Element) -> None:
        page = self.current()
        stem = page.stem or re.sub(r"[^\w-]+", "-", page.src.removesuffix(".md"))
        count = 0

        def walk(parent: etree.Element, note: str | None, remark: bool) -> None:
            nonlocal count
            for child in parent:
                here = note_label(child) or note
                in_remark = remark or child.get("class") == "ed-remark"
                parens = child.attrib.pop(_PARENS, None)
                if parens == "always" or (parens == "outside-notes" and here is None):
                    child.text = "(" + (child.text or "")
                    append_text(child, ")")
                if child.tag == "a" and child.get("class") == "citation" and child.get("id") == "":
                    count += 1
                    key = child.get("data-card", "")[len(render.card_id("")):]
                    # Unique across pages: the single-file edition puts every page in one document.
                    child.set("id", f"cite-{stem}-{key}-{count}")
                    page.occurrences.append(render.Occurrence(key, page.src, here, child.get("id"),
                                                              in_remark))
                    page.cited.add(key)
                walk(child, here, in_remark)

        walk(root, None, False)


class CitationsExtension(Extension):
    def __init__(self, library: Library, formatter: Formatter,
                 current: Callable[[], CitationsPage], kinds: Kinds = DEFAULT_KINDS):
        super().__init__()
        self.library, self.formatter, self.current = library, formatter, current
        self.kinds = kinds
        self.labels: dict[tuple, etree.Element] = {}

    def extendMarkdown(self, md: Markdown) -> None:
        if "@" not in md.ESCAPED_CHARS:  # Pandoc's escape: \@key is the text "@key"
            md.ESCAPED_CHARS.append("@")
        md.inlinePatterns.register(CitationInlineProcessor(self.library, self.formatter, self.current,
                                                           self.labels, self.kinds),
                                   "edition-citations", pipeline.INLINE_CITATIONS)
        md.treeprocessors.register(CitationTreeprocessor(md, self.current), "edition-citations",
                                   pipeline.TREE_CITATIONS)
        register_groups(md, pipeline.TREE_GROUPS)
        register_links(md, pipeline.TREE_LINKS)
