"""Bad input in the glossary and in the editorial text (issues 18 and 21): one edit in a copy of
the project, then the build, as in ``test_bad_input``.

Each case asserts the exact message at the exact file, line and column (computed from the text
the case edits), a failing exit, no traceback, and that the problem is told once. The inputs at
the end must simply work, and are checked in the built HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build, copy_project
from test_bad_input import assert_told_once, append, replace, where


def _last(project: Path, rel: str, needle: str, offset: int = 0) -> str:
    """``rel:line:col`` of the last ``needle`` in a file (what a case appended)."""
    text = (project / rel).read_text(encoding="utf-8")
    at = text.rindex(needle) + offset
    return f"{rel}:{text.count(chr(10), 0, at) + 1}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


# --- glossary.yml: values the build would ignore or misread ------------------------------------

def glossary_link_not_a_web_address(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n  link: www.zzq.int\n")
    return [f"{where(p, 'glossary.yml', 'www.zzq.int')}: error: term 'ZZQ' has a link that is "
            "not a web address: 'www.zzq.int'",
            "    hint: write the whole address of an official page, starting with https:// (as "
            "in link: https://www.nato.int/)"]


def glossary_link_with_a_script_scheme(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n"
                              "  link: javascript:alert(1)\n")
    return [f"{where(p, 'glossary.yml', 'javascript:')}: error: term 'ZZQ' has a link that is "
            "not a web address: 'javascript:alert(1)'"]


def glossary_expand_not_a_boolean(p):
    append(p, "glossary.yml", '\n- term: ZZQ\n  expansion: Zed Zed Q\n  expand: "no"\n')
    return [f"{_last(p, 'glossary.yml', 'expand: ', len('expand: '))}: error: term 'ZZQ' has expand: 'no', which is "
            "neither true nor false",
            "    hint: write expand: false (never spelled out in the text), or leave the key out"]


def glossary_forms_not_texts(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n  forms: {ZQ: zq}\n")
    return [f"{where(p, 'glossary.yml', '{ZQ: zq}')}: error: term 'ZZQ' has forms that are not a "
            "list of texts"]


def glossary_definition_not_a_text(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n  definition:\n"
                              "    - one\n    - two\n")
    return [f"{where(p, 'glossary.yml', '- one')}: error: term 'ZZQ' has a definition that is "
            "not a text"]


def glossary_form_for_forms(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n  form: [ZQ]\n")
    return [f"{_last(p, 'glossary.yml', 'form: [ZQ]')}: error: unknown key 'form' in term 'ZZQ'",
            "    hint: did you mean 'forms'?",
            f"{where(p, 'glossary.yml', '- term: ZZQ')}: warning: term 'ZZQ' is defined but "
            "never used"]


CASES = [glossary_link_not_a_web_address, glossary_link_with_a_script_scheme,
         glossary_expand_not_a_boolean, glossary_forms_not_texts, glossary_definition_not_a_text,
         glossary_form_for_forms]


# --- glossary.yml: Markdown in a definition ---------------------------------------------------

_ASAT = "Weapons designed to disable or destroy satellites in orbit"


def _define(p, words: str) -> None:
    """ASAT's definition, with ``words`` after its first words."""
    replace(p, "glossary.yml", _ASAT, _ASAT + " " + words)


def definition_with_raw_html(p):
    _define(p, 'by <b class="x">force</b>')
    return [f"{where(p, 'glossary.yml', '<b class')}: error: raw HTML in the definition of term "
            "'ASAT': <b class=\"x\">",
            "    hint: a definition is Markdown: write *emphasis*, [words](https://...) or [@key], "
            "never HTML; CONTRIBUTING.md, 'What a page may contain'"]


def definition_with_a_script_link(p):
    _define(p, "[by force](javascript:alert(1))")
    return [f"{where(p, 'glossary.yml', 'javascript:')}: error: in the definition of term 'ASAT': "
            "a link to a 'javascript:' address is not allowed"]


def definition_with_a_link_to_a_page(p):
    _define(p, "([as the overview says](overview.md))")
    return [f"{where(p, 'glossary.yml', 'overview.md')}: error: a link in the definition of term "
            "'ASAT' to 'overview.md', which is not a web address",
            "    hint: link to an https:// address; to refer to a place in the edition, write a "
            "cross-reference (@sec-name) instead"]


def definition_with_an_unknown_citation_key(p):
    _define(p, "[@radin2012, p. 3]")
    return [f"{where(p, 'glossary.yml', '@radin2012')}: error: unknown citation key '@radin2012'",
            "    hint: did you mean @radin2021?"]


def definition_with_an_unknown_label(p):
    _define(p, "(see @sec-overviw)")
    return [f"{where(p, 'glossary.yml', '@sec-overviw')}: error: unknown cross-reference label "
            "'@sec-overviw'", "    hint: did you mean @sec-overview?"]


CASES += [definition_with_raw_html, definition_with_a_script_link, definition_with_a_link_to_a_page,
          definition_with_an_unknown_citation_key, definition_with_an_unknown_label]


# --- editorial text: remarks, labels, notes ----------------------------------------------------

def remark_inside_a_quotation(p):
    replace(p, "docs/conclusion.md", "“the speed of relevance”",
            "“the speed of relevance {{ed: sic}}”")
    return [f"{where(p, 'docs/conclusion.md', '{{ed: sic}}')}: error: an editorial remark inside "
            "a quotation",
            "    hint: a quotation holds only the quoted words: put the remark after the closing "
            "quotation mark, as in “…” {{ed: sic}}"]


def list_label_on_a_paragraph_without_an_item_label(p):
    append(p, "docs/about.md", "\nThe edition keeps the paper's recommendations as they are.\n"
                               "{: #rec-kept }\n")
    return [f"{where(p, 'docs/about.md', '{: #rec-kept }')}: error: label 'rec-kept' is on a "
            "paragraph that does not begin with an item's label, so a reference to it reads only "
            "“Recommendation”",
            "    hint: rec- labels name the paper's lettered and numbered items: begin the "
            "paragraph with its label as the paper has it (“b. …”, “(ii) …”), or remove "
            "{: #rec-kept }"]


def footnote_never_referenced_on_an_editorial_page(p):
    append(p, "docs/about.md", "\n[^about-orphan]: A footnote nothing points to.\n")
    return [f"{where(p, 'docs/about.md', '[^about-orphan]:')}: warning: note [^about-orphan] is "
            "never referenced",
            "    hint: add its marker [^about-orphan] after the word it annotates, or delete the "
            "note"]


CASES += [remark_inside_a_quotation, list_label_on_a_paragraph_without_an_item_label,
          footnote_never_referenced_on_an_editorial_page]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected)


# --- what must simply work, read from the built site ---------------------------------------------

def _uses(glossary_html: str, slug: str) -> str:
    entry = glossary_html[glossary_html.index(f'<dt id="{slug}">'):]
    return re.search(r'<p class="term-uses">(Used [^:<]*)', entry).group(1)


def test_markdown_in_definitions_one_use_not_a_term_and_terms_across_a_line_end(tmp_path, site):
    project = copy_project(tmp_path / "project")
    _define(project, "(*not* [the treaty](https://www.un.org/en/) &amp; a < b) "
                     "[@radin2021, p. 3], as @sec-overview says {{ed: a remark}}")
    replace(project, "docs/implications.md", "(BRICS, SCO)", "([BRICS]{.nogloss}, SCO)")
    replace(project, "docs/introduction.md", "2022 NATO Strategic Concept",
            "2022 NATO Strategic\nConcept")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "site"
    glossary = (out / "glossary/index.html").read_text(encoding="utf-8")
    entry = glossary[glossary.index('<dt id="term-asat">'):glossary.index("</dd>", glossary.index(
        '<dt id="term-asat">'))]
    # The definition's Markdown rendered, its text escaped, never shown raw
    assert "<em>not</em>" in entry and '<a href="https://www.un.org/en/">the treaty</a>' in entry
    assert "&amp; a &lt; b" in entry
    assert re.search(r'<a [^>]*class="citation"[^>]*id="cite-glossary-term-asat-radin2021-1"[^>]*>'
                     r"Radin et al\. 2021, 3</a>", entry), entry
    assert re.search(r'<a [^>]*class="xref"[^>]*>Section 1</a>', entry), entry
    assert '<span class="ed-remark">[<span class="ed-label">Ed.:</span> a remark]</span>' in entry
    for raw in ("*not*", "[@", "@sec-", "{{ed", "](https"):
        assert raw not in entry
    # ... its citation counted on the Glossary page: a card there, "also in Glossary"
    assert 'template id="card-ref-radin2021"' in glossary
    bibliography = (out / "bibliography/index.html").read_text(encoding="utf-8")
    radin = bibliography[bibliography.index('id="ref-radin2021"'):]
    radin = radin[:radin.index("</li>") if "</li>" in radin else 3000]
    assert '<a href="../glossary/#cite-glossary-term-asat-radin2021-1">Glossary</a>' in radin, radin
    # ... and in each term card, relative to its page, the links plain (no card in a card)
    page = (out / "implications/index.html").read_text(encoding="utf-8")
    card = re.search(r'<template id="card-term-asat">.*?</template>', page, re.S).group(0)
    assert "<em>not</em>" in card and 'href="../bibliography/#ref-radin2021"' in card
    assert 'href="../overview/#sec-overview"' in card and "data-card=" not in card
    assert 'id="cite-' not in card
    # [BRICS]{.nogloss}: that use is not linked nor counted, and the marker never shows
    assert "(BRICS, " in page and "nogloss" not in page and "[BRICS]" not in page
    assert not re.search(r'class="term"[^>]*>BRICS<', page)
    base = (site / "glossary/index.html").read_text(encoding="utf-8")
    before = int(re.search(r"\d+", _uses(base, "term-brics")).group(0))
    assert _uses(glossary, "term-brics") == (f"Used {before - 1} times" if before > 2 else
                                             "Used 1 time")
    # Strategic⏎Concept: one use, linked and counted
    intro = (out / "introduction/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a [^>]*class="term"[^>]*>Strategic\nConcept</a>', intro), intro[:0]
    assert _uses(glossary, "term-strategic-concept") == _uses(base, "term-strategic-concept")


# --- single quotation marks, told apart from apostrophes ----------------------------------------

_QUOTE_HINT = ("record a ledger emendation that restores the missing mark in the ledger; see "
               "CONTRIBUTING.md ('Correcting the text')")


@pytest.mark.parametrize("text", [
    "NATO’s allies and both countries’ core interests; the ‘food-for-thought’ paper.",
    "A ‘marriage of convenience’, in the partners’ words, or ‘out-think’, ‘out-excel’.",
    "The so-called ‘Special Relationships’ and the ‘Global South’.",
    "Entitled ‘the partners’ interests’, it said “his ‘trust’ is gone”.",
    "In the ’90s, “rock and roll” was heard.",
])
def test_apostrophes_are_not_quotation_marks(text):
    from edition.fidelity import check as fidelity
    assert fidelity.quote_problems(text, "x.md") == []


@pytest.mark.parametrize("text, needle, what", [
    ("The ‘food-for-thought paper, as NATO’s staff say.", "‘",
     "the quotation opened by this ‘ is never closed"),
    ("A food-for-thought’ paper.", "’", "this ’ closes a quotation that no ‘ opens"),
    ("A ‘food-for-thought paper, and ‘another’ one.", "‘",
     "the quotation opened by this ‘ is not closed before the next ‘"),
    ("The ‘Special Relationship’ and the states’ view’.", "’.",
     "this ’ closes a quotation that no ‘ opens"),
])
def test_an_unpaired_single_quotation_mark_is_told_at_its_mark(text, needle, what):
    from edition.fidelity import check as fidelity
    problems = [str(p) for p in fidelity.quote_problems(text, "x.md")]
    assert problems == [f"docs/x.md:1:{text.index(needle) + 1}: error: unbalanced quotation marks "
                        f"in this paragraph: {what}\n    hint: {_QUOTE_HINT}"]
