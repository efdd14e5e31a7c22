"""Bad input, as an editor would make it: one edit in a copy of the project, then the build.

Each case asserts the exact message at the exact file, line and column (computed from the text
the case edits, so the cases survive edits of the edition), a failing exit, no traceback, and
that the problem is told once. The last cases are inputs that must simply work.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project


def where(project: Path, rel: str, needle: str, offset: int = 0) -> str:
    """``rel:line:col`` of the first ``needle`` in a file of the project (+ offset characters)."""
    text = (project / rel).read_text(encoding="utf-8")
    at = text.index(needle) + offset
    line = text.count("\n", 0, at) + 1
    return f"{rel}:{line}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def not_in_paper(project: Path, rel: str, needle: str, words: str) -> str:
    """The fidelity check's message for words an edit added to the paper's text."""
    return f"{where(project, rel, needle)}: error: “{words}” is not in the source"


def first_marker(project: Path, rel: str) -> str:
    return re.search(r"\[\^\d+\]", (project / rel).read_text(encoding="utf-8")).group(0)


def entry_of(project: Path, key: str) -> str:
    text = (project / "references.bib").read_text(encoding="utf-8")
    start = re.search(r"@\w+\{" + re.escape(key) + ",", text).start()
    return text[start:text.index("\n}\n", start) + 2]


# --- the cases: each edits the project and returns the messages it must produce ----------------

def unknown_key_in_a_note(p):
    note = next(line for line in (p / "docs/notes.md").read_text(encoding="utf-8").splitlines()
                if "[@radin2021" in line)
    replace(p, "docs/notes.md", note, note.replace("[@radin2021", "[@radin2012", 1))
    return [f"{where(p, 'docs/notes.md', '@radin2012')}: error: unknown citation key '@radin2012'",
            "    hint: did you mean @radin2021?"]


def bib_entry_missing_its_brace(p):
    entry = entry_of(p, "radin2021")
    start = where(p, "references.bib", entry)
    replace(p, "references.bib", entry, entry[:-2] + "\n")
    text = (p / "references.bib").read_text(encoding="utf-8")
    following = text.index("@", text.index(entry[:-2]) + len(entry) - 2)
    next_line = text.count("\n", 0, following) + 1
    return [f"{start}: error: entry 'radin2021' is not closed before the next entry (line {next_line})"]


def duplicate_key(p):
    entry = entry_of(p, "radin2021")
    append(p, "references.bib", "\n" + entry)
    text = (p / "references.bib").read_text(encoding="utf-8")
    line = text.count("\n", 0, text.rindex("@report{radin2021")) + 1
    first = where(p, "references.bib", "@report{radin2021").split(":")[1]
    return [f"references.bib:{line}:1: error: duplicate key 'radin2021'",
            f"    hint: the key is first used on line {first}; rename or remove one of the entries"]


def entry_missing_required_fields(p):
    append(p, "references.bib", "\n@book{nobody2020,\n  year = {2020}\n}\n")
    at = where(p, "references.bib", "@book{nobody2020")
    return [f"{at}: error: entry 'nobody2020' (@book) has no author or editor",
            f"{at}: error: entry 'nobody2020' (@book) has no title",
            f"{at}: warning: entry 'nobody2020' is never cited"]


def empty_bibliography(p):
    (p / "references.bib").write_text("", encoding="utf-8")
    return ["references.bib:1:1: error: the bibliography has no entries"]


def unused_entry(p):
    append(p, "references.bib", "\n@book{uncited2020,\n  author = {Nobody, A.},\n"
                                "  title = {Never Cited},\n  year = {2020}\n}\n")
    return [f"{where(p, 'references.bib', '@book{uncited2020')}: warning: entry 'uncited2020' "
            "is never cited"]


def bib_not_utf8(p):
    path = p / "references.bib"
    data = path.read_bytes()
    at = data.index(b"W{\\\"o}rmer")
    path.write_bytes(data[:at] + b"W\xf6rmer" + data[at + len(b"W{\\\"o}rmer"):])
    line = data[:at].count(b"\n") + 1
    col = at - data.rfind(b"\n", 0, at) + 1  # the byte after the "W"
    return [f"references.bib:{line}:{col}: error: the file is not UTF-8 text: byte f6 is not valid UTF-8"]


def page_not_utf8(p):
    path = p / "docs/conclusion.md"
    data = path.read_bytes()
    at = data.index(b"partnership")
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    line = data[:at].count(b"\n") + 1
    col = len(data[data.rfind(b"\n", 0, at) + 1:at].decode()) + 1
    return [f"docs/conclusion.md:{line}:{col}: error: the file is not UTF-8 text: byte ff is not valid UTF-8"]


def undefined_note(p):
    append(p, "docs/conclusion.md", "\nA new claim.[^79]\n")
    return [f"{where(p, 'docs/conclusion.md', '[^79]')}: error: note marker [^79] has no definition",
            not_in_paper(p, "docs/conclusion.md", "A new claim", "A new claim.[^79]")]


def unreferenced_note(p):
    append(p, "docs/notes.md", "\n[^79]: An orphan.\n")
    return [f"{where(p, 'docs/notes.md', '[^79]:')}: error: note [^79] is never referenced",
            not_in_paper(p, "docs/notes.md", "79]: An orphan", "79 An orphan.")]


def note_defined_twice(p):
    append(p, "docs/notes.md", "\n[^3]: Twice.\n")
    text = (p / "docs/notes.md").read_text(encoding="utf-8")
    line = text.count("\n", 0, text.rindex("[^3]:")) + 1
    return [f"docs/notes.md:{line}:1: error: note [^3] is defined twice",
            f"docs/notes.md:{line}:3: error: “3 Twice.” is not in the source"]


def note_referenced_twice(p):
    """Told at the later marker in reading order; the first is named in the hint."""
    marker = first_marker(p, "docs/introduction.md")
    first = where(p, "docs/introduction.md", marker)
    append(p, "docs/conclusion.md", f"\nAgain.{marker}\n")
    return [f"{where(p, 'docs/conclusion.md', 'Again.' + marker, 6)}: error: note {marker} is "
            "referenced a second time",
            f"    hint: the paper references each note once; the first marker is at {first}",
            not_in_paper(p, "docs/conclusion.md", "Again.", f"Again.{marker}")]


def notes_out_of_sequence(p):
    text = (p / "docs/introduction.md").read_text(encoding="utf-8")
    one, two = re.findall(r"\[\^\d+\]", text)[:2]
    first, second = (next(w for w in text.split() if m in w) for m in (one, two))
    swapped = text.replace(one, "\0").replace(two, one).replace("\0", two)
    (p / "docs/introduction.md").write_text(swapped, encoding="utf-8")
    now_first, now_second = first.replace(one, two), second.replace(two, one)
    return [f"{where(p, 'docs/introduction.md', one)}: error: note {one} is read after note {two}",
            # the fidelity check sees both markers moved
            f"{where(p, 'docs/introduction.md', now_first)}: error: the source reads “{first}” "
            f"here, the edition “{now_first}”",
            f"{where(p, 'docs/introduction.md', now_second)}: error: the source reads “{second}” "
            f"here, the edition “{now_second}”"]


def note_numbers_jump(p):
    text = (p / "docs/notes.md").read_text(encoding="utf-8")
    last = max(int(n) for n in re.findall(r"^\[\^(\d+)\]:", text, re.M))
    append(p, "docs/notes.md", f"\n[^{last + 2}]: Skipped a number.\n")
    append(p, "docs/conclusion.md", f"\nMore.[^{last + 2}]\n")
    return [f"{where(p, 'docs/notes.md', f'[^{last + 2}]:')}: error: the notes jump from "
            f"[^{last}] to [^{last + 2}]",
            not_in_paper(p, "docs/notes.md", f"{last + 2}]: Skipped", f"{last + 2} Skipped a number."),
            not_in_paper(p, "docs/conclusion.md", "More.", f"More.[^{last + 2}]")]


def unknown_label(p):
    append(p, "docs/conclusion.md", "\nSee @sec-overveiw.\n")
    return [f"{where(p, 'docs/conclusion.md', '@sec-overveiw')}: error: unknown cross-reference "
            "label '@sec-overveiw'", "    hint: did you mean @sec-overview?",
            not_in_paper(p, "docs/conclusion.md", "See @sec-overveiw", "See @sec-overveiw.")]


def unknown_label_in_a_pointer(p):
    append(p, "docs/conclusion.md", "\nAs [set out above](@sec-overviw).\n")
    return [f"{where(p, 'docs/conclusion.md', '[set out above]')}: error: unknown cross-reference "
            "label '@sec-overviw'",
            not_in_paper(p, "docs/conclusion.md", "As [set", "As set out above.")]


def duplicate_label(p):
    """Told at the later of the two in reading order (the one the editor added, as a rule)."""
    append(p, "docs/conclusion.md", "\n## Again {#sec-overview}\n")
    first = where(p, "docs/overview.md", "{#sec-overview}").rsplit(":", 1)[0]
    return [f"{where(p, 'docs/conclusion.md', '## Again')}: error: label 'sec-overview' is defined twice",
            f"    hint: the first is at {first}; rename one",
            not_in_paper(p, "docs/conclusion.md", "Again {#", "Again")]


def label_of_the_wrong_kind(p):
    append(p, "docs/conclusion.md", "\nA paragraph.\n{: #sec-para }\n")
    return [f"{where(p, 'docs/conclusion.md', '{: #sec-para')}: error: label 'sec-para' is of the "
            "wrong kind: 'sec-' labels belong on a heading",
            not_in_paper(p, "docs/conclusion.md", "A paragraph.", "A paragraph.")]


def glossary_term_defined_twice(p):
    append(p, "glossary.yml", "\n- term: DIME\n  expansion: Again\n  definition: Twice.\n")
    text = (p / "glossary.yml").read_text(encoding="utf-8")
    line = text.count("\n", 0, text.rindex("- term: DIME")) + 1
    return [f"glossary.yml:{line}:1: error: term 'DIME' is defined twice"]


def glossary_term_without_expansion(p):
    append(p, "glossary.yml", "\n- term: QQQ\n  definition: Quite quiet questions.\n")
    return [f"{where(p, 'glossary.yml', '- term: QQQ')}: error: term 'QQQ' has no expansion"]


def glossary_misspelt_key(p):
    append(p, "glossary.yml", "\n- term: QQQ\n  expansion: Quite Quiet Questions\n"
                              "  definiton: Quiet.\n")
    return [f"{where(p, 'glossary.yml', 'definiton:')}: error: unknown key 'definiton' in term 'QQQ'",
            "    hint: did you mean 'definition'?",
            f"{where(p, 'glossary.yml', '- term: QQQ')}: warning: term 'QQQ' is defined but never used"]


def glossary_unused_term(p):
    append(p, "glossary.yml", "\n- term: ZZTOP\n  expansion: Zed Zed\n  definition: Never used.\n")
    return [f"{where(p, 'glossary.yml', '- term: ZZTOP')}: warning: term 'ZZTOP' is defined but never used"]


def glossary_not_yaml(p):
    append(p, "glossary.yml", "\n- term: [unclosed\n")
    text = (p / "glossary.yml").read_text(encoding="utf-8")
    line = text.count("\n") + 1
    return [f"glossary.yml:{line}:1: error: not valid YAML"]


def broken_page_link(p):
    append(p, "docs/conclusion.md", "\nSee [the overview](overveiw.md).\n")
    return [f"{where(p, 'docs/conclusion.md', 'overveiw.md')}: error: link to 'overveiw.md': there "
            "is no page docs/overveiw.md", "    hint: did you mean overview.md?",
            not_in_paper(p, "docs/conclusion.md", "See [the", "See the overview.")]


def broken_anchor(p):
    append(p, "docs/conclusion.md", "\nSee [the overview](overview.md#no-such-place).\n")
    return [f"{where(p, 'docs/conclusion.md', 'overview.md#no')}: error: link to "
            "'overview.md#no-such-place': docs/overview.md has no anchor '#no-such-place'",
            not_in_paper(p, "docs/conclusion.md", "See [the", "See the overview.")]


def page_missing_from_nav(p):
    (p / "docs/extra.md").write_text("# Extra\n\nNot in the nav.\n", encoding="utf-8")
    return ["docs/extra.md:1:1: error: this page is not in the navigation"]


def ledger_entry_at_the_wrong_line(p):
    text = (p / "source/emendations.yml").read_text(encoding="utf-8")
    entry = re.search(r"^- line: (\d+)\n  ocr: \"([^\"]+)\"", text, re.M)
    line, ocr = int(entry.group(1)), entry.group(2)
    replace(p, "source/emendations.yml", entry.group(0), entry.group(0).replace(
        f"line: {line}", f"line: {line + 1}"))
    at = where(p, "source/emendations.yml", f"- line: {line + 1}")
    return [f"{at}: error: ledger entry 1: OCR reading '{ocr}' is not on source line {line + 1}",
            f"    hint: the reading is on source line {line}: correct 'line:'"]


def paper_word_changed_without_the_ledger(p):
    replace(p, "docs/conclusion.md", "fundamentally different", "fundamentally similar")
    return [f"{where(p, 'docs/conclusion.md', 'similar')}: error: the source reads “different” "
            "here, the edition “similar”"]


CASES = [unknown_key_in_a_note, bib_entry_missing_its_brace, duplicate_key,
         entry_missing_required_fields, empty_bibliography, unused_entry, bib_not_utf8,
         page_not_utf8, undefined_note, unreferenced_note, note_defined_twice,
         note_referenced_twice, notes_out_of_sequence, note_numbers_jump, unknown_label,
         unknown_label_in_a_pointer, duplicate_label, label_of_the_wrong_kind,
         glossary_term_defined_twice, glossary_term_without_expansion, glossary_misspelt_key,
         glossary_unused_term,
         glossary_not_yaml, broken_page_link, broken_anchor, page_missing_from_nav,
         ledger_entry_at_the_wrong_line, paper_word_changed_without_the_ledger]



# --- the citation map, editorial marks, notes' paragraphs, labels, kinds, glossary YAML --------

MAP = "source/citation-map.yml"


def citation_map_markup_not_quoted(p):
    replace(p, MAP, "markup: '[@tardy2022, p. 3]'", "markup: [@tardy2022, p. 3]")
    return [f"{where(p, MAP, 'markup: [@tardy2022', len('markup: ['))}: error: citation map: not "
            "valid YAML: found character '@' that cannot start any token",
            "    hint: quote a value that starts with [, @ or { or holds ': ', as in markup: "
            "'[@tardy2022, p. 3]'; each note is 'N:' followed by its entries, '- text: ...' with "
            "keys and markup, indented two spaces"]


def citation_map_entry_without_markup(p):
    text = (p / MAP).read_text(encoding="utf-8")
    block = text[text.index("\n3:\n"):text.index("- text: Tardy (2022) p.3")]
    entry = block.count("\n- ") + 1
    replace(p, MAP, "  markup: '[@tardy2022, p. 3]'\n", "")
    return [f"{where(p, MAP, 'text: Tardy (2022) p.3')}: error: citation map: note 3, entry "
            f"{entry}: missing markup",
            "    hint: every entry has the paper's words as text and what replaces them as markup"]


def citation_map_text_not_in_the_note(p):
    replace(p, MAP, "- text: Tardy (2022) p.3\n", "- text: Tardy (2022), p.3\n")
    return [f"{where(p, MAP, 'Tardy (2022), p.3')}: error: citation map: note 3: "
            "'Tardy (2022), p.3' is not in the note"]


def citation_map_note_out_of_order(p):
    text = (p / MAP).read_text(encoding="utf-8")
    start = text.index("\n3:\n") + 1
    end = re.compile(r"^\d+:$", re.M).search(text, start + 3).start()
    last = re.findall(r"^(\d+):$", text, re.M)[-1]
    (p / MAP).write_text(text[:start] + text[end:].rstrip("\n") + "\n" + text[start:end],
                         encoding="utf-8")
    moved = (p / MAP).read_text(encoding="utf-8")
    line = moved.count("\n", 0, moved.index("\n3:\n") + 1) + 1
    return [f"{MAP}:{line}:1: error: citation map: note 3 is listed after note {last}",
            "    hint: list the notes in the map in the paper's order"]


def remark_closed_with_one_brace(p):
    replace(p, "docs/notes.md", "member of BRICS.}}", "member of BRICS.}")
    text = (p / "docs/notes.md").read_text(encoding="utf-8")
    # The remark runs on to the next '}}' and swallows the paper's words between: that is
    # told once, as the open mark (the fidelity check says nothing of that line).
    return [f"{where(p, 'docs/notes.md', '{{ed: the list omits Russia')}: error: editorial mark "
            "'{{ed:' is not closed",
            "    hint: close it with '}}' where the remark ends, as in {{ed: ...}} (a single '}' "
            "does not close it; a mark ends within its paragraph)"]


def gap_not_closed(p):
    text = (p / "docs/notes.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("[^50]: "))
    broken = line.replace("{{gap: URL illegible in the source}}", "{{gap: URL illegible in the source", 1)
    replace(p, "docs/notes.md", line, broken)
    gap = broken.rindex("{{gap:")
    # The gap runs on to the next '}}': told once, as the open mark.
    return [f"{where(p, 'docs/notes.md', broken + chr(10), gap)}: error: "
            "editorial mark '{{gap:' is not closed",
            "    hint: close it with '}}' where the gap ends, as in {{gap: ...}} (a single '}' "
            "does not close it; a mark ends within its paragraph)"]


def note_paragraph_not_indented(p):
    note = next(line for line in (p / "docs/notes.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("[^4]: "))
    split = note.index(". ") + 1
    replace(p, "docs/notes.md", note, note[:split] + "\n\n" + note[split + 1:])
    return [f"{where(p, 'docs/notes.md', chr(10) + note[split + 1:], 1)}: error: this line is not "
            "part of any note",
            "    hint: indent a note's further paragraphs (and lines) by four spaces: without the "
            "indent they fall out of the note and are not shown on the site"]


def label_on_its_paragraphs_line(p):
    replace(p, "docs/implications.md", "\n{: #strategic-a }", " {: #strategic-a }")
    return [f"{where(p, 'docs/implications.md', '{: #strategic-a }')}: error: the label "
            "{: #strategic-a } must stand on its own line, right after its paragraph",
            "    hint: move it to the line below the paragraph's last line (no blank line "
            "between): on the paragraph's own line it is printed as text"]


def referenced_label_on_its_paragraphs_line(p):
    """Told once, where it stands; not again at every reference to it."""
    replace(p, "docs/policy-responses.md", "\n{: #rec-shape }", " {: #rec-shape }")
    return [f"{where(p, 'docs/policy-responses.md', '{: #rec-shape }')}: error: the label "
            "{: #rec-shape } must stand on its own line, right after its paragraph"]


def label_without_its_kind(p):
    append(p, "docs/conclusion.md", "\n{{ed: See [@what-not-to-do].}}\n")
    return [f"{where(p, 'docs/conclusion.md', '@what-not-to-do')}: error: unknown citation key "
            "'@what-not-to-do'",
            "    hint: add an entry with this key to references.bib, or correct the key; if it "
            "names a place in the edition, it is a cross-reference label, and a label starts "
            "with its kind: sec-, fig-, tbl-, eq-, lst-, thm-, lem-, cor-, def-, exm-, exr-, rec-, dime-, threat- or strategic-"]


def glossary_colon_in_a_definition(p):
    append(p, "glossary.yml", "\n- term: ZZQ\n  expansion: Zed Zed Q\n"
                              "  definition: A term used here: never.\n")
    return [f"{where(p, 'glossary.yml', 'used here: never', len('used here'))}: error: not valid "
            "YAML: mapping values are not allowed in this context",
            "    hint: put a value that holds ': ' or starts with [ or { in quotes, or write it on "
            "the lines below 'definition: >-', indented (CONTRIBUTING.md, 'Glossary'); each entry "
            "is '- term: ...' with expansion (and definition), or 'TERM: expansion'"]


def unknown_generated_content(p):
    append(p, "docs/about.md", "\n<!-- edition:bibliografy -->\n")
    return [f"{where(p, 'docs/about.md', '<!-- edition:bibliografy')}: error: the edition "
            "generates no content named 'bibliografy' for <!-- edition:bibliografy -->",
            "    hint: the names it fills in are bibliography, citation-map, citation-style, "
            "cite, downloads, emendations, glossary"]


CASES += [unknown_generated_content, referenced_label_on_its_paragraphs_line, citation_map_markup_not_quoted, citation_map_entry_without_markup,
          citation_map_text_not_in_the_note, citation_map_note_out_of_order,
          remark_closed_with_one_brace, gap_not_closed, note_paragraph_not_indented,
          label_on_its_paragraphs_line, label_without_its_kind, glossary_colon_in_a_definition]


# --- what a page may not contain (edition/security.py; CONTRIBUTING.md) ------------------------

_CONTAINS = "CONTRIBUTING.md, 'What a page may contain'"


def comment_that_browsers_close_early(p):
    append(p, "docs/about.md", "\n\n<!--><img src=x onerror=alert(1)>-->\n")
    return [f"{where(p, 'docs/about.md', '<!-->')}: error: an HTML comment in a page: only the "
            "edition's own markers <!-- edition:NAME --> are allowed"]


def event_handler_in_an_attribute_list(p):
    append(p, "docs/about.md", "\n\nA paragraph.\n{: onmouseover=\"alert(1)\" }\n")
    return [f"{where(p, 'docs/about.md', 'onmouseover')}: error: attribute 'onmouseover' is not "
            "allowed (on <p>)"]


def javascript_link_on_the_papers_words(p):
    text = (p / "docs/conclusion.md").read_text(encoding="utf-8")
    word = re.search(r"\bpartnership\b", text).group(0)
    replace(p, "docs/conclusion.md", word, f"[{word}](javascript:alert%281%29)")
    return [f"{where(p, 'docs/conclusion.md', 'javascript:')}: error: a link to a 'javascript:' "
            "address is not allowed"]


def raw_html_in_a_remark(p):
    replace(p, "docs/notes.md", "{{ed: ", "{{ed: <img src=x onerror=alert(1)> ")
    # an image may stand in a page; its handler may not
    return [f"{where(p, 'docs/notes.md', 'onerror')}: error: attribute 'onerror' is not allowed (on <img>)",
            "    hint: an attribute list or a tag may give only #id, .class, title, lang and the "
            "edition's own attributes; event handlers (on...) never; CONTRIBUTING.md, 'What a page "
            "may contain'"]


def markup_in_a_front_matter_title(p):
    replace(p, "docs/index.md", "title: Title page", 'title: "</title><script>alert(1)</script>"')
    return [f"docs/index.md:2:1: error: front-matter 'title' holds '<'",
            f"    hint: a title or description is plain text, written into <title> and <meta>: "
            f"leave out < > \" & and control characters; {_CONTAINS}"]


def page_name_with_a_space(p):
    (p / "docs/a b.md").write_text("# A page\n", encoding="utf-8")
    return ["docs/a b.md:1:1: error: the name 'a b.md' has characters the edition's tools do "
            "not all handle", "docs/a b.md:1:1: error: this page is not in the navigation"]


def unclosed_brackets_by_the_thousand(p):
    append(p, "docs/about.md", "\n\n" + "[@" * 20_000 + "\n")
    return [f"{where(p, 'docs/about.md', '[@[@')}: error: 20000 '[' in one paragraph are never "
            "closed"]


CASES += [comment_that_browsers_close_early, event_handler_in_an_attribute_list,
          javascript_link_on_the_papers_words, raw_html_in_a_remark,
          markup_in_a_front_matter_title, page_name_with_a_space,
          unclosed_brackets_by_the_thousand]


def _diagnostics(output: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: (?:error|warning): .*$", output, re.M)


def assert_told_once(result, expected: list[str], hints_as_prefixes: bool = False) -> str:
    """The build failed with no traceback; each expected message is told exactly once and each
    expected hint shown (whole, or as the start of its line where ``hints_as_prefixes``); every
    problem reported is one of those the case caused, each told once. Returns the output."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build should fail:\n{output}"
    assert "Traceback" not in output, output
    lines = output.splitlines()
    for message in expected:
        if message.startswith("    hint:"):
            shown = (any(line.startswith(message) for line in lines) if hints_as_prefixes
                     else message in lines)
            assert shown, f"missing {message!r} in:\n{output}"
        else:  # the message itself, told exactly once
            matching = [line for line in lines if line.startswith(message)]
            assert len(matching) == 1, f"{message!r} told {len(matching)} times in:\n{output}"
    told = _diagnostics(output)
    assert len(told) == len(set(told)), output
    assert all(any(t.startswith(m) for m in expected) for t in told), output
    return output


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected)


def test_malformed_entry_is_the_only_message(tmp_path):
    """The issue's case: one missing brace gave 21 messages; now one, naming the entry."""
    project = copy_project(tmp_path / "project")
    bib_entry_missing_its_brace(project)
    result = build(project, tmp_path / "site")
    assert len(_diagnostics(result.stderr)) == 1, result.stderr
    assert "bibtexparser" not in result.stderr and "unknown citation key" not in result.stderr


def test_quiet_build_fails_the_same(tmp_path):
    """`-q` hides MkDocs' warnings; it must not hide the edition's problems or pass the build."""
    project = copy_project(tmp_path / "project")
    expected = unknown_key_in_a_note(project)
    loud = build(project, tmp_path / "a")
    quiet = build(project, tmp_path / "b", "-q")
    assert quiet.returncode == loud.returncode != 0
    assert _diagnostics(quiet.stderr) == _diagnostics(loud.stderr) == [expected[0]]


def test_warnings_pass_without_strict_but_fail_with_it(tmp_path):
    project = copy_project(tmp_path / "project")
    expected = unused_entry(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    lax = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "s")],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert lax.returncode == 0, lax.stderr
    assert expected[0] in lax.stderr
    assert build(project, tmp_path / "t").returncode != 0


def test_serve_tells_the_same_message(tmp_path):
    """`mkdocs serve` tells the problem as the build does, and keeps serving."""
    project = copy_project(tmp_path / "project")
    expected = unknown_key_in_a_note(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload",
                               "--dev-addr", "127.0.0.1:8765"], cwd=project, env=env,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = server.stderr.readline()
            output.append(line)
            if "Serving on" in line or server.poll() is not None:
                break
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    text = "".join(output)
    assert "Serving on" in text, text
    assert expected[0] in text and "Traceback" not in text, text


# --- inputs that must simply work --------------------------------------------------------------

def _crlf(project: Path) -> None:
    for path in [*project.glob("docs/*.md"), project / "references.bib", project / "glossary.yml",
                 project / "source/emendations.yml"]:
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def _bom(project: Path) -> None:
    for path in [project / "docs/notes.md", project / "docs/introduction.md",
                 project / "references.bib", project / "glossary.yml"]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _non_ascii_name(project: Path) -> None:
    append(project, "references.bib",
           "\n@book{muller2020,\n  author = {M{\\\"u}ller, J{\\o}rgen and Šimečková, Zoë},\n"
           "  title = {Ærø and Beyond},\n  publisher = {Łódź University Press},\n  year = {2020}\n}\n")
    text = (project / "docs/notes.md").read_text(encoding="utf-8")
    last = re.findall(r"^\[\^\d+\]:.*$", text, re.M)[-1]
    replace(project, "docs/notes.md", last, last + " {{ed: see also [@muller2020, p. 3].}}")


@pytest.mark.parametrize("change", [_crlf, _bom, _non_ascii_name], ids=["crlf", "bom", "non-ascii"])
def test_inputs_that_must_simply_work(tmp_path, change):
    project = copy_project(tmp_path / "project")
    change(project)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not _diagnostics(result.stderr), result.stderr
    if change is _non_ascii_name:
        page = (tmp_path / "site/notes/index.html").read_text(encoding="utf-8")
        assert "Müller" in page and "Jørgen" in page and "Šimečková" in page
        bibliography = (tmp_path / "site/bibliography/index.html").read_text(encoding="utf-8")
        assert "Łódź University Press" in bibliography
