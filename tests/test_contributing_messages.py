"""CONTRIBUTING.md lists every message the build gives (issue 18), checked against the bad-input
cases rather than a build: each case of every ``tests/test_bad_input*.py`` returns the exact
messages its edit causes, computed from the edited text, and those modules' own tests prove the
build prints them. So one copy of the project per case, and no MkDocs, tells whether each message
is documented.

A message and a line of CONTRIBUTING are compared by their shape: what a case fills in (a quoted
name, a number, a path, a line and column) becomes a placeholder on both sides, and CONTRIBUTING's
own placeholders (KEY, N, PATH, MESSAGE, ...) are read the same way. A message is documented when
its shape is that of an example in a code block, or of a message quoted in the prose
(`error: ...`, `term 'X' has ...`).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

import pytest

from conftest import ROOT, copy_project

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
_DIAGNOSTIC = re.compile(r"^\S.*?:\d+:\d+: (?:error|warning): (.*)$")
_HINT = re.compile(r"^\s+hint: (.*)$")

# --- shapes ------------------------------------------------------------------------------------

_Q, _P, _N, _L, _ANY = "\x01Q\x01", "\x01P\x01", "\x01N\x01", "\x01L\x01", "\x01*\x01"
_EXTENSIONS = r"(?:md|bib|yml|yaml|csl|json|txt|png|jpg|svg|pdf|html|xml|css|js)"
_QUOTED = [
    re.compile(r"(?<![\w'])'[^'\n]*?'(?![\w])"),  # 'name', never an apostrophe (the server's root)
    re.compile(r"“[^“”\n]*”"),
    re.compile(r"‘[^‘’\n]*’(?!\w)"),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\[\^[^\]\s]+\]"),  # a note marker
    re.compile(r"\{[^{}\n]*\}"),  # a field's value: {verifed}, {: #rec-shape }
    re.compile(r"<(?!!--)[a-zA-Z][^<>\n]*>"),  # a tag: <b class="x">
    re.compile(r"<!-- edition:\S+ -->"),
    re.compile(r"(?<![\w'])@[\w-]+"),  # a type (@book) or a key
]
_TITLE = re.compile(r"(%s) \([^()\n]*\)" % re.escape(_Q))  # 'annex.md' (Annex): a nav title
_BYTE = re.compile(r"\bbyte [0-9a-f]{2}\b")
_LIST = re.compile(r"(?<![\w'\x01])[\w-]+(?:, [\w-]+)+(?![\w'\x01])")  # booktitle, year, note
# A file (docs/notes.md:33:211 with its place), or the output folder a build was given.
_PATH = re.compile(r"(?<![\w/.])(?:[\w.-]+/)*[\w.-]+\.%s(?![\w])(?::\d+)*|(?<![\w/.])/tmp/[\w./-]+"
                   % _EXTENSIONS)
_NUMBER = re.compile(r"\d+")
# CONTRIBUTING's own placeholders, as a case fills them in.
_WORDS = {"N": _N, "M": _N, "PATH": _P, "KEY": _Q, "KEY2": _Q, "NAME": _Q, "VOLUME": _Q,
          "OTHER": _Q, "VALUE": _ANY, "X": _Q, "MESSAGE": _ANY, "REASON": _ANY}
_PLACEHOLDER = re.compile(r"(?<![\w'\x01])(%s)(?![\w'\x01])" % "|".join(_WORDS))
_ELLIPSIS = re.compile(r"(?<!\S)(?:\.\.\.|…)(?!\S)")


def shape(text: str, documented: bool = False) -> str:
    """The text with what a case fills in made a placeholder (``documented``: CONTRIBUTING's
    words, whose KEY, N and ``...`` stand for such values too)."""
    text = " ".join(text.split())
    for pattern in _QUOTED:
        text = pattern.sub(_Q, text)
    text = _TITLE.sub(r"\1 " + _Q, text)
    text = _PATH.sub(_P, text)
    text = _BYTE.sub("byte " + _N, text)
    text = _NUMBER.sub(_N, text)
    text = _LIST.sub(_L, text)
    if documented:
        text = _PLACEHOLDER.sub(lambda m: _WORDS[m.group(1)], text)
        text = _ELLIPSIS.sub(_ANY, text)
    return text


def _pattern(documented_shape: str) -> re.Pattern[str]:
    return re.compile(".*".join(map(re.escape, documented_shape.split(_ANY))), re.S)


def readable(text: str) -> str:
    return (text.replace(_Q, "'…'").replace(_P, "PATH").replace(_N, "N").replace(_L, "A, B")
            .replace(_ANY, "..."))


# --- what CONTRIBUTING says --------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```")
_SPAN = re.compile(r"`([^`]+)`")
_SEVERITY = re.compile(r"^(?:error|warning): ")


@dataclass(frozen=True)
class Quoted:
    """A message or a hint as CONTRIBUTING quotes it."""
    kind: str  # "message" or "hint"
    text: str
    line: int  # CONTRIBUTING's own line
    example: bool  # shown as the build prints it: a code block's line, or `error: ...` in prose


def contributing_messages(text: str) -> list[Quoted]:
    """Each line of a code block that reads as the build's output, and each code span of the
    prose (a message, `error: ...`, or a hint after 'hint:')."""
    quoted, prose = [], []
    in_block = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            in_block = not in_block
        if not in_block or _FENCE.match(line):
            prose.append((number, "" if _FENCE.match(line) else line))
            continue
        prose.append((number, ""))
        if found := _DIAGNOSTIC.match(line):
            quoted.append(Quoted("message", found.group(1), number, True))
        elif found := _HINT.match(line):
            quoted.append(Quoted("hint", found.group(1), number, True))
    paragraph: list[tuple[int, str]] = []
    for number, line in prose + [(0, "")]:
        if line.strip():
            paragraph.append((number, line))
            continue
        joined = " ".join(words for _, words in paragraph)
        starts = [n for n, words in paragraph for _ in words.split()]  # each word's line
        for span in _SPAN.finditer(" ".join(joined.split())):
            words, before = span.group(1), " ".join(joined.split())[:span.start()]
            at = starts[min(len(before.split()), len(starts) - 1)] if starts else 0
            if before.rstrip().endswith("hint:"):
                quoted.append(Quoted("hint", words, at, False))
            else:
                quoted.append(Quoted("message", _SEVERITY.sub("", words), at,
                                     bool(_SEVERITY.match(words))))
        paragraph = []
    return quoted


def is_documented(message: str, documented: list[re.Pattern[str]], literal: list[str]) -> bool:
    """``message`` (a shape) is one CONTRIBUTING gives: whole, or what follows a prefix that
    names where it is ('ledger entry N: ', "in the definition of term 'X': "), or, where a case
    gives only the start of a long message, as the start of one."""
    tails = [message] + [message[m.end():] for m in re.finditer(r": ", message)]
    if any(p.fullmatch(tail) for p in documented for tail in tails):
        return True
    return len(message.split()) >= 3 and any(d.startswith(message.rstrip()) for d in literal)


# --- the cases ---------------------------------------------------------------------------------

def _case_modules():
    for path in sorted((ROOT / "tests").glob("test_bad_input*.py")):
        module = importlib.import_module(path.stem)
        if getattr(module, "CASES", None):
            yield module


CASES = [(module.__name__, case) for module in _case_modules() for case in module.CASES]


@pytest.fixture(scope="module")
def told(tmp_path_factory) -> list[tuple[str, str, str]]:
    """(case, 'message' or 'hint', the line) for every line every case expects."""
    lines = []
    for number, (module, case) in enumerate(CASES):
        project = copy_project(tmp_path_factory.mktemp(f"case{number}") / "project")
        for line in case(project):
            if found := _DIAGNOSTIC.match(line):
                lines.append((f"{module}::{case.__name__}", "message", found.group(1)))
            elif found := _HINT.match(line):
                lines.append((f"{module}::{case.__name__}", "hint", found.group(1)))
    return lines


def _documented(kind: str) -> list[Quoted]:
    return [q for q in contributing_messages(CONTRIBUTING.read_text(encoding="utf-8"))
            if q.kind == kind]


def _undocumented(told, kind: str) -> list[str]:
    shapes = [shape(q.text, documented=True) for q in _documented(kind)]
    patterns = [_pattern(s) for s in shapes]
    missing: dict[str, list[str]] = {}
    for case, what, line in told:
        if what == kind and not is_documented(shape(line), patterns, shapes):
            missing.setdefault(line if kind == "hint" else readable(shape(line)), []).append(case)
    return [f"{text}\n        ({', '.join(cases)})" for text, cases in missing.items()]


def test_every_message_is_in_contributing(told):
    missing = _undocumented(told, "message")
    assert not missing, (f"{len(missing)} messages the build gives are not in CONTRIBUTING.md's "
                         "'What the build tells you' sections:\n" + "\n".join(missing))


def test_every_hint_is_in_contributing(told):
    missing = _undocumented(told, "hint")
    assert not missing, (f"{len(missing)} hints the build gives are not in CONTRIBUTING.md:\n"
                         + "\n".join(missing))


# Messages CONTRIBUTING shows that no bad-input case gives: the test that asserts each (a few
# words of the message, as that test writes them).
ELSEWHERE = {
    "option 'csl_locle'": "test_plugin_config.py",
    "unbalanced quotation marks in note": "test_fidelity.py",
    "a list nested 51 levels deep": "test_bad_input_hostile.py",
    "'site_name' holds '<'": "test_hostile_inputs.py",
    "a nav title holds": "test_hostile_inputs.py",
    "the build cannot write into": "test_bad_input_hostile.py",
    "the file is not JSON": "test_csl_sources.py",
    "has no type": "test_csl_sources.py",
    "has type 'webpgae'": "test_csl_sources.py",
    "nocite names": "test_nocite.py",
    "the citation style is a note style": "test_site_styles.py",
    "Pandoc could not read the bibliography": "test_bad_input_documented.py",
}


def test_every_message_contributing_shows_is_one_the_build_gives(told):
    """The other way: each example of a message is one a case gives, or one another test asserts
    (ELSEWHERE), so an example cannot outlive the message it shows."""
    given = [shape(line) for _, what, line in told if what == "message"]
    stale = []
    for quoted in _documented("message"):
        if not quoted.example:
            continue
        documented = shape(quoted.text, documented=True)
        pattern = _pattern(documented)
        if any(is_documented(message, [pattern], [documented]) for message in given):
            continue
        words = next((w for w in ELSEWHERE if w in quoted.text), None)
        if words and words in (ROOT / "tests" / ELSEWHERE[words]).read_text(encoding="utf-8"):
            continue
        stale.append(f"CONTRIBUTING.md:{quoted.line}: {quoted.text}")
    assert not stale, (f"{len(stale)} messages CONTRIBUTING.md shows are given by no case of "
                       "tests/test_bad_input*.py (nor listed in ELSEWHERE):\n" + "\n".join(stale))


def test_the_comparison_tells_a_changed_word():
    """What the shapes leave out is only what a case fills in: a word changed is undocumented."""
    documented = shape("unknown citation key 'KEY'", documented=True)
    patterns = [_pattern(documented)]
    assert is_documented(shape("unknown citation key '@radin2012'"), patterns, [documented])
    assert is_documented(shape("in the definition of term 'ASAT': unknown citation key '@x'"),
                         patterns, [documented])
    assert not is_documented(shape("unknown citation label '@radin2012'"), patterns, [documented])
    assert (shape("docs/notes.md:33:211: note [^3] at line 7")
            == shape("PATH: note [^about-1] at line N", documented=True))
