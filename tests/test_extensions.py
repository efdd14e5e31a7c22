"""The edition's Markdown extensions, case by case: Markdown in, HTML out.

Every ``tests/cases/<concern>/NAME.md`` is rendered as one page (``page.md``) with all the
extensions wired as the hooks wire them (Python-Markdown's footnotes, attr_list, tables,
fenced_code and toc, as MkDocs loads them, and the edition's notes, cross-references, citations,
glossary, editorial marks and the paper's lists), against the shared fixtures of
``tests/cases/``: ``references.bib``, ``glossary.yml`` and ``notes.md`` (the paper's notes: a
case that references ``[^47]`` gets note 47 appended, as a page of the edition does). The
cross-references are the case's own labels. The HTML must equal ``NAME.html``.

Add a case: write NAME.md, run with UPDATE_CASES=1, READ the .html it wrote, keep it if right.

    UPDATE_CASES=1 .venv/bin/python -m pytest tests/test_extensions.py

(with UPDATE_CASES=1 every case's .html is written afresh instead of compared: read the diff
before keeping it.)
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest

import paper
from edition.citations import library
from edition.lists.extension import PaperListsExtension
from edition.citations.build import CitationsBuild
from edition.citations.csl import Formatter, style_path
from edition.common.links import standalone
from edition.crossrefs.build import CrossrefsBuild
from edition.editorial.marks import EditorialExtension
from edition.glossary import model as glossary_model
from edition.glossary.build import GlossaryBuild
from edition.notes import model as notes_model
from edition.notes.build import NotesBuild

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("UPDATE_CASES") == "1"
# The fixtures sit at the top of tests/cases/; the cases, in a folder per concern.
CASE_FILES = sorted(p for p in CASES.rglob("*.md") if p.parent != CASES)


@dataclass
class Edition:
    citations: CitationsBuild
    crossrefs: CrossrefsBuild
    glossary: GlossaryBuild
    notes: NotesBuild


@pytest.fixture(scope="module")
def edition() -> Edition:
    """The fixtures read once, and every citation of the cases formatted in one Pandoc call."""
    works = library.parse((CASES / "references.bib").read_text(encoding="utf-8"), "references.bib")
    assert not works.problems, [str(p) for p in works.problems]
    terms = glossary_model.load(CASES / "glossary.yml")
    assert not terms.problems, [str(p) for p in terms.problems]
    notes_text = (CASES / "notes.md").read_text(encoding="utf-8")
    book = notes_model.NoteBook("notes.md")
    book.notes, problems = notes_model.parse_definitions(notes_text, "notes.md")
    assert not problems, [str(p) for p in problems]

    project = paper.standalone_project()
    citations = CitationsBuild(works, Formatter(None, style_path("chicago-author-date", Path("."))),
                               project, kinds=paper.kinds())
    problem = citations.prepare([notes_text] + [p.read_text(encoding="utf-8") for p in CASE_FILES])
    assert not problem, problem
    crossrefs = CrossrefsBuild(set(works.entries), paper.kinds())
    crossrefs.cite = citations.plain_text  # as the plugin wires them
    return Edition(citations, crossrefs, GlossaryBuild(terms, project), NotesBuild("notes.md", book))


def render(text: str, edition: Edition, src: str = "page.md") -> str:
    """One page, as the hooks render it: its notes appended, then the Markdown converted."""
    place = standalone(src)
    text = edition.notes.page(place, text)
    edition.crossrefs.index_labels([(src, "", text)])
    edition.crossrefs.page(place)
    edition.citations.page(place)
    edition.glossary.page(place)
    md = markdown.Markdown(extensions=[
        "footnotes", "attr_list", "tables", "fenced_code", "toc",
        edition.citations.extension(), edition.crossrefs.extension(), edition.glossary.extension(),
        EditorialExtension(), PaperListsExtension(), edition.notes.extension()])
    html = md.convert(text)
    edition.citations.page_done()
    edition.glossary.page_done()
    return html


def _normal(html: str) -> str:
    return "\n".join(line.rstrip() for line in html.rstrip().splitlines()) + "\n"


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.relative_to(CASES).with_suffix("").as_posix())
def test_case(case: Path, edition: Edition) -> None:
    actual = _normal(render(case.read_text(encoding="utf-8"), edition))
    expected_file = case.with_suffix(".html")
    if UPDATE:
        expected_file.write_text(actual, encoding="utf-8")
        pytest.skip(f"wrote {expected_file.relative_to(CASES)}: read it before keeping it")
    assert expected_file.exists(), (f"{case.relative_to(CASES)} has no expected output: run with "
                                    "UPDATE_CASES=1, then read the .html it writes")
    expected = _normal(expected_file.read_text(encoding="utf-8"))
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"{expected_file.relative_to(CASES)} (expected)", tofile="rendered"))
        pytest.fail(f"{case.relative_to(CASES)} renders differently from its .html:\n{diff}",
                    pytrace=False)
