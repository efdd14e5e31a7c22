"""What the tests of the built site expect, read from the sources with the project's own models.

The site tests compare what a reader sees with what the sources say: which notes cite a work is
read from docs/notes.md with ``citations.find``, the entries from references.bib with
``bibliography.load``, the notes and their markers with ``notes``. Nothing here is a copy of the
edition's content, so an editor who cites a work once more, adds an entry, a note or a term
changes the expectations together with the text.

``Sources(root)`` reads one project folder: the repository, or a copy of it made by a test.
"""

from __future__ import annotations

import re

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from edition.citations import library as bibliography
from edition.fidelity import citation_map as citation_markup
from edition.citations import syntax as citations
from edition.fidelity import ledger
from edition.notes import model as notes
import paper


@dataclass(frozen=True)
class CitedIn:
    """Where the Bibliography should say a work is cited."""

    notes: tuple[str, ...]      # the notes whose Markdown cites it, in the paper's order
    pages: tuple[str, ...]      # one src path per citation outside the notes, sorted
    through_chapters: bool      # a volume cited only through its chapters (crossref)
    editorial: tuple[str, ...] = ()  # notes where only an editor's remark {{ed: ...}} cites it


def note_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10**9, label)


class Sources:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- pages ----------------------------------------------------------------------------

    def markdown(self, src: str) -> str:
        return (self.root / "docs" / src).read_text(encoding="utf-8")

    @cached_property
    def pages(self) -> list[str]:
        """Every Markdown page MkDocs builds (src paths, as MkDocs names them)."""
        docs = self.root / "docs"
        return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))

    @cached_property
    def nav(self) -> list[str]:
        config = yaml.load((self.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        return [next(iter(item.values())) for item in config["nav"]]

    def as_read(self, src: str) -> str:
        """A page's Markdown with the notes a reader finds on it: a paper page gets the notes it
        references at its foot (as the notes hook appends them); the Notes page is all notes."""
        markdown = self.markdown(src)
        if src == paper.NOTES_PAGE:
            return markdown
        return notes.with_definitions(markdown, self.references(src), self.notebook)

    # --- notes ----------------------------------------------------------------------------

    @cached_property
    def notebook(self) -> notes.NoteBook:
        book = notes.NoteBook(paper.NOTES_PAGE)
        book.notes, problems = notes.parse_definitions(self.markdown(paper.NOTES_PAGE),
                                                       f"docs/{paper.NOTES_PAGE}")
        assert not problems, [str(p) for p in problems]
        return book

    @cached_property
    def note_labels(self) -> list[str]:
        """The notes of docs/notes.md, in the paper's order."""
        return [note.label for note in self.notebook.ordered()]

    def references(self, src: str) -> list[str]:
        """The note markers of a page, in the order they stand."""
        return [ref.label for ref in notes.find_references(self.markdown(src), src)]

    def paper_note_count(self) -> int:
        """How many notes the paper has: its notes part, with the ledger applied, numbered 1..n."""
        source = (self.root / paper.SOURCE).read_text(encoding="utf-8")
        first, last, _ = paper.PARTS["notes"]
        text = ledger.apply(source, ledger.load(self.root / paper.LEDGER), first, last)
        count, pos = 0, 0
        while (pos := citation_markup.source_note_start(text, str(count + 1), pos)) >= 0:
            count, pos = count + 1, pos + 1
        return count

    # --- citations ------------------------------------------------------------------------

    @cached_property
    def library(self) -> bibliography.Library:
        return bibliography.load(self.root / "references.bib")

    @cached_property
    def citation_map(self) -> list[citation_markup.Markup]:
        return citation_markup.load(self.root / paper.CITATION_MAP)

    @staticmethod
    def work_citations(markdown: str) -> list[citations.Citation]:
        """The citations of works in a text (a citation whose keys are all labels is a
        cross-reference, as the hooks decide)."""
        return [c for c in citations.find(markdown) if not all(paper.kinds().is_label(i.key) for i in c.items)]

    def cited_keys(self, src: str) -> Counter[str]:
        """Each cited key on a page as a reader meets it, once per citation of it."""
        return Counter(item.key for c in self.work_citations(self.as_read(src)) for item in c.items)

    @cached_property
    def notes_citing(self) -> dict[str, set[str]]:
        """The notes where the paper cites each work (not in an editor's remark)."""
        return self._notes_citing(editorial=False)

    @cached_property
    def notes_citing_in_remarks(self) -> dict[str, set[str]]:
        """The notes where an editor's remark {{ed: ...}} cites each work."""
        return self._notes_citing(editorial=True)

    def _notes_citing(self, editorial: bool) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for note in self.notebook.notes.values():
            remarks = [m.span() for m in re.finditer(r"\{\{ed:.*?\}\}", note.text, re.S)]
            for c in self.work_citations(note.text):
                if any(s <= c.start < e for s, e in remarks) == editorial:
                    for item in c.items:
                        found.setdefault(item.key, set()).add(note.label)
        return found

    @cached_property
    def pages_citing(self) -> dict[str, list[str]]:
        """Citations in the text of pages (not in a note): key -> src path, once per citation."""
        found: dict[str, list[str]] = {}
        for src in self.pages:
            if src == paper.NOTES_PAGE:
                continue
            for c in self.work_citations(self.markdown(src)):
                for item in c.items:
                    found.setdefault(item.key, []).append(src)
        return found

    def chapters(self, volume: str) -> list[str]:
        return [key for key, entry in self.library.entries.items()
                if entry.fields.get("crossref") == volume]

    def cited_in(self, key: str) -> CitedIn:
        """Direct citations; failing those, a volume's chapters' citations (crossref)."""
        def direct(k: str) -> tuple[set[str], list[str], set[str]]:
            return (self.notes_citing.get(k, set()), self.pages_citing.get(k, []),
                    self.notes_citing_in_remarks.get(k, set()))

        in_notes, in_pages, in_remarks = direct(key)
        through = False
        if not in_notes and not in_pages and not in_remarks:
            for chapter in self.chapters(key):
                chapter_notes, chapter_pages, chapter_remarks = direct(chapter)
                in_notes, in_pages = in_notes | chapter_notes, in_pages + chapter_pages
                in_remarks = in_remarks | chapter_remarks
            through = bool(in_notes or in_pages or in_remarks)
        return CitedIn(tuple(sorted(in_notes, key=note_order)), tuple(sorted(in_pages)), through,
                       tuple(sorted(in_remarks - in_notes, key=note_order)))
