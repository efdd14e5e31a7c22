"""The cross-references of one build: every label read from the sources before any page is
rendered, references resolved as each page renders, and each card's preview once the pages it
quotes are rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.common.links import Place
from edition.crossrefs import model
from edition.crossrefs.extension import CrossrefsExtension, CrossrefsPage
from edition.crossrefs.model import Label


@dataclass
class CrossrefsBuild:
    keys: set[str]                                   # citation keys: a label must not be one
    index: dict[str, Label] = field(default_factory=dict)
    current: CrossrefsPage = field(default_factory=CrossrefsPage)
    used: dict[str, tuple[Place, set[str]]] = field(default_factory=dict)  # page src -> labels
    templates: dict[str, list[str]] = field(default_factory=dict)

    def index_labels(self, pages: list[tuple[str, str, str]]) -> None:
        """Every label of the edition, from the pages' sources ((src, title, Markdown) each).
        What is wrong with them is told by the checks, on the same sources."""
        found = [label for src, _, text in pages for label in model.collect(text, src)]
        index, _ = model.check(found, self.keys)
        self.index.clear()
        self.index.update(index)

    def extension(self) -> CrossrefsExtension:
        return CrossrefsExtension(self.index, lambda: self.current)

    def page(self, place: Place) -> None:
        self.current = CrossrefsPage(lambda label: place.href(label.page, label.name))
        self.used[place.src] = (place, self.current.used)

    def finish(self, contents: dict[str, str]) -> None:
        """Each page's cards, with previews of their targets (``contents``: page src -> HTML of
        every rendered page)."""
        by_page: dict[str, list[str]] = {}
        for label in self.index.values():
            by_page.setdefault(label.page, []).append(label.name)
        previews: dict[str, str] = {}

        def preview(name: str) -> str:
            if name not in previews:
                page = self.index[name].page
                previews.update(model.previews(contents.get(page, ""), by_page[page]))
                previews.setdefault(name, "")
            return previews[name]

        for src, (place, used) in self.used.items():
            self.templates[src] = [
                model.card_template(self.index[name], self.index, preview(name),
                                    place.href(self.index[name].page, name))
                for name in sorted(used)]

