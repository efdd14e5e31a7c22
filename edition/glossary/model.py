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
from edition.words import ENGLISH, Words
from edition.common.text import decode_error, load_yaml_nodes, masked_code, read_text


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
    definition_at: tuple[int, int] = (0, 0)  # (line, col) of the definition in the glossary

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
    text: str = ""  # the file as written (to locate what is wrong inside a definition)
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


# The keys of an entry ('- term: ...' in the list form; under the term in the mapping form).
KEYS = ("term", "expansion", "definition", "forms", "source", "link", "expand")
_HINT_FORMS = ("write each entry as '- term: ...' with its expansion (and optionally a "
               "definition), or the whole file as a mapping 'TERM: expansion', one a line")


def load(path: Path, shown_as: str = "glossary.yml", require_definition: bool = False) -> Glossary:
    """The glossary, in either form an author writes it:

    - a list of entries, ``- term: ...`` with ``expansion`` and optionally ``definition``,
      ``forms``, ``source``, ``link``, ``expand``;
    - a mapping of each term to its expansion (``WHO: World Health Organization``), or
      to an entry without its ``term`` key.

    ``require_definition``: a term without a definition is an error (otherwise its card and its
    entry show the expansion alone)."""
    glossary = Glossary(shown_as)
    if not path.exists():
        return glossary
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        line, col, what = decode_error(path.read_bytes(), error)
        glossary.problems.append(Diagnostic(shown_as, line, f"the file is not UTF-8 text: {what}",
                                            "save the file as UTF-8 in your editor (retype the "
                                            "character at this position)", col=col))
        return glossary
    glossary.text = text
    try:
        data, nodes = load_yaml_nodes(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        glossary.problems.append(Diagnostic(
            shown_as, (mark.line + 1) if mark else 1,
            f"not valid YAML: {getattr(error, 'problem', None) or error}",
            "put a value that holds ': ' or starts with [ or { in quotes, or write it on the "
            "lines below 'definition: >-', indented (CONTRIBUTING.md, 'Glossary'); each entry "
            "is '- term: ...' with expansion (and definition), or 'TERM: expansion'",
            col=(mark.column + 1) if mark else 1))
        return glossary
    if not data:  # an empty file, or only comments: every page would be built unglossed
        glossary.problems.append(Diagnostic(shown_as, 1, "the glossary has no terms",
                                            "add its terms ('TERM: expansion', one a line, or "
                                            "'- term: ...' entries), or remove the glossary "
                                            "option to build without one"))
        return glossary
    if isinstance(data, list) and isinstance(nodes, yaml.SequenceNode):
        # (an entry's problems are told at its '- ', column 1)
        entries = [(item, node.start_mark.line + 1, 1, node) for item, node in zip(data, nodes.value)]
    elif isinstance(data, dict) and isinstance(nodes, yaml.MappingNode):
        entries = [(_entry_of(key, value), key.start_mark.line + 1, key.start_mark.column + 1, value)
                   for key, value in nodes.value]
    else:
        glossary.problems.append(Diagnostic(shown_as, 1, "the glossary is neither a list of "
                                            "entries nor a mapping of terms", _HINT_FORMS))
        return glossary
    for item, line, col, node in entries:
        _add(glossary, item, line, col, node, require_definition)
    return glossary


def _entry_of(key_node, value_node):
    """One 'TERM: ...' of the mapping form as a list-form entry. The term is read as written
    ('NO' is not false, '1990' not a number) and each value from its own node, so a term
    written twice keeps both values for the message."""
    value = yaml.constructor.SafeConstructor().construct_object(value_node, deep=True)
    if isinstance(value, dict):
        return {"term": key_node.value, **value}
    if value is None:
        value = ""
    return {"term": key_node.value, "expansion": value}


def _text_of(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _add(glossary: Glossary, item, line: int, col: int, node, require_definition: bool) -> None:
    """One entry; ``node`` is the YAML of its keys (a mapping), or of its expansion."""
    path = glossary.path
    if not isinstance(item, dict) or not _text_of(item.get("term")):
        glossary.problems.append(Diagnostic(path, line, "entry without a term", _HINT_FORMS,
                                            col=col))
        return
    name = _text_of(item["term"])
    _unknown_keys(glossary, name, node)
    if isinstance(item.get("expansion"), (list, dict)):
        glossary.problems.append(Diagnostic(path, line, f"term '{name}' has an expansion that "
                                            "is not a text", "write the expansion on one line, "
                                            "as in 'WHO: World Health Organization'",
                                            col=col))
        return
    missing = [k for k in ("expansion", *(("definition",) if require_definition else ()))
               if not _text_of(item.get(k) or "")]
    if missing:
        glossary.problems.append(Diagnostic(
            path, line, f"term '{name}' has no {' or '.join(missing)}",
            "every term needs an expansion and a one- or two-sentence definition"
            if require_definition else
            "every term needs an expansion ('TERM: expansion', or 'expansion: ...' under "
            "'- term: ...'); a definition is optional", col=col))
        return
    if name in glossary.terms:
        glossary.problems.append(Diagnostic(path, line, f"term '{name}' is defined twice",
                                            f"the first definition is on line "
                                            f"{glossary.terms[name].line}; merge them", col=col))
        return
    if not _values_fit(glossary, name, item, node, line, col):
        return
    forms = item.get("forms") or ()
    forms = (forms,) if isinstance(forms, str) else forms
    definition_at = _value_position(node, "definition") or (line, col)
    glossary.terms[name] = Term(name, _text_of(item["expansion"]),
                                _text_of(item.get("definition") or ""), line,
                                str(item.get("link") or ""), str(item.get("source") or ""),
                                tuple(str(f) for f in forms),
                                bool(item.get("expand", True)), definition_at)


def _value_position(node, key: str) -> tuple[int, int] | None:
    """(line, col) of the value of ``key`` in an entry's YAML mapping, if written there."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key:
            mark = value_node.start_mark
            return mark.line + 1, mark.column + 1
    return None


def _values_fit(glossary: Glossary, name: str, item: dict, node, line: int, col: int) -> bool:
    """Each optional key's value of the kind it must be: a value the build would ignore or
    misread (a link that is not a web address, ``expand: "no"``) is an error at the value."""
    wrong = []
    link = item.get("link")
    if link is not None and not (isinstance(link, str) and _WEB.match(link.strip())
                                 and not any(c.isspace() for c in link.strip())):
        wrong.append(("link", f"term '{name}' has a link that is not a web address: "
                      f"{_shown(link)}", "write the whole address of an official page, starting "
                      "with https:// (as in link: https://www.nato.int/)"))
    forms = item.get("forms")
    if forms is not None and not (isinstance(forms, str) or (
            isinstance(forms, list) and all(isinstance(f, str) and f.strip() for f in forms))):
        wrong.append(("forms", f"term '{name}' has forms that are not a list of texts",
                      "write them as forms: [Form one, Form two], each as the text writes it"))
    expand = item.get("expand")
    if expand is not None and not isinstance(expand, bool):
        wrong.append(("expand", f"term '{name}' has expand: {_shown(expand)}, which is neither "
                      "true nor false", "write expand: false (never spelled out in the text), or "
                      "leave the key out"))
    for key in ("definition", "source"):
        if isinstance(item.get(key), (list, dict)):
            wrong.append((key, f"term '{name}' has a {key} that is not a text",
                          f"write the {key} as one text: on the line, in quotes, or on the lines "
                          f"below '{key}: >-', indented"))
    for key, message, hint in wrong:
        at_line, at_col = _value_position(node, key) or (line, col)
        glossary.problems.append(Diagnostic(glossary.path, at_line, message, hint, col=at_col))
    return not wrong


_WEB = re.compile(r"https?://[^/\s]+\.[^/\s]+", re.I)


def _shown(value) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    text = " ".join(text.split())
    return "'" + (text[:60] + "…" if len(text) > 60 else text) + "'"


def _unknown_keys(glossary: Glossary, name: str, node) -> None:
    """'form:' for 'forms:', 'definiton:': told where the key is written, with the key meant."""
    if not isinstance(node, yaml.MappingNode):
        return
    import difflib
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in KEYS:
            continue
        close = difflib.get_close_matches(key.lower(), KEYS, n=1, cutoff=0.6)
        glossary.problems.append(Diagnostic(
            glossary.path, key_node.start_mark.line + 1, f"unknown key '{key}' in term '{name}'",
            f"did you mean '{close[0]}'?" if close else f"an entry's keys are {', '.join(KEYS)}",
            col=key_node.start_mark.column + 1))


# What is never searched for terms: code, HTML tags and link/trigger contents, Markdown links
# and images, uses marked [IS]{.nogloss}, headings, attribute lists, the braces of editorial
# marks (a remark's words are glossed like any other), URLs, note markers and definitions.
# Linear in the text: the spans that end at a closing tag are found first by scan (a lazy .*?
# would read the rest of the page again from every unclosed opener), the rest never read a run
# of characters twice.
_ELEMENTS = ((re.compile(r"<a\b[^<>]*+>", re.I), re.compile("</a>", re.I)),
             (re.compile(r"<(?:template|code|pre)\b", re.I),
              re.compile("</(?:template|code|pre)>", re.I)),
             (re.compile("<!--"), "-->"))
_NOT_TEXT = re.compile(
    r"<[^<>]++>|\[[^\[\]\n]*+\]\{[ \t]*+\.nogloss[ \t]*+\}|"
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
            end = _match_end(masked, word.start(), form)
            if end is not None and not _WORD.match(masked, end):
                found.append((word.start(), end, term))
                after = end
                break
    return found


@functools.lru_cache(maxsize=4096)
def _spaced(form: str) -> re.Pattern[str]:
    """A form of several words, matching any run of white space between them (a line end in
    the Markdown: ``Strategic⏎Concept``)."""
    return re.compile(r"\s+".join(re.escape(part) for part in form.split(" ")))


def _match_end(text: str, start: int, form: str) -> int | None:
    """Where ``form`` ends if it stands at ``start`` of ``text``, else None."""
    if text.startswith(form, start):
        return start + len(form)
    if " " not in form:
        return None
    match = _spaced(form).match(text, start)
    return match.end() if match else None


def already_expanded(markdown: str, start: int, term: Term) -> bool:
    """Does the paper itself spell the term out next to this use (e.g. "... (NWCC)")?"""
    window = markdown[max(0, start - 250): start + len(term.term) + 250].casefold()
    words = [w for w in re.findall(r"\w+", term.expansion.casefold()) if len(w) > 3][:3]
    return bool(words) and all(w in window for w in words)


def escaped(term: Term) -> str:
    """A definition as plain text (where its Markdown is not rendered)."""
    return html.escape(term.definition)


def card_template(term: Term, href: str, uses: str = "", words: Words = ENGLISH,
                  definition=escaped) -> str:
    """``definition(term)``: its definition as HTML (already escaped)."""
    same = term.expansion.casefold().removeprefix("the ") == term.term.casefold()
    # (a term without a definition: its expansion alone, even where it only repeats the term)
    body = ("" if same and term.definition else
            f'<p class="term-expansion-line"><strong>{html.escape(term.expansion)}</strong></p>')
    body += (f"<p>{definition(term)}</p>" if term.definition else "") + uses
    body += f'<p class="card-more"><a href="{html.escape(href)}#{term.slug}">{html.escape(words("glossary_entry"))}</a></p>'
    return cards.template("card-" + term.slug, body)


def glossary_html(glossary: Glossary, uses=lambda term: "", words: Words = ENGLISH,
                  definition=escaped) -> str:
    """The Glossary page's entries; ``uses(term)`` says where each is used (HTML),
    ``definition(term)`` is its definition as HTML (already escaped)."""
    items = []
    for term in sorted(glossary.terms.values(), key=lambda t: t.term.casefold()):
        link = (f' <a href="{html.escape(term.link)}">{html.escape(term.link)}</a>'
                if term.link.startswith(("https://", "http://")) else "")
        source = (f' <span class="term-source">{html.escape(words("the_paper_at", where=term.source))}'
                  "</span>" if term.source else "")
        items.append(
            f'<dt id="{term.slug}">{html.escape(term.term)}</dt>'
            f'<dd><p><strong>{html.escape(term.expansion)}</strong>{source}</p>'
            + (f"<p>{definition(term)}{link}</p>" if term.definition else
               f"<p>{link.lstrip()}</p>" if link else "") +
            f'<p class="term-uses">{uses(term.term)}</p></dd>')
    return '<dl class="glossary">' + "".join(items) + "</dl>"


def uses_html(occurrences: list[Occurrence], href_of, words: Words = ENGLISH) -> str:
    """ "Used in: Introduction (1); 1. Overview › a. ... (3)" with links, counts per section."""
    if not occurrences:
        return html.escape(words("not_used"))
    counts: dict[tuple[str, str, str], int] = {}
    for o in occurrences:
        counts[(o.page, o.section, o.section_title)] = counts.get((o.page, o.section, o.section_title), 0) + 1
    parts = [f'<a href="{html.escape(href_of(page, section))}">{html.escape(title or page)}</a> ({n})'
             for (page, section, title), n in counts.items()]
    total = len(occurrences)
    opening = words("used_total_once") if total == 1 else words("used_total", count=total)
    return html.escape(opening) + "; ".join(parts) + "."


def unused(glossary: Glossary, used: set[str]) -> list[Diagnostic]:
    return [Diagnostic(glossary.path, t.line, f"term '{t.term}' is defined but never used",
                       "check its spelling against the text, or remove the entry", "warning")
            for t in glossary.terms.values() if t.term not in used]
