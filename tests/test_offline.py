"""The offline bundle, the single HTML file and the hosted site, with no network at all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest

import browser
from conftest import ROOT
import paper
from edition import bundle

KINDS = {  # a trigger of each kind of card, and text its card must show
    "note": ('a[data-card-kind="note"][href$="#fn:37"]', "New START"),
    "citation": ('a.citation[data-card="card-ref-radin2021"]', "China-Russia Cooperation"),
    "term": ('a.term[data-card="card-term-nato"]', "North Atlantic Treaty Organization"),
    "xref": ('a.xref[data-card="card-xref-sec-overview"]', "Overview of Sino-Russian Relationship"),
}


@pytest.fixture(scope="session")
def artefacts(offline_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert bundle.main(["--site", str(offline_site), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def unzipped(artefacts, tmp_path_factory):
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(artefacts / f"{paper.BUNDLE_NAME}-offline.zip") as archive:
        archive.extractall(dest)
    return dest / f"{paper.BUNDLE_NAME}-offline"


@pytest.fixture()
def offline_page(chromium):
    # origin None: only file: and data: may load
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        yield page, traffic
    assert not traffic.outside, f"requests left the machine: {traffic.outside}"
    assert not traffic.console_errors, traffic.console_errors


def open_card(page, selector: str, expected: str) -> None:
    trigger = page.locator(selector).first
    trigger.scroll_into_view_if_needed()
    trigger.focus()
    card = page.locator(".edition-card")
    card.wait_for(state="visible", timeout=3000)
    assert expected in card.inner_text(), (selector, card.inner_text())
    page.keyboard.press("Escape")


def test_zip_is_deterministic(offline_site, tmp_path):
    a = bundle.make_zip(offline_site, tmp_path / "a.zip", "x")
    b = bundle.make_zip(offline_site, tmp_path / "b.zip", "x")
    assert a.read_bytes() == b.read_bytes()


ZIP_BUDGET = 460_000  # bytes (issue 11; 450 kB until issue 19 and 20 added the margin notes, the
# A–Z bars and a Content-Security-Policy on every page: 452 kB): a size budget, not a timing


def test_offline_zip_holds_only_what_the_edition_loads(offline_site, artefacts):
    zipped = artefacts / f"{paper.BUNDLE_NAME}-offline.zip"
    with zipfile.ZipFile(zipped) as archive:
        names = {n.split("/", 1)[1] for n in archive.namelist()}
        pages = {n: archive.read(f"{paper.BUNDLE_NAME}-offline/{n}").decode("utf-8")
                 for n in names if n.endswith(".html")}
    assert not [n for n in names if n.endswith(".map")], "source maps in the offline zip"
    # Only the lunr files Material's search worker imports for the site's search languages
    # (for ["en"], none: lunr and its English pipeline are built into the worker).
    languages = bundle.search_languages(offline_site)
    lunr = {n for n in names if "/lunr/" in f"/{n}"}
    assert lunr == bundle.search_language_files(languages), sorted(lunr)
    if languages == ["en"]:
        assert not lunr, sorted(lunr)
    assert "search/search_index.js" in names  # what search reads from file://
    # Nothing left out that a page asks for: every local src and href resolves inside the zip.
    missing = set()
    for page, text in pages.items():
        for ref in re.findall(r'(?:src|href)="([^"#?]+)', text):
            if re.match(r"[a-z][a-z0-9+.-]*:|//", ref):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(page), ref)).replace(os.sep, "/")
            if target not in names:
                missing.add(f"{page}: {ref}")
    assert not missing, sorted(missing)
    size = zipped.stat().st_size
    assert size <= ZIP_BUDGET, f"offline zip {size:,} bytes, over the {ZIP_BUDGET:,}-byte budget"


def test_unzipped_bundle_reads_navigates_and_searches_from_file(offline_page, unzipped):
    page, _ = offline_page
    page.goto((unzipped / "index.html").as_uri())
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Conclusion").first.click()
    page.wait_for_url("**/conclusion.html")
    assert "Sino-Russian Relationship" in page.locator("article").inner_text()
    # Search finds words of the text, the notes, the bibliography and the glossary.
    for query, where in (("hyperbole", "conclusion"), ("NtechLab", "notes"),
                         ("Emerging Alliance", "bibliography"), ("Warfighting Capstone", "glossary")):
        page.goto((unzipped / "index.html").as_uri())
        results = browser.search_for(page, query)
        hrefs = results.evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert any(where in h for h in hrefs), (query, hrefs)
        browser.screenshot(page, f"offline-search-{where}")


def test_every_card_kind_dark_mode_and_print_from_file(offline_page, unzipped):
    page, _ = offline_page
    for kind, (selector, expected) in KINDS.items():
        target = {"note": "implications", "citation": "notes", "term": "overview",
                  "xref": "introduction"}[kind]
        page.goto((unzipped / f"{target}.html").as_uri())
        open_card(page, selector, expected)
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.emulate_media(media="print")
    assert page.locator("article").is_visible()


def test_single_file_has_everything_and_works_without_network(offline_page, artefacts):
    page, _ = offline_page
    path = artefacts / f"{paper.BUNDLE_NAME}.html"
    text = path.read_text(encoding="utf-8")
    assert "<link " not in text and 'src="http' not in text and "<img " not in text
    page.goto(path.as_uri())
    assert page.locator("li[id^='fn:']").count() == 78
    assert page.locator("li.bib-entry").count() > 50
    assert page.locator("dl.glossary dt").count() > 30
    for kind, (selector, expected) in KINDS.items():
        open_card(page, selector, expected)
    # Links between former pages stay inside the file.
    hrefs = page.eval_on_selector_all("main a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if not h.startswith(("#", "http://", "https://", "data:", "mailto:"))]
    page.fill("#sf-q", "Zeitenwende")
    page.press("#sf-q", "Enter")
    page.locator("#sf-results li a").first.click()
    page.locator("#sf-q").fill("")
    page.click("#sf-scheme")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    browser.screenshot(page, "single-file")


def test_hosted_site_makes_no_third_party_request_on_any_page(chromium, origin, site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) >= 10
    with browser.watched_page(chromium, origin, **browser.DESKTOP) as (page, traffic):
        for rel in pages:
            page.goto(f"{origin}/{rel.removesuffix('index.html')}")
            page.wait_for_load_state("networkidle")
    assert not traffic.outside, traffic.outside
    assert not traffic.console_errors, traffic.console_errors


def test_title_page_links_both_downloads_with_sizes(artefacts, tmp_path):
    env = dict(os.environ, EDITION_DOWNLOADS=str(artefacts), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    for name in (f"{paper.BUNDLE_NAME}-offline.zip", f"{paper.BUNDLE_NAME}.html"):
        assert f'href="downloads/{name}"' in home
        assert (tmp_path / "downloads" / name).read_bytes() == (artefacts / name).read_bytes()
    assert len(re.findall(r"\(\d+(?:\.\d)? (?:kB|MB)\)", home)) == 2


def test_vendored_shim_is_the_recorded_file():
    """edition/assets/vendor/iframe-worker-PROVENANCE.txt records the package, version and checksum."""
    import hashlib
    import re
    vendor = ROOT / "edition" / "assets" / "vendor"
    record = (vendor / "iframe-worker-PROVENANCE.txt").read_text(encoding="utf-8")
    recorded = re.search(r"^sha256:\s+([0-9a-f]{64}) \(iframe-worker-shim\.js\)", record, re.M).group(1)
    assert hashlib.sha256((vendor / "iframe-worker-shim.js").read_bytes()).hexdigest() == recorded
    assert "iframe-worker 1.0.4" in record
