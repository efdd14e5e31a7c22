"""Fidelity: the edition's paper text equals the OCR source once the ledger is applied.

Both sides are normalised the same way (white space, line-end hyphenation, Markdown syntax,
labels, editorial gap and remark markers), then compared word by word; a hyphen followed by a
space within a line is not hyphenation and is compared as it stands. Any other difference is
a passage missing from the edition or added to it without a ledger entry.

Run from the repository root: ``python -m edition.fidelity.check``.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from edition.fidelity import citation_map as citation_markup
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds
from edition.fidelity import ledger
from edition.fidelity.settings import Fidelity
from edition.common import scan
from edition.common.diagnostics import Diagnostic
from edition.common.sources import source as _cached
from edition.common.text import LineIndex, masked_code, read_text


def _page(path: Path) -> str:
    """A page as the build has read it (once per build), or read now (raising what it meets)."""
    text = _cached(path)
    return read_text(path) if text is None else text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# Every pattern here runs in time linear in the text (edition/common/scan.py; the lazy spans
# are found by scan, the rest read each character once: possessive *+, no overlapping runs).
_COMMENT = re.compile("<!--")
_EDITORIAL = re.compile(r"\{\{(?:gap|ed):")
_BLANK = re.compile(r"\n[ \t]*\n")
_SPACE_BEFORE = re.compile(r"\s*$")
_ATTR_LIST = re.compile(r"\{:?\s*+[#.][^{}\n]*+\}")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_NOGLOSS = re.compile(r"\[([^\[\]\n]++)\]\{[ \t]*+\.nogloss[ \t]*+\}")  # [IS]{.nogloss}: IS
_NOTE_DEFINITION = re.compile(r"^\[\^(\w+)\]:[ \t]*", re.M)
_LINK = re.compile(r"(?<![!\^])\[([^\[\]\n]*+)\]\([^()\s]*+\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]++)>")
_EMPHASIS = re.compile(r"\*+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
# Only a hyphen at the end of a line is soft ("Sino-⏎Russian"): a hyphen followed by a space
# within a line ("Sino- Russian") is compared as it stands, so joining one is a correction of
# the OCR and needs its ledger entry; the paper's own "mid- to late-nineteenth" stays as it is.
_SOFT_HYPHEN = re.compile(r"-[ \t]*\n\s*")
# Which work a citation names is checked by the citation checks (with "did you mean"); the
# fidelity check matches words with the keys left out, so a mistyped key is told once, not twice
# (messages still quote the words whole). Cross-reference labels are compared: the paper has
# none, so one in its text is the edition's own addition.
def _key_pattern(kinds: Kinds) -> re.Pattern[str]:
    return re.compile(r"(?<=@)(?!(?:%s)-)[\w][\w:.#$%%&+?<>~/-]*" % "|".join(kinds.names))


def _editorial_spans(text: str) -> list[tuple[int, int]]:
    """Each ``{{ed: ...}}`` and ``{{gap: ...}}`` with the white space before it. A mark ends
    within its paragraph, as the editorial extension reads it: one left open never takes the
    next paragraph's words with it (it is told where it opens). Linear: each paragraph is
    searched for a closer at most once per mark, and not again once none is left in it."""
    blanks = [m.start() for m in _BLANK.finditer(text)] + [len(text)]
    found: list[tuple[int, int]] = []
    last, dead_until = 0, -1
    for match in _EDITORIAL.finditer(text):
        if match.start() < last or match.start() < dead_until:
            continue
        para_end = blanks[bisect.bisect_left(blanks, match.end())]
        close = text.find("}}", match.end(), para_end)
        if close < 0:
            dead_until = para_end  # no closer left in this paragraph for any later mark
            continue
        start, end = match.start(), close + 2
        while start > 0 and text[start - 1].isspace() and (not found or start > found[-1][1]):
            start -= 1
        found.append((start, end))
        last = end
    return found


def normalise(text: str) -> list[str]:
    """The words of a passage, with everything that is presentation rather than text removed."""
    text = _FRONT_MATTER.sub("", text)
    text = scan.replace_spans(text, scan.spans(text, _COMMENT, "-->"), lambda _: " ")
    text = scan.replace_spans(text, _editorial_spans(text), lambda _: "")
    text = _NOGLOSS.sub(r"\1", text)
    text = _ATTR_LIST.sub(" ", text)
    text = _HEADING.sub("", text)
    text = _NOTE_DEFINITION.sub(r"\1 ", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _SOFT_HYPHEN.sub("-", text)
    return text.split()


@dataclass(frozen=True)
class Difference:
    part: str
    what: str  # "missing" (in the source, not in the edition), "extra", or "changed"
    source: str
    edition: str
    context: str

    def __str__(self) -> str:
        lines = [f"{self.part}: {self.what} after …{self.context}"]
        if self.source:
            lines.append(f"  source (with ledger): {self.source}")
        if self.edition:
            lines.append(f"  edition:              {self.edition}")
        return "\n".join(lines)


def compare(part: str, expected: list[str], actual: list[str],
            kinds: Kinds = DEFAULT_KINDS) -> list[Difference]:
    key = _key_pattern(kinds)
    expected_words = [key.sub("", w) for w in expected]
    actual_words = [key.sub("", w) for w in actual]
    if expected_words == actual_words:  # the usual case: difflib would take most of the check
        return []
    matcher = difflib.SequenceMatcher(None, expected_words, actual_words, autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        what = {"delete": "missing", "insert": "extra", "replace": "changed"}[op]
        found.append(Difference(part, what, " ".join(expected[i1:i2]), " ".join(actual[j1:j2]),
                                " ".join(expected[max(0, i1 - 8):i1])))
    return found


def edition_text(docs: Path, pages: tuple[str, ...]) -> str:
    return "\n\n".join(_page(docs / page) for page in pages)


def check(settings: Fidelity, parts: tuple[str, ...] | None = None,
          ledger_paths: tuple[Path, ...] | None = None) -> list[Difference]:
    """All differences between source+ledger and the edition, part by part."""
    root = settings.root
    source = read_text(settings.source_path)
    entries = []
    for path in ledger_paths or (settings.ledger_path,):
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        entries.extend(ledger.load(path, shown))
    markups = (citation_markup.load(settings.citation_map_path, settings.citation_map)
               if settings.citation_map else [])
    found = []
    for part in settings.parts:
        if parts is not None and part.name not in parts:
            continue
        corrected = ledger.apply(source, entries, part.first, part.last)
        if part.name == settings.notes_part and markups:
            corrected = citation_markup.apply(corrected, markups, citation_markup.source_note_start)
        found.extend(compare(part.name, normalise(corrected),
                             normalise(edition_text(settings.docs, part.pages)), settings.kinds))
    return found


def problems(settings: Fidelity) -> list[Diagnostic]:
    """The fidelity check as the build reports it: each difference at the place in docs/ where
    the edition departs from the source (a ledger slip at its line in the ledger); and each
    note or paragraph whose quotation marks do not pair up."""
    quotes = unbalanced_quotes(settings)
    try:
        found = check(settings)
    except ledger.LedgerError as error:
        return error.problems + quotes
    except citation_markup.MarkupError as error:
        return error.problems + quotes
    except (OSError, UnicodeDecodeError) as error:
        if isinstance(error, FileNotFoundError) and any(
                not path.is_file() for path in (settings.source_path, settings.ledger_path,
                                                *((settings.citation_map_path,)
                                                  if settings.citation_map else ()))):
            return quotes  # told at its option's line in the configuration (edition.project)
        # Never "nothing found": a file it needs that cannot be read stops the check, said so.
        return [Diagnostic(settings.ledger if settings.source_path.exists() else settings.source,
                           1, f"the fidelity check cannot read its files: {error}",
                           "restore the file, or correct its path under fidelity: in the "
                           "configuration")] + quotes
    texts = {src: _page(settings.docs / src) for src in settings.pages
             if (settings.docs / src).exists()}
    # A difference is looked for only in the pages of its own part (body or notes).
    differences = [_located(d, [(src, texts[src]) for src in settings.part(d.part).pages
                                if src in texts], settings) for d in found]
    # A mark the edition dropped or added is one difference: its paragraph's imbalance is not
    # told again.
    differing = {(d.path, d.line) for d in differences}
    return differences + [q for q in quotes if (q.path, q.line) not in differing]


# --- quotation marks ---------------------------------------------------------------------------

_QUOTE_MARK = re.compile("[“”]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def unbalanced_quotes(settings: Fidelity) -> list[Diagnostic]:
    """Each note, and each paragraph of the paper's other pages, whose quotation marks (double,
    then single) do not pair up (an opening “ before each closing ”, none opened inside another): the reader
    cannot tell where its quotation ends. The editor's marks are left out, code never counts."""
    found = []
    for src in settings.pages:
        try:
            text = _page(settings.docs / src)
        except (OSError, UnicodeDecodeError):
            continue  # reported where the pages are read
        found.extend(quote_problems(text, src, notes=src == settings.notes_page,
                                    docs=settings.docs_shown, ledger_name=settings.ledger))
    return found


def quote_problems(text: str, src: str, notes: bool = False, docs: str = "docs",
                   ledger_name: str = "the ledger") -> list[Diagnostic]:
    """The unbalanced quotation marks of one page (``src`` under docs/): each note of the notes
    page, each paragraph of another page, told once, at the first mark that does not pair."""
    masked = masked_code(text)
    masked = scan.replace_spans(masked, _editorial_spans(masked))
    if notes:  # a note runs from its definition to the next one, its indented paragraphs too
        starts = [(m.start(), f"note {m.group(1)}") for m in _NOTE_DEFINITION.finditer(masked)]
    else:
        starts = [(0, "this paragraph")] + [(m.end(), "this paragraph")
                                            for m in _BLANK_LINE.finditer(masked)]
    at, found = LineIndex(text), []
    for (start, unit), (end, _) in zip(starts, starts[1:] + [(len(masked), "")]):
        unpaired = _unpaired(masked, start, end) or _unpaired_single(masked, start, end)
        if unpaired:
            offset, what = unpaired
            line, col = at.position(offset)
            found.append(Diagnostic(
                f"{docs}/{src}", line, f"unbalanced quotation marks in {unit}: {what}",
                f"record a ledger emendation that restores the missing mark in {ledger_name}; "
                "see CONTRIBUTING.md ('Correcting the text')", col=col))
    return found


def _unpaired(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Where the marks between ``start`` and ``end`` first fail to pair, and how."""
    opened = None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        if mark.group() == "”":
            if opened is None:
                return mark.start(), "this ” closes a quotation that no “ opens"
            opened = None
        elif opened is not None:
            return opened, "the quotation opened by this “ is not closed before the next “"
        else:
            opened = mark.start()
    if opened is not None:
        return opened, "the quotation opened by this “ is never closed"
    return None


# Single quotation marks, told apart from apostrophes: ’ inside a word ("Europe’s", "don’t") is
# an apostrophe, and so is ’ after an s at a word's end ("countries’ interests") unless it is
# the only mark that can close a quotation opened before it ("‘Special Relationships’").
_SINGLE = re.compile("[‘’]")


def _single_marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """("open" | "close" | "maybe") for each single mark that may be a quotation mark."""
    marks = []
    for mark in _SINGLE.finditer(text, start, end):
        i = mark.start()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if mark.group() == "‘":
            if not before.isalnum() and not after.isspace():
                marks.append((i, "open"))
        elif before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        elif before.isspace():
            continue  # not a closing mark (an elision such as ’90s)
        elif before in "sS" and not after.isalnum():
            marks.append((i, "maybe"))
        else:
            marks.append((i, "close"))
    return marks


def _unpaired_single(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Where the single quotation marks between ``start`` and ``end`` first fail to pair."""
    marks = _single_marks(text, start, end)
    following: list[str | None] = [None] * len(marks)  # the next mark's kind that is not "maybe"
    for n in range(len(marks) - 2, -1, -1):
        kind = marks[n + 1][1]
        following[n] = following[n + 1] if kind == "maybe" else kind
    opened = None
    for n, (i, kind) in enumerate(marks):
        if kind == "maybe":
            if opened is None or following[n] == "close":
                continue  # an apostrophe: a later mark closes the quotation
            kind = "close"
        if kind == "close":
            if opened is None:
                return i, "this ’ closes a quotation that no ‘ opens"
            opened = None
        elif opened is not None:
            return opened, "the quotation opened by this ‘ is not closed before the next ‘"
        else:
            opened = i
    if opened is not None:
        return opened, "the quotation opened by this ‘ is never closed"
    return None


_GAP = r"[\s\S]{0,120}?"  # markup, labels or line breaks between two words of the text


def _find(before: list[str], words: list[str], pages, docs: str = "docs") -> tuple[str, int, int] | None:
    """Where ``words`` begin in the pages, right after the words ``before`` them if any."""
    if not before and not words:
        return None
    head = _GAP.join(_word(w) for w in before)
    body = _GAP.join(_word(w) for w in words)
    pattern = re.compile(f"{head}{_GAP if head and body else ''}(?P<at>){body}")
    for src, text in pages:
        match = pattern.search(text)
        if match:
            line, col = LineIndex(text).position(match.start("at"))
            return f"{docs}/{src}", line, col
    return None


def _word(word: str) -> str:
    """A word of the text as a pattern that matches it whole, not inside a longer word; the
    Markdown may still hold what normalising took out (emphasis, brackets of a link)."""
    head = r"(?<!\w)" if re.match(r"\w", word) else ""
    tail = r"(?!\w)" if re.search(r"\w$", word) else ""
    return head + r"[*_\[]*".join(re.escape(c) for c in word) + tail


def _quote(text: str, limit: int = 12) -> str:
    words = text.split()
    return "“" + " ".join(words[:limit]) + (" …" if len(words) > limit else "") + "”"


def _located(d: Difference, pages, settings: Fidelity) -> Diagnostic:
    docs = settings.docs_shown
    find = lambda before, words, pages: _find(before, words, pages, docs)  # noqa: E731
    context = d.context.split()
    if d.what == "missing":
        where = find(context[-4:], [], pages) or find(context[-2:], [], pages)
        message = f"the source's words {_quote(d.source)} are missing here"
        hint = ("restore them as the source has them (after the ledger), or record the change in "
                f"{settings.ledger} (CONTRIBUTING.md, 'Correcting the text')")
    else:
        edition = d.edition.split()
        where = (find(context[-3:], edition[:3], pages) or find([], edition[:4], pages)
                 or find(context[-3:], edition[:1], pages) or find(context[-3:], [], pages))
        if d.what == "extra":
            message = f"{_quote(d.edition)} is not in the source"
        else:
            message = (f"the source reads {_quote(d.source)} here, the edition "
                       f"{_quote(d.edition)}")
        hint = ("restore the source's words; mark the edition's own words as {{ed: ...}}; or "
                f"record a correction of the OCR in {settings.ledger} (CONTRIBUTING.md)")
    words = (d.source + " " + d.edition).split()
    if d.what != "missing" and any(settings.kinds.is_label(w.split("@", 1)[1].strip("[](),.;"))
                                   for w in words if "@" in w):
        hint += ("; a cross-reference the edition adds goes inside {{ed: see @sec-...}}, or links "
                 "the paper's own words as [words](@sec-...)")
    elif d.what != "missing" and any("@" in w for w in words):
        hint += (f"; a citation of the paper's own is marked up through {settings.citation_map}, an "
                 "editor's citation goes inside {{ed: ...}}")
    path, line, col = where or (f"{docs}/{pages[0][0]}" if pages else settings.source, 1, 1)
    return Diagnostic(path, line, message, hint, col=col)


def main(argv: list[str] | None = None) -> int:
    """The fidelity check alone, as `make check` reports it: ``path:line:col: error: ...``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--all", action="store_true", help="list every difference, not the first 5")
    args = parser.parse_args(argv)
    found = sorted(problems(args.root), key=lambda p: p.sort_key)
    if not found:
        print("OK: the edition matches the source with the ledger applied")
        return 0
    shown = found if args.all else found[:5]
    print(f"{len(found)} difference(s); the first {len(shown)}:" if len(shown) < len(found)
          else f"{len(found)} difference(s):")
    for problem in shown:
        print(problem)
    return 1


if __name__ == "__main__":
    sys.exit(main())
