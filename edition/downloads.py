"""The downloads the title page offers (the offline zip, the single HTML file and the PDF), with
sizes.

They are made first by ``make bundle`` from the file:// build (the PDF by ``make pdf``, from the
single file); only a build asked to attach them (the hosted one, ``make site``) offers them,
from that folder."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from edition.common.diagnostics import Diagnostic
from edition.common.links import Place
from edition.words import ENGLISH, Words

# (file name after the bundle's name, what it is)
LABELS = (
    ("-offline.zip", "The whole site for offline reading (zip): unzip it anywhere and "
                     "open <code>index.html</code>; search and every card work without "
                     "a network."),
    (".html", "The whole paper as one HTML file, with notes, bibliography, glossary "
              "and a built-in search."),
    (".pdf", "The whole paper as a PDF (A4), for print: the text, the notes with the "
             "paper's numbers, the bibliography and the glossary."),
)
# Printed by a browser (`make pdf`, which `make site` runs), so a build from a bundle alone
# offers it when it is there; without either of the others the strict build fails.
OPTIONAL = frozenset({".pdf"})


@dataclass
class DownloadsBuild:
    offline: bool                                           # the file:// edition itself
    words: Words = ENGLISH
    files: list[tuple[Path, str]] = field(default_factory=list)   # (path, what it is)
    problems: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def load(cls, project, folder: str, offline: bool) -> DownloadsBuild:
        # Explicit, never a default folder: a default made every build pick up whatever an
        # earlier build left in dist/, so the offline zip came to hold the previous zip and grew
        # each time. The offline edition never carries downloads, even if asked.
        build = cls(offline, project.words)
        root, name = project.root, project.bundle_name
        if folder and not offline:
            wanted = [(root / folder / f"{name}{end}", label) for end, label in LABELS]
            # Asked for downloads that are not there: fail the strict build rather than publish
            # a title page that silently lacks them.
            build.problems = [Diagnostic(f"{folder}/{p.name}", 1, "the download is missing "
                                         f"(EDITION_DOWNLOADS={folder})", "run `make bundle` first")
                              for p, _ in wanted if not p.is_file()
                              and p.name.removeprefix(name) not in OPTIONAL]
            build.files = [(p, label) for p, label in wanted if p.is_file()]
        return build

    def site_paths(self) -> list[tuple[str, Path]]:
        return [(f"downloads/{path.name}", path) for path, _ in self.files]

    # On screen only: printed, a page downloads nothing (the author marks the heading the same).
    def html(self, place: Place) -> str:
        if self.offline:
            return f'<p class="screen-only">{html.escape(self.words("offline_edition"))}</p>'
        if not self.files:  # (its <code> is the edition's own markup)
            return f'<p class="screen-only">{self.words("no_downloads")}</p>'
        items = "".join(
            f'<li><a href="{html.escape(place.site_href("downloads/" + p.name))}" download>'
            f"{html.escape(p.name)}</a> ({_size(p)}). {label}</li>" for p, label in self.files)
        return f'<ul class="downloads screen-only">{items}</ul>'


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} kB"
