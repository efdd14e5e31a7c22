"""The notes of one build: the notes file read once, where each note is referenced, and each
page's Markdown given the notes it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edition.common.links import Place
from edition.common.text import read_text
from edition.notes import model
from edition.notes.extension import Backlink, NotesExtension, NotesPage



@dataclass
class NotesBuild:
    notes_page: str                                    # src of the Notes page, e.g. "notes.md"
    book: model.NoteBook = field(default_factory=model.NoteBook)
    titles: dict[str, str] = field(default_factory=dict)
    current: NotesPage = field(default_factory=NotesPage)
    _place: Place | None = None

    @classmethod
    def load(cls, docs_dir: Path, notes_page: str) -> NotesBuild:
        build = cls(notes_page, model.NoteBook(notes_page))
        try:  # what is wrong with the notes is told by the checks, with file and line
            build.book.notes, _ = model.parse_definitions(read_text(Path(docs_dir) / notes_page),
                                                          f"docs/{notes_page}")
        except (OSError, UnicodeDecodeError):
            pass
        return build

    def index(self, pages: list[tuple[str, str, str]]) -> None:
        """Where each note is referenced, from the pages' sources in reading order
        ((src, title, Markdown) each), before any page is rendered."""
        self.book.references.clear()
        self.titles = {src: title for src, title, _ in pages}
        for src, _, text in pages:
            if src != self.notes_page:
                model.record(self.book, model.find_references(text, src))

    def extension(self) -> NotesExtension:
        return NotesExtension(lambda: self.current)

    def page(self, place: Place, markdown: str) -> str:
        """Start rendering a page: its Markdown with the notes it shows."""
        src, self._place = place.src, place
        if src != self.notes_page:
            self.current = NotesPage()
            labels = [r.label for r in model.find_references(markdown, src)]
            return model.with_definitions(markdown, labels, self.book)
        notes = self.book.ordered()
        self.current = NotesPage(True, [n.label for n in notes], self._backlinks)
        return model.notes_page_markdown(markdown[:model.first_definition(markdown)], notes)

    def _backlinks(self, label: str) -> list[Backlink]:
        return [Backlink(self._place.href(ref.page, f"fnref:{label}"), self.titles.get(ref.page, ref.page))
                for ref in self.book.references.get(label, [])]
