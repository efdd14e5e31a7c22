"""references.bib beyond the paper's own: every standard BibTeX/BibLaTeX type, crossref
inheritance, and their CSL-JSON, without MkDocs."""

from __future__ import annotations

import textwrap

import pytest

from edition.citations import csl, library


def parse(text: str) -> library.Library:
    return library.parse(textwrap.dedent(text), "references.bib")


def messages(lib: library.Library) -> list[str]:
    return sorted(str(p) for p in lib.problems)


# One complete entry of each type: each is accepted, with no problem, and has its CSL type.
COMPLETE = {
    "article": ("article-journal", "author={A. Example}, title={T}, journaltitle={J}, year={2020}"),
    "book": ("book", "author={A. Example}, title={T}, year={2020}"),
    "mvbook": ("book", "editor={A. Example}, title={T}, year={2020}"),
    "inbook": ("chapter", "author={A. Example}, title={T}, booktitle={B}, year={2020}"),
    "incollection": ("chapter", "author={A. Example}, title={T}, booktitle={B}, year={2020}"),
    "collection": ("book", "editor={A. Example}, title={T}, year={2020}"),
    "inproceedings": ("paper-conference", "author={A. Example}, title={T}, booktitle={B}, year={2020}"),
    "conference": ("paper-conference", "author={A. Example}, title={T}, booktitle={B}, year={2020}"),
    "proceedings": ("book", "title={T}, year={2020}"),
    "report": ("report", "title={T}, institution={I}, year={2020}"),
    "techreport": ("report", "author={A. Example}, title={T}, institution={I}, year={2020}"),
    "thesis": ("thesis", "author={A. Example}, title={T}, institution={I}, year={2020}"),
    "phdthesis": ("thesis", "author={A. Example}, title={T}, school={S}, year={2020}"),
    "mastersthesis": ("thesis", "author={A. Example}, title={T}, school={S}, year={2020}"),
    "online": ("webpage", "title={T}, url={https://example.org/}, year={2020}"),
    "www": ("webpage", "title={T}, url={https://example.org/}, date={2020-05-01}"),
    "manual": ("book", "title={T}, organization={O}, year={2020}"),
    "patent": ("patent", "author={A. Example}, title={T}, number={EP 0000000}, year={2020}"),
    "periodical": ("periodical", "editor={A. Example}, title={T}, year={2020}"),
    "misc": ("document", "title={T}, howpublished={Leaflet}, year={2020}"),
    "unpublished": ("manuscript", "author={A. Example}, title={T}, note={Draft}"),
}


@pytest.mark.parametrize("kind", sorted(COMPLETE))
def test_every_standard_type_is_accepted(kind):
    csl_type, fields = COMPLETE[kind]
    lib = parse(f"@{kind}{{k, {fields}}}\n")
    assert lib.problems == []
    assert csl.to_csl(lib.entries["k"])["type"] == csl_type


@pytest.mark.parametrize("kind,missing", [
    ("techreport", "institution or publisher or author"), ("thesis", "institution or school"),
    ("inproceedings", "booktitle"), ("patent", "number"), ("collection", "editor"),
    ("online", "url or doi or note"), ("unpublished", "year or date or note")])
def test_each_type_needs_its_fields(kind, missing):
    fields = {"techreport": "title={T}, year={2020}", "thesis": "author={A}, title={T}, year={2020}",
              "inproceedings": "author={A}, title={T}, year={2020}",
              "patent": "author={A}, title={T}, year={2020}", "collection": "title={T}, year={2020}",
              "online": "title={T}, year={2020}", "unpublished": "author={A}, title={T}"}[kind]
    lib = parse(f"\n@{kind}{{k, {fields}}}\n")
    assert messages(lib) == [
        f"references.bib:2:1: error: entry 'k' (@{kind}) has no {missing}\n"
        "    hint: add the field; if it cannot be verified, set x-status = {partial} (or "
        "{unidentified}) and say what is missing in note"]


def test_an_unknown_type_names_the_supported_ones():
    lib = parse("@artwork{k, title={T}, year={2020}}\n")
    [problem] = lib.problems
    assert problem.message == "entry 'k' has an unsupported type @artwork"
    assert "@techreport" in problem.hint and "@online" in problem.hint and "@patent" in problem.hint


VOLUME = """\
@collection{vol,
  editor    = {Example, Ann and Sample, Ben},
  title     = {Water in the City},
  subtitle  = {Essays},
  publisher = {Example Press},
  location  = {Exampletown},
  series    = {Urban Studies},
  year      = {2021},
  doi       = {10.9999/vol},
  url       = {https://example.org/vol},
  note      = {The volume's own note.},
  x-status  = {verified},
  x-source  = {the volume's page},
  x-shortform = {Example and Sample (2021)}
}

@incollection{ch1,
  author   = {Writer, Cleo},
  title    = {Drains},
  crossref = {vol},
  pages    = {1--20}
}
"""


def test_a_chapter_inherits_its_volume():
    lib = parse(VOLUME)
    assert lib.problems == []
    chapter = lib.entries["ch1"]
    assert chapter.fields["booktitle"] == "Water in the City"
    assert chapter.fields["booksubtitle"] == "Essays"
    assert chapter.fields["editor"] == "Example, Ann and Sample, Ben"
    for name in ("publisher", "location", "series", "year"):
        assert chapter.fields[name] == lib.entries["vol"].fields[name], name
    # what identifies or describes the volume itself is the volume's
    for name in ("doi", "url", "note", "x-status", "x-source", "x-shortform", "title"):
        assert chapter.fields.get(name) != lib.entries["vol"].fields[name], name
    assert chapter.fields["title"] == "Drains"
    assert set(chapter.inherited) == {"booktitle", "booksubtitle", "editor", "publisher",
                                      "location", "series", "year"}
    item = csl.to_csl(chapter)
    assert item["type"] == "chapter"
    assert item["container-title"] == "Water in the City: Essays"
    assert item["editor"] == [{"family": "Example", "given": "Ann"}, {"family": "Sample", "given": "Ben"}]
    assert item["publisher"] == "Example Press" and item["publisher-place"] == "Exampletown"
    assert item["issued"] == {"date-parts": [[2021]]}
    assert "DOI" not in item and "URL" not in item


def test_a_chapter_keeps_what_it_writes():
    lib = parse(VOLUME.replace("pages    = {1--20}", "pages = {1--20}, publisher = {Other Press}, "
                               "date = {2021-03}, booktitle = {Water in the City}"))
    chapter = lib.entries["ch1"]
    assert chapter.fields["publisher"] == "Other Press"
    assert chapter.fields["date"] == "2021-03" and "year" not in chapter.fields
    assert lib.problems == []  # the same booktitle, the same year: no contradiction


def test_inheritance_comes_before_the_required_fields():
    # without crossref the chapter has no booktitle and no year
    lib = parse(VOLUME.replace("crossref = {vol},", ""))
    assert [p.message for p in lib.problems] == ["entry 'ch1' (@incollection) has no booktitle",
                                                 "entry 'ch1' (@incollection) has no year or date"]


def test_an_unknown_crossref_is_told_at_the_entry():
    lib = parse(VOLUME.replace("crossref = {vol}", "crossref = {vlo}"))
    line = VOLUME.splitlines().index("@incollection{ch1,") + 1
    # told once: what the chapter lacks is what it would have inherited
    assert messages(lib) == [
        f"references.bib:{line}:1: error: entry 'ch1' has crossref = {{vlo}}, but there is no "
        "entry with that key\n    hint: did you mean {vol}?"]
    lib = parse(VOLUME.replace("crossref = {vol}", "crossref = {elsewhere}"))
    assert "add the parent entry" in lib.problems[0].hint


def test_a_child_contradicting_its_parent_is_a_warning():
    lib = parse(VOLUME.replace("pages    = {1--20}", "booktitle = {Water in Town}, year = {2020}"))
    line = VOLUME.splitlines().index("@incollection{ch1,") + 1
    assert messages(lib) == [
        f"references.bib:{line}:1: warning: entry 'ch1' has booktitle {{Water in Town}}, but its "
        "crossref 'vol' has title {Water in the City}\n    hint: remove booktitle from the entry "
        "(it is inherited from 'vol'), or correct the one that is wrong",
        f"references.bib:{line}:1: warning: entry 'ch1' is dated 2020, but its crossref 'vol' is "
        "dated 2021\n    hint: remove year/date from the entry (it is inherited from 'vol'), or "
        "correct the one that is wrong"]
    # braces and case are not a contradiction
    lib = parse(VOLUME.replace("pages    = {1--20}", "booktitle = {Water in the {City}}"))
    assert lib.problems == []


def test_inheritance_follows_a_chain_and_reports_a_loop():
    lib = parse("""\
        @mvbook{set, author = {Example, A.}, title = {Collected Papers}, publisher = {P}, year = {2000}}
        @book{v2, title = {Volume Two}, volume = {2}, crossref = {set}}
        @inbook{c, title = {A Chapter}, crossref = {v2}, pages = {3--9}}
        """)
    assert lib.problems == []
    assert lib.entries["v2"].fields["maintitle"] == "Collected Papers"
    chapter = lib.entries["c"].fields
    assert (chapter["author"], chapter["booktitle"], chapter["maintitle"], chapter["volume"]) == (
        "Example, A.", "Volume Two", "Collected Papers", "2")
    lib = parse("@book{a, title={A}, year={2000}, author={X}, crossref={b}}\n"
                "@book{b, title={B}, year={2000}, author={X}, crossref={a}}\n")
    assert [p.message for p in lib.problems] == [
        "entry 'b' inherits from itself through crossref (a -> b -> a)"]


def test_a_periodicals_title_is_the_journal():
    lib = parse("@periodical{j, title={Flood Quarterly}, year={2022}}\n"
                "@article{a, author={A}, title={T}, crossref={j}, volume={3}}\n")
    assert lib.problems == []
    assert csl.to_csl(lib.entries["a"])["container-title"] == "Flood Quarterly"


def test_partial_entries_still_inherit_and_still_need_their_note():
    lib = parse(VOLUME.replace("pages    = {1--20}", "x-status = {partial}").replace(
        "title    = {Drains},", ""))
    assert [p.message for p in lib.problems] == [
        "entry 'ch1' is marked partial but does not say what could not be verified"]
    assert lib.entries["ch1"].fields["booktitle"] == "Water in the City"


@pytest.mark.parametrize("doi", ["https://doi.org/10.1234/x.5", "http://dx.doi.org/10.1234/x.5",
                                 "doi:10.1234/x.5", "DOI: 10.1234/x.5", "10.1234/x.5"])
def test_a_doi_written_as_a_url_is_the_bare_doi(doi):
    lib = parse(f"@article{{k, author={{A}}, title={{T}}, journal={{J}}, year={{2020}}, doi={{{doi}}}}}")
    assert csl.to_csl(lib.entries["k"])["DOI"] == "10.1234/x.5"


def test_publisher_genre_and_issue():
    lib = parse("""\
        @techreport{t, author={A}, title={T}, institution={Example Institute}, number={7}, year={2020}}
        @report{r, title={T}, institution={Example Agency}, type={Working paper}, year={2020}}
        @phdthesis{p, author={A}, title={T}, school={Example University}, year={2020}}
        @thesis{q, author={A}, title={T}, institution={Example University}, type={mathesis}, year={2020}}
        @misc{m, title={T}, howpublished={Leaflet, Example Council}, year={2020}}
        @misc{u, title={T}, howpublished={https://example.org/leaflet}, year={2020}}
        @online{o, title={T}, organization={Example Board}, url={https://example.org/}, year={2020}}
        @article{a, author={A}, title={T}, journal={J}, volume={4}, number={2}, year={2020}}
        @inproceedings{c, author={A}, title={T}, booktitle={Proceedings of the Example Meeting},
                       eventtitle={Example Meeting}, venue={Exampleton}, year={2020}}
        """)
    assert lib.problems == []
    item = {k: csl.to_csl(e) for k, e in lib.entries.items()}
    assert (item["t"]["publisher"], item["t"]["genre"], item["t"]["number"]) == (
        "Example Institute", "Technical report", "7")
    assert (item["r"]["publisher"], item["r"]["genre"]) == ("Example Agency", "Working paper")
    assert (item["p"]["publisher"], item["p"]["genre"]) == ("Example University", "PhD thesis")
    assert item["q"]["genre"] == "Master's thesis"
    assert item["m"]["publisher"] == "Leaflet, Example Council"
    assert "publisher" not in item["u"] and item["u"]["URL"] == "https://example.org/leaflet"
    assert item["o"]["publisher"] == "Example Board"
    assert (item["a"]["volume"], item["a"]["issue"]) == ("4", "2") and "number" not in item["a"]
    assert item["c"]["container-title"] == "Proceedings of the Example Meeting"
    assert (item["c"]["event-title"], item["c"]["event-place"]) == ("Example Meeting", "Exampleton")


def test_pandoc_formats_the_new_types():
    lib = parse(VOLUME + """
        @techreport{t, author={Example, Ann}, title={Pumps}, institution={Example Institute},
                    number={7}, year={2019}}
        @inproceedings{c, author={Sample, Ben}, title={Levees}, booktitle={Proceedings of the Example Meeting},
                       publisher={Example Society}, year={2018}}
        @online{o, author={Writer, Cleo}, title={Rain Gauges}, url={https://example.org/gauges},
                year={2022}, urldate={2023-01-05}}
        """.replace("\n        ", "\n"))
    assert lib.problems == []
    formatter = csl.Formatter()
    formatter.prepare(lib.entries.values(), [])
    text = {k: formatter.entry(e).reference for k, e in lib.entries.items()}
    assert "In <em>Water in the City: Essays</em>" in text["ch1"] and "Example Press" in text["ch1"]
    assert "Technical Report No. 7" in text["t"] and "Example Institute" in text["t"]
    assert "<em>Proceedings of the Example Meeting</em>" in text["c"]
    assert "https://example.org/gauges" in text["o"]


def test_inheritance_changes_nothing_in_this_papers_references():
    """The paper's chapters repeat their volume's fields: what they inherit (the ECFR chapters,
    their report's institution) never changes what is cited."""
    from conftest import ROOT
    lib = library.parse((ROOT / "references.bib").read_text(encoding="utf-8"), "references.bib")
    assert lib.problems == []
    children = [e for e in lib.entries.values() if e.fields.get("crossref")]
    assert len(children) > 20
    for entry in children:
        written = {k: v for k, v in entry.fields.items() if k not in entry.inherited}
        alone = library.Entry(entry.key, entry.type, written, entry.line, entry.raw)
        assert csl.to_csl(entry) == csl.to_csl(alone), entry.key
