"""The plugin's events and the Markdown passes act in the order edition.pipeline gives, whatever
the order of the extensions' registration."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from conftest import ROOT

def _order(config_file: Path, event: str) -> list[str]:
    config = load_config(str(config_file))  # loads the plugins, as a build does
    return [getattr(handler, "__qualname__", "") for handler in config.plugins.events[event]]


def test_the_plugin_runs_between_materials_plugins():
    """The search entries are written after Material's search index (0) and before the offline
    plugin inlines it (-100); the problems are told after every concern has added its own."""
    post_build = _order(ROOT / "mkdocs-offline.yml", "post_build")
    search = post_build.index("SearchPlugin.on_post_build")
    ours = post_build.index("EditionPlugin._write_search")
    offline = post_build.index("OfflinePlugin.on_post_build")
    assert search < ours < offline, post_build
    assert post_build.index("EditionPlugin._tell_problems") > ours
    # The sources are checked and indexed before any other plugin sees the nav or the config.
    assert _order(ROOT / "mkdocs.yml", "nav")[0] == "EditionPlugin.on_nav"
    # The Content-Security-Policy is computed from the page as readers get it: last.
    post_page = _order(ROOT / "mkdocs.yml", "post_page")
    assert post_page[-1] == "EditionPlugin._add_policy", post_page


def test_markdown_passes_run_in_the_pipelines_order():
    """Whatever order the extensions are given in, the patterns and tree passes run as
    edition.pipeline says: marks before what they hold, labels before keys, both before
    Python-Markdown's links; tree passes after footnotes and attribute lists, links last."""
    import markdown

    from edition.citations.build import CitationsBuild
    from edition.citations.csl import Formatter
    from edition.citations.library import Library
    from edition.crossrefs.build import CrossrefsBuild
    from edition.editorial.marks import EditorialExtension
    from edition.glossary.build import GlossaryBuild
    from edition.glossary.model import Glossary
    from edition.notes.build import NotesBuild

    import paper
    project = paper.standalone_project()
    extensions = [NotesBuild("notes.md").extension(), GlossaryBuild(Glossary("g.yml"), project).extension(),
                  CitationsBuild(Library("r.bib"), Formatter(), project).extension(),
                  CrossrefsBuild(set()).extension(), EditorialExtension()]
    for order in (extensions, extensions[::-1]):
        md = markdown.Markdown(extensions=["footnotes", "attr_list", "toc", *order])
        inline = [name for name in _by_priority(md.inlinePatterns) if name.name in {
            "backtick", "escape", "edition-editorial", "footnote", "edition-crossrefs",
            "edition-citations", "reference", "link"}]
        assert [i.name for i in inline] == ["backtick", "escape", "edition-editorial", "footnote",
                                            "edition-crossrefs", "edition-citations", "reference",
                                            "link"]
        tree = [i.name for i in _by_priority(md.treeprocessors)]
        assert tree == ["footnote", "inline", "footnote-duplicate", "prettify", "attr_list",
                        "edition-notes", "edition-citations", "edition-glossary",
                        "edition-crossrefs", "edition-groups", "toc", "unescape", "edition-links"]


def _by_priority(registry):
    """A Python-Markdown registry's entries in the order they run (highest priority first)."""
    return sorted(registry._priority, key=lambda item: item.priority, reverse=True)
