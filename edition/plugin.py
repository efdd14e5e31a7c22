"""The MkDocs plugin ``edition``: MkDocs' events -> the edition's build objects.

Each concern (notes, cross-references, citations, glossary, editorial marks, downloads,
metadata, search) has a build object that holds one build's state and runs without MkDocs; this
class creates them from the configuration in ``on_config`` and hands each event to them, in the
order the concerns need (``edition.pipeline``). All state lives on the plugin instance: a new
build (``mkdocs serve`` rebuilds) starts afresh in ``on_config``.

Where an event must run before or after another plugin's, its priority says so (as mkdocstrings
and mkdocs-autorefs do): the search entries are written after Material's search plugin (0) and
before its offline plugin (-100); the problems are told last.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, _add_previous_and_next_links
from mkdocs.structure.pages import Page

from edition import checks, metadata, mkdocs_site, pipeline, search, security, settings
from edition.checks import ChecksBuild
from edition.citations.build import CitationsBuild
from edition.citations import library as bibtex
from edition.citations import syntax as citation_syntax
from edition.common import cards, slots
from edition.common import sources as source_files, text as source_text
from edition.common.diagnostics import Diagnostic, Report, SourceError
from edition.common.text import setting_position
from edition.config import EditionConfig
from edition.crossrefs.build import CrossrefsBuild
from edition.crossrefs.labels import Kinds
from edition.downloads import DownloadsBuild
from edition.editorial.marks import EditorialExtension
from edition.fidelity import citation_map, ledger, tables
from edition.glossary.build import GlossaryBuild
from edition.lists.extension import PaperListsExtension
from edition.notes.build import NotesBuild
from edition.project import Project
from edition.templates_cache import CompiledTemplates

log = logging.getLogger("mkdocs.plugins.edition")
ASSETS = Path(__file__).parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"
# The reader's assets, as the site serves them (site path -> file in the package).
CSS = ("assets/edition.css", "assets/print.css")
JS = ("assets/cards.js",)
# Vendored for Material's offline plugin (search from file://), with its licence.
VENDORED = ("assets/vendor/iframe-worker-shim.js", "assets/vendor/iframe-worker-LICENSE.txt")


# MkDocs' validation of what the edition tells at its line (edition.checks).
COVERED_VALIDATION = (("nav", "omitted_files"), ("nav", "not_found"), ("nav", "absolute_links"),
                      ("links", "not_found"), ("links", "anchors"), ("links", "absolute_links"))
NEEDED_EXTENSIONS = ("footnotes", "attr_list", "toc")
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def _forget_reads() -> None:
    """The sources' texts and what the checks parsed from them, memoised while the checks and
    the pages read them (before and during rendering): once every page is rendered, a copy of
    each source (and of its masked text) in memory for nothing."""
    source_files.forget()
    source_text.masked_code.cache_clear()
    citation_syntax.forget()


class EditionPlugin(BasePlugin[EditionConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.port_checked = False
        self.report = Report()
        # Kept from one rebuild of `mkdocs serve` to the next: MkDocs keeps a plugin with
        # on_startup for the whole session.
        self.compiled_templates = CompiledTemplates()

    # -- configuration ---------------------------------------------------------------------

    def load_config(self, options, config_file_path=None):
        """Every unknown or misspelt option is an error at its line in mkdocs.yml, not a
        warning without a place (MkDocs' own)."""
        # MkDocs' own messages about the rest of mkdocs.yml, logged once every setting is read,
        # are told at their line too (edition.settings).
        settings.install(config_file_path)
        errors, warnings = super().load_config(options, config_file_path)
        located = []
        for name, problem in list(errors) + list(warnings):
            line, col = setting_position(config_file_path, name.split(".")[-1]) \
                if config_file_path else (1, 1)
            where = f"{Path(config_file_path).name}:{line}:{col}" if config_file_path else "mkdocs.yml"
            value = options
            for part in name.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            said = settings.in_words(f"option {name}", str(problem), value if isinstance(value, str) else None)
            said = said if said != str(problem) else f"option '{name}': {problem}"
            located.append((name, base.ValidationError(
                f"\n{where}: error: plugin 'edition', {said}\n    hint: the "
                "options are listed in the README, 'Use it for your own paper'")))
        return located, []

    def on_startup(self, *, command, dirty):
        self.command = command
        if dirty:
            # A dirty rebuild renders only the changed pages, so every count across pages
            # ("cited in notes 2 and 64", "3 of 7") would be made from part of the edition.
            raise PluginError("the edition cannot be built with --dirty: its notes, citations "
                              "and terms are counted across every page; run it without --dirty")

    @event_priority(pipeline.FIRST)
    def on_config(self, config):
        if not self.config.enabled:
            return config
        if self.command == "serve" and not self.port_checked:
            # Before the first build, not after it: MkDocs binds the port only once the site is
            # built, and a busy one stops it there with a traceback.
            self.port_checked = True
            busy = settings.port_problem(*config["dev_addr"])
            if busy:
                raise PluginError(busy)
        self.report = Report()
        self.slots = slots.Slots()
        self.project = project = Project.from_config(config, self.config)
        self.report.extend(project.problems)
        # Each source is read once per build and shared by every concern.
        self.library = bibtex.load_all(project.root, project.bibliography, project.cache)
        self.kinds = Kinds(project.crossref_kinds)
        self.checks = ChecksBuild(project, self.library, self.kinds,
                                  absolute_links=self._validation(config))
        self.notes = NotesBuild.load(project)
        self.crossrefs = CrossrefsBuild(set(self.library.entries), self.kinds, project.docs_shown,
                                        project.words)
        self.citations = CitationsBuild.load(project, self.library, self.kinds)
        self.citations.note_href = self.notes.note_href
        self.crossrefs.cite = self.citations.plain_text  # a heading's citation, in its name
        if self.citations.style_problem:
            self._tell_setting("csl", self.citations.style_problem,
                               "set csl to a .csl file of the project or a style name such as "
                               "chicago-author-date or apa")
        self.glossary = GlossaryBuild.load(project)
        self.checks.glossary = self.glossary.glossary
        self.downloads = DownloadsBuild.load(project, os.environ.get("EDITION_DOWNLOADS", ""),
                                             bool(config["extra"].get("offline_edition")))
        self.report.extend(self.downloads.problems)
        self.metadata = metadata.MetadataBuild.load(project, config, self.citations.formatter.style)

        # What the edition's syntax needs of Python-Markdown: footnotes ([^1]), attribute lists
        # ({#sec-x}), the table of contents (heading ids); a site that lists them keeps its own.
        for name in NEEDED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.markdown_extensions.append(self.notes.extension())
        config.markdown_extensions.append(self.crossrefs.extension())
        config.markdown_extensions.append(self.citations.extension())
        config.markdown_extensions.append(self.glossary.extension())
        config.markdown_extensions.append(EditorialExtension())
        if project.lists:
            config.markdown_extensions.append(PaperListsExtension())
        # A definition reads as a sentence of a page: the edition's inline syntax, no terms.
        self.glossary.render_definitions_with(
            [self.crossrefs.extension(), self.citations.extension(), EditorialExtension()],
            self._aside)

        self.slots.provide(slots.BIBLIOGRAPHY, self.citations.bibliography)
        self.slots.provide(slots.CITATION_STYLE,
                           lambda place: html.escape(self.citations.style_title()))
        self.slots.provide(slots.GLOSSARY, self.glossary.glossary_html)
        self.slots.provide(slots.DOWNLOADS, self.downloads.html)
        self.slots.provide(slots.CITE, self.metadata.cite_box)
        if project.fidelity is not None:
            self.slots.provide(slots.EMENDATIONS, lambda place: self._table(
                ledger.load, project.fidelity.ledger_path, tables.render, project.fidelity.source))
            if project.fidelity.citation_map:
                self.slots.provide(slots.CITATION_MAP, lambda place: self._table(
                    citation_map.load, project.fidelity.citation_map_path, tables.render_markup,
                    project.fidelity.citation_map))

        # No third-party request, so the site and its offline bundle work without a network:
        # Material's default font comes from Google Fonts; a site that names a font keeps it.
        if config.theme.get("font") == MATERIAL_DEFAULT_FONT:
            config.theme["font"] = False
        # The reader's assets and the template overrides ship in the package.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        for path in CSS:
            if path not in config.extra_css:
                config.extra_css.append(path)
        for path in JS:
            if path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        # `mkdocs serve` rebuilds when the sources outside docs/ change too.
        for path in project.watched():
            if path not in config.watch:
                config.watch.append(path)
        return config

    def _validation(self, config) -> bool:
        """MkDocs' own link checks: quiet (info) where the edition tells the same at its line,
        so each problem is told once; on (warn) for links it cannot resolve, which the edition
        does not look at (a folder's address), unless mkdocs.yml says otherwise. Returns whether
        the edition tells absolute links (not when MkDocs reads them from docs/)."""
        from mkdocs.structure.pages import _AbsoluteLinksValidationValue as Absolute
        validation = config.validation
        relative_to_docs = Absolute.RELATIVE_TO_DOCS in (validation.links.absolute_links,
                                                         validation.nav.absolute_links)
        for group, name in COVERED_VALIDATION:
            if name == "absolute_links" and relative_to_docs:
                continue
            validation[group][name] = min(validation[group][name], logging.INFO)
        config_file = Path(config["config_file_path"])
        if settings.position(config_file, ["validation", "links", "unrecognized_links"])[3] is None:
            validation.links.unrecognized_links = logging.WARNING
        return not relative_to_docs

    @contextlib.contextmanager
    def _aside(self, place, stem: str, record: bool):
        """Citations and cross-references of text that is not a page's Markdown (a glossary
        definition), rendered for the page at ``place``: the page's own if ``record``."""
        with self.crossrefs.aside(place, record), self.citations.aside(place, stem, record):
            yield

    def _table(self, load, path: Path, render, shown: str) -> str:
        try:
            entries = load(path, shown)
        except SourceError:  # told, with its line, by the checks
            entries = []
        except OSError:  # a missing file: told at its option's line in mkdocs.yml
            entries = []
        return render(entries, shown)

    def _tell_setting(self, name: str, message: str, hint: str) -> None:
        config_file = self.project.config_file
        line, col = setting_position(self.project.root / config_file, name)
        self.report.add(Diagnostic(config_file, line, message, hint, col=col))

    # -- files and nav -------------------------------------------------------------------

    @event_priority(pipeline.FIRST)
    def on_files(self, files, *, config):
        if not self.config.enabled:
            return files
        for site_path in CSS + JS + VENDORED:
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path,
                                            abs_src_path=str(ASSETS / site_path.removeprefix("assets/"))))
        pages = {f.src_uri: mkdocs_site.source(f.abs_src_path) or ""
                 for f in files.documentation_pages() if f.abs_src_path}
        for name, content in self.project.place_apparatus(pages, bool(self.library.entries),
                                                          self.glossary.has_terms):
            files.append(File.generated(config, name, content=content))
        if config["nav"] is not None:  # a nav written out: the added pages at its end
            config["nav"] = list(config["nav"]) + [{title: src} for src, title in self.project.added_pages]
        for name, path in self.project.bibliography_files():
            files.append(File.generated(config, name, abs_src_path=str(path)))
        for site_path, content in self.citations.exported_files():
            files.append(File.generated(config, site_path, content=content))
        for site_path, path in self.downloads.site_paths():
            files.append(File.generated(config, site_path, abs_src_path=str(path)))
        for site_path, content in self.metadata.cite_files().items():
            files.append(File.generated(config, site_path, content=content))
        return files

    @event_priority(pipeline.FIRST)
    def on_nav(self, nav, *, config, files):
        if not self.config.enabled:
            return nav
        self._add_apparatus_to_nav(nav, config, files)
        problems, fatal = self.checks.sources(
            [p.file.src_uri for p in nav.pages], [f.src_uri for f in files.documentation_pages()],
            {f.src_uri: f.content_string for f in files.documentation_pages() if not f.abs_src_path})
        self.report.extend(problems)
        self.report.extend(checks.nav_link_problems(
            mkdocs_site.missing_nav_links(nav), self.project.root / self.project.config_file,
            self.project.config_file, [f.src_uri for f in files.documentation_pages()],
            self.project.docs_shown))
        if self.checks.absolute_links:
            self.report.extend(checks.absolute_nav_problems(
                mkdocs_site.absolute_nav_links(nav), self.project.root / self.project.config_file,
                self.project.config_file, [f.src_uri for f in files.documentation_pages()]))
        if fatal:
            raise PluginError(self._tell(failing=True))
        pages = mkdocs_site.in_reading_order(nav, files)
        order = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
        self.notes.index(pages)
        self.crossrefs.index_labels(pages)
        self.citations.reading_order = order
        self.citations.titles = {src: title for src, title, _ in pages}
        problem = self.citations.prepare([text for _, _, text in pages]
                                         + [t.definition for t in self.glossary.glossary.terms.values()])
        if problem:
            self._tell_setting("csl", problem, self.citations.prepare_hint
                               or "check csl under plugins: edition: in mkdocs.yml")
        self.glossary.reading_order = order
        self.metadata.prepare()
        return nav

    def _add_apparatus_to_nav(self, nav: Navigation, config, files) -> None:
        """The pages the plugin added (a Bibliography, a Glossary) at the end of a nav MkDocs
        made from the files (a nav written out has them at its end already: ``on_files``)."""
        added = {src for src, _ in self.project.added_pages}
        moved = [item for item in nav.items if isinstance(item, Page) and item.file.src_uri in added]
        if not moved:
            return
        nav.items[:] = [item for item in nav.items if item not in moved] + moved
        nav.pages[:] = [page for page in nav.pages if page not in moved] + moved
        _add_previous_and_next_links(nav.pages)

    # -- pages ----------------------------------------------------------------------------

    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return markdown
        place = mkdocs_site.place(page, files)
        markdown = self.notes.page(place, markdown)
        self.crossrefs.page(place)
        self.citations.page(place)
        self.glossary.page(place)
        return markdown

    def on_page_content(self, html_text, *, page, config, files):
        if not self.config.enabled:
            return html_text
        # Only the HTML the edition allows: anything else is an error where the editor wrote it
        # (the page, or the notes page for the notes it shows).
        findings = security.content_findings(html_text)
        if findings:
            project = self.project
            sources = [(project.shown(page.file.src_uri), mkdocs_site.markdown_of(page.file) or "")]
            if project.notes_page and page.file.src_uri != project.notes_page:
                sources.append((project.shown(project.notes_page),
                                mkdocs_site.source(project.docs / project.notes_page) or ""))
            self.report.extend(security.locate(findings, sources))
        self.glossary.glossary_page_done()  # (its definitions' citations are the page's own)
        self.crossrefs.page_done()
        self.citations.page_done()
        self.glossary.page_done()
        return html_text

    @event_priority(pipeline.FIRST)  # the content as Material's search reads it
    def on_page_context(self, context, *, page, config, nav):
        if self.config.enabled:
            self.search_pages[page.file.src_uri] = (page.url, page.content or "")
        return context

    def _finish_pages(self, env, *, config, files):
        self.crossrefs.finish()
        self.citations.finish()
        notes_page = self.project.notes_page
        self.report.extend(self.glossary.finish(
            counted=not notes_page or (self.project.docs / notes_page).is_file()))
        for file in files.documentation_pages():
            page = file.page
            if page is None or not page.content:
                continue
            place = mkdocs_site.place(page, files)
            page.content += self.citations.page_references(file.src_uri)
            page.content, unknown = self.slots.resolve(page.content, place)
            for name in unknown:
                self.report.add(self._unknown_slot(file, name))
        return env

    def _check_links(self, env, *, config, files):
        anchored = self.checks.anchored()
        ids = {f.src_uri: mkdocs_site.ids(f.page.content or "") if f.src_uri in anchored else set()
               for f in files.documentation_pages() if f.page is not None}
        self.report.extend(self.checks.finish(ids, {f.src_uri for f in files}))
        return env

    def _unknown_slot(self, file, name: str) -> Diagnostic:
        text = mkdocs_site.source(file.abs_src_path) or ""
        marker = slots.marker(name)
        before = text[: max(text.find(marker), 0)]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return Diagnostic(self.project.shown(file.src_uri), line,
                          f"the edition generates no content named '{name}' for {marker}",
                          "the names it fills in are " + ", ".join(sorted(self.slots.fillers)),
                          col=col)

    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            return env
        _forget_reads()
        env = self._finish_pages(env, config=config, files=files)
        env = self._check_links(env, config=config, files=files)
        return self.compiled_templates.attach(env)

    def on_pre_build(self, *, config):
        self.search_pages: dict[str, tuple[str, str]] = {}
        problem = security.output_problem(Path(config["site_dir"]))
        if problem is not None:
            raise PluginError(f"the build cannot start:\n{problem}")
        # The vendored iframe-worker shim (offline build) writes a script of its own: its hash
        # goes into the policy too.
        self.shims = tuple((ASSETS / str(p).removeprefix("assets/")).read_text(encoding="utf-8")
                           for p in config["extra"].get("polyfills") or ()
                           if "iframe-worker" in str(p)
                           and (ASSETS / str(p).removeprefix("assets/")).is_file())

    def _post_page(self, output, *, page, config):
        if not self.config.enabled:
            return output
        src = page.file.src_uri
        output = cards.inject(output, self.crossrefs.templates.get(src, []))
        output = cards.inject(output, self.citations.templates(src))
        output = cards.inject(output, self.glossary.templates(src))
        # The offline edition is not indexed and has no address: its pages keep the edition's
        # own tags, not one per cited work (they would take the zip over its size budget).
        works = [] if config["extra"].get("offline_edition") else \
            [self.library.entries[k] for k in self.citations.cited_on(src) if k in self.library.entries]
        title = None if page.is_homepage else page.title
        return metadata.inject_head(output, self.metadata.head_tags(title, works,
                                                                    page.canonical_url or ""))

    @event_priority(pipeline.LAST - 10)  # the page as readers get it: every plugin has added its part
    def _add_policy(self, output, *, page, config):
        """Every page carries a Content-Security-Policy made from the scripts it has."""
        if not self.config.enabled:
            return output
        return security.with_policy(output, shims=self.shims)

    on_post_page = CombinedEvent(_post_page, _add_policy)

    @event_priority(pipeline.LAST - 10)
    def on_post_template(self, output_content, *, template_name, config):
        """Static pages (404.html) carry the policy too; sitemap.xml is not HTML."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return security.with_policy(output_content, shims=self.shims)

    # -- the end of the build ---------------------------------------------------------------

    @event_priority(pipeline.FIRST)  # before Material's search writes its index
    def _release(self, *, config):
        """Every page is written: what only the pages needed (every use behind the cards' "3 of
        7", each page's citations and terms, the sources' reads) is let go before the search
        index is written and rewritten, the largest moment of the build."""
        if not self.config.enabled:
            return
        self.search_labels = self.citations.labels()
        self.citations.release()
        self.glossary.release()
        self.crossrefs.release()
        _forget_reads()

    @event_priority(pipeline.SEARCH)  # after Material's search (0), before its offline plugin (-100)
    def _write_search(self, *, config):
        if not self.config.enabled:
            return
        index = Path(config["site_dir"]) / "search" / "search_index.json"
        if not index.is_file():  # no search plugin
            return
        apparatus = self.project.apparatus_kinds(self.search_labels)
        if self.project.notes_page is None:  # each page's own footnotes, each its own result
            apparatus += [(src, search.FOOTNOTES) for src, (_, content) in self.search_pages.items()
                          if 'class="footnote"' in content and src not in dict(apparatus)]
        splits = [search.split(kind, content=self.search_pages[src][1], url=self.search_pages[src][0])
                  for src, kind in apparatus if src in self.search_pages]
        data = search.rewrite(index.read_text(encoding="utf-8"), splits)
        index.write_bytes(data.encode("utf-8"))
        script = index.with_name("search_index.js")
        if script.is_file():
            script.write_bytes(search.offline_script(data).encode("utf-8"))

    @event_priority(pipeline.LAST)  # last: after every concern has added what it found
    def _tell_problems(self, *, config):
        if not self.config.enabled or not self.report.problems:
            return
        failing = bool(self.report.errors) or bool(config["strict"])
        serving = self.command == "serve"
        message = self._tell(failing, serving)
        if failing and not serving:
            raise PluginError(message)
        (log.error if failing else log.warning)(message)

    on_post_build = CombinedEvent(_release, _write_search, _tell_problems)

    def _tell(self, failing: bool, serving: bool = False) -> str:
        """All problems as one message: MkDocs prints a failing build's message at error level,
        which ``-q`` does not hide."""
        listed = "\n".join(str(p) for p in self.report.ordered())
        if serving:
            outcome = "make check would fail; the preview shows this build" if failing else \
                "fix them before publishing"
        else:
            outcome = "the build fails" if failing else "fix them before publishing"
        # The first line carries MkDocs' level prefix; each problem then stands on a line of its
        # own, as `path:line:col: severity: message` for editors and for CI's problem matcher.
        return f"{self.report.summary()} in the edition's sources ({outcome}):\n{listed}"
