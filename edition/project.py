"""One paper's project as the configuration describes it: where its files are, which pages hold
the apparatus, what it is called. Made once per build from mkdocs.yml (``from_config``); every
concern reads its paths and names from here, so nothing in the package names a paper.

A file the configuration names that does not exist, or a page the fidelity block covers that
is not found, is a problem at that option's line in mkdocs.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from edition.common import slots
from edition.common.diagnostics import Diagnostic
from edition.common.text import read_text, setting_position
from edition.crossrefs.labels import QUARTO_KINDS, Kinds
from edition.fidelity.settings import Fidelity, Part
from edition import words
from edition.words import ENGLISH, Words

# Pages the plugin adds when no page asks for the content: (src, title, slot).
BIBLIOGRAPHY_PAGE = ("bibliography.md", "Bibliography", slots.BIBLIOGRAPHY)
GLOSSARY_PAGE = ("glossary.md", "Glossary", slots.GLOSSARY)


# Settings once read from extra: (the old name -> the plugin option that replaced it).
_CITATION_OPTIONS = {"citation_style": "csl", "citation_csl": "csl", "citation_locale": "csl_locale",
                     "citation_language": "csl_locale", "citation_bibliography": "bibliography"}


# Keys of extra: that the edition reads (offline_edition, polyfills: mkdocs-offline.yml) or
# Material does: a name close to one of them is a slip.
_EXTRA_READ = ("offline_edition", "polyfills", "social", "analytics", "consent", "generator",
               "alternate", "version", "homepage", "tags", "status", "annotate")


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", re.sub(r"\[[^\]]*\]", "", text.lower()))
    return "-".join(words[:8]) or "edition"


@dataclass
class Project:
    root: Path                              # the folder of mkdocs.yml
    docs: Path                              # docs_dir
    config_file: str = "mkdocs.yml"         # as messages name it
    bibliography: tuple[str, ...] = ()      # paths relative to root
    csl: str = "chicago-author-date"
    csl_locale: str = "en-US"
    uncited: str = "warn"
    page_references: bool = False           # a References list at the end of each citing page
    nocite: tuple[str, ...] = ()            # keys listed though not cited ("*": every entry)
    glossary_file: str | None = None
    first_use_expansion: bool = True
    not_glossed: tuple[str, ...] = ()
    notes_page: str | None = None
    referenced_once: bool = True
    reading_order: bool = True
    gapless: bool = True
    crossref_kinds: dict[str, str] = field(default_factory=dict)
    lists: bool = False
    fidelity: Fidelity | None = None
    # The edition as a work: its title, the words about its authors, its bundle's name...
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    authors_note: str = ""
    date: str = ""
    language: str = "en"
    subject: str = ""
    keywords: tuple[str, ...] = ()
    license: str = ""
    bundle_name: str = "edition"
    words: Words = field(default_factory=lambda: ENGLISH)
    # Decided once the pages are known (``place_apparatus``).
    bib_page: str | None = None
    glossary_page: str | None = None
    added_pages: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def from_config(cls, config, options) -> Project:
        root = Path(config["config_file_path"]).parent
        docs = Path(config["docs_dir"])
        meta = options.metadata
        title = meta.title or config["site_name"] or ""
        kinds = Kinds({**QUARTO_KINDS, **options.crossref_kinds})
        fidelity = None
        f = options.fidelity
        if f.source or f.ledger or f.parts or f.citation_map:
            fidelity = Fidelity(root, docs, f.source or "", f.ledger or "", f.citation_map,
                                tuple(Part(p.name, p.lines[0], p.lines[-1], tuple(p.pages))
                                      for p in f.parts if p.lines),
                                f.notes_part or "", options.notes.page,
                                kinds)
        project = cls(
            root=root, docs=docs, config_file=Path(config["config_file_path"]).name,
            bibliography=tuple(options.bibliography), csl=options.csl,
            csl_locale=options.csl_locale, uncited=options.uncited,
            page_references=options.page_references,
            nocite=tuple(k.strip().removeprefix("@") for k in options.nocite if k.strip()),
            glossary_file=options.glossary, first_use_expansion=options.first_use_expansion,
            not_glossed=tuple(options.not_glossed), notes_page=options.notes.page,
            referenced_once=options.notes.referenced_once,
            reading_order=options.notes.reading_order, gapless=options.notes.gapless,
            crossref_kinds=dict(kinds.names), lists=options.lists, fidelity=fidelity,
            title=title, subtitle=meta.subtitle or "", authors=tuple(meta.authors),
            authors_note=meta.authors_note or "", date=meta.date or "",
            language=meta.language or str(config["theme"]["language"] or "en"),
            subject=meta.subject or config.get("site_description") or "",
            keywords=tuple(meta.keywords), license=meta.license or "",
            bundle_name=meta.bundle_name or slug(title))
        language = meta.language or str(config["theme"]["language"] or "en")
        project.words, unknown = words.load(language, options.words)
        project.problems = project._missing_files() + project._option_problems(options)
        if unknown:
            line, col = setting_position(root / project.config_file, "words")
            project.problems.append(Diagnostic(
                project.config_file, line, "no reader-facing words are named "
                + ", ".join(f"'{name}'" for name in unknown) + " (plugins: edition: words)",
                "the names are those of edition/words/en.yml, e.g. cited_in, note", col=col))
        project.problems += project._stale_extra(config["extra"] or {})
        return project

    def _stale_extra(self, extra) -> list[Diagnostic]:
        """``extra.citation_*``: the old place of the citation settings, read by nothing now;
        a near miss of a key the edition or its theme reads (``ofline_edition``)."""
        import difflib
        problems = []
        for name in (str(n) for n in extra if n not in _EXTRA_READ and not str(n).startswith("citation_")):
            close = difflib.get_close_matches(name, _EXTRA_READ, n=1, cutoff=0.8)
            if close:
                line, col = setting_position(self.root / self.config_file, name)
                problems.append(Diagnostic(
                    self.config_file, line, f"extra.{name} is read by nothing: did you mean "
                    f"extra.{close[0]}?", f"correct the name; as it is, {close[0]} is not set",
                    "warning", col))
        for name in (n for n in extra if str(n).startswith("citation_")):
            option = _CITATION_OPTIONS.get(name)
            line, col = setting_position(self.root / self.config_file, name)
            problems.append(Diagnostic(
                self.config_file, line, f"extra.{name} is not read by the edition"
                + (f": the plugin option {option} is" if option else ""),
                (f"set {option}: {extra[name]} under plugins: - edition: and remove it from extra"
                 if option else "the citation options are the plugin's: csl, csl_locale, uncited "
                 "(README, 'Options'); remove it from extra"), "warning", col))
        return problems

    # -- how things are named ------------------------------------------------------------

    @property
    def docs_shown(self) -> str:
        """docs_dir as messages name it (relative to the project, as editors see it)."""
        try:
            return self.docs.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return self.docs.as_posix()

    def shown(self, src: str) -> str:
        """A page's path as messages name it: ``docs/overview.md``."""
        return f"{self.docs_shown}/{src}"

    @property
    def cache(self) -> Path:
        return self.root / ".cache" / "edition"

    def watched(self) -> list[str]:
        files = list(self.bibliography) + ([self.glossary_file] if self.glossary_file else [])
        if self.fidelity is not None:
            files += [f for f in (self.fidelity.source, self.fidelity.ledger,
                                  self.fidelity.citation_map) if f]
        return [str(self.root / f) for f in files]

    # -- what must exist ----------------------------------------------------------------

    def _missing_files(self) -> list[Diagnostic]:
        problems = []

        def missing(option: str, path: str, what: str, hint: str) -> None:
            line, col = setting_position(self.root / self.config_file, option)
            problems.append(Diagnostic(self.config_file, line,
                                       f"{what} '{path}' (plugins: edition: {option}) does not exist",
                                       hint, col=col))

        for path in self.bibliography:
            if not (self.root / path).is_file():
                missing("bibliography", path, "the bibliography file",
                        "create it, or correct the path (relative to mkdocs.yml)")
        if self.glossary_file and not (self.root / self.glossary_file).is_file():
            missing("glossary", self.glossary_file, "the glossary file",
                    "create it, or correct the path (relative to mkdocs.yml); the glossary is "
                    "optional: remove the option to build without one")
        if self.notes_page and not (self.docs / self.notes_page).is_file():
            missing("page", self.notes_page, "the notes page",
                    f"create {self.shown(self.notes_page)}, or remove notes: page: so that each "
                    "page defines the notes it uses")
        if self.fidelity is not None:
            for option in ("source", "ledger"):
                if not getattr(self.fidelity, option):
                    line, col = setting_position(self.root / self.config_file, "fidelity")
                    problems.append(Diagnostic(self.config_file, line, f"the fidelity block "
                                               f"names no {option}", f"add {option}: (a path "
                                               "relative to mkdocs.yml) under fidelity:", col=col))
            for option in ("source", "ledger", "citation_map"):
                path = getattr(self.fidelity, option)
                if path and not (self.root / path).is_file():
                    missing(option, path, f"the fidelity check's {option.replace('_', ' ')}",
                            "the fidelity check is configured and cannot run without it: restore "
                            "the file or correct the path (removing the fidelity block turns the "
                            "check off)")
            for part in self.fidelity.parts:
                for page in part.pages:
                    if not (self.docs / page).is_file():
                        missing("pages", page, f"the page of the fidelity part '{part.name}'",
                                f"a page the fidelity check covers is missing from "
                                f"{self.docs_shown}/: if it was renamed, rename it under "
                                "fidelity: parts: pages: too")
            if not self.fidelity.parts:
                missing("parts", "(none)", "the fidelity check's parts",
                        "list the parts of the source and the pages that hold them")
        return problems

    def _option_problems(self, options) -> list[Diagnostic]:
        """Options whose values are of the right type but name nothing that is there: a page
        not_glossed that does not exist, a kind's name that is no text, a fidelity part's lines
        outside the source."""
        import difflib
        from edition import settings
        problems = []
        config_path = self.root / self.config_file

        def at(names: list, message: str, hint: str) -> None:
            shown, line, col, _ = settings.position(config_path, ["plugins", "edition", *names])
            problems.append(Diagnostic(shown, line, message, hint, col=col))

        pages = sorted(p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")) \
            if self.docs.is_dir() else []
        for i, page in enumerate(options.not_glossed):
            if page not in pages:
                close = difflib.get_close_matches(page, pages, n=1)
                at(["not_glossed", i], f"not_glossed names '{page}', which is not a page under "
                   f"{self.docs_shown}/", f"did you mean {close[0]}?" if close else
                   f"name a page by its path under {self.docs_shown}/, e.g. about.md")
        for kind, name in options.crossref_kinds.items():
            if not isinstance(name, str) or not name.strip():
                at(["crossref_kinds", str(kind)], f"the cross-reference kind '{kind}' is named "
                   f"{name!r}, not a word", f"write the word readers see, e.g. {kind}: "
                   "Recommendation")
        fidelity = self.fidelity
        if fidelity is not None and (self.root / fidelity.source).is_file():
            try:
                count = len(read_text(self.root / fidelity.source).splitlines())
            except UnicodeDecodeError:
                count = None  # told at its byte by the fidelity check
            for i, part in enumerate(options.fidelity.parts):
                lines = list(part.lines)
                if len(lines) != 2 or not 1 <= lines[0] <= lines[-1] or \
                        count is not None and lines[-1] > count:
                    at(["fidelity", "parts", i, "lines"], f"the fidelity part '{part.name}' has "
                       f"lines {lines}, not [first, last] of the source's {count} lines"
                       if count is not None else f"the fidelity part '{part.name}' has lines "
                       f"{lines}, not [first, last]",
                       f"write the first and the last line of {fidelity.source} the part's "
                       "pages hold, e.g. lines: [1, 362]")
                    # Not checked against lines it does not have (the message above is the cause).
                    self.fidelity = replace(self.fidelity, parts=tuple(
                        p for p in self.fidelity.parts if p.name != part.name))
            names = [p.name for p in options.fidelity.parts]
            if fidelity.notes_part and fidelity.notes_part not in names and names:
                meant = difflib.get_close_matches(fidelity.notes_part, names, n=1, cutoff=0)[0]
                at(["fidelity", "notes_part"], f"notes_part names '{fidelity.notes_part}', which "
                   "is not a part of the fidelity block", f"did you mean '{meant}'? (its parts: "
                   + ", ".join(names) + ")")
                # The check runs as meant: the map unapplied, every citation would differ.
                self.fidelity = replace(self.fidelity, notes_part=meant)
        return problems

    # -- the apparatus pages --------------------------------------------------------------

    def place_apparatus(self, pages: dict[str, str], has_entries: bool,
                        has_terms: bool) -> list[tuple[str, str]]:
        """Which pages show the Bibliography and the Glossary: the page whose source asks for
        it (``<!-- edition:bibliography -->``), or one the plugin adds. ``pages``: every page's
        src -> its Markdown. Returns the pages to add, (src, Markdown)."""
        added = []
        self.added_pages = []
        for (src, title, name), wanted, attr in ((BIBLIOGRAPHY_PAGE, has_entries, "bib_page"),
                                                  (GLOSSARY_PAGE, has_terms, "glossary_page")):
            marker = slots.marker(name)
            asking = [page for page, text in pages.items() if marker in text]
            if asking:
                setattr(self, attr, sorted(asking)[0])
            elif wanted and src not in pages:
                setattr(self, attr, src)
                shown = self.words(f"{name}_title")
                added.append((src, f"# {shown}\n\n{marker}\n"))
                self.added_pages.append((src, shown))
            else:
                setattr(self, attr, None)
        return added

    def bibliography_files(self) -> list[tuple[str, Path]]:
        """The .bib files as written, served beside the site (each card links its entry)."""
        return [(path, self.root / path) for path in self.bibliography
                if (self.root / path).is_file() and path.lower().endswith(".bib")]

    @property
    def not_glossed_pages(self) -> tuple[str, ...]:
        apparatus = tuple(p for p in (self.glossary_page, self.bib_page) if p)
        return apparatus + self.not_glossed

    def apparatus_kinds(self, labels):
        """(src, search kind) of the pages split into one search entry per item."""
        from edition import search
        out = []
        if self.notes_page:
            out.append((self.notes_page, search.NOTES))
        if self.bib_page:
            out.append((self.bib_page, search.bibliography(labels)))
        if self.glossary_page:
            out.append((self.glossary_page, search.GLOSSARY))
        return out
