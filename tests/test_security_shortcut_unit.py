"""The page check's shortcut (security._plainly_clean) never calls clean what html.parser, the
check itself, would find something in: on crafted markup at the edge of what it reads, on the
hostile strings of tests/hostile.py, and on every page of the built examples in tests/cases.
(Its speed is measured by bench/, never here.)"""

from __future__ import annotations

import pytest

from edition import security
from hostile import payloads


def full(fragment: str) -> list:
    checker = security._Checker()
    checker.feed(fragment)
    checker.close()
    return checker.findings


EDGES = [
    '<p>plain <em>text</em> and <a href="../x/#y" title="a &amp; b">a link</a></p>',
    "<p>a < b and c > d, 1 <2</p>",
    '<p class="x">one</p><br/><br /><hr>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<a href='javascript:x'>x</a>",
    "<a href=javascript:x>x</a>",
    '<a href="x"onclick="y">x</a>',
    '<a href="x" onclick="y">x</a>',
    '<a href="x" ONCLICK="y">x</a>',
    '<a title="a > b" href="x">x</a>',
    '<a title="<script>">x</a>',
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<style>p{}</style><p>x</p>",
    "<p>x</p><!-- a comment -->",
    "<p>x</p><!-- edition:bibliography -->",
    "<!DOCTYPE html><p>x</p>",
    "<?php x ?><p>x</p>",
    "<p>x</p></ p><p>y</p>",
    "<p>x</p></>",
    "</3 <p>x</p>",
    '<img src="x.png" alt="x">',
    '<img src="data:image/png;base64,AAAA">',
    '<p style="text-align: left;">x</p>',
    '<p style="color: red">x</p>',
    '<span class="md-typeset">x</span>',
    '<span class="ok  term">x</span>',
    "<p\tclass='x'\n>x</p>",
    "<p\u00a0class='x'>x</p>",
    "<iframe src=x></iframe>",
    "<svg><script>x</script></svg>",
    "<math><mi>x</mi></math>",
    '<a href="x" href="javascript:y">x</a>',
    "<a/onclick=x>x</a>",
    "<p data-x=\"1\" lang=en>x</p>",
    "<div><p>unclosed",
    "<p>x</p><",
    "<p>x</p></p",
    "<p>x &lt;script&gt; y</p>",
    '<a href="x" download>x</a>',
    "<textarea><p onclick=x></textarea>",
]


@pytest.mark.parametrize("fragment", EDGES)
def test_the_shortcut_agrees_with_the_parser_at_the_edges(fragment):
    if security._plainly_clean(fragment):
        assert full(fragment) == []
    assert security.content_findings(fragment) == full(fragment)


@pytest.mark.parametrize("name", sorted(payloads(2_000)))
def test_the_shortcut_agrees_with_the_parser_on_hostile_strings(name):
    fragment = payloads(2_000)[name]
    for text in (fragment, f"<p>{fragment}</p>", f'<a href="x">{fragment}</a>'):
        if security._plainly_clean(text):
            assert full(text) == []
        assert security.content_findings(text) == full(text)


def test_the_shortcut_reads_what_the_edition_renders():
    """The markup the edition makes is what the shortcut exists for: it must take it."""
    page = ('<h1 id="x">T<a class="headerlink" href="#x" title="Link to this section">&para;</a>'
            '</h1><p>See <a class="citation" data-card="c-1" href="../bibliography/#ref-a">A '
            '2020</a><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>')
    assert security._plainly_clean(page)
    assert full(page) == []
