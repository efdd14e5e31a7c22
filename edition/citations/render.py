"""Citations and the Bibliography as HTML: model (library, formatted entries, occurrences) -> HTML.

All text from the .bib reaches the page through csl.Formatter (escaped) or html.escape.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from edition.common import cards
from edition.citations import exports
from edition.citations.library import Entry, Library
from edition.citations.syntax import Item
from edition.citations.csl import Formatter
from edition.words import ENGLISH, Words


@dataclass(frozen=True)
class Occurrence:
    key: str
    page: str           # src path of the page
    note: str | None    # the note the citation stands in, if any
    anchor: str         # id of the citation link on its page
    editorial: bool = False  # in an editor's remark: the edition's citation, not the paper's


def card_id(key: str) -> str:
    return f"card-ref-{key}"


def entry_id(key: str) -> str:
    return f"ref-{key}"


def item_label(formatter: Formatter, entry: Entry, item: Item, narrative: bool) -> str:
    """How one cited work reads in the text: "Doe et al. 2021, 116", "Doe et al. (2021)"."""
    full = formatter.citation(entry, item.locator)
    author = formatter.entry(entry).author
    rest = full[len(author):].lstrip(" ,") if author and full.startswith(author) else full
    if item.suppress_author:
        return rest or full  # a style that cites by author alone (MLA): the author stays
    if narrative:
        written = formatter.narrative(entry, item.locator)
        if written and written.strip():
            return written  # as the style writes it: "Doe et al. (2021)", "Doe et al. [3]"
        return f"{author} ({rest})" if author and rest else full
    return full


def status_html(entry: Entry, words: Words = ENGLISH) -> str:
    """What the reader must know about an entry that is not fully verified ("" if it is)."""
    if entry.status == "unidentified":
        notice = words("unidentified")
    elif entry.status == "partial":
        notice = words("partial")
    else:
        return ""
    note = entry.fields.get("note", "").replace("{", "").replace("}", "")
    return f'<p class="bib-status">{html.escape(notice)}{" " + html.escape(note) if note else ""}</p>'


def downloads_html(href_of, key: str | None = None, words: Words = ENGLISH) -> str:
    """Links to download one entry (``key``) or the whole bibliography in each export format;
    ``href_of(path)`` makes a site path relative to the page."""
    links = []
    for ext, (name, media) in exports.FORMATS.items():
        path = exports.entry_file(key, ext) if key else exports.whole_file(ext)
        links.append(f'<a href="{html.escape(href_of(path))}" download type="{media}">{name}</a>')
    return ('<p class="bib-downloads">' + html.escape(words("download_entry" if key else "download"))
            + " · ".join(links) + "</p>")


def card_template(entry: Entry, formatter: Formatter, bibliography_href: str,
                  href_of=None, uses: str = "", words: Words = ENGLISH) -> str:
    """A citation's card: the reference, what could not be verified, the entry's downloads,
    ``uses`` (where else the edition cites it, as ``edition.common.uses.nav_html`` writes it)."""
    formatted = formatter.entry(entry)
    body = f'<p class="bib-reference">{formatted.reference}</p>' + status_html(entry, words) + uses
    if href_of is not None:
        body += downloads_html(href_of, entry.key, words)
    body += (f'<p class="card-more"><a href="{html.escape(bibliography_href)}">'
             f'{html.escape(words("bibliography_entry"))}</a></p>')
    return cards.template(card_id(entry.key), body)


def bibliography_html(library: Library, formatter: Formatter, href_of=None,
                      cited_in=lambda key: "", words: Words = ENGLISH) -> str:
    """The Bibliography page body: every entry, sorted as Chicago sorts (by author, then year).

    Each entry's BibTeX is shown as a plain block, readable and selectable, and downloadable from
    the entry's links. Its <code> is not a child of the <pre> (pre > span > code): Material mounts
    its copy button and size watcher on every `pre > code` (content.code.copy), and on some sixty
    entries that layout work was most of the page's blocking time on a phone.
    """
    rows = []
    entries = sorted(library.entries.values(),
                     key=lambda e: (formatter.position(e.key), e.key))
    for entry in entries:
        formatted = formatter.entry(entry)
        status = status_html(entry, words)
        rows.append(
            f'<li class="bib-entry" id="{html.escape(entry_id(entry.key))}">'
            f'<p class="bib-reference">{formatted.reference}</p>{status}'
            f'<p class="bib-cited">{cited_in(entry.key)}</p>'
            + (downloads_html(href_of, entry.key, words) if href_of else "") +
            f'<details class="bib-source"><summary>{"CSL" if entry.source == "csl" else "BibTeX"} '
            f'<code>{html.escape(entry.key)}</code>'
            f'</summary><pre class="bib-bibtex"><span><code>{_inert(entry.raw.strip())}</code>'
            '</span></pre></details></li>')
    return '<ul class="bibliography">' + "".join(rows) + "</ul>"


def page_references_html(entries: list[Entry], formatter: Formatter, href_of_entry,
                         words: Words = ENGLISH) -> str:
    """ "References" at the end of a page: the works it cites, in the Bibliography's order, each
    linked to its Bibliography entry (the entry, not a copy, holds the ids and the downloads)."""
    if not entries:
        return ""
    rows = []
    for entry in sorted(entries, key=lambda e: (formatter.position(e.key), e.key)):
        rows.append(f'<li class="bib-entry"><p class="bib-reference">'
                    f'{formatter.entry(entry).reference}</p>'
                    f'<p class="card-more"><a href="{html.escape(href_of_entry(entry.key))}">'
                    f'{html.escape(words("in_bibliography"))}</a></p></li>')
    heading = html.escape(words("page_references"))
    return (f'<section class="page-references" aria-labelledby="edition-references">'
            f'<h2 id="edition-references">{heading}</h2>'
            f'<ul class="bibliography">{"".join(rows)}</ul></section>')


def _inert(text: str) -> str:
    """Escaped, with "@" as an entity, so no later pass takes BibTeX for a citation."""
    return html.escape(text).replace("@", "&#64;")


def _series(items: list[str], words: Words = ENGLISH) -> str:
    """ "a", "a and b", "a, b, and c" (Chicago's serial comma)."""
    if len(items) < 3:
        return words("and").join(items)
    return ", ".join(items[:-1]) + words("serial_and") + items[-1]


def where_cited(occurrences: list[Occurrence], library: Library) -> dict[str, tuple[list[Occurrence], bool]]:
    """Each entry's citations, and whether they are its own or its chapters' (a volume is cited
    through its chapters, which name it in ``crossref``)."""
    by_key: dict[str, list[Occurrence]] = {}
    for o in occurrences:
        by_key.setdefault(o.key, []).append(o)
    chapters: dict[str, list[Occurrence]] = {}
    for key, entry in library.entries.items():
        if entry.fields.get("crossref"):
            chapters.setdefault(entry.fields["crossref"], []).extend(by_key.get(key, []))
    return {key: (by_key[key], False) if by_key.get(key) or not chapters.get(key)
            else (chapters[key], True) for key in library.entries if by_key.get(key) or chapters.get(key)}


def cited_in_html(occurrences: list[Occurrence], href_of_note, href_of_anchor,
                  through_chapters: bool = False, words: Words = ENGLISH,
                  title_of=lambda page: page) -> str:
    """ "Cited in notes 16, 30, and 40", each number a link to the note; then the notes where
    only the edition cites the work, in an editor's remark, told apart."""
    paper = [o for o in occurrences if not o.editorial]
    text = _where(paper, href_of_note, href_of_anchor,
                  words("cited_through_chapters" if through_chapters else "cited_in"), words,
                  title_of)
    by_paper = {o.note for o in paper}
    added = [o for o in occurrences if o.editorial and (o.note is None or o.note not in by_paper)]
    if added:
        more = ('<span class="bib-editorial">'
                + _where(added, href_of_note, href_of_anchor, words("cited_by_edition"), words,
                         title_of)
                + "</span>")
        text = f"{text} {more}" if text else f"{html.escape(words('not_cited_by_paper'))} {more}"
    return text or f'<span class="bib-uncited">{html.escape(words("not_cited"))}</span>'


def _where(occurrences: list[Occurrence], href_of_note, href_of_anchor, opening: str,
           words: Words = ENGLISH, title_of=lambda page: page) -> str:
    notes = sorted({o.note for o in occurrences if o.note}, key=lambda n: (len(n), n))
    elsewhere = [o for o in occurrences if not o.note]
    if not notes and not elsewhere:
        return ""
    links = [f'<a href="{html.escape(href_of_note(n))}">{html.escape(n)}</a>' for n in notes]
    text = ""
    if links:
        text = html.escape(opening) + words("one_note" if len(links) == 1 else "several_notes") + _series(links, words)
    if elsewhere:
        # Outside notes: each page once, by its title, at its first use, with how many.
        pages: dict[str, list[Occurrence]] = {}
        for o in elsewhere:
            pages.setdefault(o.page, []).append(o)
        more = _series([f'<a href="{html.escape(href_of_anchor(uses[0]))}">'
                        f'{html.escape(title_of(page))}</a>' + (f" ({len(uses)})" if len(uses) > 1 else "")
                        for page, uses in pages.items()], words)
        text += html.escape(words("also_in") if text else opening) + more
    return text + "."
