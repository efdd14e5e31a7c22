"""More sources of references: CSL-JSON and CSL YAML files (as Zotero and Better BibTeX export
them) beside a .bib, several files at once, read as Pandoc reads them; and what is wrong in one
told at its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, build
from edition.citations import library

PROJECT = ROOT / "tests" / "data" / "styles"
JSON = [
    {"id": "json2018", "type": "article-journal", "title": "Rivers and <i>Rain</i>",
     "author": [{"family": "Jason", "given": "Jay"}], "container-title": "Flood Review",
     "issued": {"date-parts": [[2018, 5]]}, "DOI": "https://doi.org/10.5555/json.2018",
     "page": "1-9"},
    {"id": "json2017", "type": "webpage", "title": "A Web Page",
     "author": [{"literal": "Example City Council"}], "URL": "https://example.org/page",
     "issued": {"date-parts": [[2017]]}},
]
YAML = """references:
- id: yaml2016
  type: book
  title: Canals of the *North*
  author:
  - family: Yamada
    given: Yui
  publisher: Example Press
  issued: 2016
"""


def _project(tmp_path: Path, json_text: str | None = None, yaml_text: str = YAML) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "zotero.json").write_text(json_text or json.dumps(JSON, indent=2), encoding="utf-8")
    (project / "betterbib.yaml").write_text(yaml_text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "bibliography: references.bib", "bibliography: [references.bib, zotero.json, betterbib.yaml]"),
        encoding="utf-8")
    with (project / "docs" / "two.md").open("a", encoding="utf-8") as out:
        out.write("\nMore: [@json2018, p. 3; @yaml2016] and @json2017.\n")
    return project


def test_csl_json_and_yaml_beside_a_bib(tmp_path):
    result = build(_project(tmp_path), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "html.parser")
    text = {li["id"]: " ".join(li.select_one(".bib-reference").get_text().split())
            for li in page.select("li.bib-entry")}
    assert text["ref-json2018"] == ("Jason, Jay. 2018. “Rivers and Rain.” Flood Review, May, 1–9. "
                                    "https://doi.org/10.5555/json.2018.")
    assert page.select_one("#ref-json2018 .bib-reference em").get_text() == "Rain" or \
        "Rain" in str(page.select_one("#ref-json2018 .bib-reference"))
    assert text["ref-yaml2016"] == "Yamada, Yui. 2016. Canals of the North. Example Press."
    assert "<em>North</em>" in str(page.select_one("#ref-yaml2016"))  # YAML is Markdown
    assert text["ref-json2017"].startswith("Example City Council. 2017.")
    assert page.select_one("#ref-json2018 summary").get_text().startswith("CSL")
    cites = BeautifulSoup((site / "two/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text() for a in cites.select("article a.citation")][-3:] == [
        "Jason 2018, 3", "Yamada 2016", "Example City Council (2017)"]
    exported = json.loads((site / "references.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in exported} >= {"json2018", "json2017", "yaml2016", "zeta2019"}
    assert next(i for i in exported if i["id"] == "json2018")["DOI"] == "10.5555/json.2018"
    assert (site / "references/json2018.bib").read_text(encoding="utf-8").startswith("@article{json2018,")
    assert "DO  - 10.5555/json.2018" in (site / "references/json2018.ris").read_text(encoding="utf-8")
    assert not (site / "zotero.json").exists()  # only .bib files are served as written


def test_a_broken_csl_file_is_told_at_its_line(tmp_path):
    broken = json.dumps(JSON, indent=2).replace('"type": "webpage",', '"type": "webpgae",')
    project = _project(tmp_path, broken, YAML.replace("  type: book\n", ""))
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = broken.splitlines().index('    "id": "json2017",') + 1
    assert (f"zotero.json:{line}:1: error: item 'json2017' has type 'webpgae', which is not a "
            "CSL type") in result.stderr
    assert "    hint: did you mean 'webpage'?" in result.stderr
    assert "betterbib.yaml:2:1: error: item 'yaml2016' has no type" in result.stderr


def test_a_csl_file_that_is_not_json_is_told_where():
    lib = library.parse_csl('[\n  {"id": "a", "type": "book",}\n]\n', "zotero.json")
    assert [str(p).split("\n")[0] for p in lib.problems] == [
        "zotero.json:2:30: error: the file is not JSON: Expecting property name enclosed in double quotes"]
    lib = library.parse_csl("- id: a\n  type: [book\n", "refs.yaml", yaml=True)
    assert lib.problems and lib.problems[0].message.startswith("the file is not YAML")
