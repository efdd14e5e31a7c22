"""An image on an editorial page in the offline editions (issue 18): the unzipped zip loads it
from its folder, the single file carries it inside as a data: URI (its policy lets images come
from data: only), and the PDF printed from the single file shows it."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
import zlib

import pytest

import browser
import paper
from conftest import build, copy_project
from edition import bundle, pdf

WIDTH, HEIGHT = 40, 20


def _png(width: int, height: int) -> bytes:
    """A small red PNG, written here so the test needs no image file of its own."""
    rows = b"".join(b"\x00" + bytes((200, 30, 30)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """`make bundle` of a project whose About page shows an image: (dist folder, unzipped site)."""
    root = tmp_path_factory.mktemp("image-edition")
    project = copy_project(root / "project")
    (project / "docs/img").mkdir()
    (project / "docs/img/map.png").write_bytes(_png(WIDTH, HEIGHT))
    with (project / "docs/about.md").open("a", encoding="utf-8") as page:
        page.write("\n![A red map of nowhere](img/map.png)\n")
    site = root / "offline"
    result = build(project, site, "--config-file", "mkdocs-offline.yml")
    assert result.returncode == 0, result.stderr
    out = root / "dist"
    assert bundle.main(["--site", str(site), "--out", str(out), "--config",
                        str(project / "mkdocs.yml")]) == 0
    with zipfile.ZipFile(out / f"{paper.BUNDLE_NAME}-offline.zip") as archive:
        archive.extractall(root / "unzipped")
    return out, root / "unzipped" / f"{paper.BUNDLE_NAME}-offline"


def _loaded(page) -> tuple[int, int]:
    image = page.locator('img[alt="A red map of nowhere"]')
    image.scroll_into_view_if_needed()
    # complete: the browser is done with it, loaded or not (naturalWidth 0 if it failed)
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    return image.evaluate("img => [img.naturalWidth, img.naturalHeight]")


def test_single_file_carries_the_image_and_its_policy_allows_only_data(dist, chromium):
    out, _ = dist
    single = out / f"{paper.BUNDLE_NAME}.html"
    text = single.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in text and "img/map.png" not in text
    policy = next(part.strip() for part in text.split('http-equiv="Content-Security-Policy" '
                                                      'content="', 1)[1].split('"', 1)[0].split(";")
                  if part.strip().startswith("img-src"))
    assert policy == "img-src data:"
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.goto(single.as_uri())
        assert _loaded(page) == [WIDTH, HEIGHT]
        browser.screenshot(page, "single-file-image")
    assert not traffic.outside and not traffic.console_errors, traffic


def test_unzipped_zip_shows_the_image_from_file(dist, chromium):
    _, unzipped = dist
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.goto((unzipped / "about.html").as_uri())
        assert _loaded(page) == [WIDTH, HEIGHT]
    assert not traffic.outside and not traffic.console_errors, traffic


def test_pdf_printed_from_the_single_file_shows_the_image(dist, chromium, tmp_path):
    out, _ = dist
    assert shutil.which("pdfimages"), "pdfimages is missing: `make test` installs poppler-utils"
    printed = tmp_path / "edition.pdf"
    printed.write_bytes(pdf.render(chromium, out / f"{paper.BUNDLE_NAME}.html"))
    listed = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True,
                            check=True, timeout=60).stdout
    # "page num type width height ...": the map, at its own size
    sizes = {tuple(line.split()[3:5]) for line in listed.splitlines()[2:]}
    assert (str(WIDTH), str(HEIGHT)) in sizes, listed
