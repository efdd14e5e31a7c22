"""A PDF's links read back without a PDF library: Chromium (Skia) writes every annotation and the
catalogue's /Dests dictionary as plain objects (only page content is compressed), so the
objects' text is enough to tell where each link goes and whether that place exists."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = rb"/([^\s/\[\]<>()]+)"


@dataclass
class Links:
    internal: list[str]   # the named destination of each link within the document, in order
    uri: list[str]        # the address of each link out of it
    defined: set[str]     # the named destinations the document has

    @property
    def dead(self) -> list[str]:
        return [name for name in self.internal if name not in self.defined]


def _name(raw: bytes) -> str:
    """A PDF name's text (#xx escapes undone)."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8")


def links(data: bytes) -> Links:
    objects = dict(re.findall(rb"(?<!\d)(\d+) 0 obj\s*(.*?)\s*endobj", data, re.S))
    catalog = next(body for body in objects.values() if body.startswith(b"<</Type /Catalog"))
    dests = re.search(rb"/Dests (\d+) 0 R", catalog)
    defined = ({_name(n) for n in re.findall(_NAME + rb"\s*\[", objects[dests.group(1)])}
               if dests else set())
    internal, uri = [], []
    for body in objects.values():
        if not (body.startswith(b"<</Type /Annot") and b"/Subtype /Link" in body):
            continue
        dest = re.search(rb"/Dest " + _NAME, body)
        address = re.search(rb"/URI \(((?:[^()\\]|\\.)*)\)", body, re.S)
        if dest:
            internal.append(_name(dest.group(1)))
        elif address:
            uri.append(address.group(1).decode("latin-1"))
        else:
            internal.append("")  # a link that goes nowhere at all
    return Links(internal, uri, defined)
