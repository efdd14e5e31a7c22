"""MkDocs events -> edition.common.slots: generated content (the Bibliography, the Glossary,
About's tables, the title page's downloads) placed where a page asks for it, once every page
is rendered and every concern has what it needs."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

import mkdocs_site
from edition import pipeline
from edition.common import diagnostics, slots
from edition.common.diagnostics import Diagnostic


@event_priority(pipeline.FIRST)
def on_config(config):
    slots.start()
    return config


@event_priority(pipeline.SLOTS)
def on_env(env, config, files):
    registry = slots.current()
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content:
            continue
        page.content, unknown = registry.resolve(page.content, mkdocs_site.place(page, files))
        for name in unknown:
            diagnostics.report([_unknown(config, file, name, registry)])
    return env


def _unknown(config, file, name: str, registry: slots.Slots) -> Diagnostic:
    text = mkdocs_site.source(file.abs_src_path) or ""
    marker = slots.marker(name)
    before = text[: max(text.find(marker), 0)]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    docs = Path(config["docs_dir"]).name
    return Diagnostic(f"{docs}/{file.src_uri}", line, f"the edition generates no content "
                      f"named '{name}' for {marker}",
                      "the names it fills in are " + ", ".join(sorted(registry.fillers)), col=col)
