"""The citations of one build: the library and the formatted citations (one citeproc call),
each page's citations rendered by the extension, and the Bibliography once all are known."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edition.citations import csl, exports, render, syntax
from edition.citations import library as bibtex
from edition.citations.csl import Cite, Formatter, PandocError, StyleError
from edition.citations.extension import CitationsExtension, CitationsPage
from edition.citations.library import Library
from edition.common.links import Place
from edition.common.uses import Uses
from edition.crossrefs import labels

STYLE_HINT = ("set extra.citation_style to a .csl file of the project or a style name such as "
              "chicago-author-date or apa")


@dataclass
class CitationsBuild:
    library: Library
    formatter: Formatter
    bib_page: str                                   # src of the Bibliography, e.g. "bibliography.md"
    notes_page: str
    style_problem: str = ""                         # why the configured style was not used
    problem_hint: str = ""                          # what to do about prepare()'s problem
    occurrences: list[render.Occurrence] = field(default_factory=list)
    templates: dict[str, list[str]] = field(default_factory=dict)   # page src -> card templates
    current: CitationsPage = field(default_factory=CitationsPage)
    uses: Uses = field(default_factory=Uses)
    reading_order: dict[str, int] = field(default_factory=dict)   # page src -> place in the nav
    _place: Place | None = None
    _pages: dict[str, tuple[Place, CitationsPage]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, bib_file: str, bib_page: str, notes_page: str, style: str,
             locale: str) -> CitationsBuild:
        style_file, problem = csl.configured_style(style, root)
        formatter = Formatter(root / ".cache" / "edition" / "citeproc.json", style_file,
                              locale or csl.LOCALE)
        library = bibtex.load(root / bib_file, bib_file, root / ".cache" / "edition")
        return cls(library, formatter, bib_page, notes_page, problem)

    def prepare(self, sources: list[str]) -> str:
        """Every citation of the edition (in the pages' Markdown), formatted in one call or none
        before any page is rendered. Returns why the style could not be used ("" if it could)."""
        cites = {Cite(i.key, i.locator) for text in sources for c in syntax.find(text)
                 for i in c.items if not labels.is_label(i.key)}
        # Only the works cited (and the volumes their chapters name in crossref) go to Pandoc:
        # a large references.bib costs what its cited part costs. An entry never cited (a
        # warning) shows its key.
        entries = self.library.entries
        cited = {c.key for c in cites if c.key in entries}
        cited |= {entries[k].fields["crossref"] for k in list(cited)
                  if entries[k].fields.get("crossref") in entries}
        try:
            self.formatter.prepare([e for k, e in entries.items() if k in cited], cites)
        except PandocError as error:
            self.problem_hint = csl.PANDOC_HINT
            return str(error)
        except StyleError as error:
            return f"the citation style could not be used: {error}"
        return ""

    def exported_files(self) -> list[tuple[str, str]]:
        """(site path, content) of the bibliography for reference managers: whole as CSL-JSON
        and RIS (the BibTeX is the file itself), and each entry in all three formats."""
        entries = list(self.library.entries.values())
        if not entries:
            return []
        out = [(exports.whole_file("json"), exports.csl_json(entries)),
               (exports.whole_file("ris"), exports.ris(entries))]
        for entry in entries:
            out += [(exports.entry_file(entry.key, "bib"), exports.bibtex([entry])),
                    (exports.entry_file(entry.key, "json"), exports.csl_json([entry])),
                    (exports.entry_file(entry.key, "ris"), exports.ris([entry]))]
        return out

    def extension(self) -> CitationsExtension:
        return CitationsExtension(self.library, self.formatter, lambda: self.current)

    def page(self, place: Place) -> None:
        """Start rendering a page."""
        self.current = CitationsPage(place.src, lambda key: place.href(self.bib_page, render.entry_id(key)))
        self._place = place

    def page_done(self) -> None:
        """A page is rendered: keep what it cites (its cards wait for every page: they count the
        work's uses across the edition)."""
        page = self.current
        self.occurrences.extend(page.occurrences)
        for o in page.occurrences:
            self.uses.add(o.key, o.page, o.anchor, o.note,
                          counted=o.page == self.notes_page or o.note is None)
        self._pages[page.src] = (self._place, page)

    def finish(self) -> None:
        """Each page's cards, each with the work's uses across the edition ("3 of 7")."""
        for src, (place, page) in self._pages.items():
            self.templates[src] = [
                render.card_template(self.library.entries[key], self.formatter, page.href(key),
                                     place.site_href,
                                     self.uses.card_html(place, key, self.reading_order, "cited"))
                for key in sorted(page.cited)]

    def bibliography(self, place: Place) -> str:
        """The Bibliography's entries, each with where it is cited (all pages rendered)."""
        cited = render.where_cited(self.occurrences, self.library)

        def cited_in(key: str) -> str:
            found, through_chapters = cited.get(key, ([], False))
            return render.cited_in_html(found, lambda n: place.href(self.notes_page, f"note-{n}"),
                                        lambda o: place.href(o.page, o.anchor), through_chapters)

        return render.bibliography_html(self.library, self.formatter, place.site_href, cited_in)

    def style_title(self) -> str:
        return csl.style_title(self.formatter.style)
