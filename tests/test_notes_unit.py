"""edition.notes without MkDocs: parsing, references, paper numbers."""

import re

from edition import notes


def test_definitions_and_duplicates():
    found, problems = notes.parse_definitions("# N\n\n[^1]: One.\n\n[^2]: Two\n    more.\n\n[^1]: Again.\n", "docs/notes.md")
    assert list(found) == ["1", "2"]
    assert found["2"].text == "Two\n    more."
    assert [(p.line, p.message) for p in problems] == [(8, "note [^1] is defined twice")]


def test_references_skip_code_and_definitions():
    text = "A[^1] `not[^2]`\n\n```\n[^3]\n```\nB[^4].\n[^5]: def\n"
    refs = notes.find_references(text, "p.md")
    assert [(r.label, r.line) for r in refs] == [("1", 1), ("4", 6)]


def test_record_reports_unknown_and_second_reference():
    book = notes.NoteBook(notes={"1": notes.Note("1", "x", 3)})
    problems = notes.record(book, [notes.Reference("1", "a.md", 2), notes.Reference("1", "b.md", 9),
                                   notes.Reference("7", "b.md", 10)])
    assert [str(p).splitlines()[0] for p in problems] == [
        "docs/b.md:9: error: note [^1] is referenced a second time",
        "docs/b.md:10: error: note marker [^7] has no definition",
    ]
    assert [str(p).splitlines()[0] for p in notes.unreferenced(notes.NoteBook(notes={"2": notes.Note("2", "y", 5)}))] == [
        "docs/notes.md:5: error: note [^2] is never referenced"]


def test_paper_numbers_replace_per_page_counting():
    html = ('<sup id="fnref:47"><a class="footnote-ref" href="#fn:47">1</a></sup>'
            '<li id="fn:47"><p>x<a class="footnote-backref" href="#fnref:47" '
            'title="Jump back to footnote 1 in the text">&#8617;</a></p></li>')
    out = notes.paper_numbers(html)
    assert re.search(r'<a class="footnote-ref" href="#fn:47"[^>]* data-card="fn:47"[^>]*>47</a>', out)
    assert '<li id="fn:47" value="47">' in out
    assert "Jump back to footnote 47 in the text" in out
