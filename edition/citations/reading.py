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
- ``plain``: the item as CSL-JSON (``-t csljson``), for the exports and the page metadata.

Both are cached on disk (.cache/edition/reading.json), keyed by Pandoc's path and version, this
module and the files' text: a rebuild with the same files runs nothing.

Then the edition's own conventions, applied to both forms (``adjust``), each one deliberate and
listed in tests/test_pandoc_parity.py:

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
  the title of an @incollection that has none, and prints the chapter as a book).
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
    key: str = ""                                            # what the reading is cached by
    calls: int = 0


def read(texts: list[str], binary: str, version: str, cache_file: Path | None = None,
         timeout: float = 300) -> Reading:
    """Every entry of the files, as Pandoc reads them (two runs, or none from the cache)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (binary, version, *texts):
        digest.update(b"\0" + part.encode())
    key = digest.hexdigest()
    if cache_file is not None:
        from edition.common import cache
        if cache.usable(cache_file.parent) is not None:
            value = cache.read(cache_file, key, _checked)
            if value is not None:
                return Reading(value["markdown"], value["plain"], key)
    text = _ALIASES.sub(lambda m: "@" + _ALIAS_TYPES[m.group(1).lower()] + m.group(2),
                        "\n\n".join(texts))
    markdown = _front_matter(_run(binary, ["-t", "markdown", "-s", "--wrap=none"], text, timeout))
    plain = _run(binary, ["-t", "csljson"], text, timeout)
    try:
        plain_items = json.loads(plain)
    except ValueError:
        raise ReadingError("Pandoc's CSL-JSON is not JSON") from None
    value = _checked({"markdown": markdown, "plain": plain_items})
    if cache_file is not None:
        from edition.common import cache
        if cache.usable(cache_file.parent) is not None:
            cache.write(cache_file, key, value)
    reading = Reading(value["markdown"], value["plain"], key, calls=2)
    return reading


def _run(binary: str, args: list[str], text: str, timeout: float) -> str:
    try:
        done = subprocess.run([binary, "-f", "biblatex", *args], input=text, capture_output=True,
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
    """{"markdown": {key: item}, "plain": {key: item}}: from Pandoc's lists or the cache."""
    from edition.common.cache import BadCache

    if not isinstance(value, dict) or set(value) != {"markdown", "plain"}:
        raise BadCache("a reading")
    out = {}
    for form in ("markdown", "plain"):
        items = value[form]
        if isinstance(items, list):
            items = {str(item.get("id")): item for item in items if isinstance(item, dict)}
        if not isinstance(items, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) for k, v in items.items()):
            raise BadCache(f"the {form} items")
        out[form] = items
    return out


def _get(item: dict, name: str):
    for key in item:
        if key.lower() == name:
            return key
    return None


def adjust(item: dict, entry: Entry, entries: dict[str, Entry], parent_item=None,
           plain: bool = False) -> dict:
    """The edition's conventions on one of Pandoc's items (see the module's docstring);
    ``plain``: the CSL-JSON form, whose every item has a type (CSL requires one: Pandoc
    leaves a @misc untyped, and the citeproc call keeps it so, as Pandoc renders it)."""
    item = dict(item)
    if plain and not item.get("type"):
        item["type"] = "document"
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
        for variable, fields in _OWN.items():
            name = _get(item, variable)
            if name and not written & set(fields):
                del item[name]
        if "title" not in written:
            for variable in ("title", "title-short"):
                if name := _get(item, variable):
                    del item[name]
        container = _get(item, "container-title")
        if container is None and parent_item and _get(parent_item, "title") \
                and entry.type not in ("book", "mvbook", "collection", "proceedings"):
            item["container-title"] = parent_item[_get(parent_item, "title")]
    return item
