"""The bibliography as Pandoc reads it: BibTeX/BibLaTeX -> CSL items, by Pandoc's own reader.

Pandoc's BibLaTeX reader (the one ``pandoc --citeproc --bibliography refs.bib`` uses) is the
reference mapping from BibTeX to CSL: every entry type, ``@string`` macros, ``crossref`` and
``xdata``, LaTeX accents and commands, ``langid`` (a title is re-cased for English only), date
ranges, ``eprint``, ``howpublished``. The edition runs it once over every bibliography file
(concatenated, so a crossref may cross files) and keeps two forms of each item:

- ``markdown``: the item as Pandoc writes it in a document's YAML (``-t markdown``), every value
  Pandoc Markdown. Read back by the citeproc call, it is exactly what Pandoc read: braced
  ``{iPhone}`` stays ``[iPhone]{.nocase}``, ``$\\alpha$`` stays math. (Pandoc's CSL-JSON writer
  drops both.)
- ``plain``: the item as CSL-JSON (``-t csljson``), for the exports (whose titles are then the
  .bib's own: csl.Formatter.exported).

Both are cached on disk (.cache/edition/reading.json), keyed by Pandoc's path and version, this
module and the files' text: a rebuild with the same files runs nothing.

Then the edition's own conventions, applied to both forms (``adjust``), each one deliberate and
listed in tests/test_pandoc_parity.py:

- a @techreport with no ``type`` is a "Technical report", as BibLaTeX and BibTeX print it
  (Pandoc reads it as a report of no kind);
- ``howpublished`` that is a web address is the work's URL, not its publisher (Pandoc prints
  it as the publisher, capitalised at the start of a sentence: "Https://...");
- a DOI written as a URL is the bare DOI (Pandoc would print "https://doi.org/https://doi.org/");
- an entry with ``x-status`` is the edition's research: its ``note`` is the research record,
  shown under the status notice (partial, unidentified) and not printed in the reference;
- the same name twice in a publisher list (a chapter that writes its volume's publisher as its
  institution) is one name;
- a work that names its volume in ``crossref`` keeps what identifies or describes the volume
  itself for the volume (its DOI, URL, note, pages, abstract) and never takes the volume's title
  as its own: the volume's title is the container's (Pandoc, as Biber, makes a @book's title
  the title of an @incollection that has none, and prints the chapter as a book; the library
  warns of such a chapter);
- in CSL-JSON, a work Pandoc leaves untyped (@misc) is a "document" (CSL requires a type; the
  citeproc call keeps it untyped, as Pandoc renders it).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from edition.citations.library import Entry

_DOI_URL = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*)", re.I)
# BibTeX fields whose value stays the volume's (library._NOT_INHERITED), by the CSL variable
# Pandoc maps them to: dropped from a child that does not write one of the fields itself.
_OWN = {"doi": ("doi",), "url": ("url", "eprint", "howpublished"), "note": ("note", "addendum"),
        "page": ("pages",), "number-of-pages": ("pagetotal",), "accessed": ("urldate",),
        "abstract": ("abstract",), "keyword": ("keywords",)}


# BibTeX's aliases that Pandoc's BibLaTeX reader takes for unknown types (an untyped work, its
# booktitle dropped): read as the type they stand for.
_ALIAS_TYPES = {"conference": "inproceedings", "electronic": "online"}
_ALIASES = re.compile(r"@(conference|electronic)(\s*[{(])", re.I)
WEB = ("http://", "https://", "ftp://")


class ReadingError(Exception):
    """Pandoc could not read the bibliography files (a broken file: told by the library)."""


@dataclass
class Reading:
    markdown: dict[str, dict] = field(default_factory=dict)  # key -> item, values Pandoc Markdown
    plain: dict[str, dict] = field(default_factory=dict)     # key -> CSL-JSON item
    bibtex: dict[str, str] = field(default_factory=dict)     # key -> BibLaTeX, for CSL items
    key: str = ""                                            # what the reading is cached by
    calls: int = 0


def read(sources: list, binary: str, version: str, cache_file: Path | None = None,
         timeout: float = 300) -> Reading:
    """Every entry of the files, as Pandoc reads them (a few runs, or none from the cache).
    ``sources``: (format, text) of each file, the format "biblatex", "csljson" or "yaml" (a
    text alone is BibLaTeX)."""
    sources = [("biblatex", s) if isinstance(s, str) else tuple(s) for s in sources]
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (binary, version, *(f"{kind}\0{text}" for kind, text in sources)):
        digest.update(b"\0" + part.encode())
    key = digest.hexdigest()
    if cache_file is not None:
        from edition.common import cache
        if cache.usable(cache_file.parent) is not None:
            value = cache.read(cache_file, key, _checked)
            if value is not None:
                return Reading(value["markdown"], value["plain"], value["bibtex"], key)
    reading = Reading(key=key)
    bib = [text for kind, text in sources if kind == "biblatex"]
    if bib:
        text = _ALIASES.sub(lambda m: "@" + _ALIAS_TYPES[m.group(1).lower()] + m.group(2),
                            "\n\n".join(bib))
        markdown = _front_matter(_run(binary, ["-f", "biblatex", "-t", "markdown", "-s",
                                               "--wrap=none"], text, timeout))
        plain = _json(_run(binary, ["-f", "biblatex", "-t", "csljson"], text, timeout))
        reading.calls += 2
        _add(reading, markdown, plain)
    for kind, reader in (("csljson", "csljson"), ("yaml", "markdown")):
        items = _csl_items(sources, kind)
        if not items:
            continue
        # CSL items as Pandoc reads a .json or .yaml bibliography (a YAML value is Pandoc
        # Markdown, a CSL-JSON value CSL's rich text): the Markdown form, CSL-JSON, and BibLaTeX
        # for the entry's .bib download.
        text = json.dumps(items, ensure_ascii=False) if kind == "csljson" else \
            "---\n" + json.dumps({"references": items}, ensure_ascii=False) + "\n---\n"
        markdown = _front_matter(_run(binary, ["-f", reader, "-t", "markdown", "-s",
                                               "--wrap=none"], text, timeout))
        plain = _json(_run(binary, ["-f", reader, "-t", "csljson"], text, timeout))
        bibtex = _run(binary, ["-f", reader, "-t", "biblatex"], text, timeout)
        reading.calls += 3
        _add(reading, markdown, plain)
        for chunk in re.split(r"\n(?=@)", bibtex.strip()):
            found = re.match(r"@\w+\{([^,]+),", chunk)
            if found:
                reading.bibtex[found.group(1)] = chunk.strip() + "\n"
    value = _checked({"markdown": reading.markdown, "plain": reading.plain,
                      "bibtex": reading.bibtex})
    if cache_file is not None:
        from edition.common import cache
        if cache.usable(cache_file.parent) is not None:
            cache.write(cache_file, key, value)
    return reading


def _add(reading: Reading, markdown: list, plain: list) -> None:
    for form, items in ((reading.markdown, markdown), (reading.plain, plain)):
        for item in items:
            if isinstance(item, dict) and "id" in item:
                form.setdefault(str(item["id"]), item)


def _json(text: str) -> list:
    try:
        value = json.loads(text)
    except ValueError:
        raise ReadingError("Pandoc's CSL-JSON is not JSON") from None
    return value if isinstance(value, list) else []


def _csl_items(sources: list, kind: str) -> list[dict]:
    """The items of the CSL-JSON (``kind`` "csljson") or CSL YAML ("yaml") files, as one list
    (a file that is not one is told by the library, and skipped here). YAML is read with every
    value a string, as Pandoc reads a YAML bibliography's values: as Markdown."""
    import yaml

    items: list = []
    for written, text in sources:
        if written != kind:
            continue
        try:
            value = json.loads(text) if kind == "csljson" else \
                yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - strings only
        except Exception:  # noqa: BLE001 - told by edition.citations.library
            continue
        if isinstance(value, dict):
            value = value.get("references")
        if isinstance(value, list):
            items += [item for item in value if isinstance(item, dict) and item.get("id")]
    return items


def _run(binary: str, args: list[str], text: str, timeout: float) -> str:
    try:
        done = subprocess.run([binary, *args], input=text, capture_output=True,
                              text=True, encoding="utf-8", timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ReadingError(f"Pandoc did not read the bibliography within {timeout:g} s") from None
    except OSError as error:
        raise ReadingError(f"Pandoc could not be run: {error}") from None
    if done.returncode != 0:
        raise ReadingError(" ".join(done.stderr.split())[:300] or "Pandoc could not read it")
    return done.stdout


def _front_matter(output: str) -> list:
    """The ``references`` of Pandoc's YAML front matter, every scalar a string (BaseLoader: a
    date stays "2020-05", an issue "2", as Pandoc wrote them)."""
    import yaml

    match = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\s*\n", output, re.S)
    if not match:
        return []  # no entries
    try:
        meta = yaml.load(match.group(1), Loader=yaml.BaseLoader)  # noqa: S506 - strings only
    except yaml.YAMLError as error:
        raise ReadingError(f"Pandoc's YAML could not be read: {error}") from None
    return meta.get("references", []) if isinstance(meta, dict) else []


def _checked(value) -> dict:
    """{"markdown": {key: item}, "plain": {key: item}, "bibtex": {key: text}}."""
    from edition.common.cache import BadCache

    if not isinstance(value, dict) or set(value) != {"markdown", "plain", "bibtex"}:
        raise BadCache("a reading")
    for form in ("markdown", "plain"):
        items = value[form]
        if not isinstance(items, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) for k, v in items.items()):
            raise BadCache(f"the {form} items")
    if not isinstance(value["bibtex"], dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value["bibtex"].items()):
        raise BadCache("the BibLaTeX of CSL items")
    return value


def _get(item: dict, name: str):
    for key in item:
        if key.lower() == name:
            return key
    return None


# A link Pandoc made from the .bib (\url{...}, \href{...}{...}) to an address that is not on
# the web: its text stays, the link goes (only web addresses become links; the page's policy
# would refuse it, and with it the build).
_NOT_WEB = r"(?!(?:https?|ftp|mailto):)[A-Za-z][\w+.-]*:"
_AUTOLINK = re.compile(rf"<({_NOT_WEB}[^<>\s]*)>")
_INLINE_LINK = re.compile(rf"(?<!\\)\[([^\]]*)\]\(\s*<?{_NOT_WEB}[^)]*\)(?:\{{[^}}]*\}})?")


def _unlinked(value):
    if isinstance(value, str):
        return _INLINE_LINK.sub(r"\1", _AUTOLINK.sub(lambda m: m.group(1), value))
    if isinstance(value, list):
        return [_unlinked(v) for v in value]
    if isinstance(value, dict):
        return {k: _unlinked(v) for k, v in value.items()}
    return value


def adjust(item: dict, entry: Entry, entries: dict[str, Entry], parent_item=None,
           plain: bool = False) -> dict:
    """The edition's conventions on one of Pandoc's items (see the module's docstring);
    ``plain``: the CSL-JSON form, whose every item has a type (CSL requires one: Pandoc
    leaves a @misc untyped, and the citeproc call keeps it so, as Pandoc renders it)."""
    item = dict(item) if plain else _unlinked(item)
    if plain and not item.get("type"):
        item["type"] = "document"
    if entry.type == "techreport" and not entry.fields.get("type") and not item.get("genre"):
        item["genre"] = "Technical report"  # what BibLaTeX and BibTeX print; Pandoc drops it
    publisher = _get(item, "publisher")
    if publisher and re.fullmatch(r"<?(?:https?|ftp)://[^\s<>]+>?", str(item[publisher])):
        # howpublished = {\url{https://...}} is where, not who: Pandoc prints it as the
        # publisher, capitalised ("Https://...") at the start of a sentence
        address = str(item.pop(publisher)).strip("<>")
        if not _get(item, "url"):
            item["URL" if plain else "url"] = address
    doi = _get(item, "doi")
    if doi and isinstance(item[doi], str):
        item[doi] = _DOI_URL.sub("", item[doi]).strip()
    if "x-status" in entry.fields and (note := _get(item, "note")):
        del item[note]
    url = _get(item, "url")
    if url and not str(item[url]).lower().startswith(WEB):
        del item[url]  # told by the library: only web addresses become links
    for variable in ("publisher", "publisher-place"):
        # A chapter that writes its volume's publisher as its institution (or the other way
        # round) is one publisher, not "X; X" (Pandoc joins the fields as a list).
        if (name := _get(item, variable)) and isinstance(item[name], str) and "; " in item[name]:
            item[name] = "; ".join(dict.fromkeys(item[name].split("; ")))
    parent_key = entry.fields.get("crossref", "").strip()
    if parent_key and parent_key in entries:
        written = {name for name in entry.fields if name not in entry.inherited}
        parent = entries[parent_key].fields
        for variable, fields in _OWN.items():
            name = _get(item, variable)
            if name and not written & set(fields) and set(parent) & set(fields):
                del item[name]
        if "title" not in written and "title" in parent:
            for variable in ("title", "title-short"):
                if name := _get(item, variable):
                    del item[name]
        container = _get(item, "container-title")
        if container is None and parent_item and _get(parent_item, "title") \
                and entry.type not in ("book", "mvbook", "collection", "proceedings"):
            item["container-title"] = parent_item[_get(parent_item, "title")]
    return item
