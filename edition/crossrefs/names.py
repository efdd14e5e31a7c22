"""How a reference names a heading: the heading's text as the page shows it, plain.

A heading may hold what renders as a link of its own (a citation, a cross-reference): in a
reference's link and its card those read as their rendered text, never as links inside a link
or as raw Markdown. Inline code stays code, the one markup a name keeps (``<code>``, escaped).
The name is made from the heading's Markdown before any page is rendered, so a reference on an
earlier page reads the same as one after the heading; how a citation reads is the citations'
concern, asked through ``refer``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from edition.citations import syntax
from edition.common import scan

# (text, whether it is code): a name is a run of these.
Run = tuple[str, bool]
Name = tuple[Run, ...]

# A citation or cross-reference -> how it reads in running text; None: it stays as written
# (an unknown key, which the checks report).
Refer = Callable[[syntax.Citation], "str | None"]

_POINTER = re.compile(r"\[([^\[\]\n]*+)\]\(@[\w:-]+\)")
_LINK = re.compile(r"!?\[([^\[\]\n]*+)\]\([^()\n]*+\)")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*+>")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Emphasis marks: a run of * anywhere, of _ only at a word's edge (snake_case stays).
_EMPHASIS = re.compile(r"(?<!\\)(?:\*++|(?<!\w)_++|_++(?!\w))")


def heading_name(markdown: str, refer: Refer = lambda citation: None) -> Name:
    """The heading's Markdown (its text, without the attribute list) as a reference names it."""
    runs: list[Run] = []
    last = 0
    for start, end in scan.code_spans(markdown):
        _add(runs, _prose(markdown[last:start], refer), False)
        _add(runs, markdown[start:end].strip("`").strip(), True)
        last = end
    _add(runs, _prose(markdown[last:], refer), False)
    return _trimmed(runs)


def _prose(text: str, refer: Refer) -> str:
    """Markdown without code, as plain text: references and citations as they read, links as
    their words, emphasis and tags dropped, escapes and entities as the characters they are."""
    out, last = [], 0
    for citation in syntax.find(text):
        out.append(_plain(text[last:citation.start]))
        shown = refer(citation)
        out.append(_plain(text[citation.start:citation.end]) if shown is None else shown)
        last = citation.end
    out.append(_plain(text[last:]))
    return "".join(out)


def _plain(text: str) -> str:
    text = _POINTER.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return html.unescape(_ESCAPE.sub(r"\1", text))


def _add(runs: list[Run], text: str, code: bool) -> None:
    if not text:
        return
    if runs and runs[-1][1] == code:
        runs[-1] = (runs[-1][0] + text, code)
    else:
        runs.append((text, code))


def _trimmed(runs: list[Run]) -> Name:
    out = [(re.sub(r"\s+", " ", text) if not code else text, code) for text, code in runs]
    if out and not out[0][1]:
        out[0] = (out[0][0].lstrip(), False)
    if out and not out[-1][1]:
        out[-1] = (out[-1][0].rstrip(), False)
    return tuple(run for run in out if run[0])


def text_name(text: str) -> Name:
    return ((text, False),) if text else ()


def plain(name: Name) -> str:
    """The name as plain text (a card's title, an aria label)."""
    return "".join(text for text, _ in name)


def name_html(name: Name) -> str:
    """The name as HTML: escaped text, code as <code>."""
    return "".join(f"<code>{html.escape(text)}</code>" if code else html.escape(text)
                   for text, code in name)
