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

from edition import pipeline
from edition.citations import syntax
from edition.common import cards
from edition.common.tree import append_text, group, made_link, register_groups, register_links
from edition.crossrefs import labels
from edition.crossrefs.model import POINTER, Label, display

PATTERN = rf"(?P<pointer>{POINTER.pattern})|(?P<bracket>{syntax.BRACKET})|(?P<narrative>{syntax.NARRATIVE})"


def card_id(name: str) -> str:
    return f"card-xref-{name}"


@dataclass
class CrossrefsPage:
    href: Callable[[Label], str] = lambda label: f"#{label.name}"
    used: set[str] = field(default_factory=set)


class CrossrefInlineProcessor(InlineProcessor):
    def __init__(self, index: dict[str, Label], current: Callable[[], CrossrefsPage]):
        super().__init__(PATTERN)
        self.index, self.current = index, current

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        if m.group("pointer"):
            name = m.group("label")
            if name not in self.index:
                return m.group("text"), m.start(), m.end()  # the paper's words; the checks tell
            link = self._link(name)
            link.text = m.group("text")
            return link, m.start(), m.end()
        if m.group("bracket"):
            items, end = syntax.bracket_items(m.group("body")), m.end()
        else:
            item, end = syntax.narrative_item(m)
            items = (item,)
        if not items or not all(labels.is_label(i.key) for i in items):
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

    def _link(self, name: str) -> etree.Element:
        label = self.index[name]
        shown = display(label, self.index)
        link = made_link({"class": "xref"}, self.current().href(label))
        cards.make_trigger(link, card_id(name), shown, "xref")
        link.text = shown
        self.current().used.add(name)
        return link


class CrossrefsExtension(Extension):
    def __init__(self, index: dict[str, Label], current: Callable[[], CrossrefsPage]):
        super().__init__()
        self.index, self.current = index, current

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(CrossrefInlineProcessor(self.index, self.current),
                                   "edition-crossrefs", pipeline.INLINE_CROSSREFS)
        register_groups(md, pipeline.TREE_GROUPS)
        register_links(md, pipeline.TREE_LINKS)
