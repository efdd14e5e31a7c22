"""Cross-references and citations in awkward places, and duplicates told at the editor's line
(issue 18): one edit in a copy of the project, then the build, as in ``test_bad_input``.

A citation or a cross-reference inside a link's text would be a link inside a link: an error
where it stands. A duplicate label or a note referenced again is told at the later of the two
places in reading order (the nav's pages, then lines), the other named in the hint. The inputs
at the end must simply work: a heading that holds a citation, a cross-reference and code is
named by a reference to it as the heading reads, never as links inside its link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_project
from test_bad_input import _diagnostics, assert_told_once, append, first_marker, where

_CITATION_HINT = ("    hint: a citation is itself a link (to its card and its Bibliography entry), "
                  "and a link cannot hold a link: put it after the link's brackets, as in "
                  "[the report](https://example.org/report) [@key]")


def _last(project: Path, rel: str, needle: str, offset: int = 0) -> str:
    """``rel:line:col`` of the last ``needle`` in a file (+ offset characters)."""
    text = (project / rel).read_text(encoding="utf-8")
    at = text.rindex(needle) + offset
    return f"{rel}:{text.count(chr(10), 0, at) + 1}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def _line(project: Path, rel: str, needle: str, last: bool = False) -> str:
    return _last(project, rel, needle).rsplit(":", 1)[0] if last else \
        where(project, rel, needle).rsplit(":", 1)[0]


# --- a citation or a cross-reference inside a link's text --------------------------------------

def citation_inside_link_text(p):
    append(p, "docs/about.md", "\nSee [the view of [@kirchberger2022] here](https://example.org/).\n")
    return [f"{where(p, 'docs/about.md', '[@kirchberger2022] here')}: error: citation "
            "'[@kirchberger2022]' inside a link's text", _CITATION_HINT]


def narrative_citation_inside_link_text(p):
    append(p, "docs/about.md", "\nAs [the editors, @kirchberger2022, argue](https://example.org/).\n")
    return [f"{where(p, 'docs/about.md', '@kirchberger2022, argue')}: error: citation "
            "'@kirchberger2022' inside a link's text", _CITATION_HINT]


def citation_as_a_links_whole_text(p):
    """``[@key](url)``: Pandoc reads a citation there; this edition would print "@key"."""
    append(p, "docs/about.md", "\nThe book [@kirchberger2022](https://example.org/) has it.\n")
    return [f"{where(p, 'docs/about.md', '@kirchberger2022](')}: error: citation "
            "'@kirchberger2022' inside a link's text", _CITATION_HINT]


def citation_wrapped_inside_link_text(p):
    append(p, "docs/about.md", "\nSee [the view of [@kirchberger2022,\np. 3] here](https://example.org/).\n")
    return [f"{where(p, 'docs/about.md', '[@kirchberger2022,')}: error: citation "
            "'[@kirchberger2022, p. 3]' inside a link's text", _CITATION_HINT]


def citation_inside_reference_link_text(p):
    append(p, "docs/about.md", "\nSee [the view of [@kirchberger2022]][view].\n\n"
                               "[view]: https://example.org/\n")
    return [f"{where(p, 'docs/about.md', '[@kirchberger2022]]')}: error: citation "
            "'[@kirchberger2022]' inside a link's text", _CITATION_HINT]


def citation_inside_raw_html_link(p):
    append(p, "docs/about.md", '\nSee <a href="https://example.org/">the view of '
                               '[@kirchberger2022]</a>.\n')
    return [f"{where(p, 'docs/about.md', '[@kirchberger2022]</a>')}: error: citation "
            "'[@kirchberger2022]' inside a link's text", _CITATION_HINT]


def citation_inside_a_pointers_words(p):
    append(p, "docs/about.md", "\nAs [the argument of @kirchberger2022](@sec-overview) goes.\n")
    return [f"{where(p, 'docs/about.md', '@kirchberger2022](')}: error: citation "
            "'@kirchberger2022' inside a link's text", _CITATION_HINT]


def cross_reference_inside_link_text(p):
    append(p, "docs/about.md", "\nSee [the report, as @sec-overview says](https://example.org/).\n")
    return [f"{where(p, 'docs/about.md', '@sec-overview says')}: error: cross-reference "
            "'@sec-overview' inside a link's text",
            "    hint: a cross-reference is itself a link, and a link cannot hold a link: put it "
            "after the link's brackets, or link the words to the label: [words](@sec-overview)"]


def unknown_key_inside_link_text(p):
    """Told once, as the unknown key it is."""
    append(p, "docs/about.md", "\nSee [the view of [@kirchberger2202] here](https://example.org/).\n")
    return [f"{where(p, 'docs/about.md', '@kirchberger2202')}: error: unknown citation key "
            "'@kirchberger2202'"]


# --- duplicates: told at the later place in reading order --------------------------------------

def duplicate_label_later_on_the_same_page(p):
    append(p, "docs/about.md", "\n## Reading {#sec-reading}\n\nText.\n\n## Reading again {#sec-reading}\n")
    return [f"{_last(p, 'docs/about.md', '## Reading again')}: error: label 'sec-reading' is "
            "defined twice",
            f"    hint: the first is at {_line(p, 'docs/about.md', '## Reading {#')}; rename one"]


def duplicate_label_heading_after_paragraph(p):
    """A heading's label after a paragraph's of the same name: the heading's line is the later
    one (headings were once all read before paragraphs, so the paragraph took the blame)."""
    append(p, "docs/about.md", "\nA figure's caption.\n{: #fig-one }\n\n## Figure one {#fig-one}\n")
    return [f"{_last(p, 'docs/about.md', '## Figure one')}: error: label 'fig-one' is defined "
            "twice",
            f"    hint: the first is at {_line(p, 'docs/about.md', '{: #fig-one }')}; rename one"]


def note_referenced_again_on_a_later_page(p):
    marker = first_marker(p, "docs/introduction.md")
    first = where(p, "docs/introduction.md", marker)
    append(p, "docs/about.md", f"\nAs the introduction notes.{marker}\n")
    return [f"{_last(p, 'docs/about.md', marker)}: error: note {marker} is referenced a second "
            "time",
            f"    hint: the paper references each note once; the first marker is at {first}"]


CASES = [citation_inside_link_text, narrative_citation_inside_link_text,
         citation_as_a_links_whole_text,
         citation_wrapped_inside_link_text, citation_inside_reference_link_text,
         citation_inside_raw_html_link, citation_inside_a_pointers_words,
         cross_reference_inside_link_text, unknown_key_inside_link_text,
         duplicate_label_later_on_the_same_page, duplicate_label_heading_after_paragraph,
         note_referenced_again_on_a_later_page]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected)


# --- inputs that must simply work: a heading that holds a citation, a reference and code -------

HEADING = "## Reading [@kirchberger2022] beside @sec-overview, *with* `x<y` {#sec-reading}"


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """A site whose About page has a heading holding a citation, a cross-reference and code,
    referenced from an earlier page (the Conclusion, in a remark) and from its own page; and two
    headings that reference each other."""
    root = tmp_path_factory.mktemp("named")
    project = copy_project(root / "project")
    append(project, "docs/about.md",
           f"\n{HEADING}\n\nThe reading's first paragraph.\n\nSee @sec-reading.\n\n"
           "## Alpha, after @sec-beta {#sec-alpha}\n\nA.\n\n"
           "## Beta, before @sec-alpha {#sec-beta}\n\nB.\n")
    append(project, "docs/conclusion.md", "\n{{ed: see @sec-reading.}}\n")
    result = build(project, root / "site")
    assert result.returncode == 0, result.stderr
    assert not _diagnostics(result.stderr), result.stderr
    return root / "site"


def _page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name / "index.html").read_text(encoding="utf-8"), "lxml")


def _heading_text(soup: BeautifulSoup) -> str:
    heading = soup.select_one("h2#sec-reading")
    for permalink in heading.select("a.headerlink"):
        permalink.decompose()
    return " ".join(heading.get_text().split())


def test_a_reference_names_the_heading_as_it_reads(named):
    about = _page(named, "about")
    shown = _heading_text(about)
    assert shown.startswith("Reading (Kirchberger") and "Section 1, with x<y" in shown, shown
    for page in (_page(named, "conclusion"), about):  # before the heading's page, and on it
        link = page.select_one('a.xref[data-card="card-xref-sec-reading"]')
        assert " ".join(link.get_text().split()) == shown
        assert link["data-card-title"] == shown
        assert not link.find("a"), link  # no link inside the link
        assert [str(c) for c in link.find_all("code")] == ["<code>x&lt;y</code>"]
        assert "[@" not in link.get_text() and "@sec" not in link.get_text()


def test_the_card_names_the_heading_as_it_reads_with_its_code(named):
    about = _page(named, "about")
    shown = _heading_text(about)
    # read as its own fragment: Beautiful Soup leaves a template's text out of get_text()
    card = BeautifulSoup(about.select_one("template#card-xref-sec-reading").decode_contents(),
                         "lxml")
    name = card.select_one(".xref-target strong")
    assert " ".join(name.get_text().split()) == shown
    assert [str(c) for c in name.find_all("code")] == ["<code>x&lt;y</code>"]
    assert not name.find("a") and "[@" not in card.decode_contents()
    assert card.select_one(".card-more a").get_text() == "Go to " + shown


def test_the_headings_citation_is_counted_once(named):
    """The reference's name is text: it cites nothing, so the heading's citation is the page's
    only use of the work it did not have before."""
    about = _page(named, "about")
    in_heading = about.select('h2#sec-reading a.citation')
    assert len(in_heading) == 1
    ids = [a["id"] for a in about.select('a.citation[data-card="card-ref-kirchberger2022"]')]
    assert in_heading[0]["id"] in ids
    assert not about.select("a.xref a, a.citation a")


def test_headings_that_reference_each_other_are_named_once_each(named):
    about = _page(named, "about")
    alpha = about.select_one("h2#sec-alpha a.xref")
    beta = about.select_one("h2#sec-beta a.xref")
    # Each heading's reference reads the other's title; a title met again reads as its kind.
    assert " ".join(alpha.get_text().split()).startswith("Beta, before")
    assert " ".join(beta.get_text().split()).startswith("Alpha, after")
    assert re.search(r"Section\b", alpha.get_text() + beta.get_text())
