"""Small operations on Python-Markdown's element tree (xml.etree) shared by the tree passes."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString


def append_text(element: etree.Element, text: str) -> None:
    """Add text at the end of ``element``'s content."""
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def unwrap(parent: etree.Element, element: etree.Element) -> None:
    """Replace ``element`` in ``parent`` by its content (text, children and tail stay in order)."""
    index = list(parent).index(element)
    before = element.text or ""
    if index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + before
    else:
        parent.text = (parent.text or "") + before
    children = list(element)
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def note_label(element: etree.Element) -> str | None:
    """The label of the note an element is: a note at a page's foot (``li#fn:N``, as the
    footnotes extension makes it) or on the Notes page (``li#note-N``); None for any other."""
    if element.tag != "li":
        return None
    ident = element.get("id", "")
    for prefix in ("fn:", "note-"):
        if ident.startswith(prefix):
            return ident[len(prefix):]
    return None


def set_html(element: etree.Element, fragment: str) -> None:
    """Give ``element`` the content of an HTML fragment made by a trusted writer (Pandoc's
    citeproc: text with <em>, <span> and <a>), as elements, never as raw HTML. Its text is
    atomic: no later Markdown pattern reads it."""
    try:
        parsed = etree.fromstring(f"<x>{fragment}</x>")
    except etree.ParseError:  # not well-formed: keep the words, drop the tags
        element.text = AtomicString(html.unescape(re.sub(r"<[^>]+>", "", fragment)))
        return
    for node in parsed.iter():
        if node.text:
            node.text = AtomicString(node.text)
        if node.tail:
            node.tail = AtomicString(node.tail)
    element.text = parsed.text
    element.extend(list(parsed))


# An element that holds several nodes for one inline pattern (an InlineProcessor returns one
# element): "see <a>Doe et al. 2021</a>; <a>Roe 2019</a>". A tree pass puts its content
# in its place, so the page has no wrapper.
GROUP = "data-edition-group"


def group(value: str = "") -> etree.Element:
    return etree.Element("span", {GROUP: value})


class UnwrapGroups(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        found = [(parent, child) for parent in root.iter() for child in parent
                 if child.get(GROUP) is not None]
        for parent, child in reversed(found):  # innermost first: a parent's index stays right
            unwrap(parent, child)


def register_groups(md: Markdown, priority: float) -> None:
    """Every extension that makes groups registers this one pass (the same name: once)."""
    md.treeprocessors.register(UnwrapGroups(md), "edition-groups", priority)


# MkDocs rewrites and checks every link of a page after the Markdown extensions (its `relpath`
# pass, priority 0): an editor's link to `overview.md` becomes `../overview/`, and a link it
# cannot resolve is reported. The edition's own links are already resolved, relative to the
# page, and would be reported as unrecognised; so they are made with an empty href, which that
# pass leaves alone, and given their href just after it.
_HREF = "data-edition-href"
EDITION_HREF = _HREF  # what marks a link the edition made (its href is set after MkDocs' pass)


def made_link(attributes: dict[str, str], href: str) -> etree.Element:
    """An <a> the edition made, linking to ``href`` once MkDocs' pass is done."""
    element = etree.Element("a", attributes)
    element.set("href", "")
    element.set(_HREF, href)
    return element


class MadeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.attrib.pop(_HREF, None)
            if href is not None:
                element.set("href", href)


def register_links(md: Markdown, priority: float) -> None:
    """Every extension that makes links registers this one pass (the same name: once)."""
    md.treeprocessors.register(MadeLinks(md), "edition-links", priority)
