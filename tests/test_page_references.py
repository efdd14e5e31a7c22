"""page_references: true ends each page that cites works with "References" (as Quarto and MyST
do), beside the one Bibliography; off by default."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from conftest import ROOT, build

PROJECT = ROOT / "tests" / "data" / "styles"


def _site(tmp_path, option: str, style: str = "chicago-author-date"):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "csl: chicago-author-date", f"csl: {style}{option}"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def _references(site, name):
    page = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
    section = page.select_one("article section.page-references")
    if section is None:
        return None
    return section, [(" ".join(li.select_one(".bib-reference").get_text().split()),
                      li.select_one("a")["href"]) for li in section.select("li.bib-entry")]


def test_each_citing_page_ends_with_its_references(tmp_path):
    site = _site(tmp_path, "\n      page_references: true")
    section, one = _references(site, "index.html")
    assert section.select_one("h2").get_text() == "References"
    assert [href for _, href in one] == ["bibliography/#ref-alpha2021", "bibliography/#ref-mid2020",
                                         "bibliography/#ref-zeta2019"]  # the Bibliography's order
    assert one[0][0].startswith("Alpha, Ann, and Ben Beta. 2021.")
    _, two = _references(site, "two/index.html")
    assert [href for _, href in two] == ["../bibliography/#ref-mid2020", "../bibliography/#ref-zeta2019"]
    assert _references(site, "bibliography/index.html") is None
    # the works' ids stay the Bibliography's own: no page repeats them
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not page.select("section.page-references [id^=ref-]")


def test_a_numeric_styles_page_references_keep_the_site_wide_numbers(tmp_path):
    site = _site(tmp_path, "\n      page_references: true", "ieee")
    _, two = _references(site, "two/index.html")
    assert [text[:3] for text, _ in two] == ["[1]", "[3]"]  # zeta is [1], mid [3] everywhere


def test_off_by_default(tmp_path):
    site = _site(tmp_path, "")
    assert _references(site, "index.html") is None
