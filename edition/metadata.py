"""How the edition is cited, and what each page tells reference managers and search engines.

The title page's "Cite this edition" box: the edition as a CSL-JSON item, formatted in the
edition's style by the same Pandoc call as the bibliography (``csl.Formatter.prepare``'s extra
items), copied with Material's clipboard button, and downloadable as BibTeX, RIS and CSL-JSON
(made with the bibliography's own exporters: the edition is one more ``Entry``).

Every page's ``<head>``: Highwire Press tags (``citation_*``, read by Google Scholar and Zotero),
one ``citation_reference`` per work the page cites (as Distill does), schema.org JSON-LD (a
``ScholarlyArticle`` whose ``citation`` lists the same works) and Open Graph.

What is not known is never said: the source names no author, title or publisher, so nothing
here has an author or a publisher, and the title is the editor's and says so ("[editorial
title]"). A cited work gets only what its references.bib entry holds. All text is escaped: HTML
attributes with ``html.escape``, JSON in ``<script>`` with ``<``, ``>`` and ``&`` as ``\\u003c``...
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from edition.citations import csl, exports
from edition.citations.csl import to_csl
from edition.citations.library import Entry
from edition.words import ENGLISH, Words

EDITION_TITLE = "{title}: A Scholarly Web Edition"   # the edition of the paper titled {title}
CITE_FILES = {ext: f"cite/edition.{ext}" for ext in exports.FORMATS}   # bib, json, ris
CITE_TEXT_ID = "edition-cite-text"      # the element the copy button copies



@dataclass(frozen=True)
class Edition:
    """What is known about this build of the edition."""

    issued: date              # the build date (SOURCE_DATE_EPOCH)
    title: str = ""           # the edition's title ("<the paper's>: A Scholarly Web Edition")
    key: str = "edition"      # its id in CSL-JSON, its BibTeX key
    authors: tuple[str, ...] = ()   # none, where the source names none
    authors_note: str = ""    # what is said instead, when none is known
    subtitle: str = ""
    license: str = ""
    version: str = ""         # the commit built ("" if not known)
    url: str = ""             # where it is published; "" when not known (a local build)
    language: str = "en"
    site_name: str = ""
    description: str = ""


# -- what a build knows ----------------------------------------------------------------------

def build_date(environ: Mapping[str, str] = os.environ) -> date:
    """The build's date: SOURCE_DATE_EPOCH (the Makefile exports the last commit's), in UTC;
    today only if it is unset or unreadable."""
    try:
        return datetime.fromtimestamp(int(environ.get("SOURCE_DATE_EPOCH", "")), timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return datetime.now(timezone.utc).date()


def git_commit(root: Path) -> str:
    """The short hash of the commit checked out at ``root``, if ``root`` is the top of a git
    working tree ("" otherwise: no git, not a repository, or a copy inside another one)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = done.stdout.split("\n")
    if done.returncode != 0 or len(lines) < 2:
        return ""
    try:
        if Path(lines[0]).resolve() != root.resolve():
            return ""
    except OSError:
        return ""
    return lines[1].strip()


# -- the edition as a work to cite -----------------------------------------------------------

def _bibtex_value(value: str) -> str:
    return value.replace("{", "").replace("}", "")


def edition_entry(edition: Edition) -> Entry:
    """The edition as a BibTeX entry (@online), as references.bib would hold it: its title,
    date, version and, when known, address. No author, no publisher: none is known."""
    fields = {"title": edition.title, "date": edition.issued.isoformat()}
    if edition.authors:
        fields = {"author": " and ".join(edition.authors), **fields}
    if edition.version:
        fields["version"] = edition.version
    if edition.url:
        fields["url"] = edition.url
    # Braces keep a proper noun's capitals and the editor's lower-case "[editorial title]" in a
    # style that changes a title's case.
    shown = {**fields, "title": _protected(edition.title)}
    width = max(len(k) for k in shown)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v if k == 'title' else _bibtex_value(v)}}}"
                      for k, v in shown.items())
    return Entry(edition.key, "online", fields, 1, f"@online{{{edition.key},\n{body},\n}}")


def _protected(title: str) -> str:
    """The title with what a style must not re-case in braces: words with capitals after their
    first letter (acronyms, "McDonald") and the editor's bracketed words."""
    title = re.sub(r"\[[^\]]*\]", lambda m: "{" + m.group(0) + "}", title)
    return re.sub(r"(?<![\w{-])(\w[\w-]*[A-Z][\w-]*)", r"{\1}", title)


def csl_item(edition: Edition, for_pandoc: bool = False) -> dict:
    """The edition as a CSL-JSON item (type webpage). ``for_pandoc``: escaped, and the editor's
    "[editorial title]" kept in lower case when the style title-cases (CSL's nocase span)."""
    item = to_csl(edition_entry(edition), escape=for_pandoc)
    if edition.version:
        item["version"] = html.escape(edition.version, quote=False) if for_pandoc else edition.version
    if for_pandoc:
        item["title"] = re.sub(r"\[([^\]]*)\]", r'[<span class="nocase">\1</span>]',
                               html.escape(edition.title, quote=False))
    return item


def cite_files(edition: Edition) -> dict[str, str]:
    """(site path -> content) of the edition's citation for reference managers."""
    entry = edition_entry(edition)
    return {CITE_FILES["bib"]: exports.bibtex([entry]),
            CITE_FILES["ris"]: exports.ris([entry]),
            CITE_FILES["json"]: json.dumps([csl_item(edition)], ensure_ascii=False, indent=2) + "\n"}


def cite_box_html(reference_html: str, href_of: Callable[[str], str], style_name: str,
                  words: Words = ENGLISH, authors_note: str = "") -> str:
    """The title page's "Cite this edition": the formatted citation (HTML from Pandoc, which
    escapes), Material's copy button (its clipboard.js copies the target's text), the downloads
    (on screen only: paper downloads nothing)."""
    links = " · ".join(
        f'<a href="{html.escape(href_of(CITE_FILES[ext]))}" download type="{media}">{name}</a>'
        for ext, (name, media) in exports.FORMATS.items())
    style = html.escape(words("style", style=style_name)) if style_name else ""
    return ('<div class="edition-cite">'
            f'<p class="edition-cite__reference" id="{CITE_TEXT_ID}">{reference_html}</p>'
            f'<button class="md-clipboard md-icon" type="button" data-clipboard-target="#{CITE_TEXT_ID}" '
            f'title="{html.escape(words("copy"))}"></button></div>'
            + (f'<p class="edition-cite__authors">{html.escape(words("authors_note", note=authors_note))}</p>'
               if authors_note else "") +
            f'<p class="edition-cite__more">{style}<span class="screen-only">'
            f'{html.escape(words("download"))}{links}</span></p>')


def plain_reference(edition: Edition) -> str:
    """What the box shows if the style could not format the item (the build then fails and says
    why): the title and the date, escaped."""
    return f"{html.escape(edition.title)}. {edition.issued.isoformat()}."


# -- what a page cites -----------------------------------------------------------------------

def _date_parts(item: dict) -> list[int]:
    return list(item.get("issued", {}).get("date-parts", [[]])[0])


def _clean(value: str) -> str:
    """One line; a ";" would end a citation_reference field, so it reads ","."""
    return " ".join(str(value).split()).replace(";", ",")


def _person(name: dict) -> str:
    """A CSL name as Highwire writes it: "Family, Given", or the name as written."""
    return name.get("literal") or ", ".join(p for p in (name.get("family"), name.get("given")) if p)


def _per_entry(function):
    """Each work is described once per build however many pages cite it (the Notes page and
    every page whose notes cite it): keyed by the entry as written."""
    results: dict[tuple[str, str], object] = {}

    def described(entry: Entry):
        key = (entry.key, entry.raw)
        if key not in results:
            results[key] = function(entry)
        return results[key]

    described.__doc__ = function.__doc__
    return described


@_per_entry
def reference_content(entry: Entry) -> str:
    """One cited work as a Highwire ``citation_reference``: ``citation_title=...;
    citation_author=...``, with only the fields its entry holds."""
    item = to_csl(entry, escape=False)
    fields: list[tuple[str, str]] = []
    if item.get("title"):
        fields.append(("citation_title", item["title"]))
    fields += [("citation_author", _person(n)) for n in item.get("author", [])]
    parts = _date_parts(item)
    if parts:
        fields.append(("citation_publication_date",
                       "/".join(str(p) if i == 0 else f"{p:02d}" for i, p in enumerate(parts))))
    container = {"article-journal": "citation_journal_title", "chapter": "citation_inbook_title",
                 "paper-conference": "citation_conference_title"}.get(item["type"])
    if container and item.get("container-title"):
        fields.append((container, item["container-title"]))
    if item.get("publisher"):
        name = {"report": "citation_technical_report_institution",
                "thesis": "citation_dissertation_institution"}.get(item["type"], "citation_publisher")
        fields.append((name, item["publisher"]))
    if item.get("issue"):  # an article's number is its issue (edition.citations.csl)
        fields.append(("citation_issue", item["issue"]))
    if item.get("number"):
        fields.append(("citation_technical_report_number", item["number"]))
    if item.get("volume"):
        fields.append(("citation_volume", item["volume"]))
    if item.get("page"):
        pages = re.split(r"\s*[-–]+\s*", item["page"], maxsplit=1)
        fields.append(("citation_firstpage", pages[0]))
        if len(pages) > 1:
            fields.append(("citation_lastpage", pages[1]))
    for csl_field, name in (("DOI", "citation_doi"), ("ISBN", "citation_isbn")):
        if item.get(csl_field):
            fields.append((name, item[csl_field]))
    return "; ".join(f"{name}={_clean(value)}" for name, value in fields if _clean(value))


def _agent(name: dict) -> dict:
    """A CSL name as schema.org: a Person when the entry splits it into family and given names;
    a name written whole ("{UN News}", "{Mo Jingxi}") may be a body or a person, and the entry
    does not say which, so it gets no type."""
    if name.get("literal"):
        return {"name": name["literal"]}
    person = {"@type": "Person",
              "name": " ".join(p for p in (name.get("given"), name.get("family")) if p)}
    if name.get("family"):
        person["familyName"] = name["family"]
    if name.get("given"):
        person["givenName"] = name["given"]
    return person


@_per_entry
def cited_work(entry: Entry) -> dict:
    """One cited work as a schema.org CreativeWork, with only what its entry holds."""
    item = to_csl(entry, escape=False)
    work: dict = {"@type": "CreativeWork"}
    if item.get("title"):
        work["name"] = item["title"]
    if item.get("author"):
        work["author"] = [_agent(n) for n in item["author"]]
    parts = _date_parts(item)
    if parts:
        work["datePublished"] = "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))
    if item.get("container-title"):
        work["isPartOf"] = {"@type": "CreativeWork", "name": item["container-title"]}
    if item.get("URL"):
        work["url"] = item["URL"]
    if item.get("DOI"):
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": item["DOI"]}
    return work


# -- a page's <head> ---------------------------------------------------------------------------

def page_title(title: str | None, edition: Edition) -> str:
    """A page's title as cited: the page's own, then the edition's (the title page: the edition's)."""
    return f"{title} — {edition.title}" if title else edition.title


def highwire(title: str | None, edition: Edition, works: Iterable[Entry], url: str = "") -> list[tuple[str, str]]:
    """The page's Highwire Press tags (name, content); a citation_author only where one is known."""
    tags = [("citation_title", page_title(title, edition))]
    tags += [("citation_author", name) for name in edition.authors]
    tags += [("citation_publication_date", edition.issued.strftime("%Y/%m/%d")),
             ("citation_language", edition.language)]
    if url:
        tags.append(("citation_public_url", url))
    tags += [("citation_reference", reference_content(entry)) for entry in works]
    return tags


def open_graph(title: str | None, edition: Edition, url: str = "") -> list[tuple[str, str]]:
    """The page's Open Graph properties (property, content)."""
    tags = [("og:title", page_title(title, edition)), ("og:type", "article")]
    if edition.description:
        tags.append(("og:description", edition.description))
    if edition.site_name:
        tags.append(("og:site_name", edition.site_name))
    if url:
        tags.append(("og:url", url))
    return tags


def json_ld(title: str | None, edition: Edition, works: Iterable[Entry], url: str = "") -> dict:
    """The page as a schema.org ScholarlyArticle, part of the edition. It has no ``author``:
    the source names none."""
    part_of: dict = {"@type": "CreativeWork", "name": edition.title}
    if edition.version:
        part_of["version"] = edition.version
    if edition.url:
        part_of["url"] = edition.url
    name = title or edition.title
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": name,
                  "headline": name, "inLanguage": edition.language,
                  "datePublished": edition.issued.isoformat(), "isPartOf": part_of}
    if edition.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in edition.authors]
    if edition.subtitle:
        data["alternativeHeadline"] = edition.subtitle
    if edition.license:
        data["license"] = edition.license
    if url:
        data["url"] = url
    citations = [cited_work(entry) for entry in works]
    if citations:
        data["citation"] = citations
    return data


def script_json(data: dict) -> str:
    """JSON that cannot end its <script> or open a comment in it: <, > and & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head_tags(title: str | None, edition: Edition, works: Iterable[Entry], url: str = "") -> list[str]:
    """Every tag this module adds to a page's <head>, escaped. ``title``: the page's own title
    (None on the title page); ``works``: the entries it cites; ``url``: its address, if known."""
    works = list(works)
    tags = [f'<meta name="{name}" content="{html.escape(content)}">'
            for name, content in highwire(title, edition, works, url)]
    tags += [f'<meta property="{prop}" content="{html.escape(content)}">'
             for prop, content in open_graph(title, edition, url)]
    tags.append(f'<script type="application/ld+json">{script_json(json_ld(title, edition, works, url))}'
                "</script>")
    return tags


def inject_head(page_html: str, tags: list[str]) -> str:
    """``tags`` placed just before the page's ``</head>``, one a line, indented as its others."""
    end = page_html.find("</head>")
    if end < 0:
        return page_html
    line = page_html.rfind("\n", 0, end) + 1
    indent = page_html[line:end] if not page_html[line:end].strip() else ""
    if not indent and line != end:
        line = end
    lines = "".join(f"{indent}  {tag}\n" for tag in tags)
    return page_html[:line] + lines + page_html[line:]


# -- one build -------------------------------------------------------------------------------

class MetadataBuild:
    """The edition as a work to cite, formatted in the configured style by its own small Pandoc
    call (cached apart from the bibliography's: it changes with every commit, which names it)."""

    def __init__(self, edition: Edition, formatter: csl.Formatter, words: Words = ENGLISH):
        self.edition, self.formatter, self.words = edition, formatter, words

    @classmethod
    def load(cls, project, config, style: Path) -> MetadataBuild:
        edition = Edition(
            issued=date.fromisoformat(project.date) if project.date else build_date(),
            title=EDITION_TITLE.format(title=project.title),
            key=f"{project.bundle_name}-edition",
            authors=project.authors, authors_note=project.authors_note,
            subtitle=project.subtitle, license=project.license,
            # The commit built; none without git (the build date, already given, read as a
            # range in CSL: "Versions 2023-06-01").
            version=git_commit(project.root),
            url=config.get("site_url") or "",
            language=project.language,
            site_name=config.get("site_name") or "",
            description=config.get("site_description") or "")
        formatter = csl.Formatter(project.cache / "edition-citation.json", style,
                                  project.csl_locale or csl.LOCALE)
        return cls(edition, formatter, project.words)

    def prepare(self) -> None:
        try:
            self.formatter.prepare([], [], extra=[csl_item(self.edition, for_pandoc=True)])
        except csl.StyleError:
            pass  # the citations tell it; the cite box falls back to a plain reference

    def cite_box(self, place) -> str:
        reference = self.formatter.reference(self.edition.key)
        return cite_box_html(reference or plain_reference(self.edition), place.site_href,
                             csl.style_title(self.formatter.style), self.words,
                             "" if self.edition.authors else self.edition.authors_note)

    def cite_files(self) -> dict[str, str]:
        return cite_files(self.edition)

    def head_tags(self, title: str | None, works, url: str = "") -> list[str]:
        return head_tags(title, self.edition, works, url)
