"""The built site, read as a reader gets it: pages, note markers with the paper's numbers, notes."""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, edit, failing_build
from edition import paper


def page(site, src: str) -> BeautifulSoup:
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def nav_pages() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(item.values())) for item in config["nav"]]


def test_every_page_in_the_navigation_is_built_and_linked(site):
    pages = nav_pages()
    assert pages == ["index.md", "introduction.md", "overview.md", "implications.md",
                     "policy-responses.md", "conclusion.md", "notes.md", "bibliography.md",
                     "glossary.md", "about.md"]
    home = page(site, "index.md")
    nav_links = {a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")}
    for src in pages:
        assert page(site, src).find("h1"), src
        if src != "index.md":
            assert any(src.removesuffix(".md") in href for href in nav_links), src


def markers(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(href label, shown number) of every note marker in the article."""
    return [(a["href"].removeprefix("#fn:"), a.get_text()) for a in soup.select("article a.footnote-ref")]


def test_every_note_is_marked_once_with_the_papers_number(site):
    seen = []
    for src in paper.PARTS["body"][2]:
        soup = page(site, src)
        found = markers(soup)
        for label, shown in found:
            assert shown == label, f"{src}: marker for note {label} shows {shown}"
        # The page's own notes, at its foot, with the paper's numbers.
        items = soup.select("article div.footnote li[id^=fn]")
        assert [li["value"] for li in items] == [label for label, _ in found], src
        seen.extend(int(label) for label, _ in found)
    assert seen == list(range(1, 79))


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
            # generated expansion closes with ")" after the paper's word).
            before = sup.find_previous(string=True)
            while before is not None and not re.search(r"\w", before):
                before = before.find_previous(string=True)
            assert _word_before(str(before)) == expected[label], f"{src}: note {label}"


def test_notes_page_lists_78_notes_each_linked_to_its_one_place(site):
    soup = page(site, paper.NOTES_PAGE)
    items = soup.select("article ol.endnotes > li")
    assert [li["value"] for li in items] == [str(n) for n in range(1, 79)]
    for li in items:
        links = li.select("a.endnote-backlink")
        assert len(links) == 1, li["value"]
        target_page, anchor = links[0]["href"].split("#")
        assert anchor == f"fnref:{li['value']}"
        target = site / "notes" / target_page / "index.html"
        assert f'id="{anchor}"' in target.resolve().read_text(encoding="utf-8")


def test_about_page_shows_every_ledger_entry(site):
    from edition import ledger
    entries = ledger.load(ROOT / paper.LEDGER)
    rows = page(site, "about.md").select("table.ledger tbody tr")
    assert len(rows) == len(entries)
    shown = {(row.select("td")[1].get_text(), row.select("td")[3].get_text()) for row in rows}
    for e in entries:
        assert (str(e.line), e.ocr) in shown


def test_gaps_are_visible_and_never_filled(site):
    soup = page(site, paper.NOTES_PAGE)
    gaps = soup.select("span.ed-gap")
    assert gaps and all("gap:" in g.get_text() for g in gaps)


def test_undefined_note_is_reported_with_file_and_line(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(p, "docs/introduction.md", append="\nA new claim.[^79]\n"))
    assert re.search(r"docs/introduction\.md:\d+: error: note marker \[\^79\] has no definition", err)
    assert "hint: define it in docs/notes.md" in err


def test_unreferenced_and_duplicate_notes_are_reported(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(p, "docs/notes.md", append="\n[^79]: Orphan.\n\n[^3]: Twice.\n"))
    assert re.search(r"docs/notes\.md:\d+: error: note \[\^79\] is never referenced", err)
    assert re.search(r"docs/notes\.md:\d+: error: note \[\^3\] is defined twice", err)


def test_second_reference_is_reported(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(p, "docs/conclusion.md", append="\nAgain.[^3]\n"))
    assert re.search(r"docs/conclusion\.md:\d+: error: note \[\^3\] is referenced a second time", err)
    assert "Traceback" not in err
