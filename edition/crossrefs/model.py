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
from collections.abc import Callable
from dataclasses import dataclass

from edition.common import cards
from edition.crossrefs import names
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, QUARTO_KINDS, Kinds
from edition.common.diagnostics import Diagnostic
from edition.common.text import LineIndex, masked_code
from edition.words import ENGLISH, Words


@dataclass(frozen=True)
class Label:
    name: str
    page: str
    line: int
    heading: bool
    text: str  # the heading text or the paragraph's opening, as Markdown


Namer = Callable[[Label], "names.Name"]  # a heading label -> its title as a reference names it


# Linear in the text: a heading's label is read from the end of its line (_heading_label), and
# no run of characters is read twice (possessive *+, link text without brackets).
_HEADING = re.compile(r"^#{1,6}[ \t]++([^\n]*)", re.M)
# A setext heading: its text and label on one line, underlined by === or --- on the next.
_SETEXT = re.compile(r"^(?![ \t]*[#>*+-][ \t])([^\n]++)\n[ \t]{0,3}(?:=++|-++)[ \t]*+$", re.M)
_LABEL_ID = re.compile(r"#([\w:-]+)")
_PARA_LABEL = re.compile(r"^\{:[ \t]*+#([\w:-]+)[^}\n]*+\}[ \t]*+$", re.M)
# The linked words may wrap onto the next line of their paragraph, never across a blank line.
POINTER = re.compile(r"\[(?P<text>(?:[^\[\]\n]|\n(?![ \t]*\n))++)\]\(@(?P<label>[\w:-]+)\)")


def _heading_label(line: str) -> tuple[int, str] | None:
    """(where the title ends, label) of a heading line ``Title {#sec-x .class}``, the attribute
    list last."""
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
    return brace, ids[-1]


def collect(markdown: str, page: str, kinds: Kinds = DEFAULT_KINDS) -> list[Label]:
    masked = masked_code(markdown)
    line_of = LineIndex(markdown)
    # The title is read from the text as written (the masked text has its code blanked out).
    found = [Label(label[1], page, line_of(m.start()), True,
                   markdown[m.start(1):m.start(1) + label[0]].strip())
             for pattern in (_HEADING, _SETEXT) for m in pattern.finditer(masked)
             if (label := _heading_label(m.group(1)))]
    for m in _PARA_LABEL.finditer(masked):
        # The paragraph the attribute list closes: back to the blank line before it.
        blank = masked.rfind("\n\n", 0, m.start())
        start = blank + 2 if blank >= 0 else 0
        para = _last_paragraph(markdown[start:m.start()])
        if para and not para.lstrip().startswith("#"):
            found.append(Label(m.group(1), page, line_of(m.start(1)), False, para))
    # In reading order: of two labels with one name, the later is the one told as the duplicate.
    found.sort(key=lambda label: label.line)
    return [label for label in found if kinds.is_label(label.name)]


def _last_paragraph(block: str) -> str:
    return re.split(r"\n\s*\n", block.strip())[-1]


def check(all_labels: list[Label], citation_keys: set[str], kinds: Kinds = DEFAULT_KINDS,
          docs: str = "docs", bib: str = "references.bib") -> tuple[dict[str, Label], list[Diagnostic]]:
    """Index the labels; report duplicates, wrong kinds and clashes with citation keys."""
    index: dict[str, Label] = {}
    problems = []
    for label in all_labels:
        where = f"{docs}/{label.page}"
        if label.name in index:
            first = index[label.name]
            problems.append(Diagnostic(where, label.line, f"label '{label.name}' is defined twice",
                                       f"the first is at {docs}/{first.page}:{first.line}; rename one"))
            continue
        kind = label.name.split("-", 1)[0]
        if (kind in kinds.on_headings()) != label.heading:
            what = "a heading" if kind in kinds.on_headings() else "a paragraph or item"
            others = Kinds({k: v for k, v in kinds.names.items() if k not in kinds.on_headings()})
            problems.append(Diagnostic(where, label.line,
                                       f"label '{label.name}' is of the wrong kind: '{kind}-' labels "
                                       f"belong on {what}",
                                       "use sec- for headings, and "
                                       f"{others.listed()} for paragraphs and items"))
        if not label.heading and kind not in QUARTO_KINDS and not _item_label(label.text):
            name = kinds.name(kind)
            problems.append(Diagnostic(where, label.line,
                                       f"label '{label.name}' is on a paragraph that does not begin "
                                       f"with an item's label, so a reference to it reads only "
                                       f"“{name}”",
                                       f"{kind}- labels name the paper's lettered and numbered "
                                       "items: begin the paragraph with its label as the paper "
                                       f"has it (“b. …”, “(ii) …”), or remove {{: #{label.name} }}"))
        if label.name in citation_keys:
            problems.append(Diagnostic(where, label.line,
                                       f"label '{label.name}' is also a citation key in {bib}",
                                       "rename the label or the key: @" + label.name + " must mean one thing"))
        index[label.name] = label
    return index, problems


_ITEM = re.compile(r"(?:[a-z]\.\s|\([ivx]+\)\s)")


def _item_label(text: str) -> bool:
    """Does a paragraph begin with a paper's item label ("b. ", "(ii) "), as ``display`` reads it?"""
    return bool(_ITEM.match(re.sub(r"[*_`]", "", text).strip() + " "))


def display(label: Label, index: dict[str, Label], kinds: Kinds = DEFAULT_KINDS,
            name: Namer | None = None) -> str:
    """How a reference to the label reads, in the paper's own numbering."""
    return names.plain(display_name(label, index, kinds, name))


def heading_name(label: Label, name: Namer | None = None) -> names.Name:
    """A heading's whole title as its card names it (``name``: the build's, which renders what
    the title cites; without it, citations stay as written)."""
    return name(label) if name else names.heading_name(label.text)


def display_name(label: Label, index: dict[str, Label], kinds: Kinds = DEFAULT_KINDS,
                 name: Namer | None = None) -> names.Name:
    """``display`` with the heading's code kept as code."""
    if label.heading:
        title = heading_name(label, name)
        number = re.match(r"(\d+)\.\s", names.plain(title))
        return names.text_name(f"{kinds.name('sec')} {number.group(1)}") if number else title
    text = re.sub(r"[*_`]", "", label.text).strip()
    kind = label.name.split("-", 1)[0]
    item = re.match(r"\(([ivx]+)\)", text)
    if item:
        parent = index.get(label.name.rsplit("-", 1)[0])
        if parent:
            return display_name(parent, index, kinds, name) + ((f", item ({item.group(1)})", False),)
        return names.text_name(f"item ({item.group(1)})")
    letter = re.match(r"([a-z])\.\s+(?:([A-Z][\w-]*)\.)?", text)
    kind_name = kinds.name(kind)
    if letter:
        return names.text_name(f"{kind_name} {letter.group(1)}"
                               + (f" ({letter.group(2)})" if letter.group(2) else ""))
    return names.text_name(kind_name)


def card_template(label: Label, index: dict[str, Label], preview: str, href: str,
                  kinds: Kinds = DEFAULT_KINDS, words: Words = ENGLISH,
                  name: Namer | None = None) -> str:
    shown = display_name(label, index, kinds, name)
    heading = names.name_html(heading_name(label, name)) if label.heading else ""
    go_to = html.escape(words("go_to", target="\0")).replace("\0", names.name_html(shown))
    body = (f'<p class="xref-target"><strong>{heading or names.name_html(shown)}</strong></p>'
            f"<p>{html.escape(preview)}</p>"
            f'<p class="card-more"><a href="{html.escape(href)}">{go_to}</a></p>')
    return cards.template(f"card-xref-{label.name}", body)


def preview(text: str, limit: int = 360) -> str:
    """A target's first paragraph as a card shows it: plain, spaced as prose, at most ``limit``
    characters (cut at a word)."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", text))
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
