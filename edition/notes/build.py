"""The notes of one build: where each note is defined and referenced, and each page's Markdown
given the notes it shows.

Two ways of writing notes: one notes page that defines every note by the paper's number (the
paper's endnotes; each page that references a note shows it at its foot, and the notes page
lists them all), or footnotes defined on the page that uses them, numbered across the edition in
reading order so that each note has one number, one id and one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.common.links import Place
from edition.common.sources import source
from edition.notes import model
from edition.notes.extension import Backlink, NotesExtension, NotesPage
from edition.words import ENGLISH, Words


@dataclass
class NotesBuild:
    notes_page: str | None                             # src of the notes page, if there is one
    book: model.NoteBook = field(default_factory=model.NoteBook)
    titles: dict[str, str] = field(default_factory=dict)
    current: NotesPage = field(default_factory=NotesPage)
    # Footnotes on their own pages: (page, label) -> number in the edition, and back.
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    pages_of: dict[str, str] = field(default_factory=dict)   # number -> page src
    words: Words = ENGLISH
    _place: Place | None = None

    @classmethod
    def load(cls, project) -> NotesBuild:
        build = cls(project.notes_page, model.NoteBook(project.notes_page or ""),
                    words=project.words)
        if project.notes_page:
            text = source(project.docs / project.notes_page)
            if text is not None:  # what is wrong with the notes is told by the checks
                build.book.notes, _ = model.parse_definitions(text, project.shown(project.notes_page))
        return build

    def index(self, pages: list[tuple[str, str, str]]) -> None:
        """Where each note is referenced, from the pages' sources in reading order
        ((src, title, Markdown) each), before any page is rendered."""
        self.book.references.clear()
        self.titles = {src: title for src, title, _ in pages}
        if self.notes_page is None:
            self.numbers = model.page_numbers([(src, text) for src, _, text in pages])
            self.pages_of = {str(n): src for (src, _), n in self.numbers.items()}
            return
        for src, _, text in pages:
            if src != self.notes_page:
                model.record(self.book, model.find_references(text, src))

    def extension(self) -> NotesExtension:
        return NotesExtension(lambda: self.current)

    def page(self, place: Place, markdown: str) -> str:
        """Start rendering a page: its Markdown with the notes it shows."""
        src, self._place = place.src, place
        if self.notes_page is None:
            self.current = NotesPage(words=self.words)
            return model.renumbered(markdown, {label: n for (page, label), n in self.numbers.items()
                                               if page == src})
        if src != self.notes_page:
            self.current = NotesPage(words=self.words)
            labels = [r.label for r in model.find_references(markdown, src)]
            return model.with_definitions(markdown, labels, self.book)
        notes = self.book.ordered()
        self.current = NotesPage(True, [n.label for n in notes], self._backlinks, self.words)
        return model.notes_page_markdown(markdown[:model.first_definition(markdown)], notes)

    def note_href(self, place: Place, number: str) -> str:
        """Where note ``number`` is read, from the page at ``place``."""
        if self.notes_page is None:
            return place.href(self.pages_of.get(number, place.src), f"fn:{number}")
        return place.href(self.notes_page, f"note-{number}")

    def _backlinks(self, label: str) -> list[Backlink]:
        return [Backlink(self._place.href(ref.page, f"fnref:{label}"), self.titles.get(ref.page, ref.page))
                for ref in self.book.references.get(label, [])]
