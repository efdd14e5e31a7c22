"""The one card mechanism every kind plugs into (notes, citations, terms, cross-references).

A trigger is an ordinary link to the full content, plus ``data-card`` naming the element whose
content the card shows (``make_trigger``). That element is in the page at build time: the note itself, or a
``<template>`` placed at the end of the page. ``edition/assets/cards.js`` does the rest.
"""

from __future__ import annotations

import html


# Where a finished page's card templates begin: everything after it is the cards' content.
TEMPLATES = '<div class="edition-card-templates" hidden>'


def template(source_id: str, body_html: str) -> str:
    """A card's content, kept inert until opened. ``body_html`` must already be escaped."""
    return f'<template id="{html.escape(source_id)}">{body_html}</template>'


def inject(page_html: str, templates: list[str]) -> str:
    """Put the page's card templates just before ``</body>``, outside the searchable content."""
    if not templates:
        return page_html
    block = TEMPLATES + "".join(templates) + "</div>"
    head, sep, tail = page_html.rpartition("</body>")
    return head + block + sep + tail if sep else page_html + block


def make_trigger(element, source_id: str, title: str, kind: str) -> None:
    """Turn a link element (xml.etree) into a card trigger; the serializer escapes the values."""
    element.set("data-card", source_id)
    element.set("data-card-title", title)
    element.set("data-card-kind", kind)
    element.set("aria-expanded", "false")
