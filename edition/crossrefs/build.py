"""The cross-references of one build: every label read from the sources before any page is
rendered, references resolved and previews read as each page renders, and each page's cards
once every page is rendered (a reference may point to a later page)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from edition.common.links import Place
from edition.crossrefs import model
from edition.crossrefs.extension import CrossrefsExtension, CrossrefsPage
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds
from edition.crossrefs.model import Label
from edition.words import ENGLISH, Words


@dataclass
class CrossrefsBuild:
    keys: set[str]                                   # citation keys: a label must not be one
    kinds: Kinds = DEFAULT_KINDS
    docs: str = "docs"                               # docs_dir as messages name it
    words: Words = ENGLISH
    index: dict[str, Label] = field(default_factory=dict)
    by_page: dict[str, set[str]] = field(default_factory=dict)  # page src -> labels it defines
    current: CrossrefsPage = field(default_factory=CrossrefsPage)
    used: dict[str, tuple[Place, set[str]]] = field(default_factory=dict)  # page src -> labels
    templates: dict[str, list[str]] = field(default_factory=dict)
    previews: dict[str, str] = field(default_factory=dict)   # label -> its card's text

    def index_labels(self, pages: list[tuple[str, str, str]]) -> None:
        """Every label of the edition, from the pages' sources ((src, title, Markdown) each).
        What is wrong with them is told by the checks, on the same sources."""
        found = [label for src, _, text in pages for label in model.collect(text, src, self.kinds)]
        index, _ = model.check(found, self.keys, self.kinds, self.docs)
        self.index.clear()
        self.index.update(index)
        self.by_page.clear()
        for label in index.values():
            self.by_page.setdefault(label.page, set()).add(label.name)

    def extension(self) -> CrossrefsExtension:
        return CrossrefsExtension(self.index, lambda: self.current, self.kinds)

    def page(self, place: Place) -> None:
        self.current = CrossrefsPage(lambda label: place.href(label.page, label.name),
                                     self.by_page.get(place.src, set()))
        self.used[place.src] = (place, self.current.used)

    @contextmanager
    def aside(self, place: Place, record: bool) -> Iterator[None]:
        """Render text that is not the page's Markdown (a glossary definition) for the page at
        ``place``. ``record``: its references are the page's own (the page being rendered, whose
        cards they get); otherwise nothing is kept."""
        page = self.current
        if not record:
            self.current = CrossrefsPage(lambda label: place.href(label.page, label.name),
                                         self.by_page.get(place.src, set()))
        try:
            yield
        finally:
            self.current = page

    def page_done(self) -> None:
        self.previews.update(self.current.previews)

    def finish(self) -> None:
        """Each page's cards, with the previews of their targets (every page rendered)."""
        for src, (place, used) in self.used.items():
            self.templates[src] = [
                model.card_template(self.index[name], self.index, self.previews.get(name, ""),
                                    place.href(self.index[name].page, name), self.kinds,
                                    self.words)
                for name in sorted(used)]
