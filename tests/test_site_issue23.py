"""What a reader sees at the points issue 23 fixed: the last slips of the text, the paper's own
citation words, the names in the citations, and the one wording of the editorial title."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
import paper


def soup_of(site: Path, src: str) -> BeautifulSoup:
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def notes(site) -> dict[str, str]:
    """Each note of the Notes page as a reader reads it (its back-link left out)."""
    soup = soup_of(site, paper.NOTES_PAGE)
    out = {}
    for li in soup.select("article ol.endnotes > li"):
        for link in li.select("a.endnote-backlink"):
            link.decompose()
        out[li["value"]] = " ".join(li.get_text().split())
    return out


def test_note_50_closes_its_parenthesis_and_ends_with_a_full_stop_around_the_gap(notes):
    assert notes["50"].endswith("(for further detail, see [Ed.: North Atlantic Treaty Organization "
                                "2021] [gap: URL illegible in the source]).")


def test_the_slips_of_notes_51_54_59_are_mended(notes):
    assert "The term ‘Resilience’ at NATO refers" in notes["51"]
    assert "See Reflection Group Report, ‘NATO 2030: United for a New Era" in notes["54"]
    assert notes["54"].count("‘") == notes["54"].count("’") == 1
    assert "Annual Report 2022”, released on 21 March 2023., p.21" in notes["59"]
    assert ";" not in notes["59"]


def test_the_dash_after_note_40_stands_between_spaces(site):
    marker = soup_of(site, "implications.md").find("sup", id="fnref:40")
    assert marker.previous_sibling.get_text().endswith("effect")
    assert str(marker.next_sibling).startswith(" — combined")


def test_note_24_quotes_the_study_and_adds_nothing_inside_the_quotation(site, notes):
    text = notes["24"]
    assert "Centre of Excellence [Ed.: Turcsányi et al. 2023], “China has in recent years" in text
    assert "the established international order.” See also" in text
    note = soup_of(site, paper.NOTES_PAGE).select_one("li#note-24")
    assert note.select(".term-expansion") == []
    assert "COVID-19 [...]" in text


@pytest.mark.parametrize("label, words", [
    ("4", "See Gabuev, cited in Bekkevold and Lo 2019, 44–45"),
    ("16", "Cited in Lo and Bekkevold, pp. 55-57"),
    ("17", "See Bekkevold, cited in Kirchberger et al. 2022b, 302"),
    ("38", "See also R. A. Bitzinger and M. Raska, cited in Kirchberger et al. 2022b, 134"),
    ("47", "Cited in Kirchberger et al. 2022a, 5"),
    ("72", "Dmitry Trenin, cited in Radin et al. 2021, 243"),
])
def test_the_papers_cited_in_is_kept(notes, label, words):
    assert words in notes[label]


def test_slips_of_citation_carry_a_remark_and_keep_the_papers_words(notes):
    assert "See Jingxi, Mo and Ren Qi (2023) [Ed.: i.e. Mo Jingxi (family name Mo) and Ren Qi.]" in notes["34"]
    assert "See Radin et al. 2021, XV." in notes["21"]
    for label in ("11", "15"):
        assert "in Kirchberger et al. 2022b" in notes[label]
        assert "[Ed.: These chapters are in Bekkevold and Lo (2019), not in Kirchberger et al. (2022)" in notes[label]
    assert "Li and Poh 2019, 30; Gabuev 2019, 62; Schwartz 2019, 88–98" in notes["11"]
    assert "Li and Poh 2019, 28; Gabuev 2019, 45" in notes["15"]


_INITIALS = re.compile(r"\b(?:[A-Z]\. )+(?:Kirchberger|Bekkevold|Sheldon-Duplaix|Lo|Gabuev)\b")


def test_no_citation_gives_initials_nobody_wrote(site, notes):
    """citeproc adds initials where one person is entered two ways ("S. Kirchberger et al.")."""
    for html in site.rglob("*.html"):
        found = _INITIALS.findall(BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").get_text())
        assert found == [], (html.relative_to(site), found)
    assert "Bekkevold 2019, 299" in notes["2"]
    assert "Bekkevold 2022, 44; Sheldon-Duplaix 2022, 102" in notes["5"]
    assert "Sheldon-Duplaix 2016, 5" in notes["7"]
    assert "See Kirchberger 2022, 91–92" in notes["31"]
    for label in ("11", "15", "17"):
        assert "Kirchberger et al. 2022b" in notes[label]


def test_the_editorial_title_has_one_wording_everywhere(site):
    title = paper.PAPER_TITLE
    config = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", "null",
                                   (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    assert config["site_name"] == title
    assert title in (ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("\n  ", " ")
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        if soup.title is None or soup.select_one(".md-header__topic") is None:
            continue  # a redirect or a fragment, not a page of the edition
        assert soup.title.get_text().endswith(title), html
        assert " ".join(soup.select_one(".md-header__topic").get_text().split()) == title, html
        text = soup.get_text()
        for other in re.findall(r"The Sino-Russian Partnership[^\[\]<]{0,80}\[editorial title\]", text):
            assert other == title, (html.relative_to(site), other)
    home = soup_of(site, "index.md")
    assert " ".join(home.select_one("article h1").get_text().split()).rstrip("¶") == title
    assert "running head" not in home.get_text()
    assert "section headings" in home.select_one(".editorial-title").get_text()
