"""The paper's lists as lists: a Python-Markdown tree pass.

The paper labels its lists by hand: the domains a.-d., the threats a.-f., the recommendations
a.-d. with their items (i)-(iii). In the Markdown each item stays a paragraph that begins with
its label, exactly as the paper has it (the fidelity check compares those words). On the page,
each run of labelled paragraphs becomes an ordered list whose markers are the paper's labels:
``<ol type="a">`` with each item's ``value`` from its letter, (i)-(iii) as a list nested in the
item before it, so a screen reader announces a list of so many items and the items align.
Each paragraph keeps its id, so cross-references still land on it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from edition import pipeline

_LETTER = re.compile(r"([a-z])\.\s+")
_ROMAN = re.compile(r"\(([ivx]+)\)\s+")
_ROMANS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def _label(paragraph: etree.Element) -> tuple[str, int, int] | None:
    """("letter" | "roman", the item's number, the label's length) of a labelled paragraph."""
    if paragraph.tag != "p" or not paragraph.text:
        return None
    letter = _LETTER.match(paragraph.text)
    if letter:
        return "letter", ord(letter.group(1)) - ord("a") + 1, letter.end()
    roman = _ROMAN.match(paragraph.text)
    if roman and roman.group(1) in _ROMANS:
        return "roman", _ROMANS[roman.group(1)], roman.end()
    return None


class PaperListsTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        children = list(root)
        outer: etree.Element | None = None   # the open list of lettered items
        inner: etree.Element | None = None   # the open list of (i), (ii) ... in its last item
        for child in children:
            found = _label(child)
            if found is None:
                outer = inner = None
                continue
            kind, number, length = found
            if kind == "roman" and outer is None:
                outer = inner = None  # (i) with no lettered item before it: a list of its own
            if kind == "letter" or outer is None:
                if outer is None:
                    outer = etree.Element("ol", {"class": "paper-list", "type": "a" if kind == "letter" else "i"})
                    if kind == "roman":
                        outer.set("class", "paper-list paper-list--roman")
                    root.insert(list(root).index(child), outer)
                    outer.tail = "\n"
                parent, inner = outer, None
            else:
                if inner is None:
                    inner = etree.SubElement(outer[-1], "ol", {"class": "paper-list paper-list--roman",
                                                              "type": "i"})
                    inner.text = "\n"
                    inner.tail = "\n"
                parent = inner
            root.remove(child)
            child.text = child.text[length:]
            item = etree.SubElement(parent, "li", {"value": str(number)})
            item.text = "\n"
            item.tail = "\n"
            item.append(child)


class PaperListsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(PaperListsTreeprocessor(md), "edition-lists", pipeline.TREE_LISTS)
