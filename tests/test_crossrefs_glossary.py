"""Cross-references and the glossary: units without MkDocs, the built site, and bad input."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, edit, failing_build
from edition import crossrefs, glossary, paper


def soup_of(site, src):
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# --- cross-references -------------------------------------------------------------------------

def test_labels_and_their_display_in_the_papers_scheme():
    found = []
    for src in paper.PARTS["body"][2]:
        found += crossrefs.collect((ROOT / "docs" / src).read_text(encoding="utf-8"), src)
    index, problems = crossrefs.check(found, set())
    assert not problems
    shown = {name: crossrefs.display(label, index) for name, label in index.items()}
    assert shown["sec-overview"] == "Section 1"
    assert shown["sec-introduction"] == "Introduction"
    assert shown["rec-shape"] == "Recommendation b (Shape)"
    assert shown["rec-shape-iii"] == "Recommendation b (Shape), item (iii)"
    assert shown["dime-military"] == "Domain c"


def test_every_internal_pointer_is_a_working_link_with_a_preview(site):
    count = 0
    for src in ("index.md", *paper.PARTS["body"][2]):
        soup = soup_of(site, src)
        for a in soup.select("article a.xref"):
            count += 1
            page_part, anchor = a["href"].split("#")
            target = (site / ("" if src == "index.md" else src.removesuffix(".md")) / page_part / "index.html").resolve()
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), a["href"]
            template = soup.find("template", id=a["data-card"])
            assert template is not None and len(template.get_text()) > 40
            assert "@" not in a.get_text()
    assert count >= 17
    intro = soup_of(site, "introduction.md")
    words = [a.get_text() for a in intro.select("article a.xref")]
    assert "Understand" in words and "an overview of the Sino-Russian relationship" in words


def test_unknown_label_has_did_you_mean(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(p, "docs/conclusion.md", append="\nSee @sec-overveiw.\n"))
    assert re.search(r"docs/conclusion\.md:\d+: error: unknown cross-reference label '@sec-overveiw'\n"
                     r"    hint: did you mean @sec-overview\?", err), err


def test_duplicate_and_wrong_kind_labels(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(
        p, "docs/conclusion.md", append="\n## Again {#sec-overview}\n\nA paragraph.\n{: #sec-para }\n"))
    assert re.search(r"docs/\w+\.md:\d+: error: label 'sec-overview' is defined twice", err), err
    assert re.search(r"docs/conclusion\.md:\d+: error: label 'sec-para' is of the wrong kind", err), err


def test_label_colliding_with_a_citation_key(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(
        p, "references.bib", replace=("@report{radin2021,", "@report{sec-overview,")))
    assert "label 'sec-overview' is also a citation key" in err


# --- glossary -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def terms():
    g = glossary.load(ROOT / "glossary.yml")
    assert not g.problems, [str(p) for p in g.problems]
    return g


def test_longest_match_whole_words_plurals_and_never_in_code_or_links(terms):
    text = ("New START and START. PMCs and NATO’s role. `NATO` [NATO](x.md) "
            "https://www.nato.int/NATO\n\n# NATO heading\n")
    found = [(text[s:e], t.term) for s, e, t in glossary.find(text, terms)]
    assert ("New START", "New START") in found
    assert ("PMCs", "PMC") in found and ("NATO’s", "NATO") in found
    assert sum(1 for f, _ in found if f.startswith("NATO")) == 1


def test_first_use_expanded_unless_the_paper_expands_it(terms):
    out, _ = glossary.render("The DIME matters. The DIME again.", "x.md", terms, "../glossary/")
    assert out.count('class="term-expansion"') == 1
    out, _ = glossary.render("The 2021 NATO Warfighting Capstone Concept (NWCC) ...", "x.md", terms, "g/")
    assert "term-expansion" not in out.split("(<a")[0] or out.count("term-expansion") == 0


def test_every_term_has_a_card_and_an_entry_with_back_references(site, terms):
    page = soup_of(site, "glossary.md")
    for term in terms.terms.values():
        entry = page.find(id=term.slug)
        assert entry is not None, term.term
        uses = entry.find_next("dd").select_one(".term-uses")
        assert uses.get_text().startswith("Used "), term.term
    overview = soup_of(site, "overview.md")
    triggers = overview.select("article a.term")
    assert triggers
    for a in triggers:
        assert overview.find("template", id=a["data-card"]) is not None


def test_expansions_are_generated_not_in_the_markdown():
    for src in paper.PAPER_PAGES:
        assert "term-expansion" not in (ROOT / "docs" / src).read_text(encoding="utf-8")


def test_glossary_problems_are_reported(tmp_path):
    err = failing_build(tmp_path, lambda p: edit(
        p, "glossary.yml", append="\n- term: DIME\n  expansion: X\n  definition: Y\n"
                                  "- term: ZZTOP\n  expansion: Never used\n  definition: Nowhere.\n"
                                  "- term: QQQ\n  expansion: ''\n  definition: No expansion.\n"))
    assert re.search(r"glossary\.yml:\d+: error: term 'DIME' is defined twice", err), err
    assert re.search(r"glossary\.yml:\d+: warning: term 'ZZTOP' is defined but never used", err), err
    assert re.search(r"glossary\.yml:\d+: error: term 'QQQ' has no expansion", err), err


def test_every_acronym_in_the_papers_text_is_a_glossary_trigger(site):
    """Apart from headings and links (never triggers), no acronym is left without a card."""
    left = []
    for src in paper.PAPER_PAGES:
        article = soup_of(site, src).select_one("article")
        for tag in article.select("a, h1, h2, h3, code, sup, .ed-gap, .ed-remark, .term-expansion"):
            tag.decompose()
        left += re.findall(r"(?<![\w-])[A-Z][A-Z0-9&]+(?:-[A-Z0-9]+)?s?(?!\w)", article.get_text(" "))
    assert left == [], left
