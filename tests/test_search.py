"""Search that lands where the answer is: each note, bibliography entry and glossary term is its
own result, titled as a reader says it, leading to its anchor, online and from the offline zip."""

from __future__ import annotations

import html
import json
import re
import zipfile
from urllib.parse import urlparse

import lxml.html
import pytest
from bs4 import BeautifulSoup

import browser
from conftest import ROOT
import paper
from edition import bundle, search
from edition.glossary import model as glossary_model
from sources import Sources, note_order

SURNAME = "Kirchberger"  # in references.bib (author and editor) and in the notes citing those works

PAGE = """<h1 id="notes">Notes<a class="headerlink" href="#notes" title="Link">&para;</a></h1>
<p>What the <em>notes</em> are.</p>
<ol class="endnotes">
<li id="note-1" value="1">See <a class="citation" data-card="card-ref-doe2020"
 data-card-title="Doe &amp; Roe 2020" href="../bibliography/#ref-doe2020">Doe &amp; Roe 2020,
 4</a>. <a class="endnote-backlink" href="../intro/#fnref:1">&#8617; Introduction</a></li>
<li id="note-2" value="2"><p>First <code>x &lt; y</code>.</p><p>Second.</p></li>
</ol>
<h2 id="after">After</h2>
<p>More.</p>"""

BIBLIOGRAPHY = """<h1 id="bibliography">Bibliography</h1><p>Every work.</p>
<ul class="bibliography"><li class="bib-entry" id="ref-doe2020"><p class="bib-reference">Doe,
Jane, and Rick Roe. 2020. <em>A Book</em>.</p><p class="bib-cited">Cited in note
<a href="../notes/#note-1">1</a>.</p><p class="bib-downloads">Download</p><details
class="bib-source"><summary>BibTeX</summary><pre><code>@book{doe2020}</code></pre></details></li>
<li class="bib-entry" id="ref-eds2019"><p class="bib-reference">Bekkevold, and Lo, eds. 2019.
<em>Volume</em>.</p><p class="bib-status">Not every detail could be verified.</p></li></ul>"""

GLOSSARY = """<h1 id="glossary">Glossary</h1><p>The terms.</p><dl class="glossary">
<dt id="term-rbis">RBIS</dt><dd><p><strong>Rules-Based International System</strong>
<span class="term-source">(the paper, section 2)</span></p><p>The order.</p>
<p class="term-uses">Used 1 time: <a href="../x/">X</a> (1).</p></dd>
<dt id="term-cold-war">Cold War</dt><dd><p><strong>the Cold War</strong></p><p>1947-91.</p>
<p class="term-uses">Not used in the text.</p></dd></dl>"""


def test_items_are_split_titled_and_normalised_as_material_writes_them():
    notes = search.split(search.NOTES, PAGE, "notes/")
    assert notes.items == [
        {"location": "notes/#note-1", "title": "Note 1", "text": "See Doe &amp; Roe 2020,  4."},
        {"location": "notes/#note-2", "title": "Note 2",
         "text": "<p>First <code>x &lt; y</code>.</p><p>Second.</p>"}]
    # The page's own entry keeps its introduction, not the notes; the next section is untouched.
    assert notes.sections == {"notes/": "<p>What the notes are.</p>"}

    labels = {"doe2020": "Doe & Roe 2020"}  # the citations' model gives the titles
    bib = search.split(search.bibliography(labels), BIBLIOGRAPHY, "bibliography/")
    assert bib.items == [
        {"location": "bibliography/#ref-doe2020", "title": "Doe &amp; Roe 2020",
         "text": "<p>Doe, Jane, and Rick Roe. 2020. A Book.</p>"},
        # a volume no citation names: its reference's start
        {"location": "bibliography/#ref-eds2019", "title": "Bekkevold, and Lo 2019",
         "text": "<p>Bekkevold, and Lo, eds. 2019. Volume.</p><p>Not every detail could be verified.</p>"}]
    assert bib.sections == {"bibliography/": "<p>Every work.</p>"}

    terms = search.split(search.GLOSSARY, GLOSSARY, "glossary.html")
    assert [(e["location"], e["title"]) for e in terms.items] == [
        ("glossary.html#term-rbis", "RBIS: Rules-Based International System"),
        ("glossary.html#term-cold-war", "Cold War")]  # the expansion only repeats the term
    assert terms.items[0]["text"] == ("<p>Rules-Based International System (the paper, section 2)"
                                      "</p><p>The order.</p>")


def test_text_is_normalised_exactly_as_materials_parser_does():
    from material.plugins.search.plugin import Parser
    fragment = ('<p>a\nb</p><p> </p><ul><li>x &amp; &lt;y&gt;</li><li></li></ul><pre><code>a\n'
                '  b</code></pre><script>x</script><p data-search-exclude>no</p>tail\n\nmore'
                '<div><p></p><p>x<sub>2</sub>\n y</p><sup> </sup></div><!-- c --><br>end')
    parser = Parser()
    parser.feed(fragment)
    parser.close()
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    nodes = [root.text or ""] + [n for child in root for n in (child, child.tail or "")]
    assert search.normalised(nodes) == "".join(parser.data[0].text).strip()


def test_the_index_is_rewritten_as_material_writes_it():
    config = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}
    docs = [{"location": "", "title": "Home", "text": "<p>Hi</p>"},
            {"location": "notes/", "title": "Notes", "text": "<p>What the notes are.</p> <ol>...</ol>"},
            {"location": "notes/#after", "title": "After", "text": "<p>More.</p>"},
            {"location": "z/", "title": "Z", "text": "Zé"}]
    original = json.dumps({"config": config, "docs": docs}, separators=(",", ":"))
    split = search.split(search.NOTES, PAGE, "notes/")
    rewritten = search.rewrite(original, [split, search.split(search.GLOSSARY, GLOSSARY, "glossary/")])
    data = json.loads(rewritten)
    assert data["config"] == config
    assert [d["location"] for d in data["docs"]] == [
        "", "notes/", "notes/#after", "notes/#note-1", "notes/#note-2", "z/"]  # glossary/: not indexed
    assert data["docs"][1]["text"] == "<p>What the notes are.</p>"
    assert data["docs"][1]["boost"] == search.ARTICLE_BOOST  # below its notes (issue 19)
    assert data["docs"][2] == docs[2]
    assert rewritten == json.dumps(data, separators=(",", ":"))  # Material's compact JSON, \u escapes
    assert "\\u00e9" in rewritten
    assert search.offline_script(rewritten) == "var __index = " + rewritten
    # A page's front matter (search: boost, tags) reaches its items, as Material gives it to
    # every entry of the page.
    docs[1] = {**docs[1], "tags": ["a"], "boost": 2}
    boosted = json.loads(search.rewrite(json.dumps({"config": config, "docs": docs}), [split]))
    assert boosted["docs"][3] == {"location": "notes/#note-1", "title": "Note 1",
                                  "text": "See Doe &amp; Roe 2020,  4.", "tags": ["a"], "boost": 2}
    assert boosted["docs"][1]["boost"] == 2 * search.ARTICLE_BOOST


# --- the built site ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sources():
    return Sources(ROOT)


def index_of(site) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def card_titles(site) -> dict[str, str]:
    """key -> the title of its citations' cards, read from every built page."""
    titles: dict[str, str] = {}
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for a in soup.select('a[data-card^="card-ref-"][data-card-title]'):
            titles.setdefault(a["data-card"].removeprefix("card-ref-"), a["data-card-title"])
    return titles


def test_built_index_has_one_entry_per_note_entry_and_term(site, sources):
    docs = index_of(site)
    by_location = {d["location"]: d for d in docs}
    assert len(by_location) == len(docs), "a location indexed twice"

    notes = [d for d in docs if d["location"].startswith("notes/#note-")]
    labels = sources.note_labels
    assert len(labels) == sources.paper_note_count() == 78
    assert [(d["location"], d["title"]) for d in notes] == [
        (f"notes/#note-{label}", f"Note {label}") for label in labels]
    assert all(d["text"] for d in notes)
    assert "↩" not in "".join(d["text"] for d in notes)  # the back-links are not the note

    bib = [d for d in docs if d["location"].startswith("bibliography/#")]
    assert sorted(d["location"] for d in bib) == sorted(
        f"bibliography/#ref-{key}" for key in sources.library.entries)
    cited = card_titles(site)
    page = BeautifulSoup((site / "bibliography" / "index.html").read_text(encoding="utf-8"), "lxml")
    for d in bib:
        key = d["location"].removeprefix("bibliography/#ref-")
        if key in cited:  # the label the text gives it, as its citations' cards say
            assert d["title"] == html.escape(cited[key], quote=False), key
        else:  # cited only through its chapters: its reference's start, names and year
            reference = page.select_one(f'li[id="ref-{key}"] .bib-reference').get_text(" ")
            names, year = html.unescape(d["title"]).rsplit(" ", 1)
            assert reference.startswith(names) and f" {year}." in reference, (key, d["title"])
    assert html.unescape(by_location["bibliography/#ref-kirchberger2022"]["title"]).endswith(
        f"{SURNAME} et al. 2022b")
    assert "BibTeX" not in "".join(d["text"] for d in bib)

    glossary = glossary_model.load(ROOT / paper.GLOSSARY_FILE)
    terms = [d for d in docs if d["location"].startswith("glossary/#")]
    assert [(d["location"], d["title"]) for d in terms] == [
        (f"glossary/#{t.slug}", html.escape(search.term_title(t.term, t.expansion), quote=False))
        for t in sorted(glossary.terms.values(), key=lambda t: t.term.casefold())]
    assert by_location["glossary/#term-rbis"]["title"] == "RBIS: Rules-Based International System"

    # The pages themselves are still found by their titles, without every item again.
    assert by_location["notes/"]["title"] == "End Notes"
    assert by_location["bibliography/"]["title"] == "Bibliography"
    assert by_location["glossary/"]["title"] == "Glossary"
    assert "Every work the paper cites" in by_location["bibliography/"]["text"]
    assert SURNAME not in by_location["bibliography/"]["text"]
    assert "Warfighting" not in by_location["glossary/"]["text"]
    assert len(by_location["notes/"]["text"]) < 200


def test_offline_index_and_script_hold_the_same_entries(offline_site):
    data = (offline_site / "search" / "search_index.json").read_text(encoding="utf-8")
    script = (offline_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script == search.offline_script(data)  # as Material's offline plugin writes it
    locations = [d["location"] for d in json.loads(data)["docs"]]
    assert "notes.html#note-23" in locations and "glossary.html#term-rbis" in locations
    assert sum(loc.startswith("notes.html#note-") for loc in locations) == 78


# --- in a browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected(sources):
    """The works the surname names first, and the notes citing them (the paper's own citations)."""
    keys = {key for key, entry in sources.library.entries.items()
            if (entry.fields.get("author") or entry.fields.get("editor", "")).startswith(SURNAME)}
    notes = set().union(*(sources.notes_citing.get(key, set()) for key in keys))
    assert keys and notes
    return keys, notes


@pytest.fixture(scope="module")
def unzipped_bundle(offline_site, tmp_path_factory):
    """The offline zip, as `make bundle` makes it, unzipped."""
    out = tmp_path_factory.mktemp("search-zip")
    folder = f"{paper.BUNDLE_NAME}-offline"
    with zipfile.ZipFile(bundle.make_zip(offline_site, out / "offline.zip", folder)) as archive:
        archive.extractall(out)
    return out / folder


def lands_on_a_note(page, expected, name: str) -> None:
    keys, notes = expected
    results = browser.search_for(page, SURNAME)
    found = results.evaluate_all(
        "as => as.map(a => [a.getAttribute('href'),"
        " (a.querySelector('h1, h2') || {}).textContent || ''])")
    titles = {title.strip() for _, title in found}
    note_results = [(href, title.strip()) for href, title in found
                    if re.fullmatch(r"Note \S+", title.strip())]
    assert note_results, found
    for href, title in note_results:  # each note result is its note, and cites the surname's works
        label = title.removeprefix("Note ")
        assert urlparse(href).fragment == f"note-{label}", (href, title)
    citing = sorted((label for _, t in note_results if (label := t.removeprefix("Note ")) in notes),
                    key=note_order)
    assert citing, (note_results, sorted(notes, key=note_order))
    assert {urlparse(href).fragment for href, _ in found} >= {f"ref-{key}" for key in keys}, found
    assert "Bibliography" in titles and "End Notes" in titles
    browser.screenshot(page, f"search-{name}")

    label = citing[0]
    link = page.locator(f'.md-search-result__item a[href$="#note-{label}"]').first
    if not link.is_visible():  # among "more on this page"
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
    page.wait_for_url(re.compile(rf"#note-{re.escape(label)}$"))
    assert urlparse(page.url).fragment == f"note-{label}"
    target = page.locator(f'li[id="note-{label}"]')
    target.wait_for(state="attached")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }", arg=f"note-{label}", timeout=3000)
    assert SURNAME in target.inner_text()
    browser.screenshot(page, f"search-{name}-landed")


def test_search_online_finds_the_note_and_the_entry_and_lands_on_the_note(chromium, origin, expected):
    with browser.watched_page(chromium, origin, **browser.DESKTOP) as (page, traffic):
        page.goto(f"{origin}/")
        lands_on_a_note(page, expected, "online")
        assert urlparse(page.url).path == "/notes/"
    assert not traffic.outside, traffic.outside
    assert not traffic.console_errors, traffic.console_errors


def test_search_in_the_offline_zip_finds_the_note_and_lands_on_it(chromium, unzipped_bundle, expected):
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.goto((unzipped_bundle / "index.html").as_uri())
        lands_on_a_note(page, expected, "offline")
        assert urlparse(page.url).path.endswith("/notes.html")
    assert not traffic.outside, traffic.outside
    assert not traffic.console_errors, traffic.console_errors
