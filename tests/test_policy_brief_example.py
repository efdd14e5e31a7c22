"""examples/policy-brief, the second edition, read with the package as the plugin will read it:
its references, glossary, citations, cross-references, footnotes and links are all sound (no
MkDocs build: the plugin that builds it is configured by its own mkdocs.yml)."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from edition.citations import csl, library, syntax
from edition.crossrefs import labels, model as crossrefs
from edition.glossary import model as glossary_model

EXAMPLE = ROOT / "examples" / "policy-brief"
PAGES = sorted((EXAMPLE / "docs").glob("*.md"))


def text(page) -> str:
    return page.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def works():
    return library.parse((EXAMPLE / "references.bib").read_text(encoding="utf-8"), "references.bib")


@pytest.fixture(scope="module")
def cited():
    return {page.name: [i.key for c in syntax.find(text(page)) for i in c.items] for page in PAGES}


def test_the_config_is_the_plugins_short_form():
    lines = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 15
    config = yaml.safe_load("\n".join(lines))
    assert config["theme"] == {"name": "material"}
    assert config["plugins"] == ["search", {"edition": {"bibliography": "references.bib",
                                                        "glossary": "glossary.yml"}}]
    in_nav = [next(iter(item.values())) for item in config["nav"]]
    assert in_nav == ["index.md", "problem.md", "method.md", "options.md", "recommendations.md"]
    assert sorted(in_nav) == [p.name for p in PAGES]
    assert 5 <= len(PAGES) <= 6
    # the plugin adds these; the example writes none of them
    assert not {"bibliography.md", "glossary.md", "notes.md"} & {p.name for p in PAGES}


def test_the_references_use_standard_types_and_crossref(works):
    assert works.problems == []
    types = {e.type for e in works.entries.values()}
    assert {"techreport", "report", "online", "inproceedings", "collection", "incollection"} <= types
    chapters = [e for e in works.entries.values() if e.fields.get("crossref")]
    assert len(chapters) == 2
    for chapter in chapters:
        assert "booktitle" in chapter.inherited and "booktitle" not in chapter.raw
        assert csl.to_csl(chapter)["container-title"].startswith("Cities That Hold Water")


def test_every_citation_is_known_and_every_work_cited(works, cited):
    keys = [k for page_keys in cited.values() for k in page_keys if not labels.DEFAULT.is_label(k)]
    assert set(keys) <= set(works.entries), set(keys) - set(works.entries)
    used = set(keys) | {works.entries[k].fields.get("crossref") for k in keys} - {None}
    assert used == set(works.entries), set(works.entries) - used


def test_every_citation_form_is_used(cited):
    found = [c for page in PAGES for c in syntax.find(text(page))]
    assert any(c.narrative for c in found)
    assert any(len(c.items) > 1 and c.items[0].prefix == "see" for c in found)
    assert any(i.locator and i.locator[1] == "12-21" for c in found for i in c.items)
    # some inside footnotes
    notes = "\n".join(n for p in PAGES for n in re.findall(r"^\[\^\d+\]:.*(?:\n    .*)*", text(p), re.M))
    assert len(syntax.find(notes)) >= 6


def test_cross_references_resolve(works, cited):
    found = [label for page in PAGES for label in crossrefs.collect(text(page), page.name)]
    index, problems = crossrefs.check(found, set(works.entries))
    assert problems == []
    refs = [k for page_keys in cited.values() for k in page_keys if labels.DEFAULT.is_label(k)]
    assert set(refs) <= set(index) and len(refs) >= 2
    assert crossrefs.display(index["sec-method"], index) == "Section 2"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_footnotes_are_defined_on_their_page_and_numbered_from_one(page):
    source = text(page)
    defined = re.findall(r"^\[\^(\d+)\]:", source, re.M)
    used = re.findall(r"\[\^(\d+)\](?!:)", source)
    assert sorted(set(used)) == sorted(defined) and len(used) == len(set(used))
    assert defined == [str(n) for n in range(1, len(defined) + 1)]
    # the definitions stand at the page's foot, after the last paragraph of prose
    if defined:
        assert source.index("[^1]:") > max(m.start() for m in re.finditer(r"\[\^\d+\](?!:)", source))


def test_every_acronym_is_used_and_never_spelt_out_in_the_markdown():
    terms = glossary_model.load(EXAMPLE / "glossary.yml")
    assert terms.problems == [] and 8 <= len(terms.terms) <= 12
    assert all(t.definition == "" for t in terms.terms.values())  # the plain mapping form
    used = {t.term for page in PAGES for _, _, t in glossary_model.find(text(page), terms)}
    assert used == set(terms.terms), set(terms.terms) - used
    for page in PAGES:
        for term in terms.terms.values():
            assert term.expansion.casefold() not in text(page).casefold(), (page.name, term.term)


def _slug(heading: str) -> str:
    """Python-Markdown's toc slug (what MkDocs gives a heading without an explicit id)."""
    heading = re.sub(r"\s*\{[^}]*\}\s*$", "", heading)
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower())


def test_heading_links_point_at_headings():
    anchors = {p.name: {_slug(h) for h in re.findall(r"^#+\s+(.*)$", text(p), re.M)} |
               set(re.findall(r"\{#([\w-]+)\}", text(p))) for p in PAGES}
    links = [(p.name, target, anchor) for p in PAGES
             for target, anchor in re.findall(r"\]\(([\w-]*\.md)?#([\w-]+)\)", text(p))]
    assert len(links) >= 3
    for page, target, anchor in links:
        assert anchor in anchors[target or page], (page, target, anchor)


def test_pandoc_formats_every_work(works):
    formatter = csl.Formatter()
    formatter.prepare(works.entries.values(), [])
    for entry in works.entries.values():
        reference = formatter.entry(entry).reference
        assert reference != entry.key and entry.key not in reference, entry.key
    assert "Chap. 3 in <em>Cities That Hold Water: Local Government and the New Flood Risk</em>" \
        in formatter.entry(works.entries["placeholder2024drains"]).reference
    assert "Example Regional Water Authority" in formatter.entry(works.entries["sample2022rainfall"]).reference
