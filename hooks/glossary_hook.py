"""MkDocs events -> edition.glossary: terms become cards where they are read, first uses are
expanded, and the Glossary page shows every term with where it is used."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from edition.common import cards
from edition.common import diagnostics
from edition.glossary import model as glossary
from edition.notes import model as notes
from edition import paper
from edition import pipeline

GLOSSARY_FILE = "glossary.yml"
GLOSSARY_PAGE = "glossary.md"
PLACEHOLDER = "<!-- edition:glossary -->"
# Pages whose text is the edition's apparatus, not prose to gloss.
NOT_GLOSSED = {GLOSSARY_PAGE, "bibliography.md", "about.md"}
_USES = re.compile(r'<span data-edition-term-uses="([^"]+)"></span>')
_state: dict = {}


@event_priority(pipeline.GLOSSARY)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    terms = glossary.load(root / GLOSSARY_FILE, GLOSSARY_FILE)
    _state.update(glossary=terms, problems=list(terms.problems), occurrences=[], templates={})
    return config


@event_priority(pipeline.GLOSSARY)
def on_page_markdown(markdown, page, config, files):
    src, terms = page.file.src_uri, _state["glossary"]
    if src == GLOSSARY_PAGE:
        return markdown.replace(PLACEHOLDER, glossary.glossary_html(terms))
    if src in NOT_GLOSSED:
        return markdown
    target = files.get_file_from_path(GLOSSARY_PAGE)
    href = get_relative_url(target.url, page.file.url) if target else ""
    # The notes appended at a page's foot are counted once, on the Notes page.
    starts = notes.note_starts(markdown) if src != paper.NOTES_PAGE else []
    markdown, found = glossary.render(markdown, src, terms, href)
    used = sorted({o.term for o in found})
    if starts:
        found = [o for o in found if o.offset < starts[0][0]]
    _state["occurrences"].extend(found)
    _state["templates"][src] = [glossary.card_template(terms.terms[t], href) for t in used]
    return markdown


@event_priority(pipeline.GLOSSARY)
def on_nav(nav, config, files):
    _state["order"] = {p.file.src_uri: i for i, p in enumerate(nav.pages)}
    return nav


@event_priority(pipeline.GLOSSARY)
def on_env(env, config, files):
    terms = _state["glossary"]
    order = _state.get("order", {})
    occurrences = sorted(_state["occurrences"], key=lambda o: (order.get(o.page, 999), o.offset))
    target = files.get_file_from_path(GLOSSARY_PAGE)
    if target is not None and target.page is not None and target.page.content:
        by_term: dict[str, list] = {}
        for o in occurrences:
            by_term.setdefault(o.term, []).append(o)

        def href_of(src, section):
            url = get_relative_url(files.get_file_from_path(src).url, target.url)
            return url + (f"#{section}" if section else "")

        target.page.content = _USES.sub(
            lambda m: glossary.uses_html(by_term.get(html.unescape(m.group(1)), []), href_of),
            target.page.content)
    problems = _state["problems"] + glossary.unused(terms, {o.term for o in occurrences})
    diagnostics.report(problems)
    return env


@event_priority(pipeline.GLOSSARY)
def on_post_page(output, page, config):
    return cards.inject(output, _state["templates"].get(page.file.src_uri, []))
