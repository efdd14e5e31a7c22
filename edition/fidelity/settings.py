"""What the fidelity check compares, as the ``fidelity:`` block of the configuration names it:
the source text, the emendations ledger, the citation map, and which pages hold which lines of
the source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds


@dataclass(frozen=True)
class Part:
    name: str
    first: int                  # the first and last line of the source it answers to
    last: int
    pages: tuple[str, ...]      # under docs_dir, in reading order


@dataclass(frozen=True)
class Fidelity:
    root: Path
    docs: Path
    source: str                 # paths relative to root, as messages name them
    ledger: str
    citation_map: str | None
    parts: tuple[Part, ...]
    notes_part: str = ""        # the part the citation map applies to (the paper's notes)
    notes_page: str | None = None
    kinds: Kinds = DEFAULT_KINDS  # cross-reference labels are the edition's, never the paper's

    @property
    def source_path(self) -> Path:
        return self.root / self.source

    @property
    def ledger_path(self) -> Path:
        return self.root / self.ledger

    @property
    def citation_map_path(self) -> Path | None:
        return self.root / self.citation_map if self.citation_map else None

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(page for part in self.parts for page in part.pages)

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    @property
    def docs_shown(self) -> str:
        try:
            return self.docs.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return self.docs.as_posix()
