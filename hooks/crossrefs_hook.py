"""MkDocs events -> edition.crossrefs: labels collected from every page, references resolved once
all are known, each with a card previewing its target."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from edition.citations import library as bibliography
from edition.common import cards
from edition.citations import syntax as citations
from edition.crossrefs import model as crossrefs
from edition.crossrefs import labels
from edition import pipeline

_state: dict = {}


@event_priority(pipeline.CROSSREFS)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    keys = set(bibliography.load(root / "references.bib").entries)
    _state.update(labels=[], refs={}, html={}, keys=keys, templates={})
    return config


@event_priority(pipeline.CROSSREFS)
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    _state["labels"].extend(crossrefs.collect(markdown, src))
    found = [c for c in citations.find(markdown) if all(labels.is_label(i.key) for i in c.items)]
    markdown, refs = crossrefs.replace_references(markdown, found)
    if refs:
        _state["refs"][src] = refs
    return markdown


@event_priority(pipeline.CROSSREFS)
def on_page_content(html_text, page, config, files):
    _state["html"][page.file.src_uri] = html_text
    return html_text


@event_priority(pipeline.CROSSREFS)
def on_env(env, config, files):
    # What is wrong with labels and references is told by the checks hook, on the sources.
    index, _ = crossrefs.check(_state["labels"], _state["keys"])
    previews: dict[str, str] = {}
    by_page: dict[str, list[str]] = {}
    for label in index.values():
        by_page.setdefault(label.page, []).append(label.name)

    def preview(name: str) -> str:
        if name not in previews:
            page = index[name].page
            previews.update(crossrefs.previews(
                _state["html"].get(page, ""), by_page[page],
                lambda n: crossrefs.display(index[n], index) if n in index else n))
            previews.setdefault(name, "")
        return previews[name]

    for src, refs in _state["refs"].items():
        file = files.get_file_from_path(src)
        if file is None or file.page is None:
            continue

        def href_of(label, _file=file):
            target = files.get_file_from_path(label.page)
            return get_relative_url(target.url, _file.url) + f"#{label.name}"

        file.page.content, used = crossrefs.resolve(file.page.content, index, href_of)
        _state["templates"][src] = [
            crossrefs.card_template(index[name], index, preview(name), href_of(index[name]))
            for name in sorted(used)]
    return env


@event_priority(pipeline.CROSSREFS)
def on_post_page(output, page, config):
    return cards.inject(output, _state["templates"].get(page.file.src_uri, []))
