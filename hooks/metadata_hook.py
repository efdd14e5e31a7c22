"""MkDocs events -> edition.metadata: the title page's "Cite this edition" (formatted in the same
Pandoc call as the bibliography, with its downloads), and citation metadata in every page's
<head> (Highwire Press tags, schema.org JSON-LD, Open Graph)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from edition import metadata, paper, pipeline
from edition.citations import csl
from edition.citations import library as bibtex
from edition.citations.library import Library
from edition.common import slots

_edition: metadata.Edition | None = None
_formatter: csl.Formatter | None = None
_library: Library | None = None


@event_priority(pipeline.METADATA)
def on_config(config):
    """The edition as a work to cite, formatted in the configured style by its own small Pandoc
    call (cached apart from the bibliography's: it changes with every commit, which names it);
    the library gives the works each page cites."""
    global _edition, _formatter, _library
    root = Path(config["config_file_path"]).parent
    _edition = metadata.Edition(
        issued=metadata.build_date(),
        # The commit built; none without git (the build date, already given, read as a
        # range in CSL: "Versions 2023-06-01").
        version=metadata.git_commit(root),
        url=config.get("site_url") or "",
        language=str(config["theme"]["language"] or "en"),
        site_name=config.get("site_name") or "",
        description=config.get("site_description") or "")
    # an unknown style is told by the citations hook, at its line in mkdocs.yml
    style, _ = csl.configured_style(str(config["extra"].get("citation_style") or ""), root)
    _formatter = csl.Formatter(root / ".cache" / "edition" / "edition-citation.json", style,
                               str(config["extra"].get("citation_locale") or csl.LOCALE))
    _library = bibtex.load(root / paper.BIB_FILE, paper.BIB_FILE, root / ".cache" / "edition")
    slots.current().provide(paper.SLOT_CITE, _cite_box)
    return config


@event_priority(pipeline.METADATA)
def on_nav(nav, config, files):
    try:
        _formatter.prepare([], [], extra=[metadata.csl_item(_edition, for_pandoc=True)])
    except csl.StyleError:
        pass  # the citations hook tells it; the cite box falls back to a plain reference
    return nav


def _cite_box(place) -> str:
    reference = _formatter.reference(metadata.EDITION_ID)
    style = csl.style_title(_formatter.style)
    return metadata.cite_box_html(reference or metadata.plain_reference(_edition), place.site_href, style)


@event_priority(pipeline.METADATA)
def on_files(files, config):
    for site_path, content in metadata.cite_files(_edition).items():
        files.append(File.generated(config, site_path, content=content))
    return files


@event_priority(pipeline.METADATA)
def on_post_page(output, page, config):
    # The offline edition is not indexed and has no address: its pages keep the edition's own
    # tags, not one per cited work (they would take the zip over its size budget).
    entries = {} if config["extra"].get("offline_edition") else _library.entries
    works = [entries[key] for key in metadata.cited_keys(output) if key in entries]
    title = None if page.is_homepage else page.title
    tags = metadata.head_tags(title, _edition, works, page.canonical_url or "")
    return metadata.inject_head(output, tags)
