"""MkDocs events -> edition.security: each page's rendered HTML holds only what the edition
allows (every other tag, attribute, class or link scheme is an error at the place the editor
wrote it), and every page carries a Content-Security-Policy built from the scripts it has.

The sources as written (file names, comments, front matter) are checked with the other source
checks, before anything is rendered (edition/checks.py)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import mkdocs_site
from edition import paper, pipeline, security
from edition.common import diagnostics


@event_priority(pipeline.FIRST)  # Python-Markdown's output, before any hook adds to it
def on_page_content(html_text, page, config, files):
    findings = security.content_findings(html_text)
    if findings:
        docs = Path(config["docs_dir"])
        sources = [(f"{docs.name}/{page.file.src_uri}", mkdocs_site.source(page.file.abs_src_path) or "")]
        if page.file.src_uri != paper.NOTES_PAGE:  # the notes it shows are written there
            sources.append((f"{docs.name}/{paper.NOTES_PAGE}",
                            mkdocs_site.source(str(docs / paper.NOTES_PAGE)) or ""))
        diagnostics.report(security.locate(findings, sources))
    return html_text


_shims: tuple[str, ...] = ()


@event_priority(pipeline.FIRST)
def on_pre_build(config):
    problem = security.output_problem(Path(config["site_dir"]))
    if problem is not None:
        raise PluginError(f"the build cannot start:\n{problem}")


@event_priority(pipeline.LAST)
def on_config(config):
    """The vendored iframe-worker shim (offline build) writes a script of its own: its hash too."""
    global _shims
    docs = Path(config["docs_dir"])
    _shims = tuple((docs / str(p)).read_text(encoding="utf-8")
                   for p in config["extra"].get("polyfills") or ()
                   if "iframe-worker" in str(p) and (docs / str(p)).is_file())
    return config


@event_priority(pipeline.LAST - 10)  # the page as readers get it: every hook has added its part
def on_post_page(output, page, config):
    return security.with_policy(output, shims=_shims)


@event_priority(pipeline.LAST - 10)
def on_post_template(output_content, template_name, config):
    """Static pages (404.html) carry the policy too; sitemap.xml is not HTML."""
    if not template_name.endswith(".html"):
        return output_content
    return security.with_policy(output_content, shims=_shims)
