"""The edition says what the source says, except where the ledger records a change."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, copy_project
from edition import fidelity, ledger, paper


def test_edition_matches_source_with_ledger_applied():
    differences = fidelity.check(ROOT)
    assert not differences, "\n".join(str(d) for d in differences[:5])


def test_source_is_the_received_copy():
    import hashlib
    digest = hashlib.sha256((ROOT / paper.SOURCE).read_bytes()).hexdigest()
    assert digest == "2ae2bde1d7b7aa955b0ed31cdac45c24ef956e2f34a3f8a74bcc59e4d01915ad"


def test_every_ledger_entry_changes_something_and_explains_why():
    entries = ledger.load(ROOT / paper.LEDGER)
    assert entries
    for e in entries:
        assert e.why.strip(), f"entry {e.index} has no reason"
        assert e.ocr != e.edition or e.move_to, f"entry {e.index} changes nothing"


def test_deleting_a_sentence_fails_and_names_it(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "policy-responses.md"
    sentence = "So, what can and should the Alliance do to address this?"
    text = page.read_text(encoding="utf-8")
    assert sentence in text
    page.write_text(text.replace(sentence, ""), encoding="utf-8")
    differences = fidelity.check(project)
    assert differences and differences[0].what == "missing"
    assert "what can and should the Alliance do" in differences[0].source


def test_an_added_word_fails(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "notes.md"
    text = page.read_text(encoding="utf-8")
    assert "did not exist when Allies came together" in text
    page.write_text(text.replace("did not exist when Allies", "did not exist, probably, when Allies", 1),
                    encoding="utf-8")
    differences = fidelity.check(project)
    assert differences and "probably" in differences[0].edition


def test_a_ledger_entry_that_is_not_in_the_source_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    path = project / paper.LEDGER
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n- line: 5\n  ocr: "no such words"\n  edition: "x"\n  kind: spelling\n  why: "test"\n'),
        encoding="utf-8")
    with pytest.raises(ledger.LedgerError, match="not on source line 5"):
        fidelity.check(project)


def test_normalise_ignores_presentation_only():
    words = fidelity.normalise("# 1. Overview {#sec-overview}\n\n**a.** Sino-\nRussian "
                               "[link](x.md) {{gap: lost}} <https://a.b/>\n{: #rec-x }\n")
    assert words == ["1.", "Overview", "a.", "Sino-Russian", "link", "https://a.b/"]


def test_all_78_notes_are_in_the_notes_page_in_order():
    text = (ROOT / "docs" / paper.NOTES_PAGE).read_text(encoding="utf-8")
    labels = re.findall(r"^\[\^(\d+)\]:", text, re.M)
    assert labels == [str(n) for n in range(1, 79)]


def test_markers_appear_once_each_in_numerical_order_in_the_body():
    body = fidelity.edition_text(ROOT / "docs", paper.PARTS["body"][2])
    labels = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    assert labels == list(range(1, 79))
