"""Checks on the sources as the editor wrote them, before anything is rendered.

Every Markdown page is read once from disk, so each problem is located at the line and column
of the file the editor edits: not in a page's Markdown after the notes were appended to it or
after other hooks rewrote it, and never once per page that happens to show a note.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from edition import security
from edition.citations import syntax as citations
from edition.crossrefs import model as crossrefs
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds
from edition.notes import model as notes
from edition.citations import library as bibtex
from edition.citations.library import Library
from edition.fidelity import check as fidelity
from edition.common import scan
from edition.common.diagnostics import Diagnostic
from edition.common.sources import source
from edition.common.text import LineIndex, decode_error, masked_code, read_text
from edition.project import Project


@dataclass(frozen=True)
class Source:
    """One Markdown page as written: ``src`` is its path under docs/ (``overview.md``)."""

    src: str
    text: str
    docs: str = "docs"  # docs_dir as messages name it
    shown: str = ""     # a source that is not a page (the glossary): its path as messages name it

    @property
    def path(self) -> str:
        return self.shown or f"{self.docs}/{self.src}"


def read_pages(docs: Path, srcs: list[str], shown: str = "docs",
               read=read_text) -> tuple[list[Source], list[Diagnostic]]:
    """The pages' text (BOM and CRLF tolerated); a page that is not UTF-8 is a problem."""
    pages, problems = [], []
    for src in srcs:
        try:
            pages.append(Source(src, read(docs / src), shown))
        except UnicodeDecodeError as error:
            line, col, what = decode_error((docs / src).read_bytes(), error)
            problems.append(Diagnostic(f"{shown}/{src}", line, f"the file is not UTF-8 text: {what}",
                                       "save the file as UTF-8 in your editor (retype the "
                                       "character at this position)", col=col))
    return pages, problems


# --- notes -------------------------------------------------------------------------------------

def note_problems(pages: list[Source], notes_page: str, referenced_once: bool = True,
                  reading_order: bool = True, gapless: bool = True) -> list[Diagnostic]:
    """Each note defined once in the notes page, in the paper's order, and referenced once, in
    reading order (``pages`` are in reading order)."""
    page = next((p for p in pages if p.src == notes_page), None)
    if page is None:
        return []
    book, problems = _definitions(page, gapless)
    problems.extend(_outside_notes(page))
    seen: dict[str, tuple[Source, int, int]] = {}
    last: tuple[int, str, Source, int, int] | None = None
    for source in pages:
        if source.src == notes_page:
            continue
        at = LineIndex(source.text)
        # A page of the edition's own (About, a preface) may define footnotes of its own.
        local, found = notes.parse_definitions(source.text, source.path)
        problems += found
        for label, note in local.items():
            if label in book:
                problems.append(Diagnostic(source.path, note.line, f"note [^{label}] is defined "
                                           f"here and in {page.path}", "a page's own footnote "
                                           "needs a label of its own, e.g. [^about-1]"))
        local_seen: set[str] = set()
        for ref in notes.find_references(source.text, source.src):
            line, col = at.position(ref.offset)
            where = dict(line=line, col=col)
            if ref.label in local and ref.label not in book:
                local_seen.add(ref.label)
                continue
            if ref.label not in book:
                known = ", ".join(f"[^{label}]" for label in list(book)[-3:])
                problems.append(Diagnostic(source.path, **where,
                                           message=f"note marker [^{ref.label}] has no definition",
                                           hint=f"define it in {page.path} as "
                                                f"'[^{ref.label}]: text' (the last notes there "
                                                f"are {known or 'none'}), or on this page, for a "
                                                "footnote of this page's own"))
                continue
            if ref.label in seen and referenced_once:
                first, fl, fc = seen[ref.label]
                problems.append(Diagnostic(source.path, **where,
                                           message=f"note [^{ref.label}] is referenced a second time",
                                           hint="the paper references each note once; the first "
                                                f"marker is at {first.path}:{fl}:{fc}"))
                continue
            if ref.label in seen:
                continue
            seen[ref.label] = (source, line, col)
            if ref.label.isdigit() and reading_order:
                number = int(ref.label)
                if last is not None and number < last[0]:
                    problems.append(Diagnostic(
                        source.path, **where,
                        message=f"note [^{ref.label}] is read after note [^{last[1]}]",
                        hint=f"the paper numbers its notes in reading order; [^{last[1]}] is at "
                             f"{last[2].path}:{last[3]}:{last[4]}: check the two numbers"))
                last = (number, ref.label, source, line, col)
        for label, note in local.items():
            if label not in local_seen and label not in book:
                problems.append(Diagnostic(source.path, note.line, f"note [^{label}] is never "
                                           "referenced", f"add its marker [^{label}] after the "
                                           "word it annotates, or delete the note", "warning"))
    for label, note in book.items():
        if label not in seen:
            problems.append(Diagnostic(page.path, note.line, f"note [^{label}] is never referenced",
                                       f"add its marker [^{label}] after the word it annotates, "
                                       "or delete the note"))
    return problems


def page_note_problems(pages: list[Source]) -> list[Diagnostic]:
    """Footnotes defined on the pages that use them: each marker defined on its own page, each
    definition referenced there (once, where the paper's rules want it)."""
    problems = []
    for page in pages:
        book, found = notes.parse_definitions(page.text, page.path)
        problems += found
        at = LineIndex(page.text)
        seen: set[str] = set()
        for ref in notes.find_references(page.text, page.src):
            if ref.label in book:
                seen.add(ref.label)
                continue
            line, col = at.position(ref.offset)
            problems.append(Diagnostic(page.path, line, f"note marker [^{ref.label}] has no "
                                       "definition on this page",
                                       f"define it on this page, e.g. at its foot, as "
                                       f"'[^{ref.label}]: text'", col=col))
        for label, note in book.items():
            if label not in seen:
                problems.append(Diagnostic(page.path, note.line, f"note [^{label}] is never "
                                           "referenced", f"add its marker [^{label}] after the "
                                           "word it annotates, or delete the note", "warning"))
    return problems


_DEFINITION_START = re.compile(r"\[\^[^\]\s]+\]:")
# What notes.parse_definitions keeps of a note after its first line: a line indented by four
# spaces (four characters of spaces or tabs: one tab is not enough), or a blank line. Anything
# else ends the note, and the Notes page and every page that shows the note leave it out.
_IN_A_NOTE = re.compile(r"\[\^[^\]\s]+\]:|[ \t]{4}|[ \t]*$")
_HTML_COMMENT = re.compile("<!--")


def _outside_notes(page: Source) -> list[Diagnostic]:
    """Lines after the first note that belong to no note (reported once per paragraph)."""
    text = scan.replace_spans(page.text, scan.spans(page.text, _HTML_COMMENT, "-->"))
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if _DEFINITION_START.match(line)), None)
    if first is None:
        return []
    problems, in_stray = [], False
    for number, line in enumerate(lines[first + 1:], first + 2):
        if _IN_A_NOTE.match(line):
            in_stray = False
            continue
        if not in_stray:
            tab = " (a tab is not enough)" if line.startswith("\t") else ""
            problems.append(Diagnostic(
                page.path, number, "this line is not part of any note",
                f"indent a note's further paragraphs (and lines) by four spaces{tab}: without "
                "the indent they fall out of the note and are not shown on the site"))
        in_stray = True
    return problems


def _definitions(page: Source, gapless: bool = True) -> tuple[dict[str, notes.Note], list[Diagnostic]]:
    book, problems = notes.parse_definitions(page.text, page.path)
    numbers = [(int(n.label), n) for n in book.values() if n.label.isdigit()] if gapless else []
    for (a, first), (b, second) in zip(numbers, numbers[1:]):
        if b <= a:
            problems.append(Diagnostic(page.path, second.line,
                                       f"note [^{second.label}] comes after note [^{first.label}]",
                                       "keep the notes in the paper's order, each number once"))
        elif b > a + 1:
            problems.append(Diagnostic(page.path, second.line,
                                       f"the notes jump from [^{first.label}] to [^{second.label}]",
                                       "the paper numbers its notes without gaps: a note is "
                                       "missing or mis-numbered"))
    return book, problems


# --- citations and cross-references ------------------------------------------------------------

@dataclass(frozen=True)
class Cited:
    key: str
    page: Source
    line: int
    col: int


def citations_in(pages: list[Source], kinds: Kinds = DEFAULT_KINDS) -> tuple[list[Cited], list[Cited], list[Cited]]:
    """Every @key in the pages: (works cited, labels referenced, [words](@label) pointers)."""
    works, refs, pointers = [], [], []
    for page in pages:
        at = LineIndex(page.text)
        for citation in citations.find(page.text):
            for item in citation.items:
                # At the key itself: "[@a, p. 3; @b]" may be long, and the key is what to fix.
                key_at = page.text.find("@" + item.key, citation.start, citation.end)
                line, col = at.position(key_at if key_at >= 0 else citation.start)
                target = refs if kinds.is_label(item.key) else works
                target.append(Cited(item.key, page, line, col))
        masked = masked_code(page.text)
        for match in crossrefs.POINTER.finditer(masked):
            line, col = at.position(match.start())
            pointers.append(Cited(match.group("label"), page, line, col))
    return works, refs, pointers


def glossary_citations(glossary, kinds: Kinds = DEFAULT_KINDS) -> tuple[list[Cited], list[Cited]]:
    """Every @key in the glossary's definitions (works cited, labels referenced), each at the
    key as the glossary file writes it."""
    works: list[Cited] = []
    refs: list[Cited] = []
    source = Source(glossary.path, glossary.text, shown=glossary.path)
    at = LineIndex(glossary.text)
    for term in glossary.terms.values():
        if "@" not in term.definition:
            continue
        start = at.offset(*term.definition_at) if term.definition_at[0] else 0
        for citation in citations.find(term.definition):
            for item in citation.items:
                found = glossary.text.find("@" + item.key, start)
                line, col = at.position(found if found >= 0 else start)
                (refs if kinds.is_label(item.key) else works).append(Cited(item.key, source, line, col))
    return works, refs


def citation_problems(cited: list[Cited], library: Library, unreadable: set[str],
                      kinds: Kinds = DEFAULT_KINDS) -> list[Diagnostic]:
    """Citations of keys that are not in references.bib (a key whose entry is broken has been
    reported at the entry, once, and an empty bibliography once, at the file)."""
    if not library.entries and not unreadable and library.problems:
        return []  # an empty or missing bibliography is told once, at the file
    problems = []
    for c in cited:
        if c.key in library.entries or c.key in unreadable:
            continue
        close = difflib.get_close_matches(c.key, list(library.entries), n=1, cutoff=0.75)
        if close:
            hint = f"did you mean @{close[0]}?"
        else:
            hint = (f"add an entry with this key to {library.path}, or correct the key"
                    if library.path else "name the project's .bib file under plugins: edition: "
                    "bibliography: in mkdocs.yml, with an entry of this key")
            if "-" in c.key:  # perhaps meant as a cross-reference label without its kind
                hint += ("; if it names a place in the edition, it is a cross-reference label, "
                         "and a label starts with its kind: " + kinds.listed())
        problems.append(Diagnostic(c.page.path, c.line, f"unknown citation key '@{c.key}'",
                                   hint, col=c.col))
    return problems


def nocite_problems(project, library: Library) -> list[Diagnostic]:
    """A nocite key with no entry, told at the option (its entry would be listed otherwise)."""
    from edition.common.text import setting_position

    problems = []
    for key in project.nocite:
        if key == "*" or key in library.entries or key in library.unreadable:
            continue
        line, col = setting_position(project.root / project.config_file, "nocite")
        close = difflib.get_close_matches(key, list(library.entries), n=1, cutoff=0.75)
        problems.append(Diagnostic(project.config_file, line,
                                   f"nocite names '{key}', which is not in the bibliography",
                                   f"did you mean '{close[0]}'?" if close else
                                   "add the entry to the bibliography, or correct the key", col=col))
    return problems


def unused_entries(cited: list[Cited], library: Library, uncited: str = "warn",
                   nocite: tuple[str, ...] = ()) -> list[Diagnostic]:
    if uncited != "warn" or "*" in nocite:
        return []
    used = {c.key for c in cited} | set(nocite)
    parents = used
    while parents:  # a cited chapter uses its volume, and the volume its multi-volume work
        parents = {library.entries[k].fields.get("crossref") for k in parents
                   if k in library.entries} - used - {None}
        used |= parents
    return [Diagnostic(library.path, entry.line, f"entry '{key}' is never cited",
                       f"cite it as [@{key}] where the paper refers to it, or remove the entry",
                       "warning")
            for key, entry in library.entries.items() if key not in used and entry.type != "xdata"]


def label_problems(pages: list[Source], refs: list[Cited], keys: set[str],
                   kinds: Kinds = DEFAULT_KINDS, docs: str = "docs",
                   bib: str = "references.bib") -> list[Diagnostic]:
    """Labels defined once and of the right kind; every reference to one resolves."""
    found = []
    for page in pages:
        found.extend(crossrefs.collect(page.text, page.src, kinds))
    index, problems = crossrefs.check(found, keys, kinds, docs, bib)
    misplaced: set[str] = set()
    for page in pages:
        problems.extend(_inline_labels(page, misplaced))
    for ref in refs:
        if ref.key in index or ref.key in misplaced:
            continue  # (a misplaced label is told once, where it stands, not at each reference)
        close = difflib.get_close_matches(ref.key, list(index), n=1)
        problems.append(Diagnostic(
            ref.page.path, ref.line, f"unknown cross-reference label '@{ref.key}'",
            f"did you mean @{close[0]}?" if close else
            "label the target with {#" + ref.key + "} on a heading or {: #" + ref.key +
            " } after a paragraph", col=ref.col))
    return problems


# --- citations and references inside a link's text ---------------------------------------------

_BRACKET_TOKEN = re.compile(r"\\.|\[|\]|\n[ \t]*+\n")
_HTML_ANCHOR = re.compile(r"<a\b[^<>]*+>", re.I)
_HTML_ANCHOR_END = re.compile(r"</a\s*>", re.I)


def link_texts(masked: str) -> list[tuple[int, int]]:
    """Where the texts of links are, in order: ``[text](url)`` and ``[text][ref]`` (brackets
    inside balanced, as Python-Markdown reads them; a blank line ends every bracket), and raw
    ``<a ...>text</a>``. Not an image's alt text, not a note marker."""
    spans, open_at = [], []
    for match in _BRACKET_TOKEN.finditer(masked):
        token = match.group()
        if token == "[":
            open_at.append(match.start())
        elif token == "]":
            if not open_at:
                continue
            start = open_at.pop()
            after = masked[match.end():match.end() + 2]
            if (after[:1] == "(" or (after[:1] == "[" and after[1:] != "^")) \
                    and masked[start - 1:start] != "!" and masked[start + 1:start + 2] != "^":
                spans.append((start + 1, match.start()))
        elif token[0] == "\n":
            open_at.clear()
    for match, end in scan.delimited(masked, _HTML_ANCHOR, _HTML_ANCHOR_END):
        spans.append((match.end(), _HTML_ANCHOR_END.search(masked, match.end()).start()))
    return sorted(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One span for each run of nested or overlapping ones: what lies in any lies in its run."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# "[@key](url)": a key that opens a link's text, which the citations' pattern leaves alone (after
# "[" it would take a bracket for a citation), so the page would print "@key"; Pandoc cites.
_OPENING_KEY = re.compile(rf"-?@(?P<key>{citations.KEY})")


def nested_link_problems(pages: list[Source], known: set[str],
                         kinds: Kinds = DEFAULT_KINDS) -> list[Diagnostic]:
    """A citation or a cross-reference in a link's text: it is a link of its own, and a link
    inside a link breaks the outer one where the inner begins (the browser closes it there).
    ``known``: the keys and labels that resolve (an unknown one is told as unknown, only)."""
    problems = []
    for page in pages:
        masked = masked_code(page.text)
        texts = link_texts(masked)
        if not texts:
            continue
        at = LineIndex(page.text)
        spans = _merged(texts)
        starts = [start for start, _ in spans]
        found = []  # (start, end, keys)
        for citation in citations.find(page.text):
            i = bisect.bisect_right(starts, citation.start)
            if i and citation.end <= spans[i - 1][1]:
                found.append((citation.start, citation.end, [item.key for item in citation.items]))
        for start, end in texts:
            opening = _OPENING_KEY.match(masked, start, end)
            if opening and not (opening.end() < end and re.match(r"[\w@]", masked[opening.end()])):
                found.append((start, opening.end(), [opening.group("key")]))
        for start, end, keys in sorted(found):
            if not all(key in known for key in keys):
                continue
            written = " ".join(page.text[start:end].split())
            line, col = at.position(start)
            if all(kinds.is_label(key) for key in keys):
                key = keys[0]
                problems.append(Diagnostic(
                    page.path, line, f"cross-reference '{written}' inside a link's text",
                    "a cross-reference is itself a link, and a link cannot hold a link: put it "
                    f"after the link's brackets, or link the words to the label: [words](@{key})",
                    col=col))
            else:
                problems.append(Diagnostic(
                    page.path, line, f"citation '{written}' inside a link's text",
                    "a citation is itself a link (to its card and its Bibliography entry), and a "
                    "link cannot hold a link: put it after the link's brackets, as in "
                    "[the report](https://example.org/report) [@key]", col=col))
    return problems


_ATTR_LIST = re.compile(r"\{:[ \t]*+#[^{}\n]*+\}")


def _inline_labels(page: Source, misplaced: set[str]) -> list[Diagnostic]:
    """A label ``{: #name }`` written on its paragraph's line is printed as text (Python-Markdown
    reads it only alone on the line after the paragraph, at the end of a heading, or right after
    an inline element such as *emphasis*{: #name })."""
    masked, at, problems = masked_code(page.text), LineIndex(page.text), []
    for match in _ATTR_LIST.finditer(masked):
        start = masked.rfind("\n", 0, match.start()) + 1
        end = masked.find("\n", match.end())
        before, after = masked[start:match.start()], masked[match.end():end if end >= 0 else None]
        if not after.strip() and (not before.strip() or before.lstrip().startswith("#")):
            continue  # alone on its line, or a heading's
        if before[-1:] in (")", "*", "_", "`"):
            continue  # an inline element's
        line, col = at.position(match.start())
        misplaced.update(re.findall(r"#([\w:-]+)", match.group(0)))
        problems.append(Diagnostic(
            page.path, line, f"the label {match.group(0)} must stand on its own line, right "
            "after its paragraph",
            "move it to the line below the paragraph's last line (no blank line between): on "
            "the paragraph's own line it is printed as text", col=col))
    return problems


# --- editorial marks ---------------------------------------------------------------------------

_MARK_OPEN = re.compile(r"\{\{(ed|gap):")
# What ends a mark: its closing braces; or, if those are missing, the next mark or the end of
# the paragraph (the mark would otherwise run on and take the paper's words with it).
_MARK_END = re.compile(r"\}\}|\{\{(?:ed|gap):|\n[ \t]*\n")


def editorial_mark_problems(pages: list[Source]) -> list[Diagnostic]:
    """Every ``{{ed: ...}}`` and ``{{gap: ...}}`` closed by ``}}`` within its paragraph; no
    remark inside a quotation (the conventions allow no interpolation in the quoted words; a gap
    there is the source's own loss)."""
    problems = []
    for page in pages:
        masked, at = masked_code(page.text), LineIndex(page.text)
        quotations = _Quotations(masked)
        for match in _MARK_OPEN.finditer(masked):
            end = _MARK_END.search(masked, match.end())
            if end is not None and end.group(0) == "}}":
                if match.group(1) == "ed" and quotations.inside(match.start(), end.end()):
                    line, col = at.position(match.start())
                    problems.append(Diagnostic(
                        page.path, line, "an editorial remark inside a quotation",
                        "a quotation holds only the quoted words: put the remark after the "
                        "closing quotation mark, as in “…” {{ed: sic}}", col=col))
                continue
            line, col = at.position(match.start())
            kind = match.group(1)
            what = "remark" if kind == "ed" else "gap"
            problems.append(Diagnostic(
                page.path, line, f"editorial mark '{{{{{kind}:' is not closed",
                f"close it with '}}}}' where the {what} ends, as in {{{{{kind}: ...}}}} (a single "
                "'}' does not close it; a mark ends within its paragraph)", col=col))
    return problems


_QUOTATION_EVENTS = re.compile(r"[“”]|\n[ \t]*\n")


class _Quotations:
    """Where the text stands inside a quotation (“ … ” within one paragraph), asked at offsets
    in increasing order: one pass over the page, however many marks it has."""

    def __init__(self, text: str) -> None:
        self.text, self.events = text, _QUOTATION_EVENTS.finditer(text)
        self.depth, self.pending = 0, next(self.events, None)
        self.closes = [m.start() for m in re.finditer("”", text)]
        self.breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]

    def inside(self, start: int, end: int) -> bool:
        """Is text[start:end] after an open “ and before its ” in the same paragraph?
        (A quotation its paragraph never closes is told by the quotation check.)"""
        while self.pending is not None and self.pending.start() < start:
            mark = self.pending.group(0)
            self.depth = self.depth + 1 if mark == "“" else max(self.depth - 1, 0) \
                if mark == "”" else 0
            self.pending = next(self.events, None)
        if not self.depth:
            return False
        close = bisect.bisect_left(self.closes, end)
        paragraph_end = bisect.bisect_left(self.breaks, end)
        stop = self.breaks[paragraph_end] if paragraph_end < len(self.breaks) else len(self.text)
        return close < len(self.closes) and self.closes[close] < stop


# --- links and the nav -------------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    page: Source
    target: str  # the page's src path the link points to ("" for the same page)
    anchor: str
    line: int
    col: int
    written: str
    kind: str = "page"  # "page" (a .md), "file" (an image, a download), "image" (![alt](...))


# Possessive quantifiers: each scan ends where it must, so a line of "[[[[" stays linear.
_LINK = re.compile(r"(?<![\^])(?P<bang>!?)\[(?P<text>[^\[\]\n]*+)\]\((?P<url><[^>\n]*+>|[^)\s]++)"
                   r"(?:\s+(?:\"[^\"]*+\"|'[^']*+'))?\)")
# A reference definition: "[name]: url" alone on its line (as Python-Markdown reads one).
_REFERENCE = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]++\]:[ \t]*(?P<url><[^>\n]*+>|\S++)", re.M)
# Raw HTML the page writes: <a href="..."> and <img src="...">. A tag ends before the next "<", so
# a run of "<a <a <a" is scanned once, not once per tag (linear, tests/test_hostile_sizes.py).
_HTML_LINK = re.compile(r"<(?P<tag>a|img)\b[^<>]*?\s(?:href|src)[ \t]*=[ \t]*(?P<q>[\"'])(?P<url>[^\"'\n]*+)(?P=q)",
                        re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def links_in(pages: list[Source]) -> list[Link]:
    """Links from a page to a page, an anchor or a file of the edition (not to the web, not
    @labels): Markdown links and images, reference definitions, raw HTML's <a href> and
    <img src>."""
    from urllib.parse import unquote

    found = []
    for page in pages:
        at = LineIndex(page.text)
        masked = masked_code(page.text)
        written = [(m.group("url"), m.start("url"), "image" if m.group("bang") else "")
                   for m in _LINK.finditer(masked)]
        written += [(m.group("url"), m.start("url"), "") for m in _REFERENCE.finditer(masked)]
        written += [(m.group("url"), m.start("url"), "image" if m.group("tag").lower() == "img"
                     else "") for m in _HTML_LINK.finditer(masked)]
        for url, start, kind in sorted(written, key=lambda w: w[1]):
            url = url.strip("<>")
            if not url or _SCHEME.match(url) or url.startswith(("@", "/")):
                continue
            path, _, anchor = url.partition("#")
            path = unquote(path.partition("?")[0])
            if path.endswith("/"):
                continue  # a folder's address: MkDocs' own check tells what it cannot resolve
            target = str(Path(page.src).parent / path) if path else page.src
            target = re.sub(r"^\./", "", str(Path(target).as_posix()))
            line, col = at.position(start)
            if path and not path.endswith(".md"):
                kind, anchor = kind or "file", ""
            found.append(Link(page, _normal(target), anchor, line, col, url, kind or "page"))
    return found


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def link_problems(links: list[Link], ids: dict[str, set[str]], docs: str = "docs",
                  files: set[str] | None = None) -> list[Diagnostic]:
    """``ids``: every page's src path -> the ids its HTML has; ``files``: every file of the
    site by its path under docs/ (images, downloads, and the files the plugin adds)."""
    problems = []
    files = files if files is not None else set()
    for link in links:
        if link.kind != "page":
            if link.target in files or link.target in ids:
                continue
            what = "image" if link.kind == "image" else "link to"
            others = [f for f in files if Path(f).suffix == Path(link.target).suffix]
            close = difflib.get_close_matches(link.target, others, n=1)
            problems.append(Diagnostic(link.page.path, link.line,
                                       f"{what} '{link.written}': there is no file {docs}/{link.target}",
                                       f"did you mean {close[0]}?" if close else
                                       f"put the file under {docs}/ (the path is relative to "
                                       "this page), or correct the path", col=link.col))
        elif link.target not in ids:
            close = difflib.get_close_matches(link.target, list(ids), n=1)
            problems.append(Diagnostic(link.page.path, link.line,
                                       f"link to '{link.written}': there is no page {docs}/{link.target}",
                                       f"did you mean {close[0]}?" if close else
                                       f"link to a page under {docs}/ by its file name, relative "
                                       "to this page", col=link.col))
        elif link.anchor and link.anchor not in ids[link.target]:
            close = difflib.get_close_matches(link.anchor, sorted(ids[link.target]), n=1)
            problems.append(Diagnostic(link.page.path, link.line,
                                       f"link to '{link.written}': {docs}/{link.target} has no "
                                       f"anchor '#{link.anchor}'",
                                       f"did you mean #{close[0]}?" if close else
                                       "use a heading's id or a label such as {#sec-name}",
                                       col=link.col))
    return problems


def image_problems(pages: list[Source]) -> list[Diagnostic]:
    """An image without alt text: a screen reader says nothing of it (or its file name)."""
    problems = []
    for page in pages:
        at = LineIndex(page.text)
        for match in _LINK.finditer(masked_code(page.text)):
            if match.group("bang") and not match.group("text").strip():
                line, col = at.position(match.start())
                problems.append(Diagnostic(page.path, line, "image without alt text",
                                           "say in the brackets what the image shows, as in "
                                           "![Map of the Arctic routes](arctic.png)", "warning",
                                           col=col))
    return problems


def nav_problems(all_pages: list[str], in_nav: set[str], config_file: str,
                 docs: str = "docs") -> list[Diagnostic]:
    return [Diagnostic(f"{docs}/{src}", 1, "this page is not in the navigation",
                       f"add it under nav: in {config_file}, e.g. '  - Title: {src}', or move it "
                       f"out of {docs}/") for src in all_pages if src not in in_nav]


def nav_link_problems(missing: list[tuple[str, str]], config_path: Path, config_file: str,
                      pages: list[str], docs: str = "docs") -> list[Diagnostic]:
    """Entries of ``nav:`` that name a page (not an address) which is not under docs/:
    ``missing`` holds each one's (title, what it names). Told at its line of mkdocs.yml: MkDocs'
    own notice names no line, and every page would link to a page that is not there."""
    try:
        lines = read_text(config_path).split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    problems, after = [], 0
    for title, url in missing:
        line, col, after = _nav_line(lines, url, after)
        close = difflib.get_close_matches(url, pages, n=1, cutoff=0.8)
        problems.append(Diagnostic(
            config_file, line, f"the nav names '{url}' ({title}), which is not a page under {docs}/",
            (f"did you mean {close[0]}?" if close else
             f"create {docs}/{url}, or correct the path (relative to {docs}/)") +
            " (every page's navigation would link to a page that does not exist)", col=col))
    return problems


def _nav_line(lines: list[str], url: str, after: int = 0) -> tuple[int, int, int]:
    """(line, column, line to look from next) where the nav of mkdocs.yml names ``url``."""
    nav_at = next((i for i, line in enumerate(lines) if re.match(r"nav[ \t]*:", line)), -1)
    value = re.compile(r"(?:^|[\s:'\"-])(" + re.escape(url) + r")['\"]?[ \t]*(?:#.*)?$")
    for number in range(max(nav_at, after), len(lines)):
        match = value.search(lines[number])
        if match:
            return number + 1, match.start(1) + 1, number + 1
    return 1, 1, after


def absolute_nav_problems(absolute: list[tuple[str, str]], config_path: Path,
                          config_file: str, pages: list[str]) -> list[Diagnostic]:
    """Entries of ``nav:`` that name a path from the server's root (``/about/``): MkDocs leaves
    them as written, so they break wherever the site is not at the root of its address (a
    project's GitHub Pages, the offline edition). MkDocs' own notice names no line."""
    try:
        lines = read_text(config_path).split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    problems, after = [], 0
    for title, url in absolute:
        line, col, after = _nav_line(lines, url, after)
        stem = url.strip("/").removesuffix(".html").removesuffix("/index")
        page = next((p for p in pages if p.removesuffix(".md") in (stem, stem + "/index")), None)
        problems.append(Diagnostic(
            config_file, line, f"the nav links to '{url}' ({title}), a path from the server's "
            "root: it breaks wherever the site is not at the root of its address",
            (f"name the page as {page}" if page else "name a page by its path under docs/")
            + ", or write a full address (https://...)", "warning", col))
    return problems


def absolute_link_problems(pages: list[Source]) -> list[Diagnostic]:
    """Links written from the server's root (``/overview.md``): MkDocs leaves them as they are
    (they break wherever the site is not at its address's root) and names no line."""
    problems = []
    for page in pages:
        at = LineIndex(page.text)
        masked = masked_code(page.text)
        written = [(m.group("url"), m.start("url")) for m in _LINK.finditer(masked)]
        written += [(m.group("url"), m.start("url")) for m in _REFERENCE.finditer(masked)]
        for url, start in sorted(written, key=lambda w: w[1]):
            url = url.strip("<>")
            if not url.startswith("/") or url.startswith("//"):
                continue
            target = url.partition("#")[0].lstrip("/")
            relative = os.path.relpath(target or page.src, str(Path(page.src).parent) or ".")
            line, col = at.position(start)
            problems.append(Diagnostic(
                page.path, line, f"link to '{url}': a path from the server's root, which breaks "
                "wherever the site is not at the root of its address",
                f"write it relative to this page: '{Path(relative).as_posix()}"
                + (f"#{url.partition('#')[2]}'" if "#" in url else "'"), "warning", col))
    return problems


# --- one build ---------------------------------------------------------------------------------

@dataclass
class ChecksBuild:
    """The checks of one build: the sources before anything is rendered, the links on the
    pages as readers get them."""

    project: Project
    library: Library
    kinds: Kinds = DEFAULT_KINDS
    links: list[Link] = field(default_factory=list)
    absolute_links: bool = True   # told here (not when MkDocs reads them from docs/)
    glossary: object = None  # edition.glossary.model.Glossary: its definitions cite and refer too

    def sources(self, in_nav: list[str], every: list[str],
                generated: dict[str, str] | None = None) -> tuple[list[Diagnostic], bool]:
        """Every problem of the sources, and whether one stops the build here (a page that is
        not UTF-8: MkDocs itself would stop on it with a traceback). ``generated``: the pages
        the plugin added (src -> Markdown), which have no file."""
        project, library, docs = self.project, self.library, self.project.docs_shown
        generated = generated or {}

        def read(path: Path) -> str:
            src = path.relative_to(project.docs).as_posix()
            return generated[src] if src in generated else _source(path)

        # Reading order: the nav's, then any page it leaves out (reported below).
        pages, problems = read_pages(project.docs, in_nav + [s for s in every if s not in in_nav],
                                     docs, read=read)
        if problems:
            return problems, True
        # What a page may not contain (edition/security.py) stops the build before anything is
        # rendered: nothing hostile reaches Markdown, a template or a file name in a tool.
        unsafe = security.file_name_problems(project.docs, docs)
        unsafe += security.tracked_cache_problems(project.root / ".cache")
        unsafe += security.config_problems(project.root / project.config_file)
        for page in pages:
            unsafe += security.source_problems(f"{docs}/{page.src}", page.text)
        problems += unsafe
        problems += nav_problems(every, set(in_nav), project.config_file, docs)
        problems += library.problems
        works, refs, pointers = citations_in(pages, self.kinds)
        if self.glossary is not None:
            defined_works, defined_refs = glossary_citations(self.glossary, self.kinds)
            works, refs = works + defined_works, refs + defined_refs
        if not self.bibliography_missing:  # (told at its option: every key would be unknown)
            problems += citation_problems(works, library, library.unreadable, self.kinds)
            problems += unused_entries(works, library, project.uncited, project.nocite)
            problems += nocite_problems(project, library)
        problems += label_problems(pages, refs + pointers, set(library.entries), self.kinds, docs,
                                   library.path)
        labels = {label.name for page in pages
                  for label in crossrefs.collect(page.text, page.src, self.kinds)}
        problems += nested_link_problems(pages, set(library.entries) | labels, self.kinds)
        if project.notes_page:
            problems += note_problems(pages, project.notes_page, project.referenced_once,
                                      project.reading_order, project.gapless)
        else:
            problems += page_note_problems(pages)
        marks = editorial_mark_problems(pages)
        problems += marks
        if project.fidelity is not None:
            # A mark left open swallows the paper's words up to the next '}}': the fidelity
            # check would call them missing, on the mark's own line. The open mark is the cause.
            unclosed = {(p.path, p.line) for p in marks if p.message.endswith("is not closed")}
            problems += [p for p in fidelity.problems(project.fidelity)
                         if (p.path, p.line) not in unclosed]
        problems += image_problems(pages)
        problems += [Diagnostic(page.path, 1, "the page is empty", "write its text, or remove "
                                f"it from {docs}/ and from the nav in {project.config_file}",
                                "warning") for page in pages
                     if not re.sub(r"\A---\n.*?\n---[ \t]*(?:\n|\Z)", "", page.text, flags=re.S).strip()]
        if self.absolute_links:
            problems += absolute_link_problems(pages)
        self.links = links_in(pages)
        return problems, bool(unsafe)

    def anchored(self) -> set[str]:
        """The pages whose ids the links need (the ones linked to with an #anchor)."""
        return {link.target for link in self.links if link.anchor}

    def finish(self, ids: dict[str, set[str]], files: set[str] | None = None) -> list[Diagnostic]:
        """Links and anchors, on the final pages (``ids``: every page's src -> the ids it has;
        only the ``anchored`` pages' ids are needed; ``files``: every file of the site)."""
        missing = {Path(p).name for p in self.project.bibliography
                   if not (self.project.root / p).is_file()}
        return link_problems([link for link in self.links if Path(link.target).name not in missing],
                             ids, self.project.docs_shown, files)

    @property
    def bibliography_missing(self) -> bool:
        return any(not (self.project.root / p).is_file() for p in self.project.bibliography)


def _source(path: Path) -> str:
    text = source(path)  # the one read of each page per build
    if text is None:
        return read_text(path)  # raises what the read met (not UTF-8: told at its byte)
    return text
