"""Bad input in pages, links, the nav, the glossary, the ledger, the citation map and mkdocs.yml
(issue 18): one edit in a copy of the project, then the build, as in ``test_bad_input``.

Each case asserts the exact message at the exact file, line and column (computed from the text
the case edits), a failing exit, no traceback, and that the problem is told once. The inputs at
the end must simply work, and render right.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project
from test_bad_input import assert_told_once, append, not_in_paper, replace, where


def _line_col(project: Path, rel: str, needle: str, offset: int = 0, last: bool = False) -> str:
    text = (project / rel).read_text(encoding="utf-8")
    at = (text.rindex(needle) if last else text.index(needle)) + offset
    return f"{rel}:{text.count(chr(10), 0, at) + 1}:{at - (text.rfind(chr(10), 0, at) + 1) + 1}"


# --- the nav and links -------------------------------------------------------------------------

def nav_names_a_missing_page(p):
    replace(p, "mkdocs.yml", "  - Conclusion: conclusion.md\n",
            "  - Conclusion: conclusion.md\n  - Annex: annex.md\n")
    return [f"{where(p, 'mkdocs.yml', 'annex.md')}: error: the nav names 'annex.md' (Annex), "
            "which is not a page under docs/",
            "    hint: create docs/annex.md, or correct the path (relative to docs/) (every "
            "page's navigation would link to a page that does not exist)"]


def nav_page_misspelt(p):
    replace(p, "mkdocs.yml", "  - Conclusion: conclusion.md\n", "  - Conclusion: conclusoin.md\n")
    return [f"{where(p, 'mkdocs.yml', 'conclusoin.md')}: error: the nav names 'conclusoin.md' "
            "(Conclusion), which is not a page under docs/",
            "    hint: did you mean conclusion.md? (every page's navigation would link to a page "
            "that does not exist)",
            "docs/conclusion.md:1:1: error: this page is not in the navigation"]


def link_to_a_missing_text_file(p):
    append(p, "docs/about.md", "\nThe [OCR source](paper-ocr.txt), as received.\n")
    return [f"{where(p, 'docs/about.md', 'paper-ocr.txt)')}: error: link to 'paper-ocr.txt': "
            "there is no file docs/paper-ocr.txt",
            "    hint: put the file under docs/ (the path is relative to this page), or correct "
            "the path"]


def link_to_a_missing_pdf(p):
    append(p, "docs/about.md", "\nA [printed copy](downloads/paper.pdf).\n")
    return [f"{where(p, 'docs/about.md', 'downloads/paper.pdf')}: error: link to "
            "'downloads/paper.pdf': there is no file docs/downloads/paper.pdf"]


def missing_image(p):
    append(p, "docs/about.md", "\n![The first page of the source](missing.png)\n")
    return [f"{where(p, 'docs/about.md', 'missing.png')}: error: image 'missing.png': there is "
            "no file docs/missing.png"]


def image_misspelt(p):
    (p / "docs/scan.png").write_bytes(_PNG)
    append(p, "docs/about.md", "\n![The first page of the source](scna.png)\n")
    return [f"{where(p, 'docs/about.md', 'scna.png')}: error: image 'scna.png': there is no "
            "file docs/scna.png", "    hint: did you mean scan.png?"]


def image_without_alt_text(p):
    (p / "docs/scan.png").write_bytes(_PNG)
    append(p, "docs/about.md", "\n![](scan.png)\n")
    return [f"{where(p, 'docs/about.md', '![](scan.png)')}: warning: image without alt text",
            "    hint: say in the brackets what the image shows, as in "
            "![Map of the Arctic routes](arctic.png)"]


def raw_html_link_to_a_missing_page(p):
    append(p, "docs/about.md", '\n<p>See <a href="apendix.html">the appendix</a>.</p>\n')
    return [f"{where(p, 'docs/about.md', 'apendix.html')}: error: link to 'apendix.html': there "
            "is no file docs/apendix.html"]


def raw_html_image_missing(p):
    append(p, "docs/about.md", '\n<figure><img src="img/seal.png" alt="The seal"></figure>\n')
    return [f"{where(p, 'docs/about.md', 'img/seal.png')}: error: image 'img/seal.png': there is "
            "no file docs/img/seal.png"]


def reference_link_to_a_missing_page(p):
    append(p, "docs/about.md", "\nSee [the overview][o].\n\n[o]: overveiw.md\n")
    return [f"{where(p, 'docs/about.md', 'overveiw.md')}: error: link to 'overveiw.md': there "
            "is no page docs/overveiw.md", "    hint: did you mean overview.md?"]


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


CASES = [nav_names_a_missing_page, nav_page_misspelt, link_to_a_missing_text_file,
         link_to_a_missing_pdf, missing_image, image_misspelt, image_without_alt_text,
         raw_html_link_to_a_missing_page, raw_html_image_missing, reference_link_to_a_missing_page]


# --- the glossary, the ledger and the citation map as files ------------------------------------

def _latin1(project: Path, rel: str, word: bytes, replacement: bytes) -> str:
    """Save one word of a file in Latin-1, as an editor's tool might; the place of the bad byte."""
    path = project / rel
    data = path.read_bytes()
    at = data.index(word)
    path.write_bytes(data[:at] + replacement + data[at + len(word):])
    bad = at + replacement.index(next(b for b in replacement if b > 127).to_bytes(1, "big"))
    line = data[:at].count(b"\n") + 1
    col = len(data[data.rfind(b"\n", 0, at) + 1:bad].decode()) + 1
    return f"{rel}:{line}:{col}"


def glossary_not_utf8(p):
    at = _latin1(p, "glossary.yml", b"Alliance", b"Alli\xe9nce")
    return [f"{at}: error: the file is not UTF-8 text: byte e9 is not valid UTF-8",
            "    hint: save the file as UTF-8 in your editor (retype the character at this position)"]


def ledger_not_utf8(p):
    text = (p / "source/emendations.yml").read_text(encoding="utf-8")
    word = re.search(r"why: \"(\w+)", text).group(1).encode()
    at = _latin1(p, "source/emendations.yml", b'why: "' + word, b'why: "\xe9' + word[1:])
    return [f"{at}: error: the file is not UTF-8 text: byte e9 is not valid UTF-8"]


def ledger_missing(p):
    (p / "source/emendations.yml").unlink()
    return [f"{where(p, 'mkdocs.yml', 'ledger: source/emendations.yml')}: error: the fidelity "
            "check's ledger 'source/emendations.yml' (plugins: edition: ledger) does not exist"]


def citation_map_missing(p):
    (p / "source/citation-map.yml").unlink()
    return [f"{where(p, 'mkdocs.yml', 'citation_map: source/citation-map.yml')}: error: the "
            "fidelity check's citation map 'source/citation-map.yml' (plugins: edition: "
            "citation_map) does not exist"]


CASES += [glossary_not_utf8, ledger_not_utf8, ledger_missing, citation_map_missing]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_told_once_at_its_line(tmp_path, case):
    project = copy_project(tmp_path / "project")
    expected = case(project)
    assert_told_once(build(project, tmp_path / "site"), expected)
