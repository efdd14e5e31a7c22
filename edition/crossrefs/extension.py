"""Cross-references as a Python-Markdown extension.

``@sec-overview``, ``[see @rec-shape]`` (Pandoc/Quarto) and the paper's own pointers kept word
for word, ``[as set out above](@sec-overview)``, become links that read in the paper's own
numbering ("Section 1", "Recommendation b (Shape)"), each a card trigger. Every label is known
before any page is rendered (they are read from the sources), so a reference to a later page is
resolved where it stands; only the cards' previews wait for the pages they quote.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from edition import pipeline
from edition.citations import syntax
from edition.common import cards
from edition.common.tree import append_text, group, made_link, register_groups, register_links
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds
from edition.crossrefs import names
from edition.crossrefs.model import POINTER, Label, Namer, display_name, preview

PATTERN = rf"(?P<pointer>{POINTER.pattern})|(?P<bracket>{syntax.BRACKET})|(?P<narrative>{syntax.NARRATIVE})"


def card_id(name: str) -> str:
    return f"card-xref-{name}"


@dataclass
class CrossrefsPage:
    href: Callable[[Label], str] = lambda label: f"#{label.name}"
    labels: set[str] = field(default_factory=set)          # the labels this page defines
    used: set[str] = field(default_factory=set)            # the labels it references
    previews: dict[str, str] = field(default_factory=dict)  # label -> its card's text


class CrossrefInlineProcessor(InlineProcessor):
    def __init__(self, index: dict[str, Label], current: Callable[[], CrossrefsPage],
                 kinds: Kinds = DEFAULT_KINDS, name: Namer | None = None):
        super().__init__(PATTERN)
        self.index, self.current, self.kinds, self.name = index, current, kinds, name

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        if m.group("pointer"):
            name = m.group("label")
            if name not in self.index:
                return m.group("text"), m.start(), m.end()  # the paper's words; the checks tell
            return self._link(name, m.group("text")), m.start(), m.end()
        if m.group("bracket"):
            items, end = syntax.bracket_items(m.group("body")), m.end()
        else:
            item, end = syntax.narrative_item(m)
            items = (item,)
        if not items or not all(self.kinds.is_label(i.key) for i in items):
            return None, None, None  # a citation, or not a reference at all
        if any(i.key not in self.index for i in items):
            return None, None, None  # left as written: the checks tell, at the editor's line
        held = group("xref")
        for n, item in enumerate(items):
            if n:
                append_text(held, "; ")
            if item.prefix:
                append_text(held, item.prefix + " ")
            held.append(self._link(item.key))
            if item.suffix:
                append_text(held, " " + item.suffix)
        return held, m.start(), end

    def _link(self, name: str, words: str | None = None) -> etree.Element:
        """The reference's link: its target's name, or ``words``, the author's (Markdown)."""
        label = self.index[name]
        shown = display_name(label, self.index, self.kinds, self.name)
        link = made_link({"class": "xref"}, self.current().href(label))
        cards.make_trigger(link, card_id(name), names.plain(shown), "xref")
        self.current().used.add(name)
        if words is not None:
            link.text = words
            return link
        # Atomic: the name is text as it reads, never Markdown read again (a heading's citation
        # would become a link inside this link).
        for text, code in shown:
            if code:
                etree.SubElement(link, "code").text = AtomicString(text)
            else:
                append_text(link, text)
        for node in (link, *link):
            node.text = AtomicString(node.text) if node.text else node.text
            node.tail = AtomicString(node.tail) if node.tail else node.tail
        return link


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PLACEHOLDER = re.compile("\x02(\\d+)\x03|\x02[^\x03]*\x03")


class PreviewTreeprocessor(Treeprocessor):
    """Each label's preview, read from the tree as the page renders: the labelled paragraph or
    item, or the first paragraph after a labelled heading, without note markers and the
    edition's expansions."""

    def __init__(self, md: Markdown, current: Callable[[], CrossrefsPage]):
        super().__init__(md)
        self.current = current

    def run(self, root: etree.Element) -> None:
        page = self.current()
        if not page.labels:
            return
        waiting: list[str] = []  # headings' labels, until the paragraph that follows them
        for element in root.iter():
            name = element.get("id")
            if name in page.labels:
                if element.tag in _HEADINGS:
                    waiting.append(name)
                    continue
                page.previews[name] = preview(_text(element))
            if element.tag == "p" and waiting:
                text = preview(_text(element))
                page.previews.update((w, text) for w in waiting)
                waiting = []


def _text(element: etree.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag != "sup" and \
                child.get("class") != "term-expansion":
            parts.append(_text(child))
        parts.append(child.tail or "")
    # Python-Markdown's placeholders: an escaped character, or stashed raw HTML (dropped)
    return _PLACEHOLDER.sub(lambda m: chr(int(m.group(1))) if m.group(1) else "", "".join(parts))


class CrossrefsExtension(Extension):
    def __init__(self, index: dict[str, Label], current: Callable[[], CrossrefsPage],
                 kinds: Kinds = DEFAULT_KINDS, name: Namer | None = None):
        super().__init__()
        self.index, self.current, self.kinds, self.name = index, current, kinds, name

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(CrossrefInlineProcessor(self.index, self.current, self.kinds,
                                                           self.name),
                                   "edition-crossrefs", pipeline.INLINE_CROSSREFS)
        md.treeprocessors.register(PreviewTreeprocessor(md, self.current), "edition-crossrefs",
                                   pipeline.TREE_CROSSREFS)
        register_groups(md, pipeline.TREE_GROUPS)
        register_links(md, pipeline.TREE_LINKS)
