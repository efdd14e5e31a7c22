"""What the edition's plugin asks of MkDocs, in one place: the pages' sources in reading order,
and links between pages relative to the page being rendered."""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from edition.common.links import Place
from edition.common.sources import source

_ID = re.compile(r'\bid="([^"]+)"')


def in_reading_order(nav, files) -> list[tuple[str, str, str]]:
    """(src, title, Markdown) of every page: the nav's in its order, then any it leaves out."""
    pages, seen = [], set()
    for page in nav.pages:
        seen.add(page.file.src_uri)
        text = markdown_of(page.file)
        if text is not None:
            pages.append((page.file.src_uri, page.title or page.file.src_uri, text))
    for file in files.documentation_pages():
        if file.src_uri not in seen:
            text = markdown_of(file)
            if text is not None:
                pages.append((file.src_uri, file.src_uri, text))
    return pages


def missing_nav_links(nav) -> list[tuple[str, str]]:
    """(title, path) of each nav entry that names a file MkDocs did not find (not an address:
    MkDocs makes those links too, and only notes the rest)."""
    from urllib.parse import urlsplit

    from mkdocs.structure.nav import Link

    found = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, Link):
                parts = urlsplit(item.url)
                if not parts.scheme and not parts.netloc and not item.url.startswith(("/", "#")):
                    found.append((item.title or item.url, item.url))
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return found


def absolute_nav_links(nav) -> list[tuple[str, str]]:
    """(title, path) of each nav entry written from the server's root (``/about/``)."""
    from mkdocs.structure.nav import Link

    found = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, Link) and item.url.startswith("/") and not item.url.startswith("//"):
                found.append((item.title or item.url, item.url))
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    return found


def markdown_of(file) -> str | None:
    """A page's Markdown: its file's, or what the plugin generated for it."""
    if file.abs_src_path:
        return source(file.abs_src_path)
    return file.content_string if file.generated_by else None


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


def project(config_file: str = "mkdocs.yml"):
    """The project a mkdocs.yml configures (for the tools run after a build: the bundle, the
    PDF), read as MkDocs reads it."""
    from mkdocs.config import load_config

    from edition.project import Project

    config = load_config(config_file)
    plugin = config.plugins.get("edition")
    if plugin is None:
        raise SystemExit(f"{config_file}: the edition plugin is not configured (plugins: - edition)")
    return Project.from_config(config, plugin.config)


def ids(page_html: str) -> set[str]:
    """The ids a rendered page has (what its links' #anchors may name)."""
    return set(_ID.findall(page_html))
