"""The citations of one build: the library and the formatted citations (one citeproc call),
each page's citations rendered by the extension, and the Bibliography once all are known."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from edition.citations import csl, exports, render, syntax
from edition.citations.csl import Cite, Formatter, PandocError, StyleError
from edition.citations.extension import CitationsExtension, CitationsPage
from edition.citations.library import Library
from edition.common.links import Place
from edition.common.uses import Uses
from edition.crossrefs.labels import DEFAULT as DEFAULT_KINDS, Kinds
_TAG = re.compile(r"<[^>]+>")


def _texts(project) -> list[str]:
    """The text of each bibliography file, for Pandoc's reader (a file that cannot be read is
    told by the library, and read by no one)."""
    from edition.common.text import read_text

    texts = []
    for path in project.bibliography:
        suffix = Path(path).suffix.lower()
        kind = {".json": "csljson", ".yaml": "yaml", ".yml": "yaml"}.get(suffix, "biblatex")
        try:
            texts.append((kind, read_text(project.root / path)))
        except (OSError, UnicodeDecodeError):
            continue
    return texts


@dataclass
class CitationsBuild:
    library: Library
    formatter: Formatter
    project: object                                 # edition.project.Project: pages, files
    style_problem: str = ""                         # why the configured style was not used
    kinds: Kinds = DEFAULT_KINDS
    prepare_hint: str = ""                          # the hint to what ``prepare`` returns
    # number -> where the note is read, from a page (the notes build knows)
    note_href: Callable[[Place, str], str] = lambda place, n: f"#fn:{n}"
    occurrences: list[render.Occurrence] = field(default_factory=list)
    current: CitationsPage = field(default_factory=CitationsPage)
    uses: Uses = field(default_factory=Uses)
    reading_order: dict[str, int] = field(default_factory=dict)   # page src -> place in the nav
    titles: dict[str, str] = field(default_factory=dict)          # page src -> its title
    _place: Place | None = None
    _pages: dict[str, tuple[Place, CitationsPage]] = field(default_factory=dict)

    @classmethod
    def load(cls, project, library: Library, kinds: Kinds = DEFAULT_KINDS) -> CitationsBuild:
        style_file, problem = csl.configured_style(project.csl, project.root)
        formatter = Formatter(project.cache / "citeproc.json", style_file,
                              project.csl_locale or csl.LOCALE, _texts(project))
        return cls(library, formatter, project, problem, kinds)

    @property
    def bib_page(self) -> str | None:
        return self.project.bib_page

    @property
    def notes_page(self) -> str | None:
        return self.project.notes_page

    def prepare(self, sources: list[str]) -> str:
        """Every citation of the edition (in the pages' Markdown), formatted in one call or none
        before any page is rendered. Returns why the style could not be used ("" if it could)."""
        # In reading order: a numeric style numbers the works as the text first cites them.
        cites = list(dict.fromkeys(
            Cite(i.key, i.locator, False, c.narrative) for text in sources
            for c in syntax.find(text) for i in c.items if not self.kinds.is_label(i.key)))
        refused = self._note_style()
        # With uncited: ignore, only the works cited (and the volumes their chapters name in
        # crossref) go to Pandoc: a large .bib costs what its cited part costs. Otherwise the
        # Bibliography lists every entry, and every entry is formatted.
        entries = self.library.entries
        cited = {c.key for c in cites if c.key in entries}
        cited |= {entries[k].fields["crossref"] for k in list(cited)
                  if entries[k].fields.get("crossref") in entries}
        if self.project.uncited != "ignore" or "*" in self.project.nocite:
            cited = set(entries)
        cited |= {k for k in self.project.nocite if k in entries}
        cited = {k for k in cited if entries[k].type != "xdata"}  # (what entries draw on)
        try:
            self.formatter.read(entries)
            self.formatter.prepare([e for k, e in entries.items() if k in cited], cites)
        except PandocError as error:
            self.prepare_hint = csl.PANDOC_HINT
            return str(error)
        except StyleError as error:
            return f"the citation style could not be used: {error}"
        if refused:
            return refused
        if self.formatter.reading_problem and not self.library.problems:
            self.prepare_hint = ("the entries were formatted from the edition's own reading; "
                                 "run pandoc -f biblatex -t csljson on the file to see where "
                                 "Pandoc stops")
            return f"Pandoc could not read the bibliography: {self.formatter.reading_problem}"
        keys, empty = self.formatter.empty([e for k, e in entries.items() if k in cited],
                                           sorted((c for c in cites if c.key in self.library.entries
                                                   and not c.narrative),
                                                  key=Cite.markdown))
        if keys or empty:
            what = [f"{n} {one if n == 1 else many}" for n, one, many in
                    ((len(keys), "bibliography entry", "bibliography entries"),
                     (len(empty), "citation", "citations")) if n]
            first = keys[0] if keys else empty[0].key
            self.prepare_hint = ("an empty entry or citation would be a link with nothing to read: "
                                 "choose a style that formats every work (csl: "
                                 "chicago-author-date, apa), or correct the .csl file's "
                                 "<citation> and <bibliography> layouts")
            return (f"the citation style gives no text for {' and '.join(what)} (the first: "
                    f"'{first}')")
        return ""

    def _note_style(self) -> str:
        """Why the style cannot be used, if it is a note style ("" otherwise): the edition
        cites in the text, each citation a link with its card, and a note style's citations
        are footnotes of their own. The default style formats the site meanwhile."""
        style = self.formatter.style
        kind, line = csl.style_class(style)
        if kind != "note":
            return ""
        self.formatter.style = csl.style_path(csl.STYLE, self.project.root)
        self.prepare_hint = ("the edition cites in the text: choose an author-date, numeric or "
                             "label style (csl: chicago-author-date is Chicago's author-date "
                             "form, apa, ieee), and write notes as footnotes ([^1])")
        return (f"the citation style is a note style ({style.name}, line {line}: "
                f'citation-format="note"), which the edition does not render')

    def exported_files(self) -> list[tuple[str, str]]:
        """(site path, content) of the bibliography for reference managers: whole as CSL-JSON
        and RIS (the BibTeX is the file itself), and each entry in all three formats."""
        entries = [e for e in self.library.entries.values() if e.type != "xdata"]
        try:
            self.formatter.read(self.library.entries)
        except PandocError:
            pass  # told by prepare; the exports are made by the edition's own mapping

        def item_of(entry):
            return self.formatter.exported(entry)

        # The whole files always exist (empty when nothing is entered), so the Bibliography's
        # links to them never break while the bibliography is being written.
        out = [(exports.whole_file("json"), exports.csl_json(entries, item_of)),
               (exports.whole_file("ris"), exports.ris(entries, item_of))]
        for entry in entries:
            out += [(exports.entry_file(entry.key, "bib"), exports.bibtex([entry], self.formatter.bibtex)),
                    (exports.entry_file(entry.key, "json"), exports.csl_json([entry], item_of)),
                    (exports.entry_file(entry.key, "ris"), exports.ris([entry], item_of))]
        return out

    def extension(self) -> CitationsExtension:
        return CitationsExtension(self.library, self.formatter, lambda: self.current, self.kinds)

    def page(self, place: Place) -> None:
        """Start rendering a page."""
        bib_page = self.bib_page
        self.current = CitationsPage(place.src, lambda key: place.href(bib_page, render.entry_id(key))
                                     if bib_page else "")
        self._place = place

    @contextmanager
    def aside(self, place: Place, stem: str, record: bool) -> Iterator[None]:
        """Render text that is not the page's Markdown (a glossary definition) for the page at
        ``place``, its citations' ids beginning with ``stem``. ``record``: they are the page's
        own (the page being rendered: counted, with cards); otherwise nothing is kept."""
        page = self.current
        if record:
            page.stem = stem
        else:
            bib_page = self.bib_page
            self.current = CitationsPage(place.src, lambda key: place.href(bib_page, render.entry_id(key))
                                         if bib_page else "", stem=stem)
        try:
            yield
        finally:
            page.stem = ""
            self.current = page

    def page_done(self) -> None:
        """A page is rendered: keep what it cites (its cards wait for every page: they count the
        work's uses across the edition)."""
        page = self.current
        self.occurrences.extend(page.occurrences)
        for o in page.occurrences:
            self.uses.add(o.key, o.page, o.anchor, o.note,
                          counted=self.notes_page is None or o.page == self.notes_page
                          or o.note is None)
        self._pages[page.src] = (self._place, page)

    def finish(self) -> None:
        """Every page is rendered: each work's uses across the edition are known (indexed now;
        a page's cards are made as it is written, ``templates``)."""
        self.uses.sequences(self.reading_order)

    def templates(self, src: str) -> list[str]:
        """The page's cards, each with the work's uses across the edition ("3 of 7"). Made as
        the page is written, not all at once: no page's cards wait in memory for the others."""
        if src not in self._pages:
            return []
        place, page = self._pages[src]
        return [render.card_template(self.library.entries[key], self.formatter, page.href(key),
                                     place.site_href,
                                     self.uses.card_html(place, key, self.reading_order, "cited",
                                                         self.project.words), self.project.words)
                for key in sorted(page.cited)]

    def release(self) -> None:
        """Every page is written: its citations and their uses are no longer needed."""
        self.occurrences, self.uses, self._pages = [], Uses(), {}
        self.current = CitationsPage()

    def bibliography(self, place: Place) -> str:
        """The Bibliography's entries, each with where it is cited (all pages rendered)."""
        cited = render.where_cited(self.occurrences, self.library)

        def cited_in(key: str) -> str:
            found, through_chapters = cited.get(key, ([], False))
            order = self.reading_order  # pages in reading order, each page's uses in its order
            found = sorted(found, key=lambda o: order.get(o.page, len(order)))
            return render.cited_in_html(found, lambda n: self.note_href(place, n),
                                        lambda o: place.href(o.page, o.anchor), through_chapters,
                                        self.project.words, lambda src: self.titles.get(src, src))

        library = self.library
        if self.project.uncited == "ignore" and "*" not in self.project.nocite:
            # only what the text cites (or cites a chapter of), and what nocite lists
            listed = set(cited) | set(self.project.nocite)
            library = Library(library.path, {k: e for k, e in library.entries.items() if k in listed},
                              library.problems, library.unreadable)
        return render.bibliography_html(library, self.formatter, place.site_href, cited_in,
                                        self.project.words)

    def page_references(self, src: str) -> str:
        """The page's "References" (page_references: true), "" without the option, on the
        Bibliography itself, or on a page that cites nothing."""
        if not self.project.page_references or src == self.bib_page or src not in self._pages:
            return ""
        place, page = self._pages[src]
        entries = [self.library.entries[k] for k in self.cited_on(src) if k in self.library.entries]
        return render.page_references_html(entries, self.formatter, page.href, self.project.words)

    def cited_on(self, src: str) -> list[str]:
        """The keys of the works a page cites, each once, in the order it cites them."""
        page = self._pages.get(src)
        if page is None:
            return []
        return list(dict.fromkeys(o.key for o in page[1].occurrences))

    def labels(self) -> dict[str, str]:
        """key -> how the work is cited in the text, without a locator (a card's title)."""
        return {key: self.formatter.entry(self.library.entries[key]).label_text
                for key in sorted({o.key for o in self.occurrences})
                if key in self.library.entries}

    def plain_text(self, citation: syntax.Citation) -> str | None:
        """How a citation reads in running text, as plain text ("(see Doe et al. 2021, 3)"):
        what a heading that holds it is named by, in a reference to it. None if a key is not in
        the library (told by the checks)."""
        entries = self.library.entries
        if any(i.key not in entries for i in citation.items):
            return None
        parts = []
        for item in citation.items:
            label = render.item_label(self.formatter, entries[item.key], item, citation.narrative)
            part = (item.prefix + " " if item.prefix else "") + html.unescape(_TAG.sub("", label))
            if item.suffix:
                part += item.suffix if item.suffix[0] in ",.;:" else " " + item.suffix
            parts.append(part)
        text = "; ".join(parts)
        parens = all(i.suppress_author for i in citation.items) or not citation.narrative
        return f"({text})" if parens else text

    def style_title(self) -> str:
        return csl.style_title(self.formatter.style)
