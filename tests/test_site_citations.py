"""Citations and the Bibliography in the built site, as a reader meets them.

What the site should show is read from the sources (tests/sources.py: references.bib, the
citations in the Markdown, the notes), never copied into the tests, so that citing a work once
more is an edit of the text, not of the tests. Each check is a function of (sources, site): the
same checks run on the repository's site and on a copy of the project a test has edited.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_project, edit
from edition.fidelity import check as fidelity
import paper
from edition.common import slots
from sources import Sources, note_order

BIB_PAGE = "bibliography.md"


def soup_of(site: Path, src: str) -> BeautifulSoup:
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources(ROOT)


# --- the checks ----------------------------------------------------------------------------

def check_every_citation_links_to_its_entry_and_has_its_card(sources: Sources, site: Path) -> None:
    """Every citation in the Markdown (a page's own text and the notes at its foot) is a link to
    its work's Bibliography entry, with a card showing that entry's reference."""
    bib = soup_of(site, BIB_PAGE)
    references = {li["id"]: li.select_one(".bib-reference").decode_contents()
                  for li in bib.select("li.bib-entry")}
    total = 0
    for src in sources.pages:
        soup = soup_of(site, src)
        shown: Counter[str] = Counter()
        for a in soup.select("article a.citation"):
            page_part, anchor = a["href"].split("#")
            assert page_part.endswith("bibliography/"), a["href"]
            assert anchor in references, anchor
            shown[anchor.removeprefix("ref-")] += 1
            template = soup.find("template", id=a["data-card"])
            assert template is not None, a["data-card"]
            card = template.select_one(".bib-reference")
            assert card is not None and card.decode_contents() == references[anchor], (src, anchor)
        expected = sources.cited_keys(src)
        assert shown == expected, (src, shown - expected, expected - shown)
        total += sum(expected.values())
    assert total, "the sources cite no work: nothing was checked"


def check_no_citation_syntax_is_left_in_the_text(sources: Sources, site: Path) -> None:
    for src in sources.pages:
        markdown = sources.markdown(src)
        if slots.marker(paper.SLOT_BIBLIOGRAPHY) in markdown or slots.marker(paper.SLOT_CITATION_MAP) in markdown:
            continue  # BibTeX and the citation map's mark-up are shown as written, on purpose
        text = soup_of(site, src).select_one("article").get_text()
        assert not re.search(r"\[-?@\w|(?<![\w.])@[a-z]+\d{4}", text), src


def check_bibliography_lists_every_entry_with_where_it_is_cited(sources: Sources, site: Path) -> None:
    """Each entry's "Cited in notes ..." lists exactly the notes whose Markdown cites the work
    (a volume: its chapters), each a link to the note; citations outside the notes follow."""
    bib = soup_of(site, BIB_PAGE)
    items = {li["id"].removeprefix("ref-"): li for li in bib.select("li.bib-entry")}
    assert set(items) == set(sources.library.entries)
    note_ids = {li["id"] for li in soup_of(site, paper.NOTES_PAGE).select("article ol.endnotes > li")}
    for key, li in items.items():
        expected = sources.cited_in(key)
        cited = li.select_one(".bib-cited")
        text = " ".join(cited.get_text().split())
        by_edition = cited.select(".bib-editorial a")
        assert [a.get_text() for a in by_edition] == list(expected.editorial), key
        links = [a for a in cited.select("a") if a not in by_edition]
        to_notes = [a for a in links if "#note-" in a["href"]]
        elsewhere = [a for a in links if "#note-" not in a["href"]]
        assert [a.get_text() for a in to_notes] == list(expected.notes), key
        for a in to_notes:
            assert a["href"].endswith(f"notes/#note-{a.get_text()}"), a["href"]
            assert f"note-{a.get_text()}" in note_ids, a["href"]
        # outside notes, each page by its title in the nav (once, with how many uses)
        titles = {src: title for item in paper.NAV for title, src in item.items()}
        assert sorted(a.get_text() for a in elsewhere) == sorted(
            titles.get(src, src) for src in dict.fromkeys(expected.pages)), key
        for a in elsewhere:
            page_part, anchor = a["href"].split("#")
            target = (site / "bibliography" / page_part / "index.html").resolve()
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), a["href"]
        if expected.through_chapters:
            assert text.startswith("Cited through its chapters in note"), (key, text)
        elif expected.notes:
            assert text.startswith("Cited in note"), (key, text)
        elif expected.pages:
            assert text.startswith("Cited in "), (key, text)
        elif expected.editorial:
            assert text.startswith("Not cited by the paper. Cited by the edition, in a remark"), (key, text)
        else:
            assert text == "Not cited in the text.", (key, text)


CHECKS = (check_every_citation_links_to_its_entry_and_has_its_card,
          check_no_citation_syntax_is_left_in_the_text,
          check_bibliography_lists_every_entry_with_where_it_is_cited)


# --- the repository's site -----------------------------------------------------------------

def test_every_citation_links_to_its_entry_and_has_a_card(sources, site):
    check_every_citation_links_to_its_entry_and_has_its_card(sources, site)


def test_no_citation_syntax_is_left_in_the_text(sources, site):
    check_no_citation_syntax_is_left_in_the_text(sources, site)


def test_bibliography_lists_every_entry_with_its_notes(sources, site):
    check_bibliography_lists_every_entry_with_where_it_is_cited(sources, site)


def test_unverifiable_works_say_so(sources, site):
    bib = soup_of(site, BIB_PAGE)
    for key, entry in sources.library.entries.items():
        status = bib.find(id=f"ref-{key}").select_one(".bib-status")
        if entry.status == "unidentified":
            assert status and "could not be identified" in status.get_text(), key
        elif entry.status == "partial":
            assert status and status.get_text().strip(), key
        elif entry.status == "verified":
            assert status is None, key


def test_bibtex_is_copyable_and_the_file_downloadable(sources, site):
    bib = soup_of(site, BIB_PAGE)
    for key, entry in sources.library.entries.items():
        code = bib.find(id=f"ref-{key}").select_one("details.bib-source pre code").get_text()
        assert code == entry.raw.strip(), key
    assert (site / "references.bib").read_bytes() == (ROOT / "references.bib").read_bytes()
    assert bib.select_one('a[href$="references.bib"]') is not None


def test_a_volume_is_cited_through_its_chapters(sources, site):
    volumes = [key for key in sources.library.entries if sources.cited_in(key).through_chapters]
    if not volumes:
        pytest.skip("no volume in references.bib is cited only through its chapters")
    bib = soup_of(site, BIB_PAGE)
    for key in volumes:
        cited = bib.find(id=f"ref-{key}").select_one(".bib-cited")
        chapter_notes = {n for chapter in sources.chapters(key) for n in sources.notes_citing.get(chapter, ())}
        assert cited.get_text().startswith("Cited through its chapters in note"), key
        paper_links = [a for a in cited.select('a[href*="#note-"]') if not a.find_parent(class_="bib-editorial")]
        assert [a.get_text() for a in paper_links] == sorted(chapter_notes, key=note_order)


# --- an editor cites a work once more ----------------------------------------------------

# The example; any entry of references.bib would do.
WORK, LOCATOR = "radin2021", "p. 116"
_PLAIN = re.compile(r"[\w\s,.;:?!’'‘“”()%/–—-]+")


def cite_in_a_note(project: Path, key: str, locator: str) -> str:
    """Cite ``key`` at the end of a note, as an editor does: in docs/notes.md, and in the
    citation map, which records every change a citation makes to the paper's words (the
    fidelity check applies it). Returns the note's label."""
    sources = Sources(project)
    mapped = {m.note for m in sources.citation_map}
    note = next(n for n in reversed(sources.notebook.ordered())
                if n.label not in mapped and n.label not in sources.notes_citing.get(key, ())
                and "\n" not in n.text and _PLAIN.fullmatch(n.text))
    citation = f"See [@{key}, {locator}]."
    edit(project, f"docs/{paper.NOTES_PAGE}",
         replace=(f"[^{note.label}]: {note.text}\n", f"[^{note.label}]: {note.text} {citation}\n"))
    # The map lists notes in order: the new note's entries go before the first later note.
    path = project / paper.CITATION_MAP
    text = path.read_text(encoding="utf-8")
    block = yaml.safe_dump({int(note.label) if note.label.isdigit() else note.label: [
        {"text": note.text, "keys": [key], "markup": f"{note.text} {citation}"}]},
        allow_unicode=True, sort_keys=False, width=10**6)
    later = [m.start() for m in re.finditer(r"^([^\s#-][^:\n]*):[ \t]*$", text, re.M)
             if note_order(m.group(1).strip("'\"")) > note_order(note.label)]
    at = later[0] if later else len(text)
    head = text[:at] if not text[:at] or text[:at].endswith("\n") else text[:at] + "\n"
    path.write_text(head + block + ("\n" if later else "") + text[at:], encoding="utf-8")
    return note.label


def test_citing_a_work_once_more_changes_the_site_not_the_tests(tmp_path):
    project = copy_project(tmp_path / "project")
    before = Sources(project).cited_in(WORK)
    label = cite_in_a_note(project, WORK, LOCATOR)
    edit(project, "docs/index.md", append=f"\nThe study the notes cite most is [@{WORK}, {LOCATOR}].\n")
    assert fidelity.check(paper.fidelity_of(project)) == [], "the citation map should account for the new citation"
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr

    after = Sources(project)
    assert after.cited_in(WORK).notes == tuple(sorted({*before.notes, label}, key=note_order))
    assert after.cited_in(WORK).pages == tuple(sorted((*before.pages, "index.md")))
    for check in CHECKS:
        check(after, site)
    cited = soup_of(site, BIB_PAGE).find(id=f"ref-{WORK}").select_one(".bib-cited")
    assert label in [a.get_text() for a in cited.select('a[href*="#note-"]')]
    assert "Title page" in [a.get_text() for a in cited.select("a")]  # the page by its title
