"""Fidelity: the edition's paper text equals the OCR source once the ledger is applied.

Both sides are normalised the same way (white space, line-end hyphenation, Markdown syntax,
labels, editorial gap and remark markers), then compared word by word. Any other difference is
a passage missing from the edition or added to it without a ledger entry.

Run from the repository root: ``python -m hooks.edition.fidelity``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import citation_markup, ledger, paper

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EDITORIAL = re.compile(r"\s*\{\{(?:gap|ed):.*?\}\}", re.S)
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}\n]*\}")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_NOTE_DEFINITION = re.compile(r"^\[\^(\w+)\]:[ \t]*", re.M)
_LINK = re.compile(r"(?<![!\^])\[([^\]\n]*)\]\([^)\s]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = re.compile(r"\*+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_SOFT_HYPHEN = re.compile(r"-\s+")


def normalise(text: str) -> list[str]:
    """The words of a passage, with everything that is presentation rather than text removed."""
    text = _FRONT_MATTER.sub("", text)
    text = _COMMENT.sub(" ", text)
    text = _EDITORIAL.sub("", text)
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


def compare(part: str, expected: list[str], actual: list[str]) -> list[Difference]:
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        what = {"delete": "missing", "insert": "extra", "replace": "changed"}[op]
        found.append(Difference(part, what, " ".join(expected[i1:i2]), " ".join(actual[j1:j2]),
                                " ".join(expected[max(0, i1 - 8):i1])))
    return found


def edition_text(docs: Path, pages: tuple[str, ...]) -> str:
    return "\n\n".join((docs / page).read_text(encoding="utf-8") for page in pages)


def check(root: Path, parts: tuple[str, ...] = tuple(paper.PARTS),
          ledger_paths: tuple[Path, ...] | None = None) -> list[Difference]:
    """All differences between source+ledger and the edition, part by part."""
    source = (root / paper.SOURCE).read_text(encoding="utf-8")
    entries = []
    for path in ledger_paths or (root / paper.LEDGER,):
        entries.extend(ledger.load(path))
    found = []
    for part in parts:
        first, last, pages = paper.PARTS[part]
        corrected = ledger.apply(source, entries, first, last)
        if part == "notes" and (root / paper.CITATION_MAP).exists():
            markups = citation_markup.load(root / paper.CITATION_MAP)
            corrected = citation_markup.apply(corrected, markups, citation_markup.source_note_start)
        found.extend(compare(part, normalise(corrected), normalise(edition_text(root / "docs", pages))))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--part", choices=tuple(paper.PARTS), action="append")
    parser.add_argument("--ledger", type=Path, action="append")
    parser.add_argument("--all", action="store_true", help="list every difference, not the first 5")
    args = parser.parse_args(argv)
    try:
        found = check(args.root, tuple(args.part or paper.PARTS), tuple(args.ledger or ()) or None)
    except ledger.LedgerError as error:
        print(f"ledger error:\n{error}")
        return 1
    except citation_markup.MarkupError as error:
        print(error)
        return 1
    except FileNotFoundError as error:
        print(f"missing file: {error.filename}")
        return 1
    if not found:
        print("OK: the edition matches the source with the ledger applied")
        return 0
    shown = found if args.all else found[:5]
    print(f"{len(found)} difference(s); the first {len(shown)}:")
    for difference in shown:
        print(difference)
    return 1


if __name__ == "__main__":
    sys.exit(main())
