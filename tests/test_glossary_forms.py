"""glossary.yml in both forms an author writes it: a mapping ``ACRONYM: expansion`` and the list
of ``- term:`` entries, the definition optional in both; and what a term without one looks like."""

from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT
from edition.glossary import model


def load(tmp_path, text: str, **options) -> model.Glossary:
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return model.load(path, **options)


def messages(glossary: model.Glossary) -> list[str]:
    return [str(p) for p in sorted(glossary.problems, key=lambda p: p.sort_key)]


def test_a_mapping_of_acronyms(tmp_path):
    g = load(tmp_path, """\
        # the author's list
        IPCC: Intergovernmental Panel on Climate Change
        SuDS: sustainable drainage systems
        NO: Norway
        "1990": the base year
        """)
    assert messages(g) == []
    assert {t: (g.terms[t].expansion, g.terms[t].definition, g.terms[t].line) for t in g.terms} == {
        "IPCC": ("Intergovernmental Panel on Climate Change", "", 2),
        "SuDS": ("sustainable drainage systems", "", 3),
        "NO": ("Norway", "", 4),  # as written, not YAML's false
        "1990": ("the base year", "", 5)}
    text = "The IPCC and SuDS."
    assert [t.term for _, _, t in model.find(text, g)] == ["IPCC", "SuDS"]


def test_a_mapping_with_entries_under_the_terms(tmp_path):
    g = load(tmp_path, """\
        IPCC: Intergovernmental Panel on Climate Change
        SuDS:
          expansion: sustainable drainage systems
          definition: Drainage that slows and stores rain where it falls.
          forms: [SuDS scheme]
        """)
    assert messages(g) == []
    assert g.terms["SuDS"].definition == "Drainage that slows and stores rain where it falls."
    assert g.terms["SuDS"].forms == ("SuDS scheme",)
    assert g.terms["SuDS"].line == 2


def test_the_list_form_with_and_without_definitions(tmp_path):
    g = load(tmp_path, """\
        - term: IPCC
          expansion: Intergovernmental Panel on Climate Change
        - term: SuDS
          expansion: sustainable drainage systems
          definition: >-
            Drainage that slows and stores rain: where it falls.
          forms: SuDS scheme
        """)
    assert messages(g) == []
    assert g.terms["IPCC"].definition == ""
    assert g.terms["SuDS"].definition == "Drainage that slows and stores rain: where it falls."
    assert g.terms["SuDS"].forms == ("SuDS scheme",)


def test_the_main_editions_glossary_reads_as_before():
    g = model.load(ROOT / "glossary.yml")
    assert g.problems == [] and len(g.terms) > 50
    assert all(t.definition and t.expansion for t in g.terms.values())


def test_a_definition_can_still_be_required(tmp_path):
    g = load(tmp_path, "- term: QQQ\n  expansion: Quite Quiet Questions\n",
             require_definition=True)
    assert messages(g) == ["glossary.yml:1:1: error: term 'QQQ' has no definition\n"
                           "    hint: every term needs an expansion and a one- or two-sentence "
                           "definition"]


@pytest.mark.parametrize("key,meant,line", [("form", "forms", 3), ("definiton", "definition", 3),
                                            ("Expansion", "expansion", 2), ("expnad", "expand", 3)])
def test_an_unknown_key_is_told_where_it_is_with_the_key_meant(tmp_path, key, meant, line):
    body = {2: f"  {key}: Quite Quiet Questions\n", 3: f"  expansion: Q\n  {key}: x\n"}[line]
    g = load(tmp_path, "- term: QQQ\n" + body)
    problems = [p for p in g.problems if "unknown key" in p.message]
    assert [str(p) for p in problems] == [
        f"glossary.yml:{line}:3: error: unknown key '{key}' in term 'QQQ'\n"
        f"    hint: did you mean '{meant}'?"]


def test_an_unknown_key_under_a_mapped_term(tmp_path):
    g = load(tmp_path, "QQQ:\n  expansion: Q\n  definiton: x\nZZZ: Zed\n")
    assert messages(g) == ["glossary.yml:3:3: error: unknown key 'definiton' in term 'QQQ'\n"
                           "    hint: did you mean 'definition'?"]
    g = load(tmp_path, "- term: QQQ\n  expansion: Q\n  colour: red\n")
    assert messages(g) == ["glossary.yml:3:3: error: unknown key 'colour' in term 'QQQ'\n"
                           "    hint: an entry's keys are term, expansion, definition, forms, "
                           "source, link, expand"]


def test_what_is_wrong_in_the_mapping_form(tmp_path):
    g = load(tmp_path, "EU: European Union\nXX:\nYY: [a, b]\nEU: European Union, again\n")
    assert messages(g) == [
        "glossary.yml:2:1: error: term 'XX' has no expansion\n    hint: every term needs an "
        "expansion ('TERM: expansion', or 'expansion: ...' under '- term: ...'); a definition is "
        "optional",
        "glossary.yml:3:1: error: term 'YY' has an expansion that is not a text\n    hint: write "
        "the expansion on one line, as in 'WHO: World Health Organization'",
        "glossary.yml:4:1: error: term 'EU' is defined twice\n    hint: the first definition is "
        "on line 1; merge them"]
    assert g.terms["EU"].expansion == "European Union"  # the first, not the last


@pytest.mark.parametrize("text", ["just a sentence\n", "- just a sentence\n", "42\n"])
def test_neither_form_is_a_message_not_a_traceback(tmp_path, text):
    g = load(tmp_path, text)
    assert g.terms == {} and len(g.problems) == 1
    assert g.problems[0].line == 1
    assert "'- term: ...'" in g.problems[0].hint and "TERM: expansion" in g.problems[0].hint


def test_an_empty_file_is_told_not_rendered_empty(tmp_path):
    """A glossary the configuration names but that holds no term would publish an empty page:
    an error at its first line, whose hint says how to build without one."""
    glossary = load(tmp_path, "# nothing yet\n")
    assert glossary.terms == {}
    assert [(d.line, d.message, d.severity) for d in glossary.problems] == [
        (1, "the glossary has no terms", "error")]


def test_a_term_without_a_definition_shows_its_expansion_alone(tmp_path):
    g = load(tmp_path, "IPCC: Intergovernmental Panel on Climate Change\nthe Delta: the Delta\n")
    ipcc, delta = g.terms["IPCC"], g.terms["the Delta"]
    card = model.card_template(ipcc, "../glossary/", '<p class="card-uses">1 of 2</p>')
    assert "<strong>Intergovernmental Panel on Climate Change</strong>" in card
    assert "<p></p>" not in card and '<p class="card-uses">1 of 2</p>' in card
    assert 'href="../glossary/#term-ipcc"' in card
    # an expansion that only repeats the term is still what the card says, when it is all
    assert "<strong>the Delta</strong>" in model.card_template(delta, "../glossary/")
    page = model.glossary_html(g, lambda term: "Used once.")
    assert "<p></p>" not in page
    assert ('<dt id="term-ipcc">IPCC</dt><dd><p><strong>Intergovernmental Panel on Climate '
            'Change</strong></p><p class="term-uses">Used once.</p></dd>') in page


def test_a_term_with_a_definition_renders_as_before(tmp_path):
    g = load(tmp_path, """\
        - term: SuDS
          expansion: sustainable drainage systems
          definition: Drainage that slows rain.
          link: https://example.org/suds
        - term: XYZ
          expansion: ex why zed
          link: https://example.org/xyz
        """)
    page = model.glossary_html(g)
    assert ("<p><strong>sustainable drainage systems</strong></p><p>Drainage that slows rain. "
            '<a href="https://example.org/suds">https://example.org/suds</a></p>') in page
    assert ('<p><strong>ex why zed</strong></p><p><a href="https://example.org/xyz">'
            "https://example.org/xyz</a></p>") in page
    card = model.card_template(g.terms["SuDS"], "g/")
    assert "<p>Drainage that slows rain.</p>" in card
