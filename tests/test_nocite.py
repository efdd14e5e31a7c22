"""nocite: works the Bibliography lists though the text does not cite them (Pandoc's nocite)."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from conftest import ROOT, build

PROJECT = ROOT / "tests" / "data" / "styles"
EXTRA = "\n@book{extra2001,\n  author = {Extra, Eve},\n  title = {Never Cited},\n  year = {2001},\n}\n"


def _built(tmp_path, options: str):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    with (project / "references.bib").open("a", encoding="utf-8") as out:
        out.write(EXTRA)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "csl: chicago-author-date", "csl: chicago-author-date" + options), encoding="utf-8")
    return build(project, tmp_path / "site"), tmp_path / "site", project


def _listed(site):
    page = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "html.parser")
    return [li["id"].removeprefix("ref-") for li in page.select("li.bib-entry")]


def test_a_nocite_work_is_listed_and_not_told(tmp_path):
    result, site, _ = _built(tmp_path, "\n      uncited: ignore\n      nocite: ['@extra2001']")
    assert result.returncode == 0, result.stderr
    assert "extra2001" in _listed(site)
    result, site, _ = _built(tmp_path / "warn", "\n      nocite: [extra2001]")
    assert result.returncode == 0, result.stderr  # not "never cited"


def test_without_nocite_an_uncited_work_is_told(tmp_path):
    result, _, _ = _built(tmp_path, "")
    assert "warning: entry 'extra2001' is never cited" in result.stderr


def test_an_unknown_nocite_key_is_told_at_the_option(tmp_path):
    result, _, project = _built(tmp_path, "\n      nocite: [extra2010]")
    line = next(n for n, text in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1)
                if "nocite:" in text)
    assert result.returncode != 0
    assert (f"mkdocs.yml:{line}:7: error: nocite names 'extra2010', which is not in the "
            "bibliography") in result.stderr
    assert "    hint: did you mean 'extra2001'?" in result.stderr
