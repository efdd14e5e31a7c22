"""edition.notes without MkDocs: parsing, references, paper numbers."""

from edition import checks
from edition.notes import model as notes


def test_definitions_and_duplicates():
    found, problems = notes.parse_definitions("# N\n\n[^1]: One.\n\n[^2]: Two\n    more.\n\n[^1]: Again.\n", "docs/notes.md")
    assert list(found) == ["1", "2"]
    assert found["2"].text == "Two\n    more."
    assert [(p.line, p.message) for p in problems] == [(8, "note [^1] is defined twice")]


def test_references_skip_code_and_definitions():
    text = "A[^1] `not[^2]`\n\n```\n[^3]\n```\nB[^4].\n[^5]: def\n"
    refs = notes.find_references(text, "p.md")
    assert [(r.label, r.line) for r in refs] == [("1", 1), ("4", 6)]


def test_note_problems_are_found_on_the_sources_in_reading_order():
    pages = [checks.Source("a.md", "One.[^1] Three.[^3]\n"),
             checks.Source("b.md", "Two.[^2]\n\nAgain.[^1] Lost.[^7]\n"),
             checks.Source("notes.md", "# Notes\n\n[^1]: x\n\n[^2]: y\n\n[^3]: z\n\n[^5]: w\n")]
    assert [str(p).splitlines()[0] for p in sorted(checks.note_problems(pages, "notes.md"),
                                                   key=lambda p: p.sort_key)] == [
        "docs/b.md:1:5: error: note [^2] is read after note [^3]",
        "docs/b.md:3:7: error: note [^1] is referenced a second time",
        "docs/b.md:3:17: error: note marker [^7] has no definition",
        "docs/notes.md:9:1: error: note [^5] is never referenced",
        "docs/notes.md:9:1: error: the notes jump from [^3] to [^5]",
    ]


# The paper's note numbers in place of the footnotes extension's per-page counting: the cases
# tests/cases/notes/*.md (tests/test_extensions.py).
