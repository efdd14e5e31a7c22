"""The edition formats a bibliography as Pandoc does: every entry of a large, varied .bib
(tests/data/varied.bib: every BibTeX and BibLaTeX type, @string macros, crossref chains, xdata,
LaTeX accents and commands, langid, date ranges, eprints, ftp:// and DOI URLs) rendered by the
edition equals ``pandoc --citeproc --bibliography varied.bib`` with the same style, but for the
differences listed in DELIBERATE, each with its reason."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT
from edition.citations import csl, library

BIB = ROOT / "tests" / "data" / "varied.bib"

# Every entry whose rendering differs from Pandoc's, and why (edition/citations/reading.py).
DELIBERATE = {
    "art-doiurl": "doi = {https://doi.org/10...}: the bare DOI, where Pandoc prints "
                  "'https://doi.org/https://doi.org/10...'",
    "conf-alias": "@conference is BibTeX's alias of @inproceedings: Pandoc's BibLaTeX reader takes "
                  "it for an unknown type and drops its booktitle and pages",
    "rep-tech": "a @techreport with no type is a 'Technical report', as BibLaTeX and BibTeX print "
                "it: Pandoc reads it as a report of no kind ('TR-2019-04' alone)",
    "misc-urlhowpublished": "howpublished = {\\url{...}} is the work's URL: Pandoc prints it as "
                            "the publisher, capitalised ('Https://example.org/...')",
}


def _without_bare_spans(html: str) -> str:
    """The HTML without attribute-less <span>s: a braced group is one in Pandoc's reading, and
    the YAML form the edition passes on writes it as plain text; nothing a reader sees."""
    out, stack = [], []
    for token in re.split(r"(</?span[^>]*>)", html):
        if token.startswith("<span"):
            stack.append(token == "<span>")
            out.append("" if token == "<span>" else token)
        elif token == "</span>":
            out.append("" if stack.pop() else token)
        else:
            out.append(token)
    return " ".join("".join(out).split())


def _comparable(html: str) -> str:
    """Without bare spans, and without a numeric style's number: with no citation in the text
    the works are numbered in the order given, and Pandoc is given the @xdata entry too."""
    return _without_bare_spans(re.sub(r'<span class="csl-left-margin">\[\d+\] ?</span>', "", html))


def _pandoc_direct(style) -> dict[str, str]:
    binary, _ = csl.pandoc()
    doc = "---\nnocite: '@*'\n---\n\n::: {#refs}\n:::\n"
    done = subprocess.run([binary, "--citeproc", "--bibliography", str(BIB), "--csl", str(style),
                           "-f", "markdown", "-t", "html", "--wrap=none"], input=doc,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return csl._parse(done.stdout, [])["references"]


@pytest.mark.parametrize("style", ["chicago-author-date", "apa", "ieee"])
def test_every_entry_renders_as_pandoc_renders_it(style):
    text = BIB.read_text(encoding="utf-8")
    lib = library.parse(text, "varied.bib")
    assert lib.problems == []
    entries = [e for e in lib.entries.values() if e.type != "xdata"]
    assert len(entries) >= 60
    assert len({e.type for e in entries}) >= 30  # every type, and its aliases
    formatter = csl.Formatter(style=csl.style_path(style, ROOT), sources=[text])
    formatter.read(lib.entries)
    formatter.prepare(entries, [])
    theirs = _pandoc_direct(formatter.style)
    differ = {e.key: (formatter.entry(e).reference, theirs.get(e.key)) for e in entries
              if _comparable(formatter.entry(e).reference) != _comparable(theirs.get(e.key) or "")}
    assert set(differ) <= set(DELIBERATE), {k: v for k, v in differ.items() if k not in DELIBERATE}
    assert 1 - len(differ) / len(entries) >= 0.95


def test_what_pandoc_reads_the_edition_reads():
    """What the hand-written mapping got wrong, read as Pandoc reads it."""
    text = BIB.read_text(encoding="utf-8")
    lib = library.parse(text, "varied.bib")
    formatter = csl.Formatter(sources=[text])
    formatter.read(lib.entries)
    item = {k: formatter.item(e, "plain") for k, e in lib.entries.items()}
    assert item["art-basic"]["container-title"] == "Journal of Water Research"  # @string
    assert item["book-basic"]["publisher-place"] == "New York"
    assert item["art-french"]["language"].startswith("fr")
    assert item["art-french"]["title"] == "La gestion de l’eau dans les villes françaises"
    assert item["book-range"]["issued"] == {"date-parts": [[1998], [2004]]}
    assert item["art-eprint"]["URL"] == "https://arxiv.org/abs/2301.01234"
    assert item["online-ftp"]["URL"] == "ftp://ftp.example.org/pub/rain"
    assert item["art-doiurl"]["DOI"] == "10.5555/flood.2020.4"
    assert item["book-xdata"]["publisher"] == "Delta University Press"
    assert item["mv-chap"]["author"] == [{"family": "Lindqvist", "given": "Per"}]  # a chain
    assert item["coll-ch1"]["container-title"] == "Water and the city: Essays"
    assert item["misc-howpublished"]["type"] == "document"  # CSL-JSON needs a type
    assert item["misc-urlhowpublished"]["URL"] == "https://example.org/pumps-explained"
    assert "publisher" not in item["misc-urlhowpublished"]
    assert item["conf-alias"]["type"] == "paper-conference"
    # the exports: Pandoc's items, the titles as the .bib writes them (not sentence-cased)
    exported = formatter.exported(lib.entries["art-doiurl"])
    assert (exported["DOI"], exported["title"]) == ("10.5555/flood.2020.4", "Levees and the Law")
    assert formatter.exported(lib.entries["coll-ch1"])["container-title"] == "Water and the City: Essays"


def test_what_pandoc_reads_stays_text():
    """Markup in a .bib reaches the page as text; a link Pandoc makes from \\url to an address
    that is not on the web keeps its text and loses its link (the page's policy would refuse it)."""
    text = (r"@book{h, author={<b>Evil</b>}, title={<img src=x onerror=alert(1)> "
            r"\url{javascript:alert(2)}}, year=2020}")
    lib = library.parse(text, "r.bib")
    formatter = csl.Formatter(sources=[text])
    formatter.read(lib.entries)
    formatter.prepare(lib.entries.values(), [])
    reference = formatter.entry(lib.entries["h"]).reference
    assert "<img" not in reference and "<b>" not in reference and "href" not in reference
    assert "&lt;b&gt;Evil&lt;/b&gt;" in reference and "alert(2)" in reference
