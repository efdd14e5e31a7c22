"""Publishing metadata: told the repository and the site's address (as the workflows tell it,
through REPO_URL, REPO_NAME, EDIT_URI and SITE_URL), every page links "Edit this page" and
"Report an error"; told nothing (a local build), no page links to a repository at all."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build

# Made up for the test, never a real repository: mkdocs.yml names none either.
REPO = "https://github.com/example-owner/example-edition"
PAGES = "https://example-owner.github.io/example-edition/"
PUBLISHING = {"REPO_URL": REPO, "REPO_NAME": "example-owner/example-edition",
              "EDIT_URI": "edit/main/docs/", "SITE_URL": PAGES.rstrip("/")}


def _build(out: Path, env: dict[str, str] | None) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        for name in PUBLISHING:  # whatever the shell running the tests has set
            patch.delenv(name, raising=False)
        result = build(ROOT, out, env=env)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("published"), PUBLISHING)


@pytest.fixture(scope="module")
def local(request, tmp_path_factory) -> Path:
    if not any(name in os.environ for name in PUBLISHING):
        return request.getfixturevalue("site")  # the suite's own build is a local one
    return _build(tmp_path_factory.mktemp("local"), None)


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every Markdown page of the site (not 404.html), by its source file."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        pages["index.md" if folder == "." else f"{folder}.md"] = BeautifulSoup(
            path.read_text(encoding="utf-8"), "lxml")
    return pages


def _edit(soup):
    return soup.select('article a.md-content__button[rel="edit"]')


def _report(soup):
    return [a for a in soup.select("article a.md-content__button")
            if a.get("href", "").startswith(f"{REPO}/issues/new?")]


def test_a_body_page_links_edit_and_report_with_the_right_addresses(published):
    soup = _pages(published)["overview.md"]
    [edit] = _edit(soup)
    assert edit["href"] == f"{REPO}/edit/main/docs/overview.md"
    assert edit["title"] == "Edit this page"

    [report] = _report(soup)
    assert report["title"] == "Report an error"
    address = urlsplit(report["href"])
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{REPO}/issues/new"
    query = parse_qs(address.query, strict_parsing=True)
    assert set(query) == {"title", "body"}
    page_title = soup.title.get_text().rsplit(" - ", 1)[0]  # Material: "<page> - <site>"
    [title] = query["title"]
    assert page_title in title and "docs/overview.md" in title, title
    [body] = query["body"]
    assert f"Page: {PAGES}overview/" in body and "Source: docs/overview.md" in body, body
    # Encoded, not raw: no space, quote or line break left in the address.
    assert not any(c in report["href"] for c in ' "\n'), report["href"]


def test_every_page_has_both_links_and_the_page_its_address(published):
    pages = _pages(published)
    assert len(pages) >= 10
    for source, soup in pages.items():
        assert [a["href"] for a in _edit(soup)] == [f"{REPO}/edit/main/docs/{source}"], source
        [report] = _report(soup)
        assert f"docs/{source}" in parse_qs(urlsplit(report["href"]).query)["title"][0], source
        [canonical] = soup.select('link[rel="canonical"]')
        assert canonical["href"].startswith(PAGES), source


def test_the_repository_link_makes_no_request_to_github(published):
    """The header links the repository, but without Material's data-md-component="source",
    whose script would fetch stars and forks from api.github.com on every visit."""
    for source, soup in _pages(published).items():
        links = soup.select("a.md-source")
        assert links and all(a["href"] == REPO for a in links), source
        assert not soup.select('[data-md-component="source"]'), source


def test_a_local_build_links_no_repository(local):
    for source, soup in _pages(local).items():
        assert not _edit(soup), source
        assert not soup.select('a[href*="/issues/new"]'), source
        assert not soup.select("a.md-source, link[rel=canonical]"), source
