"""The cross-references of one build: every label read from the sources before any page is
rendered, references resolved and previews read as each page renders, and each page's cards
once every page is rendered (a reference may point to a later page)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from collections.abc import Callable

from edition.citations.syntax import Citation
from edition.common.links import Place
from edition.crossrefs import model, names
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
    # A citation of works -> how it reads in running text (the citations build knows; None:
    # an unknown key, left as written)
    cite: Callable[[Citation], str | None] = lambda citation: None
    titles: dict[str, names.Name] = field(default_factory=dict)  # heading label -> its name
    _naming: set[str] = field(default_factory=set)

    def index_labels(self, pages: list[tuple[str, str, str]]) -> None:
        """Every label of the edition, from the pages' sources ((src, title, Markdown) each).
        What is wrong with them is told by the checks, on the same sources."""
        found = [label for src, _, text in pages for label in model.collect(text, src, self.kinds)]
        index, _ = model.check(found, self.keys, self.kinds, self.docs)
        self.index.clear()
        self.index.update(index)
        self.titles.clear()
        self.by_page.clear()
        for label in index.values():
            self.by_page.setdefault(label.page, set()).add(label.name)

    def name(self, label: Label) -> names.Name:
        """A heading's title as a reference and its card name it: what it cites or references
        as they read (named once, when first asked: every citation is formatted by then)."""
        if label.name not in self.titles:
            self._naming.add(label.name)
            try:
                self.titles[label.name] = names.heading_name(label.text, self._refer)
            finally:
                self._naming.discard(label.name)
        return self.titles[label.name]

    def _refer(self, citation: Citation) -> str | None:
        items = citation.items
        if not all(self.kinds.is_label(i.key) for i in items):
            return self.cite(citation)
        if any(i.key not in self.index for i in items):
            return None  # told by the checks
        parts = []
        for item in items:
            label = self.index[item.key]
            # A title that references a heading whose title references it back: the kind's name
            shown = (self.kinds.name(label.name.split("-", 1)[0]) if label.name in self._naming
                     else model.display(label, self.index, self.kinds, self.name))
            parts.append(" ".join(p for p in (item.prefix, shown, item.suffix) if p))
        return "; ".join(parts)

    def extension(self) -> CrossrefsExtension:
        return CrossrefsExtension(self.index, lambda: self.current, self.kinds, self.name)

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

    def release(self) -> None:
        """Every page is written: its references and cards are no longer needed."""
        self.used, self.templates, self.previews = {}, {}, {}
        self.current = CrossrefsPage()

    def finish(self) -> None:
        """Each page's cards, with the previews of their targets (every page rendered)."""
        for src, (place, used) in self.used.items():
            self.templates[src] = [
                model.card_template(self.index[name], self.index, self.previews.get(name, ""),
                                    place.href(self.index[name].page, name), self.kinds,
                                    self.words, self.name)
                for name in sorted(used)]
