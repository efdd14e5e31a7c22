"""What the edition's hooks ask of MkDocs, in one place: the pages' sources in reading order,
and links between pages relative to the page being rendered."""

from __future__ import annotations

import functools
import os

from mkdocs.utils import get_relative_url

from edition.common.links import Place
from edition.common.text import read_text


@functools.lru_cache(maxsize=4096)
def _read(path: str, mtime_ns: int, size: int) -> str | None:
    try:
        return read_text(path)
    except (OSError, UnicodeDecodeError):
        return None  # told by the checks hook, with file and line


def source(path: str) -> str | None:
    """A page's Markdown as written; read once per build however many hooks ask."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


def in_reading_order(nav, files) -> list[tuple[str, str, str]]:
    """(src, title, Markdown) of every page: the nav's in its order, then any it leaves out."""
    pages, seen = [], set()
    for page in nav.pages:
        seen.add(page.file.src_uri)
        text = source(page.file.abs_src_path)
        if text is not None:
            pages.append((page.file.src_uri, page.title or page.file.src_uri, text))
    for file in files.documentation_pages():
        if file.src_uri not in seen:
            text = source(file.abs_src_path)
            if text is not None:
                pages.append((file.src_uri, file.src_uri, text))
    return pages


def place(page, files) -> Place:
    """Where ``page`` is: links from it to other pages (by source path) and to site paths."""
    urls: dict[str, str | None] = {}  # a page links to the same few pages thousands of times

    def href(target_src: str, fragment: str = "") -> str:
        if target_src not in urls:
            target = files.get_file_from_path(target_src)
            urls[target_src] = None if target is None else get_relative_url(target.url, page.file.url)
        url = urls[target_src]
        if url is None:
            return f"#{fragment}" if fragment else ""
        return f"{url}#{fragment}" if fragment else url

    return Place(page.file.src_uri, href, lambda path: get_relative_url(path, page.file.url))
