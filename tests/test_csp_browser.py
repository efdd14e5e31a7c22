"""The Content-Security-Policy is the backstop behind the build's checks (edition/security.py):
payloads planted in the built pages, as if a check had missed them, are loaded in Chromium,
hovered, focused and clicked, and none runs; the site's own scripts still do (the cards, search
and palette tests run under the same policy). The hosted site, the offline site and the single
file each carry their own policy."""

from __future__ import annotations

import shutil

import pytest

import browser
import paper
from edition import bundle

# Each sets window.__ran (or calls alert) if it executes.
PAYLOADS = [
    '<script>window.__ran = "inline script"</script>',
    '<img src="x" onerror="window.__ran=\'onerror\'">',
    '<span id="hover-me" onmouseover="window.__ran=\'onmouseover\'">hover</span>',
    '<a id="js-link" href="javascript:window.__ran=\'javascript: link\'">click</a>',
    '<input id="focus-me" autofocus onfocus="window.__ran=\'onfocus\'">',
    '<svg><script>window.__ran = "svg script"</script></svg>',
    '<iframe srcdoc="<script>parent.__ran=\'srcdoc\'</script>"></iframe>',
    '<object data="data:text/html,<script>parent.__ran=1</script>"></object>',
    '<base href="https://attacker.example/">',
]


def _plant(page_html: str) -> str:
    return page_html.replace("</article>", "".join(PAYLOADS) + "</article>", 1) \
        if "</article>" in page_html else page_html.replace("</main>", "".join(PAYLOADS) + "</main>", 1)


def _drive(page, url: str) -> None:
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_timeout(300)
    for selector in ("#hover-me", "#focus-me", "#js-link"):
        element = page.locator(selector).first
        if element.count():
            element.hover()
            element.focus()
            element.click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None, page.evaluate("window.__ran")
    assert not dialogs, dialogs
    assert not page.evaluate("document.baseURI").startswith("https://attacker"), "base-uri"


@pytest.fixture(scope="session")
def planted_site(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(site, out)
    for name in ("index.html", "notes/index.html", "about/index.html"):
        path = out / name
        path.write_text(_plant(path.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def test_every_page_has_a_policy_with_hashes_not_unsafe_inline(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<head>" not in text:
            continue
        assert '<meta http-equiv="Content-Security-Policy" content="script-src \'self\' \'sha256-' in text, page
        assert "unsafe-inline" not in text.split("Content-Security-Policy", 1)[1][:600], page
        assert "object-src 'none'" in text and "base-uri 'none'" in text, page


def test_planted_payloads_do_not_run_on_the_hosted_site(chromium, planted_site):
    url, stop = browser.serve(planted_site)
    try:
        for name in ("", "notes/", "about/"):
            with browser.watched_page(chromium, url, **browser.DESKTOP) as (page, traffic):
                _drive(page, f"{url}/{name}")
                assert not traffic.outside, traffic.outside
    finally:
        stop()


def test_planted_payloads_do_not_run_offline_or_in_the_single_file(chromium, offline_site, tmp_path):
    pages = tmp_path / "offline"
    shutil.copytree(offline_site, pages)
    notes = pages / "notes.html"
    notes.write_text(_plant(notes.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "dist"
    assert bundle.main(["--site", str(offline_site), "--out", str(out)]) == 0
    single = out / f"{paper.BUNDLE_NAME}.html"
    single.write_text(_plant(single.read_text(encoding="utf-8")), encoding="utf-8")
    for target in (notes, single):
        with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
            _drive(page, target.as_uri())
