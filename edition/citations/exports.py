"""The bibliography for reference managers: BibTeX as written, CSL-JSON and RIS, made from the
same model the site is formatted from. Plain text out (no HTML escaping: these are data files)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from edition.citations.library import Entry
from edition.citations.csl import to_csl

FORMATS = {  # extension -> (name shown to readers, media type)
    "bib": ("BibTeX", "application/x-bibtex"),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
    "ris": ("RIS", "application/x-research-info-systems"),
}
# By the entry's CSL type (edition.citations.csl), so every BibTeX alias has its RIS type.
_RIS_TYPES = {"book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "report": "RPRT",
              "webpage": "ELEC", "document": "GEN", "paper-conference": "CPAPER",
              "thesis": "THES", "patent": "PAT", "periodical": "JFULL", "manuscript": "UNPB"}


# CSL-JSON's rich-text markup (CSL 1.0.2, "Rich text"), which Pandoc writes in titles.
_RICH = re.compile(r'</?(?:i|b|sup|sub|sc)>|<span (?:class="nocase"|style="[^"<>]*")>|</span>')


def entry_file(key: str, ext: str) -> str:
    """Where one entry's export lives in the site, e.g. references/radin2021.ris."""
    return f"references/{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}.{ext}"


def whole_file(ext: str) -> str:
    """Where the whole bibliography lives in the site, e.g. references.ris."""
    return f"references.{ext}"


def bibtex(entries: Iterable[Entry], bibtex_of=lambda entry: entry.raw) -> str:
    """The entries' BibTeX: as written, or (a CSL item) as Pandoc writes it (``bibtex_of``)."""
    return "\n\n".join(bibtex_of(e).strip() for e in entries) + "\n"


def _plain(entry: Entry) -> dict:
    return to_csl(entry, escape=False)


def csl_json(entries: Iterable[Entry], item_of=_plain) -> str:
    """``item_of(entry)``: the entry's CSL-JSON item (the build's: as Pandoc read it)."""
    items = [item_of(e) for e in entries]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def ris(entries: Iterable[Entry], item_of=_plain) -> str:
    return "".join(_ris(e, item_of(e)) for e in entries)


def _ris(entry: Entry, item: dict) -> str:
    article = item["type"] == "article-journal"
    lines = [("TY", _RIS_TYPES.get(item["type"], "GEN"))]
    for role, tag in (("author", "AU"), ("editor", "ED")):
        for name in item.get(role, []):
            # "von der Leyen, Ursula": CSL keeps a name's particles apart from its family name
            family = " ".join(p for p in (name.get("dropping-particle"),
                                          name.get("non-dropping-particle"), name.get("family")) if p)
            lines.append((tag, name.get("literal") or ", ".join(
                p for p in (family, name.get("given"), name.get("suffix")) if p)))
    lines.append(("TI", item.get("title", "")))
    container = item.get("container-title")
    if container:
        lines.append(("JO" if article else "T2", container))
    if item.get("collection-title"):
        lines.append(("T3", item["collection-title"]))
    issued = item.get("issued") if isinstance(item.get("issued"), dict) else {}
    parts = [int(p) for p in (issued.get("date-parts") or [[]])[0] if str(p).lstrip("-").isdigit()]
    if parts:
        lines.append(("PY", str(parts[0])))
        if len(parts) > 1:
            lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    for field, tag in (("publisher", "PB"), ("publisher-place", "CY"), ("volume", "VL"),
                       ("issue", "IS"), ("number", "M1"), ("DOI", "DO"),
                       ("URL", "UR"), ("ISBN", "SN")):
        if item.get(field):
            lines.append((tag, str(item[field])))
    if item.get("page"):
        pages = re.split(r"\s*[-–]+\s*", str(item["page"]), maxsplit=1)
        lines.append(("SP", pages[0]))
        if len(pages) > 1:
            lines.append(("EP", pages[1]))
    if entry.fields.get("note"):
        lines.append(("N1", entry.fields["note"].replace("{", "").replace("}", "")))
    lines.append(("ID", entry.key))
    # RIS is plain text: CSL-JSON's rich-text tags (<i>, <span class="nocase">) are dropped
    body = "".join(f"{tag}  - {' '.join(_RICH.sub('', value).split())}\r\n"
                   for tag, value in lines if value)
    return body + "ER  - \r\n\r\n"
