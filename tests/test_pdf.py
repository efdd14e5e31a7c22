"""The PDF (`make pdf`: the single-file edition printed by Chromium, edition/pdf.py) and printing
(edition/assets/print.css), read back as a reader gets them: the PDF's text with poppler's
pdftotext, its metadata with pdfinfo (both from poppler-utils, which `make test` installs)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
import paper
import pdfread
from edition import bundle, pdf
from sources import Sources

SOURCES = Sources(ROOT)


def _poppler(tool: str, *args: str) -> str:
    assert shutil.which(tool), f"{tool} is missing: `make test` installs poppler-utils"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


@pytest.fixture(scope="module")
def printed(offline_site, chromium, tmp_path_factory):
    """`make pdf`'s steps: the single file from the offline site, printed; (pdf path, text)."""
    out = tmp_path_factory.mktemp("pdf")
    assert bundle.main(["--site", str(offline_site), "--out", str(out)]) == 0
    path = out / f"{paper.BUNDLE_NAME}.pdf"
    path.write_bytes(pdf.render(chromium, out / f"{paper.BUNDLE_NAME}.html", pdf.info_of(paper.PROJECT)))
    return path, _poppler("pdftotext", "-layout", str(path), "-")


def first_words(markdown: str, count: int = 4) -> list[str]:
    """The note's opening words as the paper writes them, up to the first mark-up."""
    plain = re.split(r"[\[{<*_`]|https?:", markdown, maxsplit=1)[0]
    return plain.split()[:count]


def test_pdf_holds_every_note_in_order_with_the_papers_numbers(printed):
    _, text = printed
    # The edition's words in square brackets (term expansions, remarks) are not the paper's.
    text = re.sub(r"\s*\[[^\]]*\]", "", text)
    notes = SOURCES.notebook.ordered()
    assert len(notes) == SOURCES.paper_note_count() == 78
    position = 0
    for note in notes:
        words = r"\s+".join(map(re.escape, first_words(note.text)))
        found = re.compile(rf"^\s*{note.label}\.\s+{words}", re.M).search(text, position)
        assert found, f"note {note.label} ({' '.join(first_words(note.text))}) is not in the " \
                      f"PDF after note {int(note.label) - 1}"
        position = found.end()


def test_pdf_has_the_apparatus_no_chrome_a_running_head_and_page_numbers(printed):
    path, text = printed
    for heading in ("Bibliography", "Glossary"):
        assert re.search(rf"^\s*{heading}\s*$", text, re.M), heading
    for chrome in ("Skip to content", "Search the edition", "Dark mode", "Contents", "↩",
                   "Edit this page", "Back to note"):
        assert chrome not in text, f"{chrome!r} printed"
    info = dict(re.findall(r"^(\w+):\s+(.*)$", _poppler("pdfinfo", str(path)), re.M))
    title = info["Title"]
    assert title.endswith("[editorial title]") and "NATO" in title, title
    assert info["Subject"] and "NATO" in info["Keywords"], info
    pages = text.rstrip("\f").split("\f")
    assert len(pages) == int(info["Pages"]) > 20
    for number, page in enumerate(pages, 1):
        assert title in page, f"page {number} has no running head"
        assert re.search(rf"^\s*{number} / {len(pages)}\s*$", page, re.M), f"page {number}"


def test_pdf_prints_the_same_text_and_dates_again(printed, chromium, tmp_path):
    """Printed twice, the same text and metadata: no date of the clock leaks in. (Chromium's
    bytes are not always the same from one print to the next, so they are not compared.)"""
    path, text = printed
    again = tmp_path / path.name
    again.write_bytes(pdf.render(chromium, path.with_suffix(".html"), pdf.info_of(paper.PROJECT)))
    assert _poppler("pdftotext", "-layout", str(again), "-") == text
    info = [line for line in _poppler("pdfinfo", str(again)).splitlines()
            if line.startswith(("Title", "Subject", "Keywords", "CreationDate", "ModDate"))]
    assert info == [line for line in _poppler("pdfinfo", str(path)).splitlines()
                    if line.startswith(("Title", "Subject", "Keywords", "CreationDate", "ModDate"))]


def test_title_page_offers_the_pdf_with_its_size(printed, tmp_path):
    env = dict(os.environ, EDITION_DOWNLOADS=str(printed[0].parent), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="downloads/{paper.BUNDLE_NAME}\.pdf" download>[^<]+</a> \(\d', home)
    assert (tmp_path / "downloads" / f"{paper.BUNDLE_NAME}.pdf").read_bytes() == printed[0].read_bytes()


def test_printing_a_page_shows_text_notes_numbers_and_link_addresses(chromium, offline_site):
    cites = [src for src in paper.PARTS["body"][2] if "47" in SOURCES.references(src)]
    assert cites, "no page cites note 47"
    page = chromium.new_page()
    try:
        page.goto((offline_site / cites[0].replace(".md", ".html")).as_uri())
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer",
                       ".edition-card-templates", ".footnote-backref"):
            assert not page.locator(chrome).first.is_visible(), chrome
        note = page.locator("li[id='fn:47']")
        assert note.is_visible()
        assert note.evaluate("li => [li.value, getComputedStyle(li).display, "
                             "getComputedStyle(li.parentElement).listStyleType]") \
            == [47, "list-item", "decimal"]
        after = "a => getComputedStyle(a, '::after').content"
        # A note's address is its own link text: printed once. An internal link: no address.
        written_out = page.locator(".footnote a[href^='http']").first
        assert written_out.evaluate(after) in ("none", "normal")
        assert page.locator("article a.term").first.evaluate(after) in ("none", "normal")
        # An external link in the text whose words are not its address: the address follows.
        page.evaluate("""() => { const p = document.createElement("p");
            p.innerHTML = '<a href="https://example.org/report">a report</a>';
            document.querySelector("article").prepend(p); }""")
        link = page.locator("article a[href='https://example.org/report']")
        assert link.evaluate(after) == '" (https://example.org/report)"'
    finally:
        page.close()


NOTE_LABELS = {str(n) for n in range(1, 79)}


def note_links(found: pdfread.Links) -> set[str]:
    return {name.removeprefix("note-") for name in found.internal if name.startswith("note-")}


def test_every_link_in_the_pdf_goes_somewhere_and_note_numbers_to_their_notes(printed):
    """Issue 19: the 78 note numbers were links to the page feet, which are not printed (106
    dead links). Each now goes to its note on the Notes page; no link in the PDF goes nowhere,
    and none leaves it for a file the single file carries inside itself (data:)."""
    found = pdfread.links(printed[0].read_bytes())
    assert found.internal and not found.dead, f"{len(found.dead)} dead links: {found.dead[:5]}"
    assert note_links(found) == NOTE_LABELS
    assert not [n for n in found.internal if n.startswith("fn:")], "a link to a page foot"
    assert all(u.startswith(("https://", "http://")) for u in found.uri), \
        [u[:60] for u in found.uri if not u.startswith("http")][:3]


def test_a_reader_printing_the_single_file_gets_the_same_links(offline_site, chromium, tmp_path):
    """Ctrl+P on the single file, not through `make pdf`: the page's own script points the note
    numbers at the printed notes while printing, and back at the page foot afterwards."""
    assert bundle.main(["--site", str(offline_site), "--out", str(tmp_path)]) == 0
    page = chromium.new_page()
    try:
        page.goto((tmp_path / f"{paper.BUNDLE_NAME}.html").as_uri())
        data = page.pdf(format="A4")  # what the print dialog's "Save as PDF" does
        found = pdfread.links(data)
        assert not found.dead, f"{len(found.dead)} dead links: {found.dead[:5]}"
        assert note_links(found) == NOTE_LABELS
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")  # the dialog closed
        hrefs = page.eval_on_selector_all(".edition-page a.footnote-ref", "as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("#fn:") for h in hrefs), "on screen a note number goes to the foot"
    finally:
        page.close()


# What only a screen can do: the words that ask for it must not be printed.
SCREEN_ONLY = ("Hover over", "hover over it", "tap it", "on hover", "press /", "Enter opens",
               "You are reading the offline edition", "Download:", "download the whole",
               "opens a card with", "open a card with", "not part of this build")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def test_no_screen_only_sentence_is_printed(printed, chromium):
    """Issue 19: the PDF kept "hover… tap…", "press /", "You are reading the offline edition".
    Every element the edition marks screen-only in the single file is missing from the PDF's
    text, and so is every sentence that asks the reader to do what paper cannot."""
    path, _ = printed
    lines = _poppler("pdftotext", str(path), "-").splitlines()
    title = lines[0].strip()
    # Without the running head and page numbers, which would split a sentence at a page break.
    body = "\n".join(line for line in lines if line.strip() != title
                     and not re.fullmatch(r"\s*\d+ / \d+\s*", line))
    for phrase in SCREEN_ONLY:
        assert phrase not in body, f"the PDF prints the screen's {phrase!r}"
    assert not re.search(r"^\s*Downloads\s*$", body, re.M), "a heading over nothing"
    page = chromium.new_page()
    try:
        page.goto(path.with_suffix(".html").as_uri())
        marked = page.eval_on_selector_all(".edition-page .screen-only", "es => es.map(e => e.textContent)")
    finally:
        page.close()
    assert len(marked) >= 5, marked
    text = _words(body)
    printed_anyway = [m.strip()[:60] for m in marked if len(_words(m).split()) >= 3 and _words(m) in text]
    assert not printed_anyway, printed_anyway


@pytest.mark.parametrize("name", ["index.html", "bibliography.html", "glossary.html", "about.html"])
def test_a_printed_page_hides_what_only_a_screen_can_do(chromium, offline_site, name):
    page = chromium.new_page()
    try:
        page.goto((offline_site / name).as_uri())
        marked = page.locator("article .screen-only")
        assert marked.count() and marked.first.is_visible()
        page.emulate_media(media="print")
        shown = [marked.nth(i).inner_text()[:60] for i in range(marked.count()) if marked.nth(i).is_visible()]
        assert not shown, shown
    finally:
        page.close()


def test_metadata_is_added_by_an_incremental_update():
    """edition.pdf.with_info on a minimal PDF of the shape Chromium writes (no browser, no
    poppler: the update is read back by following its own offsets)."""
    objects = [b"<</Title (A title) /CreationDate (D:20990101000000+00'00')>>",
               b"<</Type /Catalog /Pages 3 0 R>>", b"<</Type /Pages /Kids [4 0 R] /Count 1>>",
               b"<</Type /Page /Parent 3 0 R /MediaBox [0 0 100 100]>>"]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<</Size 5 /Root 2 0 R /Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    date = "D:20231114221320+00'00'"
    updated = pdf.with_info(data, {"Subject": "Russia – China", "Keywords": "a; (b)"}, date)
    # Chromium's date overwritten in place: every byte of its file keeps its offset.
    assert updated[xref:len(data)] == data[xref:] and b"2099" not in updated
    start = int(re.findall(rb"startxref\s+(\d+)", updated)[-1])
    section = re.match(rb"xref\n1 1\n(\d{10}) 00000 n \ntrailer\n<<(.*?)>>", updated[start:], re.S)
    assert section, updated[start:]
    assert b"/Prev %d" % xref in section.group(2) and b"/Root 2 0 R" in section.group(2)
    info = updated[int(section.group(1)):start]
    assert info.startswith(b"1 0 obj\n<<") and b"/Title (A title)" in info
    assert b"(%s)" % date.encode() in info and b"/Keywords (a; \\(b\\))" in info
    assert b"/Subject <FEFF" + "Russia – China".encode("utf-16-be").hex().upper().encode() in info
