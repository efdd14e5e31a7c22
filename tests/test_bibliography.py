"""references.bib: reading, CSL formatting pinned with real entries, escaping, strictness."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, edit, failing_build
from edition import bibliography, csl, references


@pytest.fixture(scope="module")
def library():
    lib = bibliography.load(ROOT / "references.bib")
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


@pytest.fixture(scope="module")
def formatter():
    return csl.Formatter()  # no disk cache: format from scratch


# Chicago author-date, 16th edition, as citeproc-py renders it. Pinned: a change of library or
# style that alters what readers see must show up here.
PINNED = {
    "kirchberger2022": "Kirchberger, Sarah, Svenja Sinjen, and Nils Wörmer, eds. 2022. <i>Russia-China "
                       "Relations: Emerging Alliance or Eternal Rivals?</i>. Global Power Shift. "
                       "Springer. doi:<a href=\"https://doi.org/10.1007/978-3-030-97012-3\">"
                       "10.1007/978-3-030-97012-3</a>.",
    "carlson2022": "Carlson, Brian G. 2022. “China-Russia Cooperation in Nuclear Deterrence”. In "
                   "<i>Russia-China Relations: Emerging Alliance or Eternal Rivals?</i>, edited by "
                   "Sarah Kirchberger, Svenja Sinjen, and Nils Wörmer, 141–61. Global Power Shift. "
                   "Springer.",
    "haenle2022": "Haenle, Paul, and Ali Wyne. 2022. “The Paradox of the Russia-China Relationship”. "
                  "Carnegie Endowment for International Peace. August 18. "
                  "<a href=\"https://carnegieendowment.org/europe/posts/2022/08/the-paradox-of-the-"
                  "russia-china-relationship\">https://carnegieendowment.org/europe/posts/2022/08/"
                  "the-paradox-of-the-russia-china-relationship</a>.",
}


@pytest.mark.parametrize("key", sorted(PINNED))
def test_reference_format_is_pinned(library, formatter, key):
    assert formatter.entry(library.entries[key]).reference == PINNED[key]


def test_report_keeps_full_first_names_and_all_authors(library, formatter):
    ref = formatter.entry(library.entries["radin2021"]).reference
    assert ref.startswith("Radin, Andrew, Andrew Scobell, Elina Treyger,")
    assert "<i>China-Russia Cooperation: Determining Factors, Future Trajectories, Implications for the United States</i>" in ref


def test_in_text_labels(library, formatter):
    assert formatter.citation(library.entries["radin2021"], ("page", "116")) == "Radin et al. 2021, 116"
    assert formatter.citation(library.entries["gabuev2019"], ("page", "44-45")) == "Gabuev 2019, 44–45"
    assert formatter.entry(library.entries["turcsanyi2023"]).label == "Turcsányi, Daniel, and Bahenský 2023"


def test_accents_are_decoded(library):
    assert "Wörmer" in library.entries["kirchberger2022"].fields["editor"]
    assert "Bahenský" in library.entries["turcsanyi2023"].fields["author"]


def test_cache_formats_each_entry_once(tmp_path, library):
    cache = tmp_path / "csl.json"
    first = csl.Formatter(cache)
    for entry in library.entries.values():
        first.entry(entry)
        first.entry(entry)
    assert first.formatted_now == len(library.entries)
    first.save()
    second = csl.Formatter(cache)
    for entry in library.entries.values():
        second.entry(entry)
    assert second.formatted_now == 0


HOSTILE = r"""@book{evil,
  author = {Mallory, " onmouseover=alert(1) x="},
  title = {<script>alert(1)</script> & <img src=x onerror=alert(2)>},
  year = {2020},
  url = {javascript:alert(3)}
}
"""


def test_text_from_the_bib_is_escaped(formatter):
    lib = bibliography.parse(HOSTILE)
    entry = lib.entries["evil"]
    out = formatter.entry(entry).reference + references.card_template(entry, formatter, "#x")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out
    assert 'href="javascript' not in out
    assert '" onmouseover' not in out


def test_parse_reports_duplicates_and_malformed_entries_with_lines():
    text = ("@book{a, title={One}, author={X}, year={2020}}\n\n"
            "@book{a, title={Two}, author={Y}, year={2021}}\n\n"
            "@article{broken, title={x\n\n"
            "@book{c, author={Z}, year={2022}}\n")
    problems = [str(p) for p in bibliography.parse(text).problems]
    assert any(p.startswith("references.bib:3: error: duplicate key 'a'") for p in problems), problems
    assert any(p.startswith("references.bib:5: error: malformed entry") for p in problems), problems
    assert any("references.bib:7: error: entry 'c' (@book) has no title" in p for p in problems), problems


def test_unknown_key_fails_with_did_you_mean(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(p, "docs/notes.md", replace=("[@radin2021", "[@radin2012")))
    assert re.search(r"docs/notes\.md:\d+: error: unknown citation key '@radin2012'\n    hint: did you mean @radin2021\?", err), err


def test_broken_bib_fails_with_line(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(
        p, "references.bib", append="\n@book{radin2021, title={Again}, author={A}, year={2021}}\n"
                                    "\n@article{oops, title = {unclosed\n"))
    assert re.search(r"references\.bib:\d+: error: duplicate key 'radin2021'", err), err
    assert re.search(r"references\.bib:\d+: error: malformed entry", err), err


def test_unused_entry_is_a_warning_that_fails_strict(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(
        p, "references.bib", append="\n@book{uncited2020, title={Never Cited}, author={Nobody, A.}, "
                                    "year={2020}}\n"))
    assert re.search(r"references\.bib:\d+: warning: entry 'uncited2020' is never cited", err), err
