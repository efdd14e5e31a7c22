"""Editorial marks in the paper's text, as a Python-Markdown extension: gaps where the source is
lost, and the editor's remarks.

``{{gap: what is lost}}`` and ``{{ed: remark}}`` are written in the Markdown (through the
ledger) and rendered as visibly editorial, never as the paper's words. What a mark holds is
Markdown like the rest of the page: the pattern takes the mark whole before the patterns for
citations, cross-references and notes run, so a citation ``[@key, p. 3]``, a cross-reference
``@sec-name`` or a glossary term inside a remark becomes a link as it would anywhere else.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from edition import pipeline
from edition.common import scan

MARK = r"\{\{(gap|ed):\s*(.*?)\s*\}\}"
GAP_TITLE = "Editorial gap: the source is illegible or lost here"
LABELS = {"gap": "gap:", "ed": "Ed.:"}


_OPEN = re.compile(r"\{\{(gap|ed):")
_WHOLE = re.compile(r"\{\{(gap|ed):(.*)\}\}", re.S)


class _Marks:
    """MARK's matches, found in time linear in the text (edition/common/scan.py): ``re`` would
    try ``.*?`` again from every unclosed opener, and ``\\s*(.*?)\\s*`` over a long run of spaces
    costs its square. Python-Markdown only asks for ``finditer``."""

    def finditer(self, data: str, pos: int = 0):
        for match, end in scan.delimited(data, _OPEN, "}}", pos):
            yield _WHOLE.match(data, match.start(), end)

    def search(self, data: str, pos: int = 0):
        return next(self.finditer(data, pos), None)


class EditorialInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown | None = None) -> None:
        super().__init__(pattern, md)
        self.compiled_re = _Marks()

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        kind, text = m.group(1), m.group(2).strip()
        mark = etree.Element("span", {"class": "ed-gap", "title": GAP_TITLE} if kind == "gap"
                             else {"class": "ed-remark"})
        mark.text = "["
        label = etree.SubElement(mark, "span", {"class": "ed-label"})
        label.text = LABELS[kind]
        label.tail = f" {text}]"  # read by the patterns below this one: it is Markdown
        return mark, m.start(), m.end()


class EditorialExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(EditorialInlineProcessor(MARK, md), "edition-editorial",
                                   pipeline.INLINE_EDITORIAL)
