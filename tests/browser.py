"""Real-browser harness: Debian's Chromium driven by Playwright, with every request recorded.

Tests get pages from a local HTTP server (the hosted case) or from file:// (the offline case);
any request that leaves the machine is blocked and recorded, and so is every console error.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@dataclass
class Traffic:
    """What a page asked for that it should not have, and what it complained about."""
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def is_local(url: str, origin: str | None) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return origin is not None and f"{parsed.scheme}://{parsed.netloc}" == origin


def watch(context, traffic: Traffic, origin: str | None) -> None:
    """Block and record every request that is not the site's own."""
    def route(r):
        if is_local(r.request.url, origin):
            r.continue_()
        else:
            traffic.outside.append(r.request.url)
            r.abort()
    context.route("**/*", route)


def console(page, traffic: Traffic) -> None:
    page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
    page.on("pageerror", lambda e: traffic.console_errors.append(str(e)))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output is for failures
        pass


def serve(directory: Path):
    """A local HTTP server for the built site; returns (origin, stop)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    def stop():
        server.shutdown()
        server.server_close()
    return origin, stop


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@contextlib.contextmanager
def watched_page(chromium, origin: str | None, **options):
    """A fresh context and page whose outside requests are blocked and recorded, and whose
    console errors are kept: yields (page, traffic)."""
    traffic = Traffic()
    context = chromium.new_context(**options)
    watch(context, traffic, origin)
    page = context.new_page()
    console(page, traffic)
    try:
        yield page, traffic
    finally:
        context.close()


def search_for(page, query: str):
    """Type ``query`` into Material's search and return the result links (they must exist)."""
    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(".md-search-result__item a")
    for _ in range(3):  # the search worker may still be loading its index on the first keys
        box.fill("")
        box.type(query)
        try:
            results.first.wait_for(timeout=4000)
            break
        except Exception:  # noqa: BLE001 - tried again, then fails on the assert below
            continue
    assert results.count(), f"no search results for {query!r}"
    return results


def read_through(page) -> None:
    """Scroll the page from top to bottom and back, a screen at a time, as a reader would.

    The long lists' entries (content-visibility: auto) off screen are in the page but not laid
    out: until an entry has been shown once, it stands in at a placeholder height, so the
    geometry of its text is not where a reader sees it. axe reads a text's background from
    geometry (what lies behind it), so before axe runs, every entry is shown once; its real
    height is kept afterwards, and axe checks every element, on screen or not, as read."""
    page.evaluate("""async () => {
        const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y); await frame(); }
        scrollTo(0, 0); await frame(); }""")
