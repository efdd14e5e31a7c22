"""The copies of Material's templates in edition/templates/ are Material's own but for the changes each
one's comment names: checked against the installed Material, so an update that changes them
fails here instead of going stale. Every value they write into <title>, <meta> or an href is
escaped."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def material(name: str) -> str:
    import material as package
    return _COMMENT.sub("", (Path(package.__file__).parent / "templates" / name).read_text(encoding="utf-8"))


def ours(name: str) -> str:
    return _COMMENT.sub("", (ROOT / "edition" / "templates" / name).read_text(encoding="utf-8"))


def test_title_block_is_materials_with_every_value_escaped():
    theirs = re.search(r"    \{% block htmltitle %\}\n(.*?)\{% endblock %\}", material("base.html"), re.S).group(1)
    mine = re.search(r"\{% block htmltitle %\}\n(.*?)\{% endblock %\}", ours("main.html"), re.S).group(1)
    escaped = (theirs.replace("{{ page.meta.title }}", "{{ page.meta.title | e }}")
               .replace("{{ page.title | striptags }}", "{{ page.title | striptags | e }}")
               .replace("{{ config.site_name }}", "{{ config.site_name | e }}"))
    assert mine == escaped
    assert ours("main.html").startswith('{% extends "base.html" %}\n')
    assert material("main.html").strip() == '{% extends "base.html" %}'


def test_actions_partial_is_materials_with_hrefs_escaped_and_one_button_more():
    theirs = material("partials/actions.html")
    mine = ours("partials/actions.html")
    escaped = (theirs.replace('href="{{ page.edit_url }}"', 'href="{{ page.edit_url | e }}"')
               .replace("href=\"{{ page.edit_url | replace(part, 'raw') }}\"",
                        "href=\"{{ page.edit_url | replace(part, 'raw') | e }}\""))
    assert escaped != theirs, "Material's actions partial changed: copy it again and redo the changes"
    assert mine.startswith(escaped), "edition/templates/partials/actions.html is no longer Material's"
    added = mine[len(escaped):]
    assert "config.repo_url" in added and '{{ report | e }}' in added


def test_source_partial_is_materials_without_the_api_request():
    theirs = material("partials/source.html")
    expected = (theirs.replace(' data-md-component="source"', "")
                .replace('href="{{ config.repo_url }}"', 'href="{{ config.repo_url | e }}"'))
    assert expected != theirs
    assert ours("partials/source.html") == expected


def test_no_override_writes_a_page_value_raw_into_an_attribute():
    raw = re.compile(r'(?:href|content)="\{\{ (?:page\.[\w.]+|config\.repo_url)(?: \| (?!e\b)\w+(?:\([^)]*\))?)* \}\}"')
    for path in (ROOT / "edition" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if path.name == "base.html":  # Material's unchanged but for the toggles (test_html_valid)
            continue
        assert not raw.search(text), f"{path}: {raw.search(text).group(0)}"
