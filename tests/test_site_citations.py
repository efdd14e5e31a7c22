"""Citations and the Bibliography in the built site, as a reader meets them."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import ROOT
from edition import bibliography, paper


def soup_of(site, src):
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


PAGES = (*paper.PARTS["body"][2], paper.NOTES_PAGE)


def test_every_citation_links_to_its_entry_and_has_a_card(site):
    bib = soup_of(site, "bibliography.md")
    entry_ids = {li["id"] for li in bib.select("li.bib-entry")}
    total = 0
    for src in PAGES:
        soup = soup_of(site, src)
        for a in soup.select("article a.citation"):
            total += 1
            page_part, anchor = a["href"].split("#")
            assert page_part.endswith("bibliography/"), a["href"]
            assert anchor in entry_ids, anchor
            template = soup.find("template", id=a["data-card"])
            assert template is not None, a["data-card"]
            assert "bib-reference" in template.decode_contents()
    assert total > 100


def test_no_citation_syntax_is_left_in_the_text(site):
    for src in PAGES:
        text = soup_of(site, src).select_one("article").get_text()
        assert not re.search(r"\[-?@\w|(?<![\w.])@[a-z]+\d{4}", text), src


def test_bibliography_lists_every_entry_with_its_notes(site):
    library = bibliography.load(ROOT / "references.bib")
    bib = soup_of(site, "bibliography.md")
    items = {li["id"].removeprefix("ref-"): li for li in bib.select("li.bib-entry")}
    assert set(items) == set(library.entries)
    radin = items["radin2021"].select_one(".bib-cited")
    numbers = [a.get_text() for a in radin.select("a")]
    assert numbers == ["16", "20", "21", "24", "33", "40", "62", "72", "77"], numbers
    for a in radin.select("a"):
        assert a["href"].endswith(f"notes/#note-{a.get_text()}")
    notes = soup_of(site, paper.NOTES_PAGE)
    assert notes.find(id="note-16") is not None


def test_unverifiable_works_say_so(site):
    library = bibliography.load(ROOT / "references.bib")
    bib = soup_of(site, "bibliography.md")
    for key, entry in library.entries.items():
        li = bib.find(id=f"ref-{key}")
        status = li.select_one(".bib-status")
        if entry.status == "unidentified":
            assert status and "could not be identified" in status.get_text(), key
        elif entry.status == "verified":
            assert status is None, key


def test_bibtex_is_copyable_and_the_file_downloadable(site):
    bib = soup_of(site, "bibliography.md")
    code = bib.find(id="ref-radin2021").select_one("details.bib-source pre code").get_text()
    assert code.startswith("@report{radin2021,")
    assert (site / "references.bib").read_bytes() == (ROOT / "references.bib").read_bytes()
    assert bib.select_one('a[href$="references.bib"]') is not None


def test_a_volume_is_cited_through_its_chapters(site):
    bib = soup_of(site, "bibliography.md")
    cited = bib.find(id="ref-bekkevold2019").select_one(".bib-cited").get_text()
    assert cited.startswith("Cited through its chapters in notes 2, 4"), cited
