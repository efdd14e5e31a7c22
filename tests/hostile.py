"""Adversarial inputs for the parsers, shared by tests/test_hostile_sizes.py (which asserts that
each parser finishes on each) and bench/hostile.py (which times them: speed is measured there,
never in the tests)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = 100_000


def payloads(n: int = SIZE) -> dict[str, str]:
    """Each shape that made a pattern quadratic (or worse), at about ``n`` characters."""
    return {
        "unclosed remark, then spaces": "{{ed: " + " " * n,
        "unclosed remarks": "{{ed: " * (n // 6),
        "[@ repeated": "[@" * (n // 2),
        "@ and a long key": "@" + "a" * n,
        "a- repeated": "a-" * (n // 2),
        "unclosed comments": "<!--" * (n // 4),
        "[ repeated": "[" * n,
        "{ repeated": "{" * n,
        "heading of braces": "# " + "{" * n,
        "heading, spaces, word": "# a" + " " * n + "x",
        "heading of attribute lists": "# " + "{#a " * (n // 4),
        "]( repeated": "](" * (n // 2),
        "<a: repeated": "<a:" * (n // 3),
        "[ and @s": "[" + "@" * n,
        "brackets before a pointer": "[" * n + "](@sec-x",
        "a. repeated": "a." * (n // 2),
        "spaces then a word": " " * n + "x",
        "a locator that never ends": "[@a, p. " + "1, " * (n // 3),
        "backticks": "`" * n,
        "fences": "```\n" * (n // 4),
        "unclosed links": "<a href=x>" * (n // 10),
        "many unclosed [ in a note": "[^1]: " + "[@" * (n // 2),
    }


class _Every:
    """Every key and label resolves: each citation is checked to the end."""

    def __contains__(self, key: str) -> bool:
        return True


def parsers() -> dict[str, object]:
    """Every parser of the sources: citations, cross-references, editorial marks, glossary,
    notes, links, the fidelity check's normaliser, the security checks."""
    import markdown

    from edition import checks, security
    from edition.citations import syntax
    from edition.common import text
    from edition.crossrefs import model as crossrefs, names
    from edition.editorial.marks import EditorialExtension
    from edition.fidelity import check as fidelity
    from edition.glossary import model as glossary

    terms = glossary.load(ROOT / "glossary.yml")
    md = markdown.Markdown(extensions=[EditorialExtension()])

    def page(s: str) -> list:
        return [checks.Source("notes.md", "[^1]: x\n" + s)]

    return {
        "citations": syntax.find,
        "masked code": text.masked_code,
        "editorial marks (check)": lambda s: checks.editorial_mark_problems(page(s)),
        # Python-Markdown's own link parser is quadratic in unclosed '[' (20,000 took 103 s):
        # the build refuses such a paragraph before rendering (security.bracket_problems).
        "editorial marks (Markdown)": lambda s: (security.bracket_problems("docs/x.md", s)
                                                 or md.reset().convert(s)),
        "lines outside notes": lambda s: checks._outside_notes(page(s)[0]),
        "links": lambda s: checks.links_in(page(s)),
        "inline labels": lambda s: checks._inline_labels(page(s)[0], set()),
        "fidelity": fidelity.normalise,
        "quotation marks": lambda s: fidelity.quote_problems(s, "x.md"),
        "cross-reference labels": lambda s: crossrefs.collect(s, "x.md"),
        "cross-reference pointers": lambda s: list(crossrefs.POINTER.finditer(s)),
        "heading names": lambda s: names.heading_name(s, lambda citation: "(Doe 2021)"),
        "citations in link texts": lambda s: checks.nested_link_problems(page(s), _Every()),
        "glossary": lambda s: glossary.find(s, terms),
        "security (source)": lambda s: security.source_problems("docs/x.md", s),
    }
