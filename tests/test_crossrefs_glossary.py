"""Cross-references and the glossary: units without MkDocs, the built site, and bad input."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, edit, failing_build
from edition.citations import syntax as citations
from edition.crossrefs import model as crossrefs
from edition.glossary import model as glossary
import paper
from edition.common.text import masked_code
from sources import Sources


def soup_of(site, src):
    path = site / ("index.html" if src == "index.md" else src.removesuffix(".md") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources(ROOT)


# --- cross-references -------------------------------------------------------------------------

# The paper's numbering scheme, pinned with a small text written here (not the edition's pages,
# which an editor may relabel): how a reference to each kind of label reads.
SCHEME = """# Introduction {#sec-introduction}

# 1. Overview of Something {#sec-overview}

c. In the military sphere, activity has grown.
{: #dime-military }

b. **Shape.** Building on efforts in the first space, the Alliance should act.
{: #rec-shape }

(iii) Restructuring the partnership frameworks.
{: #rec-shape-iii }
"""


def test_labels_and_their_display_in_the_papers_scheme():
    index, problems = crossrefs.check(crossrefs.collect(SCHEME, "x.md", paper.kinds()), set(), paper.kinds())
    assert not problems
    shown = {name: crossrefs.display(label, index, paper.kinds()) for name, label in index.items()}
    assert shown == {"sec-introduction": "Introduction", "sec-overview": "Section 1",
                     "dime-military": "Domain c", "rec-shape": "Recommendation b (Shape)",
                     "rec-shape-iii": "Recommendation b (Shape), item (iii)"}


@pytest.fixture(scope="module")
def label_index(sources):
    found = [label for src in sources.pages for label in crossrefs.collect(sources.markdown(src), src, paper.kinds())]
    index, problems = crossrefs.check(found, set(sources.library.entries), paper.kinds())
    assert not problems, [str(p) for p in problems]
    return index


def test_every_label_of_the_edition_reads_as_one_place(label_index):
    shown = [crossrefs.display(label, label_index, paper.kinds()) for label in label_index.values()]
    assert all(shown), shown
    assert len(set(shown)) == len(shown), "two places read the same"


_POINTER = re.compile(r"\[([^\]\n]+)\]\(@([\w:-]+)\)")


def expected_pointers(sources, src: str, index) -> Counter:
    """(label, words a reader sees) of every cross-reference in a page's Markdown and its notes:
    @label and [@label] read as the paper numbers the place; [words](@label) keeps the words."""
    markdown = sources.as_read(src)
    pointers: Counter = Counter()
    for c in citations.find(markdown):
        if all(paper.kinds().is_label(i.key) for i in c.items):
            pointers.update((i.key, crossrefs.display(index[i.key], index, paper.kinds())) for i in c.items)
    pointers.update((m.group(2), m.group(1)) for m in _POINTER.finditer(masked_code(markdown)))
    return pointers


def test_every_internal_pointer_is_a_working_link_with_a_preview(site, sources, label_index):
    count = 0
    for src in sources.pages:
        soup = soup_of(site, src)
        shown = Counter()
        for a in soup.select("article a.xref"):
            page_part, anchor = a["href"].split("#")
            target = (site / ("" if src == "index.md" else src.removesuffix(".md")) / page_part / "index.html").resolve()
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), a["href"]
            template = soup.find("template", id=a["data-card"])
            assert template is not None and len(template.get_text()) > 40
            assert "@" not in a.get_text()
            shown[(anchor, a.get_text())] += 1
        expected = expected_pointers(sources, src, label_index)
        assert shown == expected, (src, shown - expected, expected - shown)
        count += sum(expected.values())
    assert count, "the edition has no cross-reference: nothing was checked"




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


# How terms are found and expanded, shown on a small glossary written here (the edition's
# glossary.yml is the editors' to change).
SAMPLE = """\
- term: New START
  expansion: New Strategic Arms Reduction Treaty
  definition: A treaty.
- term: START
  expansion: Strategic Arms Reduction Treaty
  definition: An earlier treaty.
- term: PMC
  expansion: Paramilitary Company
  forms: [Paramilitary Company]
  definition: A company.
- term: NATO
  expansion: North Atlantic Treaty Organization
  expand: false
  definition: An alliance.
- term: DIME
  expansion: Diplomatic, Information, Military, and Economic
  definition: Four domains.
- term: NWCC
  expansion: NATO Warfighting Capstone Concept
  forms: [NATO Warfighting Capstone Concept]
  definition: A concept.
"""


@pytest.fixture(scope="module")
def sample_terms(tmp_path_factory):
    path = tmp_path_factory.mktemp("glossary") / "glossary.yml"
    path.write_text(SAMPLE, encoding="utf-8")
    g = glossary.load(path)
    assert not g.problems, [str(p) for p in g.problems]
    return g


def test_longest_match_whole_words_plurals_and_never_in_code_or_links(sample_terms):
    text = ("New START and START. PMCs and NATO’s role. `NATO` [NATO](x.md) "
            "https://www.nato.int/NATO\n\n# NATO heading\n")
    found = [(text[s:e], t.term) for s, e, t in glossary.find(text, sample_terms)]
    assert ("New START", "New START") in found and ("START", "START") in found
    assert sum(1 for f, _ in found if f.endswith("START")) == 2
    assert ("PMCs", "PMC") in found and ("NATO’s", "NATO") in found
    assert sum(1 for f, _ in found if f.startswith("NATO")) == 1


# The first use of an acronym spelled out, unless the paper spells it out there itself: the
# cases tests/cases/glossary/*.md (tests/test_extensions.py).


def test_every_term_has_a_card_and_an_entry_with_back_references(site, sources, terms):
    page = soup_of(site, "glossary.md")
    for term in terms.terms.values():
        entry = page.find(id=term.slug)
        assert entry is not None, term.term
        uses = entry.find_next("dd").select_one(".term-uses")
        assert uses.get_text().startswith("Used "), term.term
    total = 0
    for src in paper.PAPER_PAGES:
        soup = soup_of(site, src)
        triggers = soup.select("article a.term")
        for a in triggers:
            assert soup.find("template", id=a["data-card"]) is not None, (src, a["data-card"])
        # every term of the page's own text is a trigger there
        linked = {a["href"].split("#")[1] for a in triggers}
        in_text = {t.slug for _, _, t in glossary.find(sources.markdown(src), terms)}
        assert in_text <= linked, (src, in_text - linked)
        total += len(triggers)
    assert total, "no term of the glossary is used: nothing was checked"


def test_expansions_are_generated_not_in_the_markdown():
    for src in paper.PAPER_PAGES:
        assert "term-expansion" not in (ROOT / "docs" / src).read_text(encoding="utf-8")



def test_every_acronym_in_the_papers_text_is_a_glossary_trigger_once_per_section(site):
    """Apart from headings and links (never triggers), every acronym is a card at its first use
    in its section or note; a later use there is plain text, after a trigger for the same word."""
    acronym = re.compile(r"(?<![\w-])[A-Z][A-Z0-9&]+(?:-[A-Z0-9]+)?s?(?!\w)")
    left, repeated = [], 0
    for src in paper.PAPER_PAGES:
        article = soup_of(site, src).select_one("article")
        for tag in article.select("h1, h2, h3, code, sup, .ed-gap, .ed-remark, .term-expansion, "
                                  "a:not(.term)"):
            tag.decompose()
        # In reading order: a note starts a new context (a card may show it alone).
        linked: set[str] = set()
        for node in article.descendants:
            if getattr(node, "name", None) == "li" and \
                    (node.get("id") or "").startswith(("fn:", "note-")):
                linked = set()
            elif getattr(node, "name", None) == "a":  # the term it stands for, whatever its form
                linked.add(node["data-card-title"].rstrip("s’'"))
            elif isinstance(node, str) and node.find_parent("a") is None:
                for word in acronym.findall(node):
                    if word.rstrip("s’'") in linked:
                        repeated += 1
                    else:
                        left.append((src, word))
    assert left == [], left
    assert repeated > 20  # the page is quiet: most later uses are plain text



# --- the edition's words are told apart from the paper's (issue 12) --------------------------

def test_nothing_is_added_inside_a_quotation(site):
    """An expansion is the edition's interpolation: never inside the paper's quoted words."""
    checked = 0
    for src in (*paper.PAPER_PAGES,):
        article = soup_of(site, src).select_one("article")
        depth = 0
        for node in article.descendants:
            if isinstance(node, str):
                for char in node:
                    depth += char == "“"
                    depth -= char == "”" and depth > 0
            elif "term-expansion" in (node.get("class") or []):
                assert depth == 0, (src, node.get_text())
                checked += 1
    assert checked > 10  # expansions exist, outside quotations


def test_expansions_are_bracketed_and_one_trigger_with_their_term(site):
    """An expansion is inside its term's trigger; where the paper puts a note marker on the
    word, the marker stays on it and the expansion follows the marker (issue 23)."""
    after_marker = 0
    for src in paper.PAPER_PAGES:
        for expansion in soup_of(site, src).select("article .term-expansion"):
            text = expansion.get_text()
            assert text.startswith("[") and text.endswith("]"), (src, text)
            if expansion.parent.name == "a":
                assert "term" in expansion.parent["class"], src
                assert expansion.parent.find_next_sibling() is None or \
                    expansion.parent.next_sibling.name != "sup", (src, text)
                continue
            marker = expansion.find_previous_sibling()
            assert marker.name == "sup" and marker.find("a", class_="footnote-ref"), (src, text)
            term = marker.find_previous_sibling()
            assert term.name == "a" and "term" in term["class"] and marker.previous_sibling is term
            after_marker += 1
    assert after_marker == 2  # HQs⁵² [headquarters], EU⁶⁰ [European Union]


def test_an_expansion_never_stands_between_a_word_and_its_note_marker(site):
    """"HQs⁵² [headquarters]", "EU⁶⁰ [European Union]"; DIME is not expanded at note 1, whose
    text spells it out (issue 23)."""
    policy = soup_of(site, "policy-responses.md").select_one("article")
    for word, label, expansion in (("HQs", "52", "[headquarters]"), ("EU", "60", "[European Union]")):
        marker = policy.find("sup", id=f"fnref:{label}")
        assert marker.previous_sibling.get_text() == word
        assert marker.next_sibling == " " and marker.next_sibling.next_sibling.get_text() == expansion
    intro = soup_of(site, "introduction.md").select_one("article")
    marker = intro.find("sup", id="fnref:1")
    assert marker.previous_sibling.get_text() == "DIME"
    assert "Diplomatic" not in marker.parent.get_text()


_LIST_LABEL = re.compile(r"^(?:([a-z])\.|\(([ivx]+)\))\s", re.M)


def test_the_papers_lists_are_lists_with_its_labels(site):
    """Every labelled paragraph of the Markdown (a., b., (i)) is an item of an ordered list on
    the page, its marker the paper's label, keeping its id for cross-references."""
    romans = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
    total = 0
    for src in paper.PARTS["body"][2]:
        markdown = masked_code((ROOT / "docs" / src).read_text(encoding="utf-8"))
        expected = [(ord(m.group(1)) - 96, "a") if m.group(1) else (romans[m.group(2)], "i")
                    for m in _LIST_LABEL.finditer(markdown)]
        ids = re.findall(r"^(?:[a-z]\.|\([ivx]+\)) .*\n\{: #([\w-]+) \}", markdown, re.M)
        article = soup_of(site, src).select_one("article")
        items = article.select("ol.paper-list > li")
        assert [(int(li["value"]), li.parent["type"]) for li in items] == expected, src
        for name in ids:
            assert article.find(id=name).find_parent("li") is not None, (src, name)
        total += len(items)
    assert total >= 30
