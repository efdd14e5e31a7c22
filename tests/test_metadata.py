"""Issue 13: the edition cites itself ("Cite this edition" on the title page, its downloads,
CITATION.cff) and every page carries citation metadata (Highwire Press tags, schema.org JSON-LD,
Open Graph) naming no author, with the works that page cites, each once."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_project
import paper
from edition import metadata

TITLE = metadata.EDITION_TITLE.format(title=paper.PAPER_TITLE)
KEY = f"{paper.BUNDLE_NAME}-edition"
from edition.citations import csl, library as bibliography

EDITION = metadata.Edition(title=TITLE, key=KEY, issued=date(2023, 11, 14), version="abc1234",
                           site_name="Site <name>", description="A & B")
HOSTILE = r"""@online{evil,
  author = {O'Brien, Jane and {Acme "Corp" <b>}},
  title  = {</script><script>alert(1)</script> & a; b},
  year   = {2021},
  month  = mar,
  url    = {https://example.org/?a=1&b=2}
}

@article{art,
  author  = {Doe, John},
  title   = {An Article},
  journal = {Journal of Things},
  volume  = {12},
  number  = {3},
  pages   = {10--20},
  doi     = {10.1000/xyz},
  year    = {2020}
}

@misc{bare,
  author = {Standish},
  year   = {2022},
  note   = {Not identified.},
  x-status = {unidentified}
}
"""


@pytest.fixture(scope="module")
def works():
    lib = bibliography.parse(HOSTILE)
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib.entries


@pytest.fixture(scope="module")
def library():
    lib = bibliography.load(ROOT / "references.bib")
    assert not lib.problems, [str(p) for p in lib.problems]
    return lib


# -- unit: what a build knows -------------------------------------------------------------------

def test_build_date_is_source_date_epoch_else_today():
    assert metadata.build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == date(2023, 11, 14)
    today = datetime.now(timezone.utc).date()
    assert metadata.build_date({}) == today
    assert metadata.build_date({"SOURCE_DATE_EPOCH": "yesterday"}) == today


def test_git_commit_only_for_the_top_of_a_working_tree(tmp_path):
    assert metadata.git_commit(tmp_path) == ""
    (tmp_path / "inner").mkdir()
    assert metadata.git_commit(tmp_path / "inner") == ""
    if (ROOT / ".git").exists():
        assert metadata.git_commit(ROOT / "docs") == ""  # a folder inside the repository is not it
        commit = metadata.git_commit(ROOT)
        assert commit and all(c in "0123456789abcdef" for c in commit)


# -- unit: the edition as a work to cite --------------------------------------------------------

def test_the_edition_item_says_only_what_is_known():
    item = metadata.csl_item(EDITION)
    assert item == {"id": KEY, "type": "webpage", "title": TITLE,
                    "issued": {"date-parts": [[2023, 11, 14]]}, "version": "abc1234"}
    assert "editorial title" in item["title"]
    published = metadata.Edition(title=TITLE, key=KEY, issued=date(2023, 11, 14), url="https://example.org/ed/")
    item = metadata.csl_item(published)
    assert item["URL"] == "https://example.org/ed/" and "version" not in item
    rich = metadata.csl_item(EDITION, for_pandoc=True)
    assert '[<span class="nocase">editorial title</span>]' in rich["title"]


def test_cite_files_parse_and_name_no_author():
    files = metadata.cite_files(metadata.Edition(title=TITLE, key=KEY, issued=date(2023, 11, 14), version="abc1234",
                                                 url="https://example.org/ed/"))
    assert set(files) == {"cite/edition.bib", "cite/edition.ris", "cite/edition.json"}
    _check_bibtex(files["cite/edition.bib"], "https://example.org/ed/")
    _check_ris(files["cite/edition.ris"], "https://example.org/ed/")
    _check_csl_json(files["cite/edition.json"], "https://example.org/ed/")


def _check_bibtex(text: str, url: str | None = None) -> None:
    # Read as references.bib is read; an @online without url breaks only the edition's own rule
    # for the works it cites (a url, doi or note), not BibTeX.
    lib = bibliography.parse(text)
    assert all("has no url or doi or note" in p.message for p in lib.problems), lib.problems
    (entry,) = lib.entries.values()
    assert entry.type == "online" and "author" not in entry.fields and "editor" not in entry.fields
    assert "publisher" not in entry.fields
    assert "editorial title" in entry.fields["title"]
    assert (entry.fields.get("url") == url) if url else "url" not in entry.fields


def _check_ris(text: str, url: str | None = None) -> None:
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC" and "ER  - " in lines
    assert not [line for line in lines if line.startswith(("AU  -", "A1  -", "PB  -"))]
    assert any(line.startswith("TI  - ") and "editorial title" in line for line in lines)
    assert (f"UR  - {url}" in lines) if url else not any(line.startswith("UR  -") for line in lines)


def _check_csl_json(text: str, url: str | None = None) -> None:
    (item,) = json.loads(text)
    assert "author" not in item and "editor" not in item and "publisher" not in item
    assert item["type"] == "webpage" and "editorial title" in item["title"]
    assert item.get("URL") == url


def test_the_edition_is_formatted_in_the_same_pandoc_call(tmp_path):
    """Formatter.prepare's extra items: one call for the bibliography and the edition, cached
    by them too; without them, the formatter is as it was."""
    lib = bibliography.parse(HOSTILE)
    formatter = csl.Formatter(tmp_path / "citeproc.json")
    formatter.prepare(lib.entries.values(), [], [metadata.csl_item(EDITION, for_pandoc=True)])
    assert formatter.calls == 1
    reference = formatter.reference(KEY)
    assert reference.startswith("<span>“The Sino-Russian Partnership and Its Implications for "
                                'NATO [<span class="nocase">editorial title</span>]: A Scholarly Web '
                                "Edition.”</span> 2023. Version abc1234. November 14.")
    # the same items: from the cache
    again = csl.Formatter(tmp_path / "citeproc.json")
    again.prepare(lib.entries.values(), [], [metadata.csl_item(EDITION, for_pandoc=True)])
    assert again.calls == 0 and again.reference(KEY) == reference
    # another edition (another date): another key
    other = csl.Formatter(tmp_path / "citeproc.json")
    other.prepare(lib.entries.values(), [],
                  [metadata.csl_item(metadata.Edition(title=TITLE, key=KEY, issued=date(2024, 1, 2)), for_pandoc=True)])
    assert other.calls == 1 and "January 2" in other.reference(KEY)
    plain = csl.Formatter()
    plain.prepare(lib.entries.values(), [])
    assert plain.reference(KEY) is None
    assert plain.entry(lib.entries["art"]).reference == again.entry(lib.entries["art"]).reference


def test_cite_box_escapes_and_wires_materials_clipboard():
    box = metadata.cite_box_html("<em>Ref</em>", lambda path: f'../{path}?"x"', "Style <1>")
    soup = BeautifulSoup(box, "html.parser")
    button = soup.select_one("button.md-clipboard")
    target = soup.select_one(button["data-clipboard-target"])
    assert target is not None and target.decode_contents() == "<em>Ref</em>"
    assert button["title"] == "Copy to clipboard" and button["type"] == "button"
    links = {a.get_text(): a["href"] for a in soup.select("a[download]")}
    assert links == {"BibTeX": '../cite/edition.bib?"x"', "CSL-JSON": '../cite/edition.json?"x"',
                     "RIS": '../cite/edition.ris?"x"'}
    assert "Style &lt;1&gt;" in box and '?&quot;x&quot;"' in box


# -- unit: what a page cites, and its <head> ----------------------------------------------------

def test_citation_reference_holds_only_the_entrys_fields(works):
    assert metadata.reference_content(works["art"]) == (
        "citation_title=An Article; citation_author=Doe, John; citation_publication_date=2020; "
        "citation_journal_title=Journal of Things; citation_issue=3; citation_volume=12; "
        "citation_firstpage=10; citation_lastpage=20; citation_doi=10.1000/xyz")
    assert metadata.reference_content(works["bare"]) == (
        "citation_author=Standish; citation_publication_date=2022")
    evil = metadata.reference_content(works["evil"])
    assert "citation_title=</script><script>alert(1)</script> & a, b; " in evil  # ";" would split it
    assert "citation_publication_date=2021/03" in evil


def test_cited_work_is_a_creative_work_with_what_the_entry_holds(works):
    assert metadata.cited_work(works["bare"]) == {
        "@type": "CreativeWork", "datePublished": "2022",
        "author": [{"@type": "Person", "name": "Standish", "familyName": "Standish"}]}
    art = metadata.cited_work(works["art"])
    assert art["isPartOf"] == {"@type": "CreativeWork", "name": "Journal of Things"}
    assert art["identifier"]["value"] == "10.1000/xyz" and "url" not in art
    evil = metadata.cited_work(works["evil"])
    # a name written whole may be a body or a person: the entry does not say, nor does the page
    assert evil["author"] == [{"@type": "Person", "name": "Jane O'Brien", "familyName": "O'Brien",
                               "givenName": "Jane"}, {"name": 'Acme "Corp" <b>'}]
    assert evil["datePublished"] == "2021-03" and evil["url"] == "https://example.org/?a=1&b=2"


def test_head_tags_escape_everything_and_name_no_author(works):
    tags = metadata.head_tags('A "page" <i>', EDITION, [works["evil"], works["art"]],
                              "https://example.org/p/?a=1&b=2")
    head = BeautifulSoup("<head>" + "".join(tags) + "</head>", "html.parser")
    assert len(head.find_all(True)) == len(tags) + 1  # nothing the values hold became a tag
    meta = collections.defaultdict(list)
    for tag in head.find_all("meta"):
        meta[tag.get("name") or tag.get("property")].append(tag["content"])
    assert meta["citation_title"] == [f'A "page" <i> — {TITLE}']
    assert meta["citation_publication_date"] == ["2023/11/14"]
    assert meta["citation_public_url"] == meta["og:url"] == ["https://example.org/p/?a=1&b=2"]
    assert len(meta["citation_reference"]) == 2 and "citation_author" not in meta
    assert meta["og:type"] == ["article"] and meta["og:description"] == ["A & B"]
    assert meta["og:site_name"] == ["Site <name>"]
    script = head.find("script", type="application/ld+json").string
    assert "</" not in script and "<" not in script and "&" not in script
    data = json.loads(script)
    assert data["@type"] == "ScholarlyArticle" and "author" not in data
    assert data["name"] == data["headline"] == 'A "page" <i>'
    assert data["isPartOf"] == {"@type": "CreativeWork", "name": TITLE,
                                "version": "abc1234"}
    assert data["citation"][0]["name"] == "</script><script>alert(1)</script> & a; b"
    assert data["url"] == "https://example.org/p/?a=1&b=2" and data["datePublished"] == "2023-11-14"
    home = metadata.head_tags(None, metadata.Edition(title=TITLE, key=KEY, issued=date(2023, 11, 14)), [])
    assert not any("citation_reference" in t or "og:url" in t or "og:site_name" in t for t in home)
    assert json.loads(BeautifulSoup(home[-1], "html.parser").script.string)["name"] == TITLE


def test_inject_head_places_tags_before_head_end():
    page = "<html>\n  <head>\n    <title>x</title>\n  </head>\n<body></body></html>"
    out = metadata.inject_head(page, ['<meta name="a" content="1">', "<script>{}</script>"])
    assert out == ("<html>\n  <head>\n    <title>x</title>\n    <meta name=\"a\" content=\"1\">\n"
                   "    <script>{}</script>\n  </head>\n<body></body></html>")
    assert metadata.inject_head("<p>no head</p>", ["<meta>"]) == "<p>no head</p>"


def test_citation_cff_follows_its_schema():
    cff = ROOT / "CITATION.cff"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.citation-file-format", str(cff)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    import yaml
    data = yaml.safe_load(cff.read_text(encoding="utf-8"))
    assert "[editorial title]" in data["title"]
    assert data["authors"] == [{"name": "The editors of the edition (the paper's author is not "
                                        "identified in the source)"}]


# -- the built site -----------------------------------------------------------------------------

def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html"
                  and "assets" not in p.relative_to(site).parts)


def _cited_keys(soup: BeautifulSoup) -> list[str]:
    """The works a page cites, read independently of edition.metadata: its citation links."""
    keys = []
    for a in soup.select('a.citation[data-card^="card-ref-"]'):
        if a.find_parent("template") is None and a["data-card"][9:] not in keys:
            keys.append(a["data-card"][9:])
    return keys


def test_every_page_has_its_citation_metadata(site, library):
    cited_somewhere = False
    for page in _pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        head = soup.head
        where = page.relative_to(site).as_posix()
        meta = collections.defaultdict(list)
        for tag in head.find_all("meta"):
            meta[tag.get("name") or tag.get("property")].append(tag.get("content"))
        assert len(meta["citation_title"]) == 1 and TITLE in meta["citation_title"][0], where
        assert "editorial title" in meta["citation_title"][0]
        assert meta["citation_language"] == ["en"] and len(meta["citation_publication_date"]) == 1
        assert "citation_author" not in meta and "author" not in meta, where
        assert meta["og:type"] == ["article"] and meta["og:title"] == meta["citation_title"]
        assert "og:url" not in meta and "citation_public_url" not in meta  # no site_url locally
        scripts = head.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, where
        data = json.loads(scripts[0].string)
        assert data["@type"] == "ScholarlyArticle" and "author" not in data, where
        assert "author" not in data["isPartOf"] and "editorial title" in data["isPartOf"]["name"]
        keys = _cited_keys(soup)
        cited_somewhere |= bool(keys)
        assert all(key in library.entries for key in keys), where
        expected = [library.entries[key] for key in keys]
        references = meta["citation_reference"]
        assert len(references) == len(keys), where
        assert collections.Counter(references) == collections.Counter(
            metadata.reference_content(entry) for entry in expected), where
        citations = data.get("citation", [])
        assert len(citations) == len(keys), where
        assert sorted(map(json.dumps, citations)) == sorted(
            json.dumps(metadata.cited_work(entry)) for entry in expected), where
        for entry, work in zip(expected, citations):
            assert work.get("name") == (entry.fields.get("title", "").replace("{", "").replace("}", "")
                                        or None), where
            assert "publisher" not in work
    assert cited_somewhere


def test_title_page_cites_the_edition_with_its_downloads(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    heading = soup.find(id="cite-this-edition")
    assert heading is not None and heading.name == "h2"
    assert heading.find_previous("h2").get("id") == "downloads"
    box = soup.select_one(".edition-cite")
    reference = box.select_one("#" + metadata.CITE_TEXT_ID)
    text = reference.get_text()
    assert text.startswith("“The Sino-Russian Partnership and Its Implications for NATO "
                           "[editorial title]: A Scholarly Web Edition.”"), text
    assert str(metadata.build_date().year) in text
    button = box.select_one("button.md-clipboard[data-clipboard-target]")
    assert button["data-clipboard-target"] == "#" + metadata.CITE_TEXT_ID
    links = {a.get_text(): a["href"] for a in soup.select(".edition-cite__more a[download]")}
    assert links == {"BibTeX": "cite/edition.bib", "CSL-JSON": "cite/edition.json",
                     "RIS": "cite/edition.ris"}
    _check_bibtex((site / "cite" / "edition.bib").read_text(encoding="utf-8"))
    _check_ris((site / "cite" / "edition.ris").read_bytes().decode("utf-8"))
    _check_csl_json((site / "cite" / "edition.json").read_text(encoding="utf-8"))
    assert "Chicago" in soup.select_one(".edition-cite__more").get_text()


def test_offline_title_page_links_the_cite_downloads_relatively(offline_site):
    index = offline_site / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "lxml")
    assert "editorial title" in soup.select_one("#" + metadata.CITE_TEXT_ID).get_text()
    hrefs = [a["href"] for a in soup.select(".edition-cite__more a[download]")]
    assert len(hrefs) == 3
    for href in hrefs:
        assert not href.startswith(("/", "http:", "https:", "file:")), href
        assert (index.parent / href).is_file(), href


def test_published_site_gives_its_address(tmp_path):
    """With site_url (the Pages build), the citation, the downloads and every page's metadata
    give the address; the canonical link stays the template's, once."""
    project = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    result = build(project, out, env={"SITE_URL": "https://example.org/edition/",
                                      "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    text = home.select_one("#" + metadata.CITE_TEXT_ID).get_text()
    assert "2023" in text and "November 14" in text and "https://example.org/edition/" in text
    assert "Version" not in text  # a copy is no git working tree: no commit to name
    _check_csl_json((out / "cite" / "edition.json").read_text(encoding="utf-8"),
                    "https://example.org/edition/")
    page = BeautifulSoup((out / "overview" / "index.html").read_text(encoding="utf-8"), "lxml")
    url = "https://example.org/edition/overview/"
    assert [link["href"] for link in page.select('link[rel="canonical"]')] == [url]
    assert page.select_one('meta[property="og:url"]')["content"] == url
    assert page.select_one('meta[name="citation_public_url"]')["content"] == url
    assert page.select_one('meta[name="citation_publication_date"]')["content"] == "2023/11/14"
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["url"] == url and data["isPartOf"]["url"] == "https://example.org/edition/"


def test_copy_button_copies_the_citation(chromium, origin):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(origin + "/")
        page.click(f'button[data-clipboard-target="#{metadata.CITE_TEXT_ID}"]')
        page.wait_for_function("document.querySelector('.md-dialog').textContent.trim() !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = page.inner_text("#" + metadata.CITE_TEXT_ID)
        assert copied == shown.strip() and "[editorial title]" in copied
    finally:
        context.close()
