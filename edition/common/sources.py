"""Each source file read once per build, however many concerns ask for it: the read is kept for
as long as the file's modification time and size stay the same."""

from __future__ import annotations

import functools
import os

from edition.common.text import read_text


@functools.lru_cache(maxsize=4096)
def _read(path: str, mtime_ns: int, size: int) -> str | None:
    try:
        return read_text(path)
    except (OSError, UnicodeDecodeError):
        return None  # told by the checks, with file and line


def source(path) -> str | None:
    """A file's text as written (None if it cannot be read: the checks tell why)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


def while_unchanged(parse):
    """``parse(path, shown_as)``, a list read from a file, memoised as ``source`` is: while the
    file's modification time and size stay the same (a file that cannot be stat'ed is parsed,
    and so raises what reading it raises). Each caller gets a list of its own."""
    @functools.lru_cache(maxsize=16)
    def parsed(path: str, shown_as, mtime_ns: int, size: int) -> tuple:
        return tuple(parse(path, shown_as))

    @functools.wraps(parse)
    def load(path, shown_as=None):
        try:
            stat = os.stat(path)
        except OSError:
            return parse(path, shown_as)
        return list(parsed(str(path), shown_as, stat.st_mtime_ns, stat.st_size))
    return load


def forget() -> None:
    """Let go of every text read so far (once the pages are rendered, nothing reads them)."""
    _read.cache_clear()
