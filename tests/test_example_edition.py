"""The second edition, examples/policy-brief/, as a new author gets it: the wheel built from this
project and installed into a fresh venv (its dependencies from the lock, nothing of this project
copied), the example's own 14-line mkdocs.yml, `mkdocs build --strict`. Then every kind of card,
search by note, the offline zip and the single file, in Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import browser
from conftest import ROOT

EXAMPLE = ROOT / "examples" / "policy-brief"
KINDS = ("note", "citation", "term", "xref")


def _run(*args, cwd=None, timeout=600):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the lock's dependencies and the toolkit from its wheel: its bin/."""
    where = tmp_path_factory.mktemp("wheel-venv")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(where / "wheel"), str(ROOT))
    wheel = next((where / "wheel").glob("mkdocs_edition-*.whl"))
    venv = where / "venv"
    _run(sys.executable, "-m", "venv", str(venv))
    pip = str(venv / "bin" / "pip")
    _run(pip, "install", "--quiet", "--disable-pip-version-check", "--require-hashes",
         "-r", str(ROOT / "requirements.lock"))
    _run(pip, "install", "--quiet", "--disable-pip-version-check", "--no-deps", str(wheel))
    return venv / "bin"


@pytest.fixture(scope="session")
def example(installed, tmp_path_factory) -> dict[str, Path]:
    """The example built by the installed plugin: the site, its offline build, the bundle."""
    out = tmp_path_factory.mktemp("example")
    project = out / "project"
    shutil.copytree(EXAMPLE, project)
    assert len((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()) <= 15
    python = str(installed / "python")
    # Run from outside this project: nothing can import the working tree's package.
    _run(python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out / "site"), cwd=project)
    # The file:// build: the same options with Material's offline plugin.
    (project / "mkdocs-offline.yml").write_text(
        "INHERIT: mkdocs.yml\nuse_directory_urls: false\nplugins:\n  - search\n  - edition:\n"
        "      bibliography: references.bib\n      glossary: glossary.yml\n  - offline\n"
        "extra:\n  offline_edition: true\n  polyfills:\n    - assets/vendor/iframe-worker-shim.js\n",
        encoding="utf-8")
    _run(python, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs-offline.yml",
         "--site-dir", str(out / "offline"), cwd=project)
    _run(python, "-m", "edition.bundle", "--site", str(out / "offline"), "--out", str(out / "dist"),
         cwd=project)
    return {"site": out / "site", "offline": out / "offline", "dist": out / "dist"}


def test_the_installed_plugin_is_the_wheels(installed):
    found = _run(str(installed / "python"), "-c", "import edition; print(edition.__file__)",
                 cwd=installed).stdout.strip()
    assert "site-packages" in found and str(ROOT) not in found


def test_every_kind_of_card_and_the_added_pages(example):
    site = example["site"]
    pages = [p for p in site.rglob("index.html") if "search" not in p.parts]
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    for kind in KINDS:
        assert f'data-card-kind="{kind}"' in html, kind
    assert (site / "bibliography" / "index.html").is_file()
    assert (site / "glossary" / "index.html").is_file()
    # Footnotes defined on each page, numbered across the edition, each id once in the edition.
    ids = [i for p in pages for i in __import__("re").findall(r'id="fn:(\d+)"', p.read_text())]
    assert sorted(ids, key=int) == [str(n) for n in range(1, len(ids) + 1)], ids


def _open_each_kind(page, url: str) -> None:
    for kind in KINDS:
        page.goto(url)
        trigger = page.locator(f'article a[data-card-kind="{kind}"]').first
        if not trigger.count():
            continue
        trigger.focus()
        card = page.locator(".edition-card")
        card.wait_for(state="visible", timeout=3000)
        assert card.inner_text().strip(), kind


def test_cards_open_on_the_site_and_from_the_zip(chromium, example, tmp_path):
    url, stop = browser.serve(example["site"])
    try:
        with browser.watched_page(chromium, url, **browser.DESKTOP) as (page, traffic):
            for src in ("", "method/", "options/"):
                _open_each_kind(page, f"{url}/{src}")
            results = browser.search_for(page, "note 5")
            assert results.count()
            browser.screenshot(page, "example-search")
            assert not traffic.outside, traffic.outside
    finally:
        stop()
    zipped = next(example["dist"].glob("*-offline.zip"))
    zipfile.ZipFile(zipped).extractall(tmp_path)
    index = next(tmp_path.glob("*/index.html"))
    with browser.watched_page(chromium, None, **browser.PHONE) as (page, traffic):
        _open_each_kind(page, index.as_uri())
        browser.screenshot(page, "example-offline-card")


def test_the_single_file_keeps_each_note_apart(chromium, example):
    single = next(p for p in example["dist"].glob("*.html"))
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.goto(single.as_uri())
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert len(ids) == len(set(ids)), "ids repeat in the single file"
        markers = page.locator('a[data-card-kind="note"]')
        assert markers.count() >= 5
        for n in range(markers.count()):
            marker = markers.nth(n)
            target = marker.get_attribute("data-card")
            marker.focus()
            card = page.locator(".edition-card")
            card.wait_for(state="visible", timeout=3000)
            expected = page.evaluate(f"document.getElementById({target!r}).innerText")
            assert " ".join(expected.split())[:40] in " ".join(card.inner_text().split()), target
            page.keyboard.press("Escape")
