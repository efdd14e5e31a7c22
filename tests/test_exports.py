"""The bibliography for reference managers: BibTeX, CSL-JSON and RIS, whole and per entry."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT
from edition.citations import library as bibliography
from edition.citations import exports

SAMPLE = r"""@incollection{carlson2022,
  author    = {Carlson, Brian G.},
  title     = {{China-Russia} Cooperation in Nuclear Deterrence},
  booktitle = {{Russia-China} Relations: Emerging Alliance or Eternal Rivals?},
  editor    = {Kirchberger, Sarah and W{\"o}rmer, Nils},
  publisher = {Springer},
  year      = {2022},
  pages     = {141--161},
  doi       = {10.1007/978-3-030-97012-3_8}
}

@online{csis2022,
  author    = {{Center for Strategic and International Studies}},
  title     = {A <Title> & More},
  year      = {2022},
  month     = mar,
  url       = {https://www.csis.org/x}
}
"""


def _sample():
    library = bibliography.parse(SAMPLE)
    assert not library.problems
    return [library.entries["carlson2022"], library.entries["csis2022"]]


def test_ris_is_pinned():
    assert exports.ris(_sample()) == (
        "TY  - CHAP\r\nAU  - Carlson, Brian G.\r\nED  - Kirchberger, Sarah\r\nED  - Wörmer, Nils\r\n"
        "TI  - China-Russia Cooperation in Nuclear Deterrence\r\n"
        "T2  - Russia-China Relations: Emerging Alliance or Eternal Rivals?\r\nPY  - 2022\r\n"
        "PB  - Springer\r\nDO  - 10.1007/978-3-030-97012-3_8\r\nSP  - 141\r\nEP  - 161\r\n"
        "ID  - carlson2022\r\nER  - \r\n\r\n"
        "TY  - ELEC\r\nAU  - Center for Strategic and International Studies\r\nTI  - A <Title> & More\r\n"
        "PY  - 2022\r\nDA  - 2022/03\r\nUR  - https://www.csis.org/x\r\nID  - csis2022\r\nER  - \r\n\r\n")


def test_csl_json_keeps_literal_names_and_plain_text():
    items = json.loads(exports.csl_json(_sample()))
    assert items[1]["author"] == [{"literal": "Center for Strategic and International Studies"}]
    assert items[1]["title"] == "A <Title> & More"  # data, not HTML
    assert items[0]["editor"][1] == {"family": "Wörmer", "given": "Nils"}
    assert items[0]["page"] == "141–161"


def test_every_entry_can_be_downloaded_from_the_bibliography_and_its_cards(site: Path):
    library = bibliography.load(ROOT / "references.bib")
    whole = json.loads((site / "references.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in whole] == list(library.entries)
    assert (site / "references.ris").read_text(encoding="utf-8").count("ER  - ") == len(library.entries)
    page = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "lxml")
    for key in library.entries:
        item = page.select_one(f"#ref-{key}")
        hrefs = [a["href"] for a in item.select(".bib-downloads a[download]")]
        assert hrefs == [f"../{exports.entry_file(key, ext)}" for ext in ("bib", "json", "ris")], key
        for href in hrefs:
            assert (site / "bibliography" / href).resolve().is_file(), href
        assert json.loads((site / exports.entry_file(key, "json")).read_text(encoding="utf-8"))[0]["id"] == key
    notes = BeautifulSoup((site / "notes/index.html").read_text(encoding="utf-8"), "html.parser")
    cards = notes.select("template[id^=card-ref-]")
    assert cards
    for card in cards:
        links = card.select(".bib-downloads a[download]")
        assert [a.decode_contents() for a in links] == ["BibTeX", "CSL-JSON", "RIS"]  # (template text)
        assert all((site / "notes" / a["href"]).resolve().is_file() for a in links)
