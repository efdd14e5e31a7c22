"""The citation map: how each of the paper's short-form citations became a Pandoc citation.

``source/citation-map.yml`` lists, note by note, the paper's words (``text``) and the Markdown
that replaces them (``markup``). It is the record of citation mark-up, as the emendations ledger
is the record of OCR corrections: the fidelity test applies the ledger, then this map, to the
source and compares the result with ``docs/notes.md``; the About page shows both.

What is wrong with the map is raised as a ``MarkupError`` whose ``problems`` are Diagnostics at
the line and column of the map an editor edits.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from edition.common.diagnostics import Diagnostic, SourceError
from edition.common.sources import while_unchanged
from edition.common.text import decode_error, load_yaml_nodes, read_text

FIELDS = ("text", "keys", "locator", "locators", "slip", "markup")
_GUIDE = "CONTRIBUTING.md, 'The paper's own citations: the citation map'"


@dataclass(frozen=True)
class Markup:
    note: str
    text: str
    markup: str
    keys: tuple[str, ...]
    slip: str = ""
    line: int = 1  # where the entry's `text` stands in the map, for messages
    col: int = 1
    path: str = "citation-map.yml"
    note_line: int = 1  # where its note's number stands in the map


class MarkupError(SourceError):
    """The citation map cannot be applied: each problem with its line in the map."""


@while_unchanged  # the check and the page that shows it both ask, and every serve rebuild
def load(path: Path | str, shown_as: str | None = None) -> list[Markup]:
    """Read the map; raise MarkupError naming each malformed entry at its line and column."""
    path = Path(path)
    shown = shown_as or str(path)
    try:
        text = read_text(path)
    except UnicodeDecodeError as error:
        line, col, what = decode_error(path.read_bytes(), error)
        raise MarkupError([Diagnostic(shown, line, f"the file is not UTF-8 text: {what}",
                                      "save the file as UTF-8 in your editor (retype the "
                                      "character at this position)", col=col)]) from None
    try:
        _, root = load_yaml_nodes(text)  # (constructed too: load may refuse what compose accepts)
    except Exception as error:  # noqa: BLE001 - a YAML slip must become a message
        raise MarkupError([_yaml_problem(shown, text, error)]) from None
    if root is None:
        return []
    if root.tag != "tag:yaml.org,2002:map":
        raise MarkupError([_at(shown, root, "the map is not a list of notes",
                               "write each note as 'N:' followed by its entries, each "
                               "'- text: ...' with keys and markup")])
    markups, problems, seen = [], [], {}
    for key_node, items in root.value:
        note = str(key_node.value)
        if not note.isdigit():
            problems.append(_at(shown, key_node, f"{note!r} is not a note number",
                                "each note of the map is its number in the paper, e.g. '3:'"))
            continue
        note = str(int(note))
        if note in seen:
            problems.append(_at(shown, key_node, f"note {note} is listed twice",
                                f"its first entries are at line {seen[note]}: put all of the "
                                "note's entries under one 'N:'"))
            continue
        seen[note] = key_node.start_mark.line + 1
        if items.tag == "tag:yaml.org,2002:null":
            continue
        if items.tag != "tag:yaml.org,2002:seq":
            problems.append(_at(shown, items, f"note {note}: its entries are not a list",
                                "write each entry as '- text: ...' on the lines below 'N:'"))
            continue
        for n, item in enumerate(items.value, 1):
            found = _entry(shown, note, n, item, seen[note])
            (markups if isinstance(found, Markup) else problems).append(found)
    if problems:
        raise MarkupError(problems)
    return markups


def _entry(shown: str, note: str, n: int, item, note_line: int) -> Markup | Diagnostic:
    """One entry of a note, or what is wrong with it."""
    where = f"note {note}, entry {n}"
    if item.tag != "tag:yaml.org,2002:map":
        return _at(shown, item, f"{where}: not a mapping",
                   "write it as '- text: ...' with keys and markup, indented two spaces")
    fields = {str(k.value): v for k, v in item.value}
    missing = [name for name in ("text", "markup") if name not in fields]
    if missing:
        unknown = [name for name in fields if name not in FIELDS]
        hint = "every entry has the paper's words as text and what replaces them as markup"
        if unknown:
            hint += f"; {', '.join(repr(u) for u in unknown)} is not a field of the map " \
                    f"(fields: {', '.join(FIELDS)})"
        return _at(shown, item, f"{where}: missing {' and '.join(missing)}", hint)
    for name in ("text", "markup", "slip"):
        value = fields.get(name)
        if value is not None and value.tag != "tag:yaml.org,2002:null" and \
                not _is_scalar(value):
            example = "'[@tardy2022, p. 3]'" if name == "markup" else "'...'"
            return _at(shown, value, f"{where}: {name} is not text",
                       f"quote it: {name}: {example} (YAML reads a value that starts with [ or "
                       "{ as a list or a mapping)")
    text, markup = (str(fields[name].value or "") for name in ("text", "markup"))
    if not text.strip():
        return _at(shown, fields["text"], f"{where}: text is empty",
                   "text is the paper's words that the markup replaces")
    keys_node = fields.get("keys")
    if keys_node is None or keys_node.tag == "tag:yaml.org,2002:null":
        keys: tuple[str, ...] = ()
    elif _is_scalar(keys_node):
        keys = (str(keys_node.value),)
    elif keys_node.tag == "tag:yaml.org,2002:seq" and all(_is_scalar(k) for k in keys_node.value):
        keys = tuple(str(k.value) for k in keys_node.value)
    else:
        return _at(shown, keys_node, f"{where}: keys is not a list of keys",
                   "write each key on a line of its own below 'keys:', as '- tardy2022'")
    slip = fields.get("slip")
    text_node = fields["text"]
    return Markup(note, text, markup, keys,
                  str(slip.value or "") if slip is not None and _is_scalar(slip) else "",
                  text_node.start_mark.line + 1, text_node.start_mark.column + 1, shown,
                  note_line)


def _is_scalar(node) -> bool:
    return type(node).__name__ == "ScalarNode"


def _at(shown: str, node, message: str, hint: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(shown, mark.line + 1, f"citation map: {message}", hint, col=mark.column + 1)


def _yaml_problem(shown: str, text: str, error: Exception) -> Diagnostic:
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", None) or error)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    if mark and problem.startswith("found character") and mark.line < len(lines) \
            and mark.column < len(lines[mark.line]):
        problem = f"found character {lines[mark.line][mark.column]!r} that cannot start any token"
    return Diagnostic(shown, line, f"citation map: not valid YAML: {problem}",
                      "quote a value that starts with [, @ or { or holds ': ', as in "
                      "markup: '[@tardy2022, p. 3]'; each note is 'N:' followed by its entries, "
                      "'- text: ...' with keys and markup, indented two spaces", col=col)


@functools.lru_cache(maxsize=4096)  # the same entries every build (and every serve rebuild)
def _pattern(text: str) -> re.Pattern[str]:
    """White space matches any white space; a hyphen may be followed by a line break (not by a
    space within a line: that is the OCR's, for the ledger to join); a URL may stand in angle
    brackets (a Markdown autolink)."""
    body = r"\s+".join(re.escape(word).replace(r"\-", r"-(?:[ \t]*\n\s*)?")
                       for word in text.split())
    if text.startswith(("http://", "https://")):
        body = f"<?{body}>?"
    return re.compile(body)


def apply(text: str, markups: list[Markup], note_start) -> str:
    """Replace each entry's words with its mark-up, in order, each within its own note.

    ``note_start(text, label, pos)`` gives where note ``label`` starts at or after ``pos`` (or -1).
    Raises MarkupError naming, at its line in the map, every entry that cannot be applied.
    """
    out, cursor, current, start, nxt = [], 0, None, 0, -1
    problems: list[Diagnostic] = []
    previous, missing = None, None  # the last note found; a note that is not there
    for m in markups:
        def problem(message: str, hint: str, at_note: bool = False) -> None:
            line, col = (m.note_line, 1) if at_note else (m.line, m.col)
            problems.append(Diagnostic(m.path, line, f"citation map: {message}", hint, col=col))
        if m.note == missing:
            continue  # told once, at the note's first entry
        if m.note != current:  # each note's bounds are found once, moving forward only
            current, start = m.note, note_start(text, m.note, cursor)
            if start < 0:
                missing = m.note
                if note_start(text, m.note, 0) >= 0:
                    problem(f"note {m.note} is listed after note {previous}",
                            "list the notes in the map in the paper's order", at_note=True)
                else:
                    problem(f"there is no note {m.note} in the paper",
                            "each note of the map is the number of one of the paper's notes",
                            at_note=True)
                continue
            previous = m.note
            nxt = note_start(text, str(int(m.note) + 1), start + 1) if m.note.isdigit() else -1
        end = nxt if nxt > 0 else len(text)
        match = _pattern(m.text).search(text, max(start, cursor), end)
        if match is None:
            if _pattern(m.text).search(text, start, end):
                problem(f"note {m.note}: {m.text!r} comes before the entry above it",
                        "list a note's entries in the order their words stand in the note")
            else:
                problem(f"note {m.note}: {m.text!r} is not in the note",
                        "each 'text' must be the paper's words in that note, as the ledger "
                        "leaves them (copy them from the source text)")
            continue
        out.append(text[cursor:match.start()])
        out.append(m.markup)
        cursor = match.end()
    if problems:
        raise MarkupError(problems)
    out.append(text[cursor:])
    return "".join(out)


def source_note_start(text: str, label: str, pos: int) -> int:
    match = re.compile(rf"(?:^|\n)[ \t]*{re.escape(label)} ").search(text, pos)
    return match.start() if match else -1
