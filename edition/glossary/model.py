"""The glossary: glossary.yml -> terms; page text -> occurrences; both -> HTML.

Every occurrence of a term becomes a card trigger (whole words, longest match first, plural and
possessive forms too), never inside code, links, headings, attributes or other triggers; the
first use of an acronym on a page is expanded, unless the paper expands it there itself
(``edition.glossary.extension`` does both on the rendered tree, so the Markdown keeps the
paper's own words).
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from edition.common import cards, scan
from edition.common.diagnostics import Diagnostic
from edition.common.text import compose_yaml, load_yaml, masked_code


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    line: int
    link: str = ""
    source: str = ""
    forms: tuple[str, ...] = ()
    expand: bool = True  # false: never spelled out in the text (the card still expands it)

    @functools.cached_property
    def slug(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.term if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.5


@dataclass
class Glossary:
    path: str
    terms: dict[str, Term] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    _by_first_word: dict[str, list[tuple[str, "Term"]]] | None = None

    def candidates(self) -> dict[str, list[tuple[str, Term]]]:
        """Every surface form, indexed by its first word, longest first (New START before
        START): a page is scanned once, word by word, whatever the number of terms."""
        if self._by_first_word is None:
            index: dict[str, list[tuple[str, Term]]] = {}
            for term in self.terms.values():
                for form in surface_forms(term):
                    first = _WORD.match(form)
                    if first:
                        index.setdefault(first.group(0), []).append((form, term))
            for forms in index.values():
                forms.sort(key=lambda item: len(item[0]), reverse=True)
            self._by_first_word = index
        return self._by_first_word


_WORD = re.compile(r"[\w&]+")


def surface_forms(term: Term) -> list[str]:
    forms = [term.term, *term.forms]
    out = []
    for form in forms:
        out.append(form)
        if form[-1:].isupper() or form[-1:].isdigit():
            out.append(form + "s")
        out.extend((form + "’s", form + "'s"))
    return out


def load(path: Path, shown_as: str = "glossary.yml") -> Glossary:
    glossary = Glossary(shown_as)
    if not path.exists():
        return glossary
    text = path.read_text(encoding="utf-8")
    try:
        nodes = compose_yaml(text)
        data = load_yaml(text) or []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        glossary.problems.append(Diagnostic(
            shown_as, (mark.line + 1) if mark else 1,
            f"not valid YAML: {getattr(error, 'problem', None) or error}",
            "put a value that holds ': ' or starts with [ or { in quotes, or write it on the "
            "lines below 'definition: >-', indented (CONTRIBUTING.md, 'Glossary'); each entry "
            "is '- term: ...' with expansion and definition",
            col=(mark.column + 1) if mark else 1))
        return glossary
    lines = [item.start_mark.line + 1 for item in nodes.value] if nodes is not None else []
    for item, line in zip(data, lines):
        if not isinstance(item, dict) or not item.get("term"):
            glossary.problems.append(Diagnostic(shown_as, line, "entry without a term",
                                                "start each entry with '- term: ...'"))
            continue
        name = str(item["term"])
        missing = [k for k in ("expansion", "definition") if not str(item.get(k) or "").strip()]
        if missing:
            glossary.problems.append(Diagnostic(shown_as, line, f"term '{name}' has no {' or '.join(missing)}",
                                                "every term needs an expansion and a one- or "
                                                "two-sentence definition"))
            continue
        if name in glossary.terms:
            glossary.problems.append(Diagnostic(shown_as, line, f"term '{name}' is defined twice",
                                                f"the first definition is on line "
                                                f"{glossary.terms[name].line}; merge them"))
            continue
        glossary.terms[name] = Term(name, " ".join(str(item["expansion"]).split()),
                                    " ".join(str(item["definition"]).split()), line,
                                    str(item.get("link") or ""), str(item.get("source") or ""),
                                    tuple(str(f) for f in item.get("forms") or ()),
                                    bool(item.get("expand", True)))
    return glossary


# What is never searched for terms: code, HTML tags and link/trigger contents, Markdown links
# and images, headings, attribute lists, the braces of editorial marks (a remark's words are
# glossed like any other), URLs, note markers and definitions.
# Linear in the text: the spans that end at a closing tag are found first by scan (a lazy .*?
# would read the rest of the page again from every unclosed opener), the rest never read a run
# of characters twice.
_ELEMENTS = ((re.compile(r"<a\b[^<>]*+>", re.I), re.compile("</a>", re.I)),
             (re.compile(r"<(?:template|code|pre)\b", re.I),
              re.compile("</(?:template|code|pre)>", re.I)),
             (re.compile("<!--"), "-->"))
_NOT_TEXT = re.compile(
    r"<[^<>]++>|"
    r"!?\[[^\[\]\n]*+\]\([^()\n]*+\)|^[ \t]*#[^\n]*|\{:?[ \t]*+[#.][^{}\n]*+\}|\{\{(?:gap|ed):|\}\}|"
    r"(?<![\w+.-])[a-z][a-z0-9+.-]*+://\S+|\[\^[^\[\]]++\]:?",
    re.S | re.M | re.I)


@dataclass(frozen=True)
class Occurrence:
    term: str
    page: str
    section: str        # id of the nearest heading before it ("" for the page top)
    section_title: str
    offset: int = 0     # where it stands in the page's Markdown (before rendering)




def find(markdown: str, glossary: Glossary) -> list[tuple[int, int, Term]]:
    """Whole-word uses of terms in the page's prose, longest form first, in order."""
    index = glossary.candidates()
    if not index:
        return []
    masked = masked_code(markdown)
    for opener, closer in _ELEMENTS:
        masked = scan.replace_spans(masked, scan.spans(masked, opener, closer))
    masked = _NOT_TEXT.sub(lambda m: scan.blank(m.group(0)), masked)
    return find_in(masked, glossary)


_URL = re.compile(r"(?<![\w+.-])[a-z][a-z0-9+.-]*+://\S+|\bwww\.\S+", re.I)


def find_in(text: str, glossary: Glossary) -> list[tuple[int, int, Term]]:
    """Whole-word uses of terms in plain text (URLs in it are not read), longest form first."""
    index = glossary.candidates()
    if not index:
        return []
    masked = _URL.sub(lambda m: " " * len(m.group(0)), text) if "/" in text or "www." in text else text
    found, after = [], 0
    for word in _WORD.finditer(masked):
        if word.start() < after or word.group(0) not in index:
            continue
        for form, term in index[word.group(0)]:
            end = word.start() + len(form)
            if masked.startswith(form, word.start()) and not _WORD.match(masked, end):
                found.append((word.start(), end, term))
                after = end
                break
    return found


def already_expanded(markdown: str, start: int, term: Term) -> bool:
    """Does the paper itself spell the term out next to this use (e.g. "... (NWCC)")?"""
    window = markdown[max(0, start - 250): start + len(term.term) + 250].casefold()
    words = [w for w in re.findall(r"\w+", term.expansion.casefold()) if len(w) > 3][:3]
    return bool(words) and all(w in window for w in words)


def card_template(term: Term, href: str, uses: str = "") -> str:
    same = term.expansion.casefold().removeprefix("the ") == term.term.casefold()
    body = ("" if same else
            f'<p class="term-expansion-line"><strong>{html.escape(term.expansion)}</strong></p>')
    body += (f"<p>{html.escape(term.definition)}</p>{uses}"
            f'<p class="card-more"><a href="{html.escape(href)}#{term.slug}">Glossary entry</a></p>')
    return cards.template("card-" + term.slug, body)


def glossary_html(glossary: Glossary, uses=lambda term: "") -> str:
    """The Glossary page's entries; ``uses(term)`` says where each is used (HTML)."""
    items = []
    for term in sorted(glossary.terms.values(), key=lambda t: t.term.casefold()):
        link = (f' <a href="{html.escape(term.link)}">{html.escape(term.link)}</a>'
                if term.link.startswith(("https://", "http://")) else "")
        source = f' <span class="term-source">(the paper, {html.escape(term.source)})</span>' if term.source else ""
        items.append(
            f'<dt id="{term.slug}">{html.escape(term.term)}</dt>'
            f'<dd><p><strong>{html.escape(term.expansion)}</strong>{source}</p>'
            f"<p>{html.escape(term.definition)}{link}</p>"
            f'<p class="term-uses">{uses(term.term)}</p></dd>')
    return '<dl class="glossary">' + "".join(items) + "</dl>"


def uses_html(occurrences: list[Occurrence], href_of) -> str:
    """ "Used in: Introduction (1); 1. Overview › a. ... (3)" with links, counts per section."""
    if not occurrences:
        return "Not used in the text."
    counts: dict[tuple[str, str, str], int] = {}
    for o in occurrences:
        counts[(o.page, o.section, o.section_title)] = counts.get((o.page, o.section, o.section_title), 0) + 1
    parts = [f'<a href="{html.escape(href_of(page, section))}">{html.escape(title or page)}</a> ({n})'
             for (page, section, title), n in counts.items()]
    total = len(occurrences)
    return f"Used {total} time{'s' if total != 1 else ''}: " + "; ".join(parts) + "."


def unused(glossary: Glossary, used: set[str]) -> list[Diagnostic]:
    return [Diagnostic(glossary.path, t.line, f"term '{t.term}' is defined but never used",
                       "check its spelling against the text, or remove the entry", "warning")
            for t in glossary.terms.values() if t.term not in used]
