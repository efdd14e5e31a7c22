"""Small helpers over Markdown source text shared by the parsers."""

from __future__ import annotations

import bisect
import functools
import re

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


@functools.lru_cache(maxsize=4096)  # each check asks for the same pages' masked text
def masked_code(text: str) -> str:
    """``text`` with code blocks, code spans and comments blanked out, offsets unchanged.

    Parsers search the masked text and read the original, so nothing inside code is ever
    taken for a citation, a note marker or a term, and line numbers stay right.
    """
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern in (_FENCE, _CODE_SPAN, _HTML_COMMENT):
        text = pattern.sub(blank, text)
    return text


class LineIndex:
    """1-based line numbers of offsets in one text, in O(log n) each (no rescans)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, as an editor's text editor counts them."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def read_text(path) -> str:
    """A source file as text: UTF-8 with or without a byte-order mark, any line ends.

    Raises UnicodeDecodeError for bytes that are not UTF-8 (see ``decode_error``)."""
    with open(path, encoding="utf-8-sig", newline=None) as f:
        return f.read()


def decode_error(data: bytes, error: UnicodeDecodeError) -> tuple[int, int, str]:
    """Where undecodable bytes are, as (line, column, what), for a message an editor can act on."""
    before = data[:error.start].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    bad = data[error.start:error.end].hex(" ")
    return line, col, f"byte {bad} is not valid UTF-8"


def load_yaml(text: str):
    """YAML with libyaml's C loader where PyYAML has it (ten times faster than pure Python)."""
    import yaml
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def compose_yaml(text: str):
    import yaml
    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def setting_position(path, name: str) -> tuple[int, int]:
    """(line, column) where ``name:`` is set in a YAML file such as mkdocs.yml ((1, 1) if not)."""
    try:
        lines = read_text(path).splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(f"{name}:"):
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1
