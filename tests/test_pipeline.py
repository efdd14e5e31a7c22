"""The hooks act in the order edition.pipeline gives, whatever the order of `hooks:` in mkdocs.yml."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import load_config

from conftest import ROOT, copy_project

# Each page's Markdown: notes appended, then cross-references, citations, terms, editorial marks.
PAGE_MARKDOWN = ["notes_hook", "crossrefs_hook", "citations_hook", "glossary_hook",
                 "editorial_hook", "downloads_hook"]


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
        assert _order(config_file, "config")[0] == "checks_hook"
        assert _order(config_file, "post_build")[-1] == "checks_hook"
        post_page = [m for m in _order(config_file, "post_page") if m.endswith("_hook")]
        assert post_page == ["crossrefs_hook", "citations_hook", "glossary_hook"]
