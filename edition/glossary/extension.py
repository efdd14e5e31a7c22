"""Glossary terms as a Python-Markdown tree pass.

After the inline patterns, every text node of the page is read for terms, except where the
document's structure says it is not prose to gloss: links (citations, cross-references, notes),
code, headings and card templates. Each use becomes a card trigger; the first use of an acronym
on a page is spelled out, unless the paper spells it out there itself. Each use is recorded with
the section it stands in, for the Glossary's "Used 3 times: ..." lines.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from edition import pipeline
from edition.common import cards
from edition.common.tree import made_link, register_links
from edition.glossary.model import Glossary, Occurrence, Term, already_expanded, find_in

SKIP = {"a", "code", "pre", "kbd", "script", "style", "template",
        "h1", "h2", "h3", "h4", "h5", "h6"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EXPANSION_TITLE = "Expansion added by the edition"


def card_id(term: Term) -> str:
    return f"card-{term.slug}"


@dataclass
class GlossaryPage:
    src: str = ""
    glossed: bool = False     # the edition's apparatus (Bibliography, Glossary, About) is not
    count_notes: bool = True  # the notes at a page's foot are counted once, on the Notes page
    href: str = ""            # the Glossary page, relative to this page
    occurrences: list[Occurrence] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


@dataclass
class _Segment:
    """One run of text in the tree: an element's text, or the tail of its child."""

    owner: etree.Element        # the element whose text it is, or the parent of ``child``
    child: etree.Element | None
    offset: int                 # where it starts in the page's text
    section: tuple[str, str]    # (heading id, heading title) it stands under
    counted: bool

    @property
    def text(self) -> str:
        return (self.child.tail if self.child is not None else self.owner.text) or ""


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, glossary: Glossary, current: Callable[[], GlossaryPage]):
        super().__init__(md)
        self.glossary, self.current = glossary, current

    def run(self, root: etree.Element) -> None:
        page = self.current()
        if not page.glossed or not self.glossary.terms:
            return
        segments, text = self._segments(root, page)
        seen: set[str] = set()
        for segment in segments:
            found = find_in(segment.text, self.glossary)
            if found:
                self._link(segment, found, text, page, seen)

    def _segments(self, root: etree.Element, page: GlossaryPage) -> tuple[list[_Segment], str]:
        """Every run of prose, in reading order, and the page's whole text (for the window in
        which the paper may spell a term out itself)."""
        segments: list[_Segment] = []
        parts: list[str] = []
        length = 0
        section, top = ("", ""), ""

        def add(owner, child, value, skip, counted):
            nonlocal length
            if value and not skip:
                segments.append(_Segment(owner, child, length, section, counted))
            if value:
                parts.append(value)
                length += len(value)

        def walk(element: etree.Element, skip: bool, counted: bool) -> None:
            nonlocal section, top
            if element.tag in HEADINGS:
                title = " ".join("".join(element.itertext()).split())
                if element.tag == "h1":
                    top = title
                elif top:
                    title = f"{top} › {title}"
                section = (element.get("id", ""), title)
            add(element, None, element.text, skip, counted)
            for child in element:
                if not isinstance(child.tag, str):  # a comment
                    add(element, child, child.tail, skip, counted)
                    continue
                inner_counted = counted and not (
                    not page.count_notes and child.get("class") == "footnote")
                walk(child, skip or child.tag in SKIP, inner_counted)
                add(element, child, child.tail, skip, counted)

        walk(root, False, True)
        return segments, "".join(parts)

    def _link(self, segment: _Segment, found, page_text: str, page: GlossaryPage,
              seen: set[str]) -> None:
        text = segment.text
        head, nodes, last = text[: found[0][0]], [], 0
        for start, end, term in found:
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + text[last:start]
            surface = text[start:end]
            link = made_link({"class": "term"}, f"{page.href}#{term.slug}")
            cards.make_trigger(link, card_id(term), term.term, "term")
            link.text = surface
            compound = text[end:end + 1] == "-"  # "US-led": expanding would split the word
            at = segment.offset + start
            if (term.term not in seen and term.is_acronym and term.expand and not compound
                    and not already_expanded(page_text, at, term)):
                expansion = etree.Element("span", {"class": "term-expansion",
                                                   "title": EXPANSION_TITLE})
                expansion.text = term.expansion
                expansion.tail = " ("
                link.tail = ")"
                nodes += [expansion, link]
            else:
                nodes.append(link)
            if not compound:
                seen.add(term.term)
            page.used.add(term.term)
            if segment.counted:
                page.occurrences.append(Occurrence(term.term, page.src, *segment.section, offset=at))
            last = end
        nodes[-1].tail = (nodes[-1].tail or "") + text[last:]
        if segment.child is None:
            segment.owner.text = head
            index = 0
        else:
            segment.child.tail = head
            index = list(segment.owner).index(segment.child) + 1
        for n, node in enumerate(nodes):
            segment.owner.insert(index + n, node)


class GlossaryExtension(Extension):
    def __init__(self, glossary: Glossary, current: Callable[[], GlossaryPage]):
        super().__init__()
        self.glossary, self.current = glossary, current

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.glossary, self.current),
                                   "edition-glossary", pipeline.TREE_GLOSSARY)
        register_links(md, pipeline.TREE_LINKS)
