"""Small helpers over Markdown source text shared by the parsers."""

from __future__ import annotations

import bisect
import functools
import re

from edition.common import scan  # linear in the text however many openers stay unclosed

_COMMENT_OPEN = re.compile("<!--")


@functools.lru_cache(maxsize=4096)  # each check asks for the same pages' masked text
def masked_code(text: str) -> str:
    """``text`` with code blocks, code spans and comments blanked out, offsets unchanged.

    Parsers search the masked text and read the original, so nothing inside code is ever
    taken for a citation, a note marker or a term, and line numbers stay right.
    """
    text = scan.replace_spans(text, scan.fences(text))
    text = scan.replace_spans(text, scan.code_spans(text))
    return scan.replace_spans(text, [(m.start(), end) for m, end in
                                     scan.delimited(text, _COMMENT_OPEN, "-->")])


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

    def offset(self, line: int, col: int = 1) -> int:
        """The offset of a (line, column), both 1-based."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1] + col - 1


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


def load_yaml_nodes(text: str):
    """(data, nodes): the values and the node tree they came from (with each one's line), read
    once. Raises what ``load_yaml`` raises."""
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        nodes = loader.get_single_node()
        return (loader.construct_document(nodes) if nodes is not None else None), nodes
    finally:
        loader.dispose()


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
