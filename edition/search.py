"""Search that lands where the answer is: each note, bibliography entry and glossary term its own
search result, titled as a reader says it ("Note 23", "Doe et al. 2021", "WHO: World Health
Organization") and leading to its anchor.

Material's search plugin splits a page only at its headings, so the Notes page, the Bibliography
and the Glossary were each one result holding the whole page. This module takes the content of
those pages as Material indexed it (``page.content``, the generated lists in place) and gives:

* one index entry per item of the page's list, ``{"location", "title", "text"}`` as Material
  writes its own (``location`` the page's URL and the item's anchor, HTML-escaped title and
  text, the text normalised as Material's ``Parser`` does it: only ``p code pre li ol ul sub sup``
  kept as bare tags, newlines turned into spaces, runs of whitespace between tags made one);
* the text each of Material's entries for that page keeps without the list (the page's own
  introduction), so the page is still found by its title without carrying every item again;

and ``rewrite`` puts both into the ``search/search_index.json`` Material wrote, leaving its
``config`` and every other entry as they were, serialised as Material serialises it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypedDict

import lxml.html
from lxml import etree

from edition.citations.render import entry_id

OFFLINE_SCRIPT_PREFIX = "var __index = "  # Material's offline plugin: search_index.js
ARTICLE_BOOST = 0.05  # an apparatus page's own entry, against its notes, entries or terms

Node = etree._Element | str          # an element, or the text between elements
Item = tuple[str, str, list[Node]]   # (anchor, title, the nodes of its text)


class SearchEntry(TypedDict):
    location: str
    title: str
    text: str


@dataclass(frozen=True)
class Split:
    """What one apparatus page becomes in the index."""

    url: str                  # the page's URL, as Material's locations have it ("notes/")
    sections: dict[str, str]  # location of Material's entry -> its text without the list
    items: list[SearchEntry]  # one entry per note, bibliography entry or term, in page order


# --- Material's text normalisation (material/plugins/search/plugin.py, class Parser) ---------

_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIP = frozenset({"object", "script", "style"})
_HEADINGS = frozenset({f"h{n}" for n in range(1, 7)})


def _skipped(element: etree._Element) -> bool:
    return (element.tag in _SKIP or "data-search-exclude" in element.attrib
            or element.get("class") == "linenodiv")


def normalised(nodes: Iterable[Node], leave_out: Callable[[etree._Element], bool]
               = lambda element: False) -> str:
    """The index text of a run of nodes (elements, or strings of text between them), as Material
    writes a section's text; elements for which ``leave_out`` is true are left out whole."""
    out: list[str] = []

    def data(text: str | None, in_pre: bool) -> None:
        if not text:
            return
        if not in_pre:
            text = " " if text.isspace() else text.replace("\n", " ")
        if text.isspace():
            if not out or not out[-1].isspace() or in_pre:
                out.append(text)
        else:
            out.append(html.escape(text, quote=False))

    def walk(element: etree._Element, in_pre: bool) -> None:
        if not isinstance(element.tag, str) or _skipped(element) or leave_out(element):
            return  # comments, processing instructions, excluded blocks: only their tail counts
        tag = element.tag
        in_pre = in_pre or tag == "pre"
        if tag in _KEEP:
            out.append(f"<{tag}>")
        data(element.text, in_pre)
        for child in element:
            walk(child, in_pre)
            data(child.tail, in_pre)
        if tag in _KEEP:
            # Material drops an element with nothing but whitespace in it, looking from the
            # first opening tag of its kind in the text (so only an empty first one goes).
            first = out.index(f"<{tag}>")
            if all(part.isspace() for part in out[first + 1:]):
                del out[first:]
            else:
                out.append(f"</{tag}>")

    for node in nodes:
        if isinstance(node, str):
            data(node, False)
        else:
            walk(node, False)
    return "".join(out).strip()


def _inner(element: etree._Element) -> list[Node]:
    """An element's content without the element itself."""
    nodes: list[Node] = [element.text or ""]
    for child in element:
        nodes += [child, child.tail or ""]
    return nodes


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").split())


def _title(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False)


# --- the three kinds of apparatus -------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of apparatus page: its list, its items, and what of an item is not searched."""

    name: str
    is_list: Callable[[etree._Element], bool]
    items: Callable[[etree._Element], list[Item]]
    leave_out: Callable[[etree._Element], bool]  # inside an item: back-links, downloads, ...


def _note_items(endnotes: etree._Element) -> list[Item]:
    found = []
    for li in endnotes.iterchildren("li"):
        anchor = li.get("id") or ""
        label = li.get("value") or anchor.removeprefix("note-")
        if anchor:
            found.append((anchor, f"Note {label}", _inner(li)))
    return found


def _term_items(glossary: etree._Element) -> list[Item]:
    found = []
    for dt in glossary.iterchildren("dt"):
        dd = dt.getnext()
        if not dt.get("id") or dd is None or dd.tag != "dd":
            continue
        expansion = dd.find("p/strong")
        term = " ".join(dt.text_content().split())
        found.append((dt.get("id"), term_title(term, expansion.text_content() if expansion
                                               is not None else ""), _inner(dd)))
    return found


_QUOTES = "“”‘’\"'"


def term_title(term: str, expansion: str) -> str:
    """ "WHO: World Health International System"; the term alone where the expansion only
    repeats it ("Wagner Group", "the Cold War"), as the term's card leaves it out."""
    bare = expansion.casefold().strip(_QUOTES).removeprefix("the ").strip(_QUOTES)
    return term if not expansion or bare == term.casefold() else f"{term}: {expansion}"


_REFERENCE_START = re.compile(
    r"^(?P<names>.+?)(?:,? eds?\.)?\.? (?P<year>(?:\d{4}|n\.d\.)[a-z]?)\.(?:\s|$)")


def reference_label(reference: str) -> str:
    """A label from a formatted reference's start, for a work no citation names (a volume cited
    only through its chapters): "European Council on Foreign Relations. 2016. ..." ->
    "European Council on Foreign Relations 2016"; failing that, the reference's first words."""
    text = " ".join(reference.split())
    match = _REFERENCE_START.match(text)
    if match:
        return f"{match.group('names')} {match.group('year')}"
    return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + " …"


def _bibliography_items(labels: Mapping[str, str]) -> Callable[[etree._Element], list[Item]]:
    prefix = entry_id("")

    def items(bibliography: etree._Element) -> list[Item]:
        found = []
        for li in bibliography.iterchildren("li"):
            anchor = li.get("id") or ""
            if "bib-entry" not in _classes(li) or not anchor.startswith(prefix):
                continue
            reference = li.find("p[@class='bib-reference']")
            label = labels.get(anchor.removeprefix(prefix)) or reference_label(
                reference.text_content() if reference is not None else anchor)
            found.append((anchor, label, _inner(li)))
        return found
    return items


def _has_class(name: str, tag: str) -> Callable[[etree._Element], bool]:
    return lambda element: element.tag == tag and name in _classes(element)


NOTES = Kind("notes", _has_class("endnotes", "ol"), _note_items,
             lambda e: "endnote-backlink" in _classes(e))


def _footnote_items(notes: etree._Element) -> list[Item]:
    return [(li.get("id"), f"Note {li.get('id').removeprefix('fn:')}", _inner(li))
            for li in notes.iterchildren("li") if li.get("id", "").startswith("fn:")]


def _is_footnotes(element: etree._Element) -> bool:
    parent = element.getparent()
    return element.tag == "ol" and parent is not None and "footnote" in _classes(parent)


# Footnotes defined on the page that uses them: each its own result, on its page.
FOOTNOTES = Kind("footnotes", _is_footnotes, _footnote_items,
                 lambda e: "footnote-backref" in _classes(e))
GLOSSARY = Kind("glossary", _has_class("glossary", "dl"), _term_items,
                lambda e: "term-uses" in _classes(e))
_BIB_LEFT_OUT = {"bib-cited", "bib-downloads", "bib-source"}  # where cited, files, BibTeX


def bibliography(labels: Mapping[str, str]) -> Kind:
    """The Bibliography, each entry titled by ``labels`` (key -> the in-text label, as the
    citations' cards are titled: ``CitationsBuild.labels``), or by its reference's start."""
    return Kind("bibliography", _has_class("bibliography", "ul"), _bibliography_items(labels),
                lambda e: bool(_BIB_LEFT_OUT & _classes(e)))


# --- a page's split, and the index rewritten ---------------------------------------------------

def _parse(content: str) -> etree._Element:
    return lxml.html.fragment_fromstring(content or "", create_parent="div")


def split(kind: Kind, content: str, url: str) -> Split:
    """The entries of one apparatus page: ``content`` is the page's HTML as Material indexed it
    (MkDocs' ``page.content``), ``url`` the page's URL (``page.url``)."""
    root = _parse(content)
    lists = [element for element in root.iter() if kind.is_list(element)]
    items: list[SearchEntry] = []
    for element in lists:
        for anchor, title, nodes in kind.items(element):
            items.append({"location": f"{url}#{anchor}", "title": _title(title),
                          "text": normalised(nodes, kind.leave_out)})
    # Material's sections: a heading with an id opens one (the page's first is the page itself);
    # the text a section keeps is its own, the lists left out.
    listed = set(lists)
    sections: dict[str, list[Node]] = {}
    location = url
    holds_list: set[str] = set()
    for node in _inner(root):
        if isinstance(node, str) and not node:
            continue  # no text: Material's parser sees nothing there
        if not isinstance(node, str) and node.tag in _HEADINGS and node.get("id"):
            location = url if not sections else f"{url}#{node.get('id')}"
            sections.setdefault(location, [])
            continue
        sections.setdefault(location, []).append(node)
        if not isinstance(node, str) and any(e in listed for e in node.iter()):
            holds_list.add(location)
    texts = {location: normalised(nodes, lambda e: e in listed)
             for location, nodes in sections.items() if location in holds_list}
    return Split(url, texts, items)


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def rewrite(index_json: str, splits: Iterable[Split]) -> str:
    """Material's ``search_index.json`` with each split page's items after its own entries and
    those entries without the lists. A page Material left out of search (``search: exclude``)
    stays out."""
    data = json.loads(index_json)
    by_url = {s.url: s for s in splits}
    docs = data["docs"]
    last: dict[str, int] = {}
    meta: dict[str, dict] = {}  # the page's tags and boost (front matter), as Material gives
    for i, doc in enumerate(docs):  # them to each entry of the page
        if _page(doc["location"]) in by_url:
            last[_page(doc["location"])] = i
            meta.setdefault(_page(doc["location"]),
                            {key: doc[key] for key in ("tags", "boost") if key in doc})
    rewritten = []
    for i, doc in enumerate(docs):
        page = by_url.get(_page(doc["location"]))
        if page is not None and doc["location"] in page.sections:
            doc = {**doc, "text": page.sections[doc["location"]]}
        if page is not None and doc["location"] == page.url:
            # The page itself ranks below its items: Material boosts a page over its sections and
            # folds every section that scores below the best, so "note 47" showed "End Notes —
            # Missing: 47" with note 47 among "78 more on this page".
            doc = {**doc, "boost": doc.get("boost", 1) * ARTICLE_BOOST}
        rewritten.append(doc)
        if page is not None and last[page.url] == i:
            rewritten.extend({**item, **meta[page.url]} for item in page.items)
    data["docs"] = rewritten
    # As Material writes it (SearchIndex.generate_search_index).
    return json.dumps(data, separators=(",", ":"), default=str)


def offline_script(index_json: str) -> str:
    """``search/search_index.js`` as Material's offline plugin writes it from the JSON."""
    return f"{OFFLINE_SCRIPT_PREFIX}{index_json}"
