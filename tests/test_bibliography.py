"""references.bib: reading, CSL formatting pinned with a fixed sample of entries, escaping, strictness."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, edit, failing_build
from edition.citations import library as bibliography
from edition.citations import csl
from edition.citations import render as references


@pytest.fixture(scope="module")
def library():
    lib = bibliography.load(ROOT / "references.bib")
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


def prepared(lib, cites=()) -> csl.Formatter:
    """A formatter that has formatted ``lib`` and ``cites`` from scratch (no disk cache)."""
    formatter = csl.Formatter()
    formatter.prepare(lib.entries.values(), cites)
    return formatter


CITES = (csl.Cite("radin2021", ("page", "116")), csl.Cite("gabuev2019", ("page", "44-45")),
         csl.Cite("kirchberger2022", ("page", "30, 62")), csl.Cite("bekkevold2022", ("page", "44")))


@pytest.fixture(scope="module")
def formatter(sample):
    return prepared(sample, CITES)


# Pinned examples of the formatter (Chicago author-date, 18th edition, as Pandoc's citeproc
# renders it), on entries written here: a fixed sample in the edition's style (the same works as
# in references.bib, but the tests do not read them from there, so correcting an entry never
# breaks a test). A change of engine or style that alters what readers see must show up here:
# when one is made on purpose, update these strings with it.
SAMPLE_BIB = r"""@collection{kirchberger2022,
  editor      = {Kirchberger, Sarah and Sinjen, Svenja and W{\"o}rmer, Nils},
  title       = {{Russia-China} Relations: Emerging Alliance or Eternal Rivals?},
  series      = {Global Power Shift},
  publisher   = {Springer},
  year        = {2022},
  doi         = {10.1007/978-3-030-97012-3},
  url         = {https://link.springer.com/book/10.1007/978-3-030-97012-3},
  note        = {Open access.},
  x-status    = {verified}
}

@incollection{carlson2022,
  author      = {Carlson, Brian G.},
  title       = {{China-Russia} Cooperation in Nuclear Deterrence},
  crossref    = {kirchberger2022},
  booktitle   = {{Russia-China} Relations: Emerging Alliance or Eternal Rivals?},
  editor      = {Kirchberger, Sarah and Sinjen, Svenja and W{\"o}rmer, Nils},
  series      = {Global Power Shift},
  publisher   = {Springer},
  year        = {2022},
  pages       = {141--161},
  x-status    = {verified}
}

@online{haenle2022,
  author      = {Haenle, Paul and Wyne, Ali},
  title       = {The Paradox of the {Russia-China} Relationship},
  publisher   = {Carnegie Endowment for International Peace},
  year        = {2022},
  month       = aug,
  date        = {2022-08-18},
  url         = {https://carnegieendowment.org/europe/posts/2022/08/the-paradox-of-the-russia-china-relationship},
  note        = {Carnegie China Q\&A, an edited excerpt of the ``China in the World'' podcast.},
  x-status    = {verified}
}

@report{radin2021,
  author      = {Radin, Andrew and Scobell, Andrew and Treyger, Elina and Williams, J. D. and Ma, Logan and Shatz, Howard J. and Zeigler, Sean M. and Han, Eugeniu and Reach, Clint},
  title       = {{China-Russia} Cooperation: Determining Factors, Future Trajectories, Implications for the {United States}},
  institution = {RAND Corporation},
  number      = {RR3067},
  year        = {2021},
  month       = oct,
  date        = {2021-10-12},
  url         = {https://www.rand.org/pubs/research_reports/RR3067.html},
  x-status    = {verified}
}

@incollection{gabuev2019,
  author      = {Gabuev},
  crossref    = {bekkevold2019},
  booktitle   = {{Sino-Russian} Relations in the 21st Century},
  editor      = {Bekkevold and Lo},
  year        = {2019},
  note        = {Chapter title not identified.},
  x-status    = {unidentified}
}

@incollection{kirchberger2022intro,
  author      = {Kirchberger, Sarah and Sinjen, Svenja and W{\"o}rmer, Nils},
  title       = {Introduction: Analyzing the Shifts in {Sino-Russian} Strategic Cooperation Since 2014},
  crossref    = {kirchberger2022},
  booktitle   = {{Russia-China} Relations: Emerging Alliance or Eternal Rivals?},
  editor      = {Kirchberger, Sarah and Sinjen, Svenja and W{\"o}rmer, Nils},
  series      = {Global Power Shift},
  publisher   = {Springer},
  year        = {2022},
  pages       = {1--13},
  x-status    = {verified}
}

@collection{bekkevold2019,
  editor      = {Bekkevold and Lo},
  title       = {{Sino-Russian} Relations in the 21st Century},
  year        = {2019},
  note        = {Editors' first names and publisher not verified.},
  x-status    = {partial}
}

@incollection{bekkevold2022,
  author      = {Bekkevold, Jo Inge},
  title       = {Imperialist Master, Comrade in Arms, Foe, Partner, and Now Ally? {China's} Changing Views of {Russia}},
  crossref    = {kirchberger2022},
  booktitle   = {{Russia-China} Relations: Emerging Alliance or Eternal Rivals?},
  editor      = {Kirchberger, Sarah and Sinjen, Svenja and W{\"o}rmer, Nils},
  series      = {Global Power Shift},
  publisher   = {Springer},
  year        = {2022},
  pages       = {41--58},
  x-status    = {verified}
}

@report{turcsanyi2023,
  author      = {Turcs{\'a}nyi, Richard Q. and Daniel, Jan and Bahensk{\'y}, Vojt{\v{e}}ch},
  title       = {Dragon's Roar and Bear's Howl: Convergence in {Sino-Russian} Information Operations in {NATO} Countries?},
  institution = {NATO Strategic Communications Centre of Excellence},
  address     = {Riga},
  year        = {2023},
  month       = jan,
  x-status    = {verified}
}
"""


@pytest.fixture(scope="module")
def sample():
    lib = bibliography.parse(SAMPLE_BIB)
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


# Chicago author-date, 18th edition, as Pandoc's citeproc renders it (no chapter page ranges and
# no place of publication: the 18th edition's rules).
PINNED = {
    "kirchberger2022": "Kirchberger, Sarah, Svenja Sinjen, and Nils Wörmer, eds. 2022b. <em>Russia-China "
                       "Relations: Emerging Alliance or Eternal Rivals?</em> Global Power Shift. "
                       "Springer. <a href=\"https://doi.org/10.1007/978-3-030-97012-3\">"
                       "https://doi.org/10.1007/978-3-030-97012-3</a>.",
    "carlson2022": "Carlson, Brian G. 2022. <span>“China-Russia Cooperation in Nuclear Deterrence.”</span> "
                   "In <em>Russia-China Relations: Emerging Alliance or Eternal Rivals?</em>, edited by "
                   "Sarah Kirchberger, Svenja Sinjen, and Nils Wörmer. Global Power Shift. Springer.",
    "haenle2022": "Haenle, Paul, and Ali Wyne. 2022. <span>“The Paradox of the Russia-China "
                  "Relationship.”</span> Carnegie Endowment for International Peace, August 18. "
                  "<a href=\"https://carnegieendowment.org/europe/posts/2022/08/the-paradox-of-the-"
                  "russia-china-relationship\">https://carnegieendowment.org/europe/posts/2022/08/"
                  "the-paradox-of-the-russia-china-relationship</a>.",
    "kirchberger2022intro": "Kirchberger, Sarah, Svenja Sinjen, and Nils Wörmer. 2022a. <span>“Introduction: "
                            "Analyzing the Shifts in Sino-Russian Strategic Cooperation Since 2014.”</span> "
                            "In <em>Russia-China Relations: Emerging Alliance or Eternal Rivals?</em>, "
                            "edited by Sarah Kirchberger, Svenja Sinjen, and Nils Wörmer. Global Power "
                            "Shift. Springer.",
}


@pytest.mark.parametrize("key", sorted(PINNED))
def test_reference_format_is_pinned(sample, formatter, key):
    assert formatter.entry(sample.entries[key]).reference == PINNED[key]


def test_report_keeps_full_first_names_and_all_authors(sample, formatter):
    ref = formatter.entry(sample.entries["radin2021"]).reference
    assert ref.startswith("Radin, Andrew, Andrew Scobell, Elina Treyger, et al. 2021.")
    assert "<em>China-Russia Cooperation: Determining Factors, Future Trajectories, Implications for the United States</em>" in ref


def test_in_text_labels(sample, formatter):
    assert formatter.citation(sample.entries["radin2021"], ("page", "116")) == "Radin et al. 2021, 116"
    assert formatter.citation(sample.entries["gabuev2019"], ("page", "44-45")) == "Gabuev 2019, 44–45"
    assert formatter.entry(sample.entries["turcsanyi2023"]).label == "Turcsányi et al. 2023"


def test_no_label_names_two_works(sample, formatter):
    """Year suffixes and given names tell apart works that would read alike."""
    assert formatter.entry(sample.entries["kirchberger2022intro"]).label == "Kirchberger et al. 2022a"
    assert formatter.entry(sample.entries["kirchberger2022"]).label == "Kirchberger et al. 2022b"
    assert formatter.citation(sample.entries["kirchberger2022"], ("page", "30, 62")) == \
        "Kirchberger et al. 2022b, 30, 62"
    assert formatter.entry(sample.entries["bekkevold2022"]).label == "J. I. Bekkevold 2022"
    assert formatter.entry(sample.entries["bekkevold2022"]).author == "J. I. Bekkevold"
    labels = [formatter.entry(e).label for e in sample.entries.values()]
    assert len(labels) == len(set(labels)), labels


def test_no_label_of_the_edition_names_two_works(library):
    formatter = prepared(library)
    labels = [formatter.entry(e).label for e in library.entries.values()]
    assert len(labels) == len(set(labels)), sorted(labels)


def test_accents_are_decoded(sample):
    assert "Wörmer" in sample.entries["kirchberger2022"].fields["editor"]
    assert "Bahenský" in sample.entries["turcsanyi2023"].fields["author"]


def test_every_entry_of_the_bibliography_is_formatted(library, formatter):
    """Every entry of references.bib gets a reference and an in-text label, with no LaTeX left."""
    assert library.entries
    for key, entry in library.entries.items():
        formatted = formatter.entry(entry)
        assert formatted.reference.strip() and formatted.label.strip(), key
        assert not re.search(r"\\[a-zA-Z]+|[{}]", formatted.reference + formatted.label), key


def test_one_call_per_build_and_none_when_nothing_changed(tmp_path, sample):
    cache = tmp_path / "citeproc.json"
    first = csl.Formatter(cache)
    first.prepare(sample.entries.values(), CITES)
    assert first.calls == 1
    second = csl.Formatter(cache)
    second.prepare(sample.entries.values(), CITES)
    assert second.calls == 0  # a warm rebuild formats nothing
    assert second.entry(sample.entries["radin2021"]) == first.entry(sample.entries["radin2021"])
    third = csl.Formatter(cache)
    third.prepare(sample.entries.values(), CITES + (csl.Cite("radin2021", ("page", "9")),))
    assert third.calls == 1  # a new citation: one call again


def test_the_style_is_configuration(sample):
    """Another CSL style by name changes the text and the bibliography."""
    apa = csl.Formatter(style=csl.style_path("apa", ROOT))
    apa.prepare(sample.entries.values(), CITES)
    assert apa.citation(sample.entries["radin2021"], ("page", "116")) == "Radin et al., 2021, p. 116"
    assert apa.entry(sample.entries["haenle2022"]).reference.startswith("Haenle, P., &amp; Wyne, A. (2022")
    with pytest.raises(csl.StyleError):
        csl.style_path("no-such-style", ROOT)


HOSTILE = r"""@book{evil,
  author = {Mallory, " onmouseover=alert(1) x="},
  title = {<script>alert(1)</script> & <img src=x onerror=alert(2)>},
  year = {2020},
  url = {javascript:alert(3)}
}
"""


def test_text_from_the_bib_is_escaped():
    lib = bibliography.parse(HOSTILE)
    formatter = prepared(lib)
    entry = lib.entries["evil"]
    out = formatter.entry(entry).reference + references.card_template(entry, formatter, "#x")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out.lower()  # shown as text (title case may capitalise it)
    assert 'href="javascript' not in out
    assert '" onmouseover' not in out


def test_parse_reports_duplicates_and_malformed_entries_with_lines():
    text = ("@book{a, title={One}, author={X}, year={2020}}\n\n"
            "@book{a, title={Two}, author={Y}, year={2021}}\n\n"
            "@article{broken, title={x\n\n"
            "@book{c, author={Z}, year={2022}}\n")
    problems = [str(p) for p in bibliography.parse(text).problems]
    assert any(p.startswith("references.bib:3:1: error: duplicate key 'a'") for p in problems), problems
    assert any(p.startswith("references.bib:5:1: error: entry 'broken' is not closed before the "
                            "next entry (line 7)") for p in problems), problems
    assert any("references.bib:7:1: error: entry 'c' (@book) has no title" in p for p in problems), problems




def test_locator_labels_as_pandoc_reads_them(sample, formatter):
    fresh = prepared(sample, [csl.Cite("radin2021", ("chapter", "3")), csl.Cite("radin2021", ("section", "2.1")),
                              csl.Cite("radin2021", ("note", "12")), csl.Cite("radin2021", ("page", "3-5"))])
    radin = sample.entries["radin2021"]
    assert fresh.citation(radin, ("chapter", "3")) == "Radin et al. 2021, chap. 3"
    assert fresh.citation(radin, ("section", "2.1")) == "Radin et al. 2021, sec. 2.1"
    assert fresh.citation(radin, ("note", "12")) == "Radin et al. 2021, n. 12"
    assert fresh.citation(radin, ("page", "3-5")) == "Radin et al. 2021, 3–5"


def test_bibliography_punctuation_and_labels_on_the_site(site):
    """Periods inside closing quotation marks, no stop after a question mark, no shared label."""
    from bs4 import BeautifulSoup
    page = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "lxml")
    texts = [p.get_text() for p in page.select(".bib-reference")]
    assert texts
    assert not [t for t in texts if "”." in t or "?." in t or "?”." in t], texts
    notes = BeautifulSoup((site / "notes/index.html").read_text(encoding="utf-8"), "lxml")
    works_of: dict[str, set[str]] = {}
    for link in notes.select("a.citation"):
        works_of.setdefault(link["data-card-title"], set()).add(link["href"].split("#")[-1])
    assert all(len(works) == 1 for works in works_of.values()), \
        {label: works for label, works in works_of.items() if len(works) > 1}
