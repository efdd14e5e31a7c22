"""The Pandoc citation parser, without MkDocs."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings, strategies as st

from edition.citations import syntax as citations


def keys(text):
    return [[(i.prefix, i.key, i.locator, i.suffix, i.suppress_author) for i in c.items]
            for c in citations.find(text)]


def test_bracketed_with_locator():
    assert keys("See [@radin2021, p. 116].") == [[("", "radin2021", ("page", "116"), "", False)]]


def test_several_keys_with_prefixes_and_locators():
    assert keys("[see @lo2023, p. 13; also @gabuev2019, pp. 44-45]") == [[
        ("see", "lo2023", ("page", "13"), "", False),
        ("also", "gabuev2019", ("page", "44-45"), "", False)]]


def test_narrative_suppressed_and_suffix():
    assert keys("@radin2021 [p. 33] says") == [[("", "radin2021", ("page", "33"), "", False)]]
    assert citations.find("@radin2021 says")[0].narrative
    assert keys("[-@radin2021]") == [[("", "radin2021", None, "", True)]]
    assert keys("[@a, chap. 3 passim]") == [[("", "a", ("chapter", "3"), "passim", False)]]
    assert keys("[@a, p. XV]") == [[("", "a", ("page", "XV"), "", False)]]


def test_never_in_code_urls_or_email():
    for text in ("mail a@b.com or me@x.org", "<https://x.org/@foo>", "`[@code]`",
                 "[link](http://x/@y)", "https://medium.com/@author/post", "```\n[@a]\n```",
                 "www.example.org/@me", "[^3]"):
        assert citations.find(text) == [], text


def test_spans_and_lines():
    text = "One\n\ntwo [@a] three @b.\n"
    found = citations.find(text)
    assert [(text[c.start:c.end], c.line) for c in found] == [("[@a]", 3), ("@b", 3)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@[];,-.p 0123456789abc<>\"'&`:/\n")) | st.characters(),
               max_size=80))
def test_random_text_never_raises_and_renders_no_markup(text):
    found = citations.find(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(text)
        assert c.items and all(i.key for i in c.items)

    def render(c):
        # What the hook does with a key: it reaches HTML only escaped.
        return "<cite>" + ";".join(html.escape(i.key) for i in c.items) + "</cite>"

    out = citations.replace(text, found, render)
    inserted = re.sub(r"</?cite>", "", out.replace(text, ""))
    assert "<" not in "".join(html.escape(i.key) for c in found for i in c.items)
    assert inserted.count("<script") == 0


FRAGMENTS = ["[@evil]", "[see @evil, p. 3]", "[<script> @evil]", "[@evil <img src=x>]", "@evil", "[-@evil]", "[@evil; @evil, pp. 4-5]",
             "<script>", "a@b.com", "`[@evil]`", "https://x.org/@evil", ";", " ", "\n", "[", "]",
             "@", ",", "p.", "text", "\" onmouseover=", "[^3]"]


_FORMATTERS: dict = {}


def _hostile_formatter(library):
    """Formatted once (one Pandoc call), however many examples hypothesis tries."""
    from edition.citations import csl
    if "evil" not in _FORMATTERS:
        formatter = csl.Formatter()
        formatter.prepare(library.entries.values(), [])
        _FORMATTERS["evil"] = formatter
    return _FORMATTERS["evil"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=25))
def test_rendered_citations_never_carry_unescaped_markup(parts):
    """Hostile .bib values (a name that would close an attribute, titles with tags) cited through
    the Markdown extension, in the running text and in a note: the citations add only their links
    and Pandoc's inline markup (a, span, em) to what the page's own Markdown makes, each link with
    the edition's attributes only."""
    import markdown
    from lxml import html as lxml_html
    from edition.citations import csl, library as bibliography
    from edition.citations.build import CitationsBuild
    from edition.common.links import standalone

    if "evil-md" not in _FORMATTERS:  # one Pandoc call, however many examples hypothesis tries
        hostile = bibliography.parse(
            '@book{evil, author={Mallory" onmouseover="alert(1), Eve}, '
            'title={<script>alert(1)</script> <img src=x onerror=alert(2)>}, publisher={P}, year={2020}}\n'
            '@misc{evil2, title={<script>alert(3)</script> "onmouseover=alert(4) x=" <em>x</em>}, '
            'year={2021}}')
        import paper
        cites = CitationsBuild(hostile, csl.Formatter(), paper.standalone_project())
        assert not cites.prepare(["\n".join(FRAGMENTS + [f.replace("@evil", "@evil2") for f in FRAGMENTS])])
        _FORMATTERS["evil-md"] = cites
    cites = _FORMATTERS["evil-md"]

    def tree(page, with_citations=True):
        cites.page(standalone())
        extensions = ["footnotes"] + ([cites.extension()] if with_citations else [])
        out = markdown.Markdown(extensions=extensions).convert(page)
        return out, lxml_html.fragment_fromstring(out, create_parent="div")

    edition_attributes = {"aria-expanded", "class", "data-card", "data-card-kind",
                          "data-card-title", "href", "id"}
    # The author's own raw HTML is Markdown's to pass through (they wrote it); only the .bib is
    # hostile here, so the text's "<" is kept out of it.
    text = "".join(parts).replace("<", "\u2039")
    for page in (text, "A note.[^1]\n\n[^1]: " + text.replace("@evil", "@evil2")):
        out, root = tree(page)
        _, plain = tree(page, with_citations=False)
        assert {e.tag for e in root.iter()} <= {e.tag for e in plain.iter()} | {"a", "span", "em"}, out
        for element in root.iter():
            assert element.tag not in ("script", "img"), out
            assert not [name for name in element.attrib if name.startswith("on")], out
        for link in root.xpath('//a[@class="citation"]'):
            assert set(link.attrib) <= edition_attributes, out
            for inner in link.iterdescendants():
                assert inner.tag in ("span", "em") and set(inner.attrib) <= {"class"}, out

    out, root = tree("[see @evil, p. 3] and @evil2; in a note.[^1]\n\n[^1]: [-@evil2]")
    assert len(root.xpath('//a[@class="citation"]')) == 3, out  # the check above is not idle
