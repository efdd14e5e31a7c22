"""Linear-time scanning for the parsers: spans that a lazy regular expression such as
``<!--.*?-->`` would find, without its cost.

``re`` tries a lazy pattern again from every opener, so a text with many openers and no
closer (``<!--`` 25,000 times, an unclosed ``{{ed:`` before 100,000 spaces) costs the square of
its length. Here each opener is matched to the first closer after it with one ``str.find``; and
once no closer is left, no later opener can close either, so the scan stops. The spans are the
ones the regular expression gives (leftmost first, never overlapping).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator


def delimited(text: str, opener: re.Pattern[str], closer: str | re.Pattern[str], start: int = 0,
              end: int | None = None) -> Iterator[tuple[re.Match[str], int]]:
    """(opener match, end of its closer) for each span ``opener .*? closer`` (re.S), in order;
    ``closer`` is a string or a pattern of fixed length (``</a>`` with re.I)."""
    end = len(text) if end is None else end
    last = start
    for match in opener.finditer(text, start, end):
        if match.start() < last:
            continue
        if isinstance(closer, str):
            close = text.find(closer, match.end(), end)
            if close < 0:
                return
            last = close + len(closer)
        else:
            found = closer.search(text, match.end(), end)
            if found is None:
                return
            last = found.end()
        yield match, last


def spans(text: str, opener: re.Pattern[str], closer: str | re.Pattern[str]) -> list[tuple[int, int]]:
    return [(m.start(), end) for m, end in delimited(text, opener, closer)]


def blank(text: str) -> str:
    """``text`` with every character but line ends made a space (offsets unchanged)."""
    return re.sub(r"[^\n]", " ", text)


def replace_spans(text: str, spans, replace: Callable[[str], str] = blank) -> str:
    """``text`` with each (start, end) span (in order, not overlapping) replaced."""
    out, last = [], 0
    for start, stop in spans:
        out.append(text[last:start])
        out.append(replace(text[start:stop]))
        last = stop
    out.append(text[last:])
    return "".join(out)


_RUN = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans: a run of backticks, at least one character, and the next run of exactly as
    many (CommonMark's rule); each opener's closer is found by bisection, not by rescanning."""
    runs = [(m.start(), m.end() - m.start()) for m in _RUN.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for i, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(i)
    spans, i = [], 0
    while i < len(runs):
        start, length = runs[i]
        same = by_length[length]
        j = bisect.bisect_right(same, i)
        if j == len(same):
            i += 1
            continue
        closer = same[j]
        close_start, _ = runs[closer]
        if close_start <= start + length:  # `.+?`: something between the two runs
            i += 1
            continue
        spans.append((start, close_start + length))
        i = closer + 1
    return spans


_FENCE_LINE = re.compile(r"([ \t]*)(`{3,}+|~{3,}+)(.*)")


def fences(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks: a line that opens with ``` or ~~~ (indented or not) to the next line
    that is the same indent and the same fence alone; a block never closed is not one."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    closers: dict[tuple[str, str], list[int]] = {}
    for i, (_, line) in enumerate(lines):
        match = _FENCE_LINE.fullmatch(line)
        if match and not match.group(3).strip(" \t"):
            closers.setdefault((match.group(1), match.group(2)), []).append(i)
    spans, i = [], 0
    while i < len(lines):
        start, line = lines[i]
        match = _FENCE_LINE.fullmatch(line)
        if match:
            same = closers.get((match.group(1), match.group(2)), [])
            j = bisect.bisect_right(same, i)
            if j < len(same):
                close_start, close_line = lines[same[j]]
                spans.append((start, close_start + len(close_line)))
                i = same[j] + 1
                continue
        i += 1
    return spans
