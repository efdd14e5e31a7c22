"""Glossary terms as a Python-Markdown tree pass.

After the inline patterns, every text node of the page is read for terms, except where the
document's structure says it is not prose to gloss: links (citations, cross-references, notes),
code, headings and card templates. A term is a card trigger at its first use in each section
(and in each note, which a reader may open alone); later uses there stay plain text, so the page
stays quiet. The first use of an acronym on a page is followed by its expansion in square
brackets, the scholarly mark of an interpolation ("WHO [World Health Organization]"), one
trigger with the acronym; never inside a quotation, where the paper's words stand alone, and
never where the paper spells the term out itself, beside it or in the note whose marker follows
it. A note marker stays on the paper's word: the expansion follows the marker ("WHO¹ [World
Health Organization]"). A paper's own "Intergovernmental Panel on Climate Change (IPCC)" is one
trigger, not two. Every use is recorded with the
section it stands in, for the Glossary's "Used 3 times: ..." lines.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from edition import pipeline
from edition.common import cards
from edition.common.tree import GROUP, group, made_link, note_label, register_groups, register_links
from edition.glossary.model import Glossary, Occurrence, Term, already_expanded, find_in

SKIP = {"a", "code", "pre", "kbd", "script", "style", "template",
        "h1", "h2", "h3", "h4", "h5", "h6"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# One use that is not a term ("This IS the point"): Pandoc's bracketed span, [IS]{.nogloss}.
# The words stay as they are, the span gives way to them once the terms are linked.
NOGLOSS = r"\[(?P<words>[^\[\]\n]++)\]\{[ \t]*+\.nogloss[ \t]*+\}"
_OPEN, _CLOSE = "“", "”"
_MARKS = re.compile("[“”]")


def card_id(term: Term) -> str:
    return f"card-{term.slug}"


@dataclass
class GlossaryPage:
    src: str = ""
    glossed: bool = False     # the edition's apparatus (Bibliography, Glossary, About) is not
    count_notes: bool = True  # the notes at a page's foot are counted once, on the Notes page
    href: str = ""            # the Glossary page, relative to this page
    expand: bool = True       # an acronym's first use on the page is spelled out
    occurrences: list[Occurrence] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    # (term, anchor, note, counted) of every use with an id, in the order of the page
    uses: list[tuple[str, str, str, bool]] = field(default_factory=list)


@dataclass
class _Segment:
    """One run of text in the tree: an element's text, or the tail of its child."""

    owner: etree.Element        # the element whose text it is, or the parent of ``child``
    child: etree.Element | None
    offset: int                 # where it starts in the page's text
    section: tuple[str, str]    # (heading id, heading title) it stands under
    counted: bool
    note: str                   # the label of the note it stands in ("" outside notes)

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
        self.stem = re.sub(r"[^\w-]+", "-", page.src.removesuffix(".md"))
        segments, text = self._segments(root, page)
        self.quotes = _quotations(text)
        self.root = root
        self.after_markers: list[tuple[etree.Element, etree.Element, etree.Element]] = []
        self.expanded: set[str] = set()           # terms spelled out on this page
        self.linked: set[tuple[str, ...]] = set()  # (term, section, note) already a trigger
        for segment in segments:
            found = _joined(segment.text, find_in(segment.text, self.glossary))
            if found:
                self._link(segment, found, text, page)
        # Each expansion that follows a note marker, placed once every segment is linked (the
        # text after the marker is a segment of its own until then).
        for owner, marker, expansion in self.after_markers:
            owner.insert(list(owner).index(marker) + 1, expansion)
            expansion.tail, marker.tail = marker.tail, " "

    def _quoted(self, at: int) -> bool:
        i = bisect.bisect_right(self.quotes, at)
        return i % 2 == 1  # inside an opening ... closing pair

    def _segments(self, root: etree.Element, page: GlossaryPage) -> tuple[list[_Segment], str]:
        """Every run of prose, in reading order, and the page's whole text (for the window in
        which the paper may spell a term out itself)."""
        segments: list[_Segment] = []
        parts: list[str] = []
        length = 0
        section, top = ("", ""), ""

        note = ""

        def add(owner, child, value, skip, counted):
            nonlocal length
            if value and not skip:
                segments.append(_Segment(owner, child, length, section, counted, note))
            if value:
                parts.append(value)
                length += len(value)

        def walk(element: etree.Element, skip: bool, counted: bool) -> None:
            nonlocal section, top, note
            outer_note = note
            note = note_label(element) or note
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
                walk(child, skip or child.tag in SKIP or child.get(GROUP) == "nogloss",
                     inner_counted)
                add(element, child, child.tail, skip, counted)
            note = outer_note

        walk(root, False, True)
        return segments, "".join(parts)

    def _link(self, segment: _Segment, found, page_text: str, page: GlossaryPage) -> None:
        text = segment.text
        head, nodes, last = "", [], 0

        def add_text(value: str) -> None:
            if nodes:
                nodes[-1].tail = (nodes[-1].tail or "") + value
            else:
                nonlocal head
                head += value

        for start, end, term in found:
            add_text(text[last:start])
            last = end
            at = segment.offset + start
            page.used.add(term.term)  # its card is in the page even where only a later use links
            if segment.counted:
                page.occurrences.append(Occurrence(term.term, page.src, *segment.section, offset=at))
            compound = text[end:end + 1] == "-"  # "US-led": expanding would split the word
            quoted = self._quoted(at)
            expand = False
            if term.term not in self.expanded and not compound and not quoted:
                # The first use outside a quotation: spelled out, unless the paper does so here
                self.expanded.add(term.term)
                expand = (page.expand and term.is_acronym and term.expand
                          and not already_expanded(page_text, at, term))
            marker = self._marker_after(segment) if expand and end == len(text) else None
            if marker is not None and self._note_spells_out(marker, term):
                expand = False  # the paper spells it out in the note its marker opens
            context = (term.term, *segment.section, segment.note)
            anchor = f"use-{self.stem}-{len(page.uses) + 1}"
            if not expand and context in self.linked:
                # A later use in the same section: plain text, a place the card's "next" can go
                # to; at a page's foot too, so that "next" stays on the page (uses.py).
                use = etree.Element("span", {"id": anchor})
                use.text = text[start:end]
                nodes.append(use)
                page.uses.append((term.term, anchor, segment.note, segment.counted))
                continue
            self.linked.add(context)
            link = made_link({"class": "term", "id": anchor}, f"{page.href}#{term.slug}")
            page.uses.append((term.term, anchor, segment.note, segment.counted))
            cards.make_trigger(link, card_id(term), term.term, "term")
            link.text = text[start:end]
            if expand:
                expansion = etree.Element("span", {"class": "term-expansion"})
                expansion.text = f"[{term.expansion}]"
                if marker is None:
                    link.text += " "
                    link.append(expansion)
                else:  # after the paper's note marker, which stays on the paper's word
                    self.after_markers.append((segment.owner, marker, expansion))
            nodes.append(link)
        add_text(text[last:])
        if not nodes:
            return
        if segment.child is None:
            segment.owner.text = head
            index = 0
        else:
            segment.child.tail = head
            index = list(segment.owner).index(segment.child) + 1
        for n, node in enumerate(nodes):
            segment.owner.insert(index + n, node)

    def _marker_after(self, segment: _Segment) -> etree.Element | None:
        """The note marker right after the segment's text ("EU[^60]"), if there is one."""
        children = list(segment.owner)
        i = 0 if segment.child is None else children.index(segment.child) + 1
        if i < len(children) and children[i].tag == "sup":
            ref = children[i].find("a")
            if ref is not None and "footnote-ref" in (ref.get("class") or ""):
                return children[i]
        return None

    def _note_spells_out(self, marker: etree.Element, term: Term) -> bool:
        """Does the note this marker opens spell the term out (a note that reads
        "the World Health Organization ...")?"""
        target = (marker.find("a").get("href") or "").rpartition("#")[2]
        for element in self.root.iter("li"):
            if target and element.get("id") == target:
                note = " ".join("".join(element.itertext()).split()).casefold()
                return " ".join(term.expansion.split()).casefold() in note
        return False


def _joined(text: str, found: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """ "Intergovernmental Panel on Climate Change (IPCC)": the paper's expansion and its acronym, two
    forms of one term, are one use."""
    out: list[tuple[int, int, Term]] = []
    for start, end, term in found:
        if out and out[-1][2] is term and text[out[-1][1]:start] == " (" and text[end:end + 1] == ")":
            out[-1] = (out[-1][0], end + 1, term)
        else:
            out.append((start, end, term))
    return out


def _quotations(text: str) -> list[int]:
    """Where quotations open and close in the page's text, as a sorted list of offsets: an
    offset is inside a quotation when an odd number of them precede it. Only the paper's
    double quotation marks count (a closing single mark is also an apostrophe)."""
    bounds: list[int] = []
    depth = 0
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group(0)
        if char == _OPEN:
            depth += 1
            if depth == 1:
                bounds.append(i)
        elif char == _CLOSE and depth:
            depth -= 1
            if depth == 0:
                bounds.append(i)
    if depth:
        bounds.append(len(text))
    return bounds


class NoGlossInlineProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        held = group("nogloss")
        held.text = m.group("words")  # read by the patterns below this one (emphasis, a note)
        return held, m.start(), m.end()


class GlossaryExtension(Extension):
    def __init__(self, glossary: Glossary, current: Callable[[], GlossaryPage]):
        super().__init__()
        self.glossary, self.current = glossary, current

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.glossary, self.current),
                                   "edition-glossary", pipeline.TREE_GLOSSARY)
        md.inlinePatterns.register(NoGlossInlineProcessor(NOGLOSS, md), "edition-nogloss",
                                   pipeline.INLINE_NOGLOSS)
        register_groups(md, pipeline.TREE_GROUPS)
        register_links(md, pipeline.TREE_LINKS)
