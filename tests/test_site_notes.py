"""The built site, read as a reader gets it: pages, note markers with the paper's numbers, notes."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, edit, failing_build
import paper
from sources import Sources

_GAP = re.compile(r"\{\{gap:\s*(.*?)\s*\}\}", re.S)


def page(site, src: str) -> BeautifulSoup:
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources(ROOT)


def test_every_page_in_the_navigation_is_built_and_linked(site, sources):
    pages = sources.nav
    assert pages[0] == "index.md"
    assert set(pages) == set(sources.pages), "every page in docs/ is in the navigation, once"
    assert len(pages) == len(set(pages))
    assert [src for src in pages if src in paper.PAPER_PAGES] == list(paper.PAPER_PAGES)
    home = page(site, "index.md")
    nav_links = {a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")}
    for src in pages:
        assert page(site, src).find("h1"), src
        if src != "index.md":
            assert any(src.removesuffix(".md") in href for href in nav_links), src


def markers(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(href label, shown number) of every note marker in the article."""
    return [(a["href"].removeprefix("#fn:"), a.get_text()) for a in soup.select("article a.footnote-ref")]


def test_every_note_is_marked_once_with_the_papers_number(site, sources):
    seen = []
    for src in paper.PARTS["body"][2]:
        soup = page(site, src)
        found = markers(soup)
        for label, shown in found:
            assert shown == label, f"{src}: marker for note {label} shows {shown}"
        # The page's own notes, at its foot, with the paper's numbers.
        items = soup.select("article div.footnote li[id^=fn]")
        assert [li["value"] for li in items] == [label for label, _ in found], src
        assert [label for label, _ in found] == sources.references(src), src
        seen.extend(label for label, _ in found)
    assert seen == sources.note_labels  # each note once, in the paper's order


def _word_before(text: str) -> str:
    words = re.findall(r"[\w’'-]+", text)
    return words[-1] if words else ""


def test_each_marker_follows_its_word(site):
    for src in paper.PARTS["body"][2]:
        markdown = (ROOT / "docs" / src).read_text(encoding="utf-8")
        expected = {m.group(2): _word_before(m.group(1))
                    for m in re.finditer(r"(\S{0,40}?)\[\^(\d+)\]", markdown)}
        soup = page(site, src)
        for sup in soup.select("article sup[id^=fnref]"):
            label = sup["id"].split(":")[1]
            # The text before the marker, skipping what the edition adds (an acronym's
            # expansion in square brackets, after the paper's word).
            before = sup.find_previous(string=True)
            while before is not None and (not re.search(r"\w", before)
                                          or before.find_parent(class_="term-expansion")):
                before = before.find_previous(string=True)
            assert _word_before(str(before)) == expected[label], f"{src}: note {label}"


def test_notes_page_lists_every_note_each_linked_to_its_one_place(site, sources):
    soup = page(site, paper.NOTES_PAGE)
    items = soup.select("article ol.endnotes > li")
    assert [li["value"] for li in items] == sources.note_labels
    for li in items:
        links = li.select("a.endnote-backlink")
        assert len(links) == 1, li["value"]
        target_page, anchor = links[0]["href"].split("#")
        assert anchor == f"fnref:{li['value']}"
        target = site / "notes" / target_page / "index.html"
        assert f'id="{anchor}"' in target.resolve().read_text(encoding="utf-8")


def test_about_page_shows_every_ledger_entry(site):
    from edition.fidelity import ledger
    entries = ledger.load(ROOT / paper.LEDGER)
    rows = page(site, "about.md").select("table.ledger tbody tr")
    assert len(rows) == len(entries)
    shown = {(row.select("td")[1].get_text(), row.select("td")[3].get_text()) for row in rows}
    for e in entries:
        assert (str(e.line), e.ocr) in shown


def test_gaps_are_visible_and_never_filled(site, sources):
    """Each {{gap: ...}} of the Markdown (the page's and its notes') is shown as a marked gap that
    says what is lost, and nothing else stands in for it."""
    total = 0
    for src in paper.PAPER_PAGES:
        expected = [" ".join(text.split()) for text in _GAP.findall(sources.as_read(src))]
        shown = [" ".join(g.get_text().split()) for g in page(site, src).select("article span.ed-gap")]
        assert shown == [f"[gap: {text}]" for text in expected], src
        total += len(expected)
    assert total, "the paper's text has no gap: nothing was checked"


