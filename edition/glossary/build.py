"""The glossary of one build: glossary.yml read once, terms linked as each page renders, and the
Glossary page with every term's uses once all pages are rendered."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass, field

from edition.common.diagnostics import Diagnostic
from edition.common.links import Place
from edition.common.uses import Uses
from edition.glossary import model
from edition.glossary.definitions import Definitions
from edition.glossary.extension import GlossaryExtension, GlossaryPage


@dataclass
class GlossaryBuild:
    glossary: model.Glossary
    project: object                       # edition.project.Project: its pages and options
    reading_order: dict[str, int] = field(default_factory=dict)
    occurrences: list[model.Occurrence] = field(default_factory=list)
    current: GlossaryPage = field(default_factory=GlossaryPage)
    uses: Uses = field(default_factory=Uses)
    _place: Place | None = None
    _pages: dict[str, tuple[Place, GlossaryPage]] = field(default_factory=dict)
    definitions: Definitions | None = None
    # (place, record) -> where the citations and cross-references of a definition are rendered
    aside: Callable[[Place, str, bool], ContextManager] | None = None
    on_glossary_page: dict[str, str] = field(default_factory=dict)  # term -> its definition

    def render_definitions_with(self, extensions: list,
                                aside: Callable[[Place, str, bool], ContextManager]) -> None:
        """Definitions are Markdown, rendered with ``extensions`` inside ``aside(place, stem,
        record)``, which points the citations and cross-references at the page at ``place``."""
        self.definitions = Definitions(self.glossary, extensions)
        self.aside = aside

    def _definition(self, place: Place, record: bool) -> Callable[[model.Term], str]:
        def html(term: model.Term) -> str:
            if self.definitions is None or self.aside is None:
                return model.escaped(term)
            # Ids unique in the single-file edition too: the page's, then the term's.
            stem = re.sub(r"[^\w-]+", "-", place.src.removesuffix(".md")) + "-" + term.slug
            with self.aside(place, stem, record):
                return self.definitions.html(term, plain=not record)
        return html

    def glossary_page_done(self) -> None:
        """The Glossary page is rendered: its definitions are rendered as part of it (their
        citations are the page's: counted, listed in the Bibliography)."""
        if self._place is None or self._place.src != self.project.glossary_page:
            return
        render = self._definition(self._place, True)
        self.on_glossary_page = {name: render(term) for name, term in self.glossary.terms.items()}

    @classmethod
    def load(cls, project) -> GlossaryBuild:
        if not project.glossary_file:
            return cls(model.Glossary(""), project)
        return cls(model.load(project.root / project.glossary_file, project.glossary_file), project)

    @property
    def has_terms(self) -> bool:
        return bool(self.glossary.terms)

    def extension(self) -> GlossaryExtension:
        return GlossaryExtension(self.glossary, lambda: self.current)

    def page(self, place: Place) -> None:
        self._place = place
        project = self.project
        self.current = GlossaryPage(place.src, place.src not in project.not_glossed_pages,
                                    project.notes_page is None or place.src == project.notes_page,
                                    place.href(project.glossary_page, "") if project.glossary_page
                                    else "", project.first_use_expansion)

    def page_done(self) -> None:
        """A page is rendered: keep its uses (its cards wait for every page: they count the
        term's uses across the edition)."""
        page = self.current
        self.occurrences.extend(page.occurrences)
        for term, anchor, note, counted in page.uses:
            self.uses.add(term, page.src, anchor, note or None, counted)
        self._pages[page.src] = (self._place, page)

    def templates(self, src: str) -> list[str]:
        """The page's cards, each with the term's uses across the edition ("3 of 7"), once
        every page is rendered. Made as the page is written, not all at once: no page's cards
        wait in memory for the others."""
        if src not in self._pages:
            return []
        place, page = self._pages[src]
        return [model.card_template(self.glossary.terms[t], page.href,
                                    self.uses.card_html(place, t, self.reading_order, "used",
                                                        self.project.words), self.project.words,
                                    self._definition(place, False))
                for t in sorted(page.used)]

    def release(self) -> None:
        """Every page is written: its terms and their uses are no longer needed."""
        self.occurrences, self.uses, self._pages, self.on_glossary_page = [], Uses(), {}, {}
        self.current = GlossaryPage()

    def glossary_html(self, place: Place) -> str:
        """The Glossary page's entries, each with where it is used (all pages rendered)."""
        order = self.reading_order
        by_term: dict[str, list[model.Occurrence]] = {}
        for o in sorted(self.occurrences, key=lambda o: (order.get(o.page, len(order)), o.offset)):
            by_term.setdefault(o.term, []).append(o)
        words = self.project.words
        fallback = self._definition(place, False)
        return model.glossary_html(self.glossary, lambda term: model.uses_html(
            by_term.get(term, []), lambda src, section: place.href(src, section), words), words,
            lambda term: self.on_glossary_page.get(term.term) or fallback(term))

    def finish(self, counted: bool = True) -> list[Diagnostic]:
        """What is wrong with glossary.yml, and the terms the text never uses (``counted``:
        whether every page's words were read: not when the notes page is missing, whose notes
        would all seem to use no term)."""
        if self.definitions is not None:  # each definition checked, even where none is shown
            check = self._definition(self._place or Place("", lambda s, f="": "", str), False)
            for term in self.glossary.terms.values():
                check(term)
        told = self.definitions.all_problems() if self.definitions is not None else []
        unused = model.unused(self.glossary, {o.term for o in self.occurrences}) if counted else []
        return self.glossary.problems + told + unused
