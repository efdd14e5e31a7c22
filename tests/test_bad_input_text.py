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
from test_bad_input import _diagnostics, append, replace, where


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
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build should fail:\n{output}"
    assert "Traceback" not in output, output
    lines = output.splitlines()
    for message in expected:
        if message.startswith("    hint:"):
            assert message in lines, f"missing {message!r} in:\n{output}"
        else:  # the message itself, told exactly once
            matching = [line for line in lines if line.startswith(message)]
            assert len(matching) == 1, f"{message!r} told {len(matching)} times in:\n{output}"
    told = _diagnostics(output)
    assert len(told) == len(set(told)), output
    assert all(any(t.startswith(m) for m in expected) for t in told), output
