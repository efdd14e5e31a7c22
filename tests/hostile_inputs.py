"""Hostile inputs in every field an editor controls, for tests/test_hostile_inputs.py.

Each payload calls ``__pwn(N)``: N names the field and the kind of payload it stands in, so a
payload that runs says which one it was (the browser defines ``__pwn`` before any script of the
page). A Jinja payload that a template evaluated leaves "pwnd" in the HTML instead.

``plant(project, kinds)`` writes one payload of each kind into each field of a copy of the
project and returns where each stands (file and lines), so that the build's messages can be
matched to the payloads they refuse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

MARK = "__pwn"
JINJA_RESULT = "pwnd"

# The payload kinds of issue 20, each as it would stand in HTML or Markdown text. J is the call
# that reports a run.
KINDS = {
    "script": "<script>J</script>",
    "handler": '<img src=x onerror="J"><b onmouseover="J" onfocus="J" tabindex="0">h</b>',
    "javascript-url": "javascript:J",
    "comment": '<!--><img src=x onerror="J">--> <!-- --!><b onmouseover="J">c</b>',
    "entity": '&lt;img src=x onerror="J"&gt; &#60;script&#62;J&#60;/script&#62;',
    "svg-mathml": ('<svg onload="J"><script>J</script></svg>'
                   '<math><mtext><table><mglyph><style><img src=x onerror="J">'),
    "css": '<span style="background:url(javascript:J)">c</span>',
    "jinja": '{{ "pw" ~ "nd" }}{% if 1 %}<img src=x onerror="J">{% endif %}',
}

# Where a field is an attribute list or an address, each kind in the form it takes there.
ATTRIBUTE_LISTS = {
    "script": "{: title='\"><script>J</script>' }",
    "handler": '{: onmouseover="J" onfocus="J" tabindex="0" }',
    "javascript-url": '{: href="javascript:J" }',
    "comment": "{: title=\"<!-->\" onfocus=\"J\" }",
    "entity": '{: title="&quot;&gt;&lt;img src=x onerror=J&gt;" }',
    "svg-mathml": "{: data-x='<svg onload=J>' }",
    "css": '{: style="background:url(javascript:J)" }',
    "jinja": "{: title='{{ \"pw\" ~ \"nd\" }}' }",
}
ADDRESSES = {
    "script": "data:text/html,<script>J</script>",
    "handler": 'https://example.org/" onmouseover="J',
    "javascript-url": "javascript:J",
    "comment": "javascript:/*<!-->*/J",
    "entity": "&#x6A;avascript:J",
    "svg-mathml": "data:image/svg+xml,<svg onload=J>",
    "css": "javascript:J",
    "jinja": "{{ 'javascript:' ~ 'J' }}",
}


@dataclass(frozen=True)
class Plant:
    id: int
    field: str
    kind: str
    file: str      # as the build names it (docs/x.md, references.bib, mkdocs.yml, ...)
    lines: tuple[int, int]  # first and last line the payload (or its entry) stands on

    def __str__(self) -> str:
        return f"{self.field} / {self.kind} ({self.file}:{self.lines[0]})"


class Planter:
    def __init__(self, project: Path, kinds: dict[str, set[str]]):
        self.project = project
        self.kinds = kinds  # field -> the kinds to plant in it
        self.plants: list[Plant] = []
        self.count = 0

    def payload(self, field: str, kind: str, template: str | None = None) -> tuple[int, str]:
        self.count += 1
        n = self.count
        return n, (template or KINDS[kind]).replace("J", f"{MARK}({n})")

    def wants(self, field: str) -> list[str]:
        return sorted(self.kinds.get(field, ()))

    def add(self, n: int, field: str, kind: str, file: str, first: int, last: int | None = None) -> None:
        self.plants.append(Plant(n, field, kind, file, (first, last or first)))


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def _append(path: Path, block: str) -> tuple[int, int]:
    """Append ``block`` as paragraphs of its own; the lines it stands on."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    path.write_text(text + block.rstrip("\n") + "\n", encoding="utf-8")
    return first, first + block.rstrip("\n").count("\n")


# --- the fields --------------------------------------------------------------------------------

PAGE_FIELDS = ("page body", "raw HTML block", "attribute list", "link target",
               "reference link", "front-matter title", "front-matter description")
PAPER_FIELDS = ("remark {{ed:}}", "gap {{gap:}}")
BIB_FIELDS = ("author", "editor", "title", "booktitle", "publisher", "address", "edition",
              "note", "howpublished", "url", "doi")
GLOSSARY_FIELDS = ("glossary term", "glossary expansion", "glossary definition",
                   "glossary forms", "glossary link")
LEDGER_FIELDS = ("ledger why",)
MAP_FIELDS = ("citation map slip",)
NAME_FIELDS = ("file name",)
CONFIG_FIELDS = ("site_name", "site_description", "copyright", "nav title", "metadata title",
                 "metadata subject", "metadata keywords", "metadata authors_note",
                 "cross-reference kind", "palette toggle name")
FIELDS = (PAGE_FIELDS + PAPER_FIELDS + BIB_FIELDS + GLOSSARY_FIELDS + LEDGER_FIELDS
          + MAP_FIELDS + NAME_FIELDS + CONFIG_FIELDS)


def every_kind() -> dict[str, set[str]]:
    return {field: set(KINDS) for field in FIELDS}


def page_name(kind: str) -> str:
    return f"hostile-{kind}.md"


def plant(project: Path, kinds: dict[str, set[str]]) -> list[Plant]:
    """Plant the payloads ``kinds`` names (field -> kinds) into ``project``."""
    p = Planter(project, kinds)
    pages = sorted({k for f in PAGE_FIELDS + BIB_FIELDS + GLOSSARY_FIELDS + ("nav title",)
                    for k in p.wants(f)})
    for kind in pages:
        _page(p, kind)
    _paper(p)
    _bib(p, pages)
    _glossary(p, pages)
    _ledger(p)
    _citation_map(p)
    _file_names(p)
    _config(p, pages)
    return sorted(p.plants, key=lambda plant: plant.id)


def _page(p: Planter, kind: str) -> None:
    """One page per kind: its front matter, body, raw HTML, attribute lists and links."""
    name = page_name(kind)
    rel = f"docs/{name}"
    lines = ["---"]
    for field, key in (("front-matter title", "title"), ("front-matter description", "description")):
        if kind in p.wants(field):
            n, text = p.payload(field, kind)
            p.add(n, field, kind, rel, len(lines) + 1)
            lines.append(f"{key}: {json.dumps(text)}")
    if len(lines) == 1:
        lines = []
    else:
        lines.append("---")
    lines += ["", f"# Hostile {kind}", ""]
    # The payloads' works are cited, their terms used, before any payload of the page (an
    # unclosed <style> would hide them from the build, and their own payloads from the test).
    if kind in {k for f in BIB_FIELDS for k in p.wants(f)}:
        lines += [f"A work is cited [@pwn-{kind}], and narratively @pwn-{kind}.", ""]
    if kind in {k for f in GLOSSARY_FIELDS for k in p.wants(f)}:
        lines += [f"The term Zqterm{_kind_word(kind)} is used here.", ""]

    def para(field: str, template: str | None = None, fmt: str = "{}") -> None:
        if kind not in p.wants(field):
            return
        n, text = p.payload(field, kind, template)
        block = fmt.format(text)
        p.add(n, field, kind, rel, len(lines) + 1, len(lines) + block.count("\n") + 1)
        lines.extend(block.split("\n") + [""])

    para("page body", fmt="Words before {} and after.")
    para("raw HTML block", fmt="<div>{}</div>")
    para("attribute list", ATTRIBUTE_LISTS[kind], fmt="A paragraph with attributes.\n{}")
    para("link target", ADDRESSES[kind], fmt="A [link]({}) in words.")
    para("reference link", ADDRESSES[kind], fmt="A [reference link][hostile].\n\n[hostile]: {}")
    (p.project / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _kind_word(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("-"))


def _paper(p: Planter) -> None:
    """Remarks and gaps on the paper's own pages: the introduction's end."""
    path = p.project / "docs/introduction.md"
    for field, mark in (("remark {{ed:}}", "ed"), ("gap {{gap:}}", "gap")):
        for kind in p.wants(field):
            n, text = p.payload(field, kind)
            first, last = _append(path, f"{{{{{mark}: {text}}}}}")
            p.add(n, field, kind, "docs/introduction.md", first, last)


def _bib(p: Planter, pages: list[str]) -> None:
    path = p.project / "references.bib"
    for kind in sorted({k for f in BIB_FIELDS for k in p.wants(f)}):
        fields = [("year", "2024")]
        lines = [f"@incollection{{pwn-{kind},"]
        start = path.read_text(encoding="utf-8").rstrip("\n").count("\n") + 3
        for field in BIB_FIELDS:
            if kind not in p.wants(field):
                continue
            template = ADDRESSES[kind] if field in ("url", "doi") else None
            n, text = p.payload(field, kind, template)
            if field in ("author", "editor"):
                text = f"{{{text}}}"  # braced whole: one name, as written
            p.add(n, field, kind, "references.bib", start + len(lines))
            fields.append((field, text))
        body = ",\n".join(f"  {name:<12}= {{{value}}}" for name, value in fields)
        _append(path, "\n".join(lines) + "\n" + body + "\n}")


def _glossary(p: Planter, pages: list[str]) -> None:
    path = p.project / "glossary.yml"
    for kind in sorted({k for f in GLOSSARY_FIELDS for k in p.wants(f)}):
        word = f"Zqterm{_kind_word(kind)}"
        entry: dict[str, object] = {"term": word, "expansion": f"Zq {kind}",
                                    "definition": f"A hostile {kind} entry."}
        ids = {}
        for field in GLOSSARY_FIELDS:
            if kind not in p.wants(field):
                continue
            template = ADDRESSES[kind] if field == "glossary link" else None
            n, text = p.payload(field, kind, template)
            ids[field] = n
            if field == "glossary term":
                continue  # an entry of its own below
            key = field.removeprefix("glossary ")
            entry[key] = [text] if key == "forms" else text
        block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
        first, last = _append(path, block)
        for field, n in ids.items():
            if field != "glossary term":
                p.add(n, field, kind, "glossary.yml", first, last)
        if "glossary term" in ids:
            n = ids["glossary term"]
            text = KINDS[kind].replace("J", f"{MARK}({n})")
            block = yaml.safe_dump([{"term": text, "expansion": "x", "definition": "y."}],
                                   allow_unicode=True, sort_keys=False, width=10_000)
            first, last = _append(path, block)
            p.add(n, "glossary term", kind, "glossary.yml", first, last)


def _entries(path: Path) -> list[tuple[int, int]]:
    """The first and last line of each '- ' entry of a YAML list."""
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i + 1 for i, line in enumerate(lines) if line.startswith("- ")]
    return [(s, (starts[j + 1] - 1) if j + 1 < len(starts) else len(lines))
            for j, s in enumerate(starts)]


def _ledger(p: Planter) -> None:
    """A ledger entry's ``why``, shown on the About page's table of emendations."""
    path = p.project / "source/emendations.yml"
    for i, kind in enumerate(p.wants("ledger why")):
        text = path.read_text(encoding="utf-8")
        first, last = _entries(path)[i]
        lines = text.split("\n")
        at = next(j for j in range(first - 1, last) if lines[j].startswith("  why:"))
        n, payload = p.payload("ledger why", kind)
        lines[at] = f"  why: {json.dumps(payload)}"
        path.write_text("\n".join(lines), encoding="utf-8")
        p.add(n, "ledger why", kind, "source/emendations.yml", at + 1)


def _citation_map(p: Planter) -> None:
    """A citation's ``slip``, shown on the About page's citation map."""
    path = p.project / "source/citation-map.yml"
    for i, kind in enumerate(p.wants("citation map slip")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        texts = [j for j, line in enumerate(lines) if line.startswith("- text:")]
        at = texts[i]
        end = next((j for j in range(at + 1, len(lines)) if not lines[j].startswith("  ")), len(lines))
        body = [line for line in lines[at + 1:end] if not line.startswith("  slip:")]
        n, payload = p.payload("citation map slip", kind)
        lines[at + 1:end] = [f"  slip: {json.dumps(payload)}"] + body
        path.write_text("\n".join(lines), encoding="utf-8")
        p.add(n, "citation map slip", kind, "source/citation-map.yml", at + 2)


def _file_names(p: Planter) -> None:
    for kind in p.wants("file name"):
        n, payload = p.payload("file name", kind)
        name = payload.replace("/", "") + ".md"
        (p.project / "docs" / name).write_text(f"# {kind}\n", encoding="utf-8")
        shown = f"docs/{name}".encode("unicode_escape").decode("ascii")
        p.add(n, "file name", kind, shown, 1)


def _config(p: Planter, pages: list[str]) -> None:
    """mkdocs.yml's values: each holds every kind at once (one site has one site_name); the
    nav gives each hostile page a title of its own kind."""
    path = p.project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")

    def value(field: str) -> str:
        parts = []
        for kind in p.wants(field):
            n, payload = p.payload(field, kind)
            parts.append((n, kind, payload))
        return parts

    def set_line(field: str, pattern: str, make) -> None:
        parts = value(field)
        if not parts:
            return
        at = next(i for i, line in enumerate(lines) if re.match(pattern, line))
        lines[at] = make(lines[at], "Edition " + " ".join(payload for _, _, payload in parts))
        for n, kind, _ in parts:
            p.add(n, field, kind, "mkdocs.yml", at + 1)

    # folded values to one line first, so that the lines told below stay right
    for key, indent in (("site_description:", "  "), ("      subject:", "        "),
                        ("      keywords:", "                 ")):
        at = next(i for i, line in enumerate(lines) if line.startswith(key))
        lines[at] = key + (" [NATO]" if "keywords" in key else " x")
        while lines[at + 1].startswith(indent):
            del lines[at + 1]

    # the hostile pages in the nav, each titled with a payload of its kind
    at = next(i for i, line in enumerate(lines) if line.startswith("  - About this edition:"))
    for kind in pages:
        title = f"Hostile {kind}"
        if kind in p.wants("nav title"):
            n, payload = p.payload("nav title", kind)
            title = payload
            p.add(n, "nav title", kind, "mkdocs.yml", at + 2)
        at += 1
        lines.insert(at, f"  - {json.dumps(title)}: {page_name(kind)}")
    def scalar(key: str):
        return lambda line, v: re.sub(r"^(\s*" + key + r":).*$", lambda m: f"{m.group(1)} {json.dumps(v)}", line)
    set_line("site_name", r"^site_name:", scalar("site_name"))
    set_line("site_description", r"^site_description:", scalar("site_description"))
    set_line("copyright", r"^copyright:", scalar("copyright"))
    set_line("metadata title", r"^      title:", scalar("title"))
    set_line("metadata subject", r"^      subject:", scalar("subject"))
    set_line("metadata keywords", r"^      keywords:",
             lambda line, v: f"      keywords: {json.dumps(['NATO', v])}")
    set_line("metadata authors_note", r"^      authors_note:",
             lambda line, v: f"      authors_note: {json.dumps(v)}")
    set_line("cross-reference kind", r"^      rec:", scalar("rec"))
    set_line("palette toggle name", r"^        name: Switch to dark mode", scalar("name"))
    path.write_text("\n".join(lines), encoding="utf-8")
