"""The paper's note numbers, as a Python-Markdown extension.

Python-Markdown's footnotes extension numbers each page's notes 1..n. This tree pass, run after
the inline patterns, gives every note marker and every note at a page's foot the paper's own
number (note 47 reads 47 on every page) and makes each marker a card trigger whose card is the
note itself. On the Notes page, the one ordered list becomes the paper's endnotes: each item
gets its number, its id ``note-N`` and the links back to where it is referenced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from edition import pipeline
from edition.common import cards
from edition.common.tree import append_text, made_link, register_links
from edition.words import ENGLISH, Words

_BACKREF = re.compile(r"#fnref\d*:(.+)")


@dataclass(frozen=True)
class Backlink:
    href: str    # relative to the Notes page, ending in #fnref:N
    title: str   # the title of the page that references the note


@dataclass
class NotesPage:
    """What the tree pass needs to know of the page being rendered."""

    is_notes_page: bool = False
    labels: list[str] = field(default_factory=list)       # the Notes page's items, in order
    backlinks: Callable[[str], list[Backlink]] = lambda label: []
    words: Words = ENGLISH


class NotesTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, current: Callable[[], NotesPage]):
        super().__init__(md)
        self.current = current

    def run(self, root: etree.Element) -> None:
        page = self.current()
        for element in root.iter():
            if element.tag == "a" and element.get("class") == "footnote-ref":
                label = element.get("href", "")[len("#fn:"):]
                element.text = label
                name = page.words("note", label=label)
                element.set("aria-label", name)
                cards.make_trigger(element, f"fn:{label}", name, "note")
            elif element.tag == "li" and element.get("id", "").startswith("fn:"):
                label = element.get("id")[len("fn:"):]
                if label.isdigit():
                    element.set("value", label)
                for link in element.iter("a"):
                    if link.get("class") == "footnote-backref":
                        link.set("title", page.words("note_backref_title", label=label))
                        # Its name, read by a screen reader instead of "↩".
                        link.set("aria-label", page.words("note_backref_name", label=label))
        if page.is_notes_page:
            self._endnotes(root, page)

    def _endnotes(self, root: etree.Element, page: NotesPage) -> None:
        lists = [child for child in root if child.tag == "ol"]
        if not lists:
            return
        endnotes = lists[-1]  # the Notes page is its heading, then the one list of notes
        endnotes.set("class", "endnotes")
        for item, label in zip(endnotes.findall("li"), page.labels):
            item.attrib.clear()
            item.set("id", f"note-{label}")
            item.set("value", label)
            last = item[-1] if len(item) and item[-1].tag == "p" else item
            for backlink in page.backlinks(label):
                append_text(last, " ")
                link = made_link({"class": "endnote-backlink",
                                  "aria-label": page.words("note_backlink", label=label,
                                                           page=backlink.title)},
                                 backlink.href)
                last.append(link)
                link.text = f"↩ {backlink.title}"


class NotesExtension(Extension):
    def __init__(self, current: Callable[[], NotesPage]):
        super().__init__()
        self.current = current

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(NotesTreeprocessor(md, self.current), "edition-notes",
                                   pipeline.TREE_NOTES)
        register_links(md, pipeline.TREE_LINKS)
