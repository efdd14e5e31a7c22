"""The edition says what the source says, except where the ledger records a change."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, copy_project, edit
from edition.fidelity import check as fidelity
from edition.fidelity import ledger
import paper
from sources import Sources


def test_edition_matches_source_with_ledger_applied():
    differences = fidelity.check(paper.fidelity_of(ROOT))
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


# The meta-tests below change a copy of the project (never the repository) and show that the
# check notices. What they change is chosen from the copy when they run: any plain sentence of
# the paper's text will do, so an editor's correction of the wording never breaks them.
_SENTENCE = re.compile(r"(?:^|(?<=[.?!”’] ))[A-Z“‘][^\n]*?[.?!](?= |$)", re.M)
_PLAIN = re.compile(r"[\w ,.;:?!’'‘“”()%/–—-]+")


def plain_sentence(markdown: str) -> str:
    """The longest sentence of a page that is words only (no mark-up), and stands there once."""
    found = [s for s in _SENTENCE.findall(markdown)
             if _PLAIN.fullmatch(s) and len(s.split()) >= 8 and markdown.count(s) == 1]
    assert found, "no plain sentence to change"
    return max(found, key=len)


@pytest.mark.parametrize("page", paper.PAPER_PAGES)
def test_deleting_a_sentence_fails_and_names_it(tmp_path, page):
    project = copy_project(tmp_path)
    assert not fidelity.check(paper.fidelity_of(project)), "the copy must match its source before it is changed"
    sentence = plain_sentence((project / "docs" / page).read_text(encoding="utf-8"))
    edit(project, f"docs/{page}", replace=(sentence, ""))
    differences = fidelity.check(paper.fidelity_of(project))
    assert len(differences) == 1 and differences[0].what == "missing", [str(d) for d in differences]
    # difflib may shift a deleted run by a word where the words around it repeat
    assert " ".join(sentence.split()[1:-1]) in differences[0].source, differences[0]


@pytest.mark.parametrize("page", paper.PAPER_PAGES)
def test_an_added_word_fails(tmp_path, page):
    project = copy_project(tmp_path)
    assert not fidelity.check(paper.fidelity_of(project)), "the copy must match its source before it is changed"
    text = (project / "docs" / page).read_text(encoding="utf-8")
    sentence = plain_sentence(text)
    added = next(w for w in ("probably,", "perhaps,", "arguably,") if w not in text)
    words = sentence.split(" ")
    edit(project, f"docs/{page}", replace=(sentence, " ".join([*words[:3], added, *words[3:]])))
    differences = fidelity.check(paper.fidelity_of(project))
    assert len(differences) == 1 and differences[0].what == "extra", [str(d) for d in differences]
    assert differences[0].edition == added


def test_a_ledger_entry_that_is_not_in_the_source_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    path = project / paper.LEDGER
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n- line: 5\n  ocr: "no such words"\n  edition: "x"\n  kind: spelling\n  why: "test"\n'),
        encoding="utf-8")
    with pytest.raises(ledger.LedgerError, match="not on source line 5"):
        fidelity.check(paper.fidelity_of(project))


def test_normalise_ignores_presentation_only():
    words = fidelity.normalise("# 1. Overview {#sec-overview}\n\n**a.** Sino-\nRussian "
                               "[link](x.md) {{gap: lost}} <https://a.b/>\n{: #rec-x }\n")
    assert words == ["1.", "Overview", "a.", "Sino-Russian", "link", "https://a.b/"]


def test_every_note_of_the_paper_is_in_the_notes_page_in_order():
    sources = Sources(ROOT)
    count = sources.paper_note_count()
    assert count, "no notes found in the source"
    text = (ROOT / "docs" / paper.NOTES_PAGE).read_text(encoding="utf-8")
    labels = re.findall(r"^\[\^(\d+)\]:", text, re.M)
    assert labels == [str(n) for n in range(1, count + 1)]


def test_markers_appear_once_each_in_numerical_order_in_the_body():
    count = Sources(ROOT).paper_note_count()
    body = fidelity.edition_text(ROOT / "docs", paper.PARTS["body"][2])
    labels = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    assert labels == list(range(1, count + 1))


def test_every_quotation_of_the_paper_is_closed():
    problems = fidelity.unbalanced_quotes(paper.fidelity_of(ROOT))
    assert not problems, "\n".join(str(p) for p in problems)


def test_an_unbalanced_quotation_is_reported_at_its_mark(tmp_path):
    project = copy_project(tmp_path)
    page = paper.PARTS["body"][2][-1]
    made_up = "A made-up paragraph, “its quotation never closed."
    edit(project, f"docs/{page}", append=f"\n\n{made_up}\n")
    notes = (project / "docs" / paper.NOTES_PAGE).read_text(encoding="utf-8").splitlines()
    note = next(line for line in notes  # the first note that quotes (outside a remark)
                if "“" in re.sub(r"\{\{.*?\}\}", "", line))
    slipped = note.replace("“", "", 1)
    edit(project, f"docs/{paper.NOTES_PAGE}", replace=(note, slipped))
    lines = (project / "docs" / page).read_text(encoding="utf-8").splitlines()
    hint = ("    hint: record a ledger emendation that restores the missing mark in "
            f"{paper.LEDGER}; see CONTRIBUTING.md ('Correcting the text')")
    problems = [str(p) for p in fidelity.unbalanced_quotes(paper.fidelity_of(project))]
    # The build tells each of these paragraphs once: as the difference from the source.
    told = fidelity.problems(paper.fidelity_of(project))
    assert not [p for p in told if "quotation marks" in p.message]
    assert len({(p.path, p.line) for p in told}) == len(told)
    assert problems == [
        f"docs/{page}:{lines.index(made_up) + 1}:{made_up.index('“') + 1}: error: unbalanced "
        f"quotation marks in this paragraph: the quotation opened by this “ is never closed\n{hint}",
        f"docs/{paper.NOTES_PAGE}:{notes.index(note) + 1}:{slipped.index('”') + 1}: error: "
        f"unbalanced quotation marks in note {note[2:note.index(']')]}: this ” closes a quotation "
        f"that no “ opens\n{hint}"]


# --- issue 23: a hyphen and a space within a line is not hyphenation ------------------------

def test_only_a_line_end_hyphen_is_soft():
    assert fidelity.normalise("Sino-\nRussian and US-  \n\n  led") == ["Sino-Russian", "and", "US-led"]
    assert fidelity.normalise("Sino- Russian") == ["Sino-", "Russian"]
    assert fidelity.normalise("the mid- to late-nineteenth") == ["the", "mid-", "to", "late-nineteenth"]


def test_every_hyphen_joined_within_a_line_is_in_the_ledger():
    """The OCR's "Sino- Russian" is joined only through a ledger entry; the paper's own
    suspended hyphens ("mid- to", "Chinese- and") stay as they are."""
    source = (ROOT / paper.SOURCE).read_text(encoding="utf-8").splitlines()
    entries = ledger.load(ROOT / paper.LEDGER)
    joined = {(e.line, m.group(0)) for e in entries for m in re.finditer(r"\w+- \w+", e.ocr)}
    found = {(n, m.group(0)) for n, line in enumerate(source, 1)
             for m in re.finditer(r"[A-Za-z]+- [A-Za-z]+", line)}
    kept = {(209, "Chinese- and"), (374, "mid- to")}
    inside = {(488, "the- current"), (538, "of- war")}  # inside a URL entry and a gap entry
    assert found - kept - inside == {(line, ocr) for line, ocr in joined if line not in (487, 538)}
    assert len(found - kept - inside) == 6
    notes = (ROOT / "docs" / "notes.md").read_text(encoding="utf-8")
    body = "".join((ROOT / "docs" / p).read_text(encoding="utf-8") for p in paper.PARTS["body"][2])
    for word in ("military-technological", "Euro-Atlantic", "Sino-Russian"):
        assert word in body
    for word in ("high-precision", "Cross-Domain", "Russia-China Relations"):
        assert word in notes
    assert "mid- to late-nineteenth" in notes and "Chinese- and Russian-speaking" in body
