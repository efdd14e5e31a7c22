"""MkDocs events -> edition.search: each note, bibliography entry and glossary term its own search
result, leading to its anchor, in the index Material's search plugin has written.

Material writes ``search/search_index.json`` in ``on_post_build`` (priority 0); this hook
rewrites it after that (``pipeline.SEARCH``) and before Material's offline plugin (-100) inlines
the JSON into ``search/search_index.js``, so the offline edition searches the same entries. A
``search_index.js`` already there is rewritten too, as the offline plugin writes it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from edition import paper, pipeline, search

_APPARATUS = (paper.NOTES_PAGE, paper.BIB_PAGE, paper.GLOSSARY_PAGE)
# Kept across the rebuilds of `mkdocs serve --dirty`, which render only the pages that changed.
_pages: dict[str, tuple[str, str]] = {}        # src -> (url, content) of the apparatus pages
_labels: dict[str, dict[str, str]] = {}        # src -> key -> in-text label, from its citations


@event_priority(pipeline.FIRST)  # the content as Material's search reads it, before it strips
def on_page_context(context, page, config, nav):  # the data-search-* attributes it honours
    src = page.file.src_uri
    if src in _APPARATUS:
        _pages[src] = (page.url, page.content or "")
    _labels[src] = search.card_titles(page.content or "")
    return context


@event_priority(pipeline.SEARCH)
def on_post_build(config):
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.is_file():  # no search plugin
        return
    labels: dict[str, str] = {}  # the same on every page; read in a fixed order all the same
    for src in sorted(_labels):
        for key, label in _labels[src].items():
            labels.setdefault(key, label)
    kinds = {paper.NOTES_PAGE: search.NOTES, paper.BIB_PAGE: search.bibliography(labels),
             paper.GLOSSARY_PAGE: search.GLOSSARY}
    splits = [search.split(kinds[src], content=_pages[src][1], url=_pages[src][0])
              for src in _APPARATUS if src in _pages]
    data = search.rewrite(index.read_text(encoding="utf-8"), splits)
    index.write_bytes(data.encode("utf-8"))
    script = index.with_name("search_index.js")
    if script.is_file():
        script.write_bytes(search.offline_script(data).encode("utf-8"))
