"""The hooks and the Markdown passes act in the order edition.pipeline gives, whatever the order
of `hooks:` in mkdocs.yml or of the extensions' registration."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import load_config

from conftest import ROOT, copy_project

# Each page: its notes appended, then each concern told which page is being rendered.
PAGE_MARKDOWN = ["notes_hook", "crossrefs_hook", "citations_hook", "glossary_hook"]


def _order(config_file: Path, event: str) -> list[str]:
    config = load_config(str(config_file))  # loads the hook files, as a build does
    return [Path(getattr(handler, "__module__", "") or "").stem
            for handler in config.plugins.events[event]]


def test_hook_order_does_not_depend_on_mkdocs_yml(tmp_path):
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = re.findall(r"^  - hooks/\S+\.py", text, re.M)
    assert len(hooks) > 2
    reordered = iter(reversed(hooks))
    shuffled = re.sub(r"^  - hooks/\S+\.py", lambda m: next(reordered), text, flags=re.M)
    assert shuffled != text
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.yml").write_text(shuffled, encoding="utf-8")
    for config_file in (ROOT / "mkdocs.yml", project / "mkdocs.yml"):
        order = [m for m in _order(config_file, "page_markdown") if m.endswith("_hook")]
        assert order == PAGE_MARKDOWN, (config_file, order)
        assert set(_order(config_file, "config")[:2]) == {"checks_hook", "slots_hook"}
        assert _order(config_file, "post_build")[-1] == "checks_hook"
        env = [m for m in _order(config_file, "env") if m.endswith("_hook")]
        assert env[-2:] == ["slots_hook", "checks_hook"]  # generated content, then links checked
        post_page = [m for m in _order(config_file, "post_page") if m.endswith("_hook")]
        # the cards before </body>, then the citation metadata in <head>, then the
        # Content-Security-Policy, computed from the page as readers get it
        assert post_page == ["crossrefs_hook", "citations_hook", "glossary_hook", "metadata_hook",
                             "security_hook"]


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

    extensions = [NotesBuild("notes.md").extension(), GlossaryBuild(Glossary("g.yml"), "g.md", "n.md").extension(),
                  CitationsBuild(Library("r.bib"), Formatter(), "b.md", "n.md").extension(),
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
