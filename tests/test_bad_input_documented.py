"""Bad input whose message CONTRIBUTING.md shows and no other case gave (issue 18): one edit in a
copy of the project, then the build, as in ``test_bad_input``; each case is CONTRIBUTING's own
example where it has one, so ``test_contributing_messages`` holds every example to a case.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pypandoc
import pytest

from conftest import build, copy_project
from test_bad_input import _diagnostics, assert_told_once, append, replace, where

_NEVER_CITED = "is never cited"


def _never_cited(p, key: str) -> str:
    text = (p / "references.bib").read_text(encoding="utf-8")
    at = re.search(r"@\w+\{" + re.escape(key) + ",", text).start()
    return f"references.bib:{text.count(chr(10), 0, at) + 1}:1: warning: entry '{key}' {_NEVER_CITED}"


def paper_kind_label_on_a_heading(p):
    """CONTRIBUTING's example: a rec- label on a heading."""
    replace(p, "docs/conclusion.md", "{#sec-what-not-to-do}", "{#rec-what-not-to-do}")
    return [f"{where(p, 'docs/conclusion.md', '### What Not to Do?')}: error: label "
            "'rec-what-not-to-do' is of the wrong kind: 'rec-' labels belong on a paragraph or item",
            "    hint: use sec- for headings, and fig-, tbl-, eq-, lst-, thm-, lem-, cor-, def-, "
            "exm-, exr-, rec-, dime-, threat- or strategic- for paragraphs and items"]


def partial_entry_without_its_note(p):
    """CONTRIBUTING's example: the note of a partial entry left out."""
    text = (p / "references.bib").read_text(encoding="utf-8")
    note = re.search(r"@incollection\{bekkevold2019concl,.*?\n(  note += \{[^\n]*\n)", text, re.S)
    replace(p, "references.bib", note.group(0), note.group(0)[:-len(note.group(1))])
    return [f"{where(p, 'references.bib', '@incollection{bekkevold2019concl')}: error: entry "
            "'bekkevold2019concl' is marked partial but does not say what could not be verified",
            "    hint: add note = {...} naming what is missing, e.g. {Chapter title not verified.}"]


def _csl_file(p, value) -> None:
    (p / "zotero.json").write_text(json.dumps(value, indent=2), encoding="utf-8")
    replace(p, "mkdocs.yml", "bibliography: references.bib",
            "bibliography: [references.bib, zotero.json]")


def csl_file_not_a_list(p):
    _csl_file(p, {"id": "doe2021", "type": "book", "title": "A Book"})
    return ["zotero.json:1:1: error: the file is not a list of CSL items",
            "    hint: write the items as a list: [{...}, {...}] (in YAML, each item starts with "
            "'- id: ...')"]


def csl_item_without_an_id(p):
    _csl_file(p, [{"type": "book", "title": "A Book", "issued": {"date-parts": [[2021]]}}])
    return ["zotero.json:1:1: error: item 1 has no id",
            "    hint: give every item an id, the key it is cited by"]


def chapter_of_a_book(p):
    append(p, "references.bib", "\n@book{quillvol2020,\n  editor = {Quill, Ann},\n"
                                "  title = {A Volume},\n  year = {2020}\n}\n"
                                "\n@incollection{quillch2020,\n  author = {Quill, Bea},\n"
                                "  title = {A Chapter},\n  crossref = {quillvol2020}\n}\n")
    return [f"{where(p, 'references.bib', '@incollection{quillch2020')}: warning: entry "
            "'quillch2020' (@incollection) names the @book 'quillvol2020' in crossref: BibLaTeX "
            "(and Pandoc) give a @book's title to an @inbook, and its title and subtitle to an "
            "@incollection as its own",
            "    hint: make 'quillvol2020' a @collection (an edited volume of chapters by their own "
            "authors), or this entry an @inbook",
            _never_cited(p, "quillvol2020"), _never_cited(p, "quillch2020")]


def xdata_naming_no_entry(p):
    append(p, "references.bib", "\n@book{quill2016,\n  author = {Quill, Ann},\n"
                                "  title = {A Book},\n  year = {2016},\n  xdata = {quillpress}\n}\n")
    return [f"{where(p, 'references.bib', '@book{quill2016')}: error: entry 'quill2016' has "
            "xdata = {quillpress}, but there is no entry with that key",
            "    hint: add the @xdata entry, or correct the key",
            _never_cited(p, "quill2016")]


def second_bibliography_not_utf8(p):
    """The hint names the file that is not UTF-8, not always references.bib."""
    data = b"@book{quill2015,\n  author = {W\xf6rmer, Ann},\n  title = {A Book},\n  year = {2015}\n}\n"
    (p / "more.bib").write_bytes(data)
    col = data.index(b"\xf6") - data.index(b"\n")  # the line's columns count from 1
    replace(p, "mkdocs.yml", "bibliography: references.bib",
            "bibliography: [references.bib, more.bib]")
    return [f"more.bib:2:{col}: error: the file is not UTF-8 text: byte f6 is not valid UTF-8",
            '    hint: save more.bib as UTF-8 (accents may also be written as LaTeX, e.g. {\\"o})']


CASES = [paper_kind_label_on_a_heading, partial_entry_without_its_note, csl_file_not_a_list,
         csl_item_without_an_id, chapter_of_a_book, xdata_naming_no_entry,
         second_bibliography_not_utf8]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected)


def test_pandoc_that_cannot_read_the_bibliography_is_told_at_the_style(tmp_path):
    """Pandoc refusing a file the edition's own parser reads (a newer Pandoc's stricter reader,
    say): the site would be formatted from the edition's reading, so it is an error, at csl:."""
    real = Path(pypandoc.__file__).parent / "files" / "pandoc"  # the one the build runs
    fake = tmp_path / "pandoc"
    fake.write_text('#!/bin/sh\nif [ "$1" = -f ] && [ "$2" = biblatex ]; then cat >/dev/null; '
                    'echo "unexpected end of input" >&2; exit 64; fi\n'
                    f'exec "{real}" "$@"\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    project = copy_project(tmp_path / "project")
    result = build(project, tmp_path / "site", env={"EDITION_PANDOC": str(fake)})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    message = "error: Pandoc could not read the bibliography: unexpected end of input"
    assert _diagnostics(output) == [f"{where(project, 'mkdocs.yml', 'csl:')}: {message}"], output
    assert ("    hint: the entries were formatted from the edition's own reading; run pandoc -f "
            "biblatex -t csljson on the file to see where Pandoc stops") in output.splitlines()
