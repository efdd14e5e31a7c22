"""The whole paper as one PDF: the single-file edition (``make bundle``) printed by Chromium
through Playwright, with the edition's print stylesheet (edition/assets/print.css, inlined in that
file), on A4, a running head (the editorial title, which says it is one) and page numbers
"n / N", an outline from the headings, and tagged for assistive technology.

Chromium writes the title (the document's ``<title>``, set here to the title page's heading)
but no subject or keywords. They are added in plain Python by an incremental update (a new
Info dictionary appended after the file, PDF 1.7 section 7.5.6), and the dates are those of the
sources ($SOURCE_DATE_EPOCH, as for the zip), never the clock: the same single file gives the
same text and dates (Chromium's bytes are not always the same from one print to the next).

The notes print once, on the Notes page; the single file's own script points each note number
there when printing begins (Chromium fires ``beforeprint`` for ``page.pdf()`` as for Ctrl+P), so
the PDF made here and one a reader prints link their note numbers alike.

Run: ``python -m edition.pdf --html dist/<name>.html --out dist/<name>.pdf``.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
MARGIN = {"top": "22mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}
_SMALL = "font: 8pt Georgia, 'Times New Roman', 'Liberation Serif', serif; color: #000;"
_HEAD = f'<div style="{_SMALL} width: 100%; margin: 0 18mm; text-align: center">{{title}}</div>'
_FOOT = (f'<div style="{_SMALL} width: 100%; margin: 0 18mm; text-align: center">'
         '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
# The title page's heading without its permalink: "... [editorial title]".
_TITLE_JS = """() => { const h = document.querySelector("main h1").cloneNode(true);
  h.querySelectorAll(".headerlink").forEach(a => a.remove());
  return h.textContent.replace(/\\s+/g, " ").trim(); }"""


def pdf_date() -> str:
    """The PDF date of the sources (SOURCE_DATE_EPOCH, UTC), in Chromium's own format."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1685577600"))  # else 2023-06-01
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal if ASCII, else UTF-16BE with its byte order mark."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode("ascii") + b">"


def with_info(pdf: bytes, entries: dict[str, str], date: str) -> bytes:
    """``pdf`` with ``entries`` added to its Info dictionary and its dates set to ``date``.

    Chromium's dates are overwritten in place (same length, so no offset moves); then the Info
    object is appended anew with the entries, with one cross-reference entry and a trailer
    pointing back to Chromium's (/Prev). Only a classic cross-reference table, as Chromium
    (Skia) writes, is understood."""
    trailer = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", pdf, re.S)
    info_ref = trailer and re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer.group(1))
    if not trailer or not info_ref:
        raise ValueError("not a PDF with a cross-reference table and an Info dictionary")
    number = int(info_ref.group(1))
    info = re.search(rb"(?<!\d)%d 0 obj\s*<<(.*?)>>\s*endobj" % number, pdf, re.S)
    if not info:
        raise ValueError(f"the Info dictionary ({number} 0 obj) is not where the trailer says")
    stamp = b"(" + date.encode("ascii") + b")"
    dated = re.sub(rb"\(D:[^)]*\)", lambda m: stamp if len(m.group()) == len(stamp) else m.group(),
                   info.group(1))
    pdf = pdf[:info.start(1)] + dated + pdf[info.end(1):]
    body = re.sub(rb"/(Subject|Keywords)\s*(\([^)]*\)|<[^>]*>)", b"", dated)
    body += b"".join(b"\n/%s %s" % (key.encode("ascii"), pdf_string(value))
                     for key, value in entries.items())
    if not pdf.endswith(b"\n"):
        pdf += b"\n"
    offset = len(pdf)
    obj = b"%d 0 obj\n<<%s>>\nendobj\n" % (number, body)
    rest = re.sub(rb"/(Prev|Info)\s+\d+(\s+0\s+R)?", b"", trailer.group(1)).strip()
    update = (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<<%s\n/Info %d 0 R\n/Prev %s>>\n"
              b"startxref\n%d\n%%%%EOF\n" % (number, offset, rest, number, trailer.group(2),
                                             offset + len(obj)))
    return pdf + obj + update


def render(browser: Browser, single: Path, info: dict[str, str] | None = None) -> bytes:
    """The single-file edition ``single`` printed by ``browser`` (Playwright), with metadata
    (``info``: the PDF's Subject and Keywords)."""
    page = browser.new_page()
    try:
        page.goto(single.resolve().as_uri())
        title = page.evaluate(_TITLE_JS)
        page.evaluate("title => { document.title = title; }", title)  # the PDF's /Title
        pdf = page.pdf(format="A4", margin=MARGIN, outline=True, tagged=True,
                       display_header_footer=True, footer_template=_FOOT,
                       header_template=_HEAD.format(title=html.escape(title)))
    finally:
        page.close()
    return with_info(pdf, {k: v for k, v in (info or {}).items() if v}, pdf_date())


def info_of(project) -> dict[str, str]:
    """The PDF's Subject and Keywords, as the configuration gives them."""
    return {"Subject": project.subject, "Keywords": "; ".join(project.keywords)}


def print_pdf(single: Path, out: Path, chromium: str = CHROMIUM,
              info: dict[str, str] | None = None) -> Path:
    """Print the single-file edition ``single`` to ``out`` with the Chromium at ``chromium``."""
    from playwright.sync_api import sync_playwright  # only here: the rest needs no browser

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            pdf = render(browser, single, info)
        finally:
            browser.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="mkdocs.yml", help="the edition's mkdocs.yml")
    parser.add_argument("--html", type=Path, help="the single-file edition (make bundle); "
                        "default dist/<bundle name>.html")
    parser.add_argument("--out", type=Path, help="default dist/<bundle name>.pdf")
    parser.add_argument("--chromium", default=CHROMIUM, help="the browser ($CHROMIUM)")
    args = parser.parse_args(argv)
    from edition.mkdocs_site import project
    configured = project(args.config)
    args.html = args.html or Path("dist", f"{configured.bundle_name}.html")
    args.out = args.out or Path("dist", f"{configured.bundle_name}.pdf")
    if not args.html.is_file():
        print(f"{args.html}: no single-file edition here; `make bundle` makes it", file=sys.stderr)
        return 1
    out = print_pdf(args.html, args.out, args.chromium, info_of(configured))
    print(f"{out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
