"""Cross-references: labels on headings and items, references to them, numbered in the paper's
own scheme ("Section 1", "Recommendation b (Shape)"), each with a card previewing the target.

Labels: ``# 1. Overview {#sec-overview}`` and a paragraph ending in ``{: #rec-shape }``.
References: ``@sec-overview``, ``[@sec-overview]``, ``[see @rec-shape]`` (Pandoc/Quarto), and
the paper's own pointers kept word for word: ``[as set out above](@sec-overview)``.
Every label is read from the sources before any page is rendered, so a reference to a later page
is resolved where it stands (``edition.crossrefs.extension``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from edition.common import cards
from edition.crossrefs import labels
from edition.common.diagnostics import Diagnostic
from edition.common.text import LineIndex, masked_code


@dataclass(frozen=True)
class Label:
    name: str
    page: str
    line: int
    heading: bool
    text: str  # the heading text or the paragraph's opening, as Markdown


# Linear in the text: a heading's label is read from the end of its line (_heading_label), and
# no run of characters is read twice (possessive *+, link text without brackets).
_HEADING = re.compile(r"^#{1,6}[ \t]++([^\n]*)", re.M)
_LABEL_ID = re.compile(r"#([\w:-]+)")
_PARA_LABEL = re.compile(r"^\{:[ \t]*+#([\w:-]+)[^}\n]*+\}[ \t]*+$", re.M)
POINTER = re.compile(r"\[(?P<text>[^\[\]\n]++)\]\(@(?P<label>[\w:-]+)\)")


def _heading_label(line: str) -> tuple[str, str] | None:
    """(title, label) of a heading line ``Title {#sec-x .class}``, the attribute list last."""
    body = line.rstrip(" \t")
    if not body.endswith("}"):
        return None
    inner_end = len(body) - 1
    start = body.rfind("}", 0, inner_end) + 1
    brace = body.find("{", start, inner_end)
    if brace < 0:
        return None
    ids = _LABEL_ID.findall(body, brace + 1, inner_end)
    if not ids:
        return None
    return body[:brace].rstrip(" \t"), ids[-1]


def collect(markdown: str, page: str) -> list[Label]:
    masked = masked_code(markdown)
    line_of = LineIndex(markdown)
    found = [Label(label[1], page, line_of(m.start()), True, label[0].strip())
             for m in _HEADING.finditer(masked) if (label := _heading_label(m.group(1)))]
    for m in _PARA_LABEL.finditer(masked):
        # The paragraph the attribute list closes: back to the blank line before it.
        blank = masked.rfind("\n\n", 0, m.start())
        start = blank + 2 if blank >= 0 else 0
        para = _last_paragraph(markdown[start:m.start()])
        if para and not para.lstrip().startswith("#"):
            found.append(Label(m.group(1), page, line_of(m.start(1)), False, para))
    return [label for label in found if labels.is_label(label.name)]


def _last_paragraph(block: str) -> str:
    return re.split(r"\n\s*\n", block.strip())[-1]


def check(all_labels: list[Label], citation_keys: set[str]) -> tuple[dict[str, Label], list[Diagnostic]]:
    """Index the labels; report duplicates, wrong kinds and clashes with citation keys."""
    index: dict[str, Label] = {}
    problems = []
    for label in all_labels:
        where = f"docs/{label.page}"
        if label.name in index:
            first = index[label.name]
            problems.append(Diagnostic(where, label.line, f"label '{label.name}' is defined twice",
                                       f"the first is at docs/{first.page}:{first.line}; rename one"))
            continue
        kind = label.name.split("-", 1)[0]
        if (kind == "sec") != label.heading:
            what = "a heading" if kind == "sec" else "a paragraph or item"
            problems.append(Diagnostic(where, label.line,
                                       f"label '{label.name}' is of the wrong kind: '{kind}-' labels "
                                       f"belong on {what}",
                                       "use sec- for headings, and rec-/dime-/threat-/strategic- "
                                       "for the paper's lettered and numbered items"))
        if label.name in citation_keys:
            problems.append(Diagnostic(where, label.line,
                                       f"label '{label.name}' is also a citation key in references.bib",
                                       "rename the label or the key: @" + label.name + " must mean one thing"))
        index[label.name] = label
    return index, problems


def display(label: Label, index: dict[str, Label]) -> str:
    """How a reference to the label reads, in the paper's own numbering."""
    text = re.sub(r"[*_`]", "", label.text).strip()
    if label.heading:
        number = re.match(r"(\d+)\.\s", text)
        return f"Section {number.group(1)}" if number else text
    kind = label.name.split("-", 1)[0]
    item = re.match(r"\(([ivx]+)\)", text)
    if item:
        parent = index.get(label.name.rsplit("-", 1)[0])
        return (f"{display(parent, index)}, item ({item.group(1)})" if parent
                else f"item ({item.group(1)})")
    letter = re.match(r"([a-z])\.\s+(?:([A-Z][\w-]*)\.)?", text)
    name = labels.KINDS.get(kind, kind)
    if letter:
        return f"{name} {letter.group(1)}" + (f" ({letter.group(2)})" if letter.group(2) else "")
    return name


def card_template(label: Label, index: dict[str, Label], preview: str, href: str) -> str:
    heading = html.escape(re.sub(r"[*_`]", "", label.text)) if label.heading else ""
    body = (f'<p class="xref-target"><strong>{heading or html.escape(display(label, index))}</strong></p>'
            f"<p>{html.escape(preview)}</p>"
            f'<p class="card-more"><a href="{html.escape(href)}">Go to {html.escape(display(label, index))}</a></p>')
    return cards.template(f"card-xref-{label.name}", body)


def preview(text: str, limit: int = 360) -> str:
    """A target's first paragraph as a card shows it: plain, spaced as prose, at most ``limit``
    characters (cut at a word)."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", text))
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
