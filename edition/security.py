"""The trust boundary: what a page may contain, checked where the editor wrote it, and the
Content-Security-Policy every built page carries.

The edition takes its text from pull requests. Nothing an editor writes may run script in a
reader's browser: so the build allows only the HTML the edition itself uses, and every other
tag, attribute, class, link scheme, comment or front-matter key is a located error (never a
silent strip). CONTRIBUTING.md, "What a page may contain", says the same for editors.

Three layers:

- the sources as written (``source_problems``): file names, HTML comments (browsers close
  ``<!-->``, ``<!--->`` and ``--!>`` early, so only the edition's slots ``<!-- edition:NAME -->``
  are allowed), front-matter keys and values, paragraphs whose unclosed ``[`` would make
  Python-Markdown's link parser quadratic, lists nested past its recursion; and mkdocs.yml's
  text that Material writes raw into every page (``config_problems``);
- each page's HTML as Python-Markdown renders it (``content_problems``), which sees exactly what
  raw HTML, attribute lists, links and editorial marks turn into: tags, attributes and classes
  from allow-lists, no ``on*`` handler, link targets http, https, mailto or relative;
- the final page (``with_policy``): a ``<meta http-equiv="Content-Security-Policy">`` whose
  ``script-src`` is ``'self'`` plus the hashes of the inline scripts the page actually has,
  with ``object-src 'none'`` and ``base-uri 'none'``. Whatever got past the checks cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from edition.common import scan
from edition.common.diagnostics import Diagnostic
from edition.common.text import LineIndex

HINT = "CONTRIBUTING.md, 'What a page may contain'"

# --- file names --------------------------------------------------------------------------------

# What every tool the edition passes a file name to handles: URLs, the zip, the single file,
# the PDF's outline, "Edit this page", shells. Git allows far more; the build refuses the rest.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def file_name_problems(docs_dir: Path, shown: str = "docs") -> list[Diagnostic]:
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        bad = next((part for part in rel.parts if not _SAFE_NAME.fullmatch(part)), None)
        if bad is None or any(p.startswith(".") for p in rel.parts[:-1]):
            continue
        if path.is_dir() and any(not _SAFE_NAME.fullmatch(p) for p in rel.parts[:-1]):
            continue  # told once, at the folder
        problems.append(Diagnostic(
            f"{shown}/{rel.as_posix()}".encode("unicode_escape").decode("ascii"), 1,
            f"the name {bad!r} has characters the edition's tools do not all handle",
            "rename it with letters a-z, A-Z, digits, '-', '_' and '.' only, starting with a "
            f"letter or digit (no spaces, accents or quotes); {HINT}"))
    return problems


def tracked_cache_problems(folder: Path) -> list[Diagnostic]:
    """The build's cache is never part of a commit: a pull request that adds one (despite
    .gitignore) is refused, and the cache is not read (edition/common/cache.py)."""
    from edition.common import cache

    files = cache.tracked(folder)
    if not files:
        return []
    return [Diagnostic(files[0], 1, f"git tracks the build's cache ({len(files)} file"
                       f"{'' if len(files) == 1 else 's'} under .cache/)",
                       "a cache is made by each build and never committed: git rm -r --cached "
                       ".cache (it stays in .gitignore); this build does not read it")]


def output_problem(site_dir: Path) -> Diagnostic | None:
    """The folder the build writes into, if it cannot: a message instead of a traceback."""
    import os

    folder = site_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if os.access(folder, os.W_OK) and (not site_dir.exists() or all(
            os.access(p, os.W_OK) for p in [site_dir, *[d for d in site_dir.rglob("*") if d.is_dir()]])):
        return None
    return Diagnostic(str(site_dir), 1, f"the build cannot write into {folder}",
                      "make it writable (chmod -R u+w), or build elsewhere with --site-dir")


# --- mkdocs.yml: the values the theme and the edition write into every page ----------------

# Material writes site_name, site_description and copyright into the header, <meta> and
# aria-label raw, and the edition sends its metadata to Pandoc: each is plain text.
_CONFIG_TEXT = [("site_name",), ("site_description",), ("site_author",), ("copyright",),
                ("nav", "*title"), ("theme", "palette", "*", "toggle", "name"),
                ("plugins", "edition", "metadata", "title"),
                ("plugins", "edition", "metadata", "subtitle"),
                ("plugins", "edition", "metadata", "authors", "*"),
                ("plugins", "edition", "metadata", "authors_note"),
                ("plugins", "edition", "metadata", "subject"),
                ("plugins", "edition", "metadata", "keywords", "*"),
                ("plugins", "edition", "metadata", "license"),
                ("plugins", "edition", "crossref_kinds", "**")]


def _scalars(node, path):
    """(path, scalar node) of every text under ``node``; a nav's titles as '*title'; the
    plugins' list form read as the mapping form."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if path[:1] == ("nav",):
                yield path + ("*title",), key
                yield from _scalars(value, path)
            else:
                yield from _scalars(value, path + (name,))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if path == ("plugins",) and isinstance(item, yaml.MappingNode):
                yield from _scalars(item, path)
            else:
                yield from _scalars(item, path if path[:1] == ("nav",) else path + ("*",))
    elif isinstance(node, yaml.ScalarNode) and path[:1] != ("nav",):
        yield path, node


def _configured_text(path: tuple[str, ...]) -> bool:
    for pattern in _CONFIG_TEXT:
        if pattern[-1] == "**" and path[:len(pattern) - 1] == pattern[:-1] and len(path) == len(pattern):
            return True
        if len(pattern) == len(path) and all(p in ("*", q) for p, q in zip(pattern, path)):
            return True
    return False


def config_problems(config_file: Path, shown: str | None = None) -> list[Diagnostic]:
    """Markup in mkdocs.yml's text (and in the file it INHERITs): a located error."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"),
                            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # (libyaml: 10x)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # MkDocs tells what is wrong with the file itself
    shown = shown or config_file.name
    problems = []
    for path, node in _scalars(root, ()) if root is not None else ():
        if path == ("INHERIT",):
            parent = config_file.parent / node.value
            if parent.is_file() and parent.resolve() != config_file.resolve():
                problems += config_problems(parent, node.value)
            continue
        if not _configured_text(path) or not isinstance(node.value, str):
            continue
        bad = _UNSAFE_TEXT.search(node.value)
        if bad:
            name = ".".join(p for p in path if not p.startswith("*")) or path[0]
            if path[-1] == "*title":
                name = "a nav title"
            problems.append(Diagnostic(
                shown, node.start_mark.line + 1, f"{name if name == 'a nav title' else repr(name)} "
                f"holds {bad.group(0)!r}", "it is plain text, written into every page's header, "
                "<title> and <meta>: leave out < > \" & and control characters; " + HINT,
                col=node.start_mark.column + 1))
    return problems


# --- comments, front matter, brackets: the source as written -----------------------------------

_SLOT = re.compile(r"<!-- edition:[a-z0-9-]+ -->")
_DECLARATION = re.compile(r"<(?:!--|![A-Za-z\[]|\?)")
FRONT_MATTER_KEYS = {"title": str, "description": str, "hide": list, "search": dict}
_HIDE = {"navigation", "toc", "footer", "path", "tags", "feedback"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_UNSAFE_TEXT = re.compile(r"[<>\"&\x00-\x08\x0b-\x1f\x7f]")
# Python-Markdown's link parser reads the rest of a paragraph again for every '[' it cannot
# close: 20,000 of them took 103 s. No paragraph of the edition has more than a few.
MAX_UNCLOSED_BRACKETS = 200


def _code_masked(text: str) -> str:
    """Code blocks and spans blanked (where anything is allowed: it is shown as code)."""
    text = scan.replace_spans(text, scan.fences(text))
    return scan.replace_spans(text, scan.code_spans(text))


def comment_problems(path: str, text: str) -> list[Diagnostic]:
    masked, at, problems = _code_masked(text), LineIndex(text), []
    for match in _DECLARATION.finditer(masked):
        if _SLOT.match(masked, match.start()):
            continue
        line, col = at.position(match.start())
        what = "an HTML comment" if match.group(0) == "<!--" else f"'{match.group(0)}'"
        problems.append(Diagnostic(
            path, line, f"{what} in a page: only the edition's own markers <!-- edition:NAME --> "
            "are allowed", "browsers end comments where the build cannot see it (<!-->, "
            "--!>), so what follows would be HTML: put a note for other editors in the pull "
            f"request, not in the page; {HINT}", col=col))
    return problems


def front_matter_problems(path: str, text: str) -> list[Diagnostic]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return []
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Diagnostic(path, (mark.line + 2) if mark else 1,
                           f"the front matter is not valid YAML: {getattr(error, 'problem', error)}",
                           "write it as 'key: value' lines between the two '---' lines")]
    if not isinstance(data, dict):
        return [Diagnostic(path, 2, "the front matter is not a list of 'key: value' lines",
                           f"allowed keys: {', '.join(FRONT_MATTER_KEYS)}")]
    lines = (match.group(1) or "").split("\n")
    problems = []
    for key, value in data.items():
        line = 2 + next((i for i, l in enumerate(lines) if l.split(":", 1)[0].strip() == str(key)), 0)
        kind = FRONT_MATTER_KEYS.get(key)
        if kind is None:
            problems.append(Diagnostic(path, line, f"front-matter key '{key}' is not allowed",
                                       f"allowed keys: {', '.join(FRONT_MATTER_KEYS)}; {HINT}"))
        elif not isinstance(value, kind):
            problems.append(Diagnostic(path, line, f"front-matter '{key}' must be a "
                                       f"{'text' if kind is str else kind.__name__}",
                                       f"e.g. {key}: {'Title page' if kind is str else '[toc]'}"))
        elif kind is str and (bad := _UNSAFE_TEXT.search(value)):
            problems.append(Diagnostic(path, line, f"front-matter '{key}' holds {bad.group(0)!r}",
                                       "a title or description is plain text, written into "
                                       "<title> and <meta>: leave out < > \" & and control "
                                       f"characters; {HINT}"))
        elif key == "hide" and not set(map(str, value)) <= _HIDE:
            problems.append(Diagnostic(path, line, f"front-matter 'hide' names "
                                       f"{sorted(set(map(str, value)) - _HIDE)}",
                                       f"it may hide {', '.join(sorted(_HIDE))}"))
        elif key == "search" and not set(value) <= {"exclude", "boost"}:
            problems.append(Diagnostic(path, line, "front-matter 'search' may set only "
                                       "exclude and boost", HINT))
    return problems


def bracket_problems(path: str, text: str) -> list[Diagnostic]:
    """A paragraph with more unclosed '[' than any real one has: one linear pass."""
    masked, problems = _code_masked(text), []
    for para in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", masked):
        body = para.group(0)
        if body.count("[") <= MAX_UNCLOSED_BRACKETS:
            continue
        open_at: list[int] = []
        i = 0
        while i < len(body):
            c = body[i]
            if c == "\\":
                i += 2
                continue
            if c == "[":
                open_at.append(i)
            elif c == "]" and open_at:
                open_at.pop()
            i += 1
        if len(open_at) > MAX_UNCLOSED_BRACKETS:
            line, col = LineIndex(text).position(para.start() + open_at[0])
            problems.append(Diagnostic(
                path, line, f"{len(open_at)} '[' in one paragraph are never closed",
                "close each '[' with ']' (or write \\[ for a bracket that is text): every unclosed "
                "one makes Markdown read the rest of the paragraph again", col=col))
    return problems


# Python-Markdown reads a nested list by recursion, a few frames per level (four spaces): some
# 250 levels exhaust Python's stack, and MkDocs ends in a traceback. No page nests past a few.
MAX_LIST_DEPTH = 50
_LIST_ITEM = re.compile(r"^([ \t>]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.M)


def nesting_problems(path: str, text: str) -> list[Diagnostic]:
    """A list nested deeper than any page has, told once at its first too-deep item."""
    masked = _code_masked(text)
    for match in _LIST_ITEM.finditer(masked):
        depth = len(match.group(1).expandtabs(4).replace(">", "")) // 4 + 1
        if depth > MAX_LIST_DEPTH:
            line, col = LineIndex(text).position(match.end(1))
            return [Diagnostic(path, line, f"a list nested {depth} levels deep (at most "
                               f"{MAX_LIST_DEPTH})", "Markdown reads each level inside the last "
                               "and runs out of room: indent less, or make it a list of its own",
                               col=col)]
    return []


def source_problems(path: str, text: str) -> list[Diagnostic]:
    """Every problem of one page's Markdown as written (``path``: docs/NAME.md)."""
    return (comment_problems(path, text) + front_matter_problems(path, text)
            + bracket_problems(path, text) + nesting_problems(path, text))


# --- the rendered page's HTML ------------------------------------------------------------------

# Tags and classes the edition's pages use: in raw HTML (the title page, About, Glossary), from
# Python-Markdown and its extensions (tables, footnotes, admonitions, toc) and from the
# edition's own extensions (cards, notes, citations, glossary, editorial marks, lists).
TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "template", "tfoot",
        "th", "thead", "time", "tr", "u", "ul", "var", "wbr"}
ATTRIBUTES = {"id", "class", "href", "title", "lang", "dir", "colspan", "rowspan", "start",
              "reversed", "type", "value", "datetime", "cite", "role", "aria-label", "src", "alt",
              "width", "height", "loading",
              "aria-labelledby", "aria-describedby", "aria-hidden", "hidden", "rel", "open",
              "aria-expanded", "aria-live", "aria-pressed", "style", "tabindex",
              "data-card", "data-card-kind", "data-card-title", "data-count", "data-here",
              "data-kind", "data-key", "data-note", "data-term", "data-label",
              "data-edition-group", "data-edition-href", "data-edition-parens",
              "data-search-exclude"}
# Python-Markdown's tables write the column's alignment, and nothing else, in style.
_STYLE = re.compile(r"text-align: (?:left|right|center);")
_CLASS = re.compile(r"[a-z][a-z0-9_-]*")  # no classes that Material's JavaScript acts on:
_THEME_CLASSES = re.compile(r"^(?:md-|tabbed-|highlight|annotate|mermaid|arithmatex)")
_URL_ATTRIBUTES = {"href", "cite", "src"}  # an image's address as strictly as a link's
SCHEMES = ("http", "https", "ftp", "mailto")  # an ftp:// link runs nothing on the page
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Finding:
    what: str     # the message
    needle: str   # what to look for in the sources to say where it was written
    hint: str


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def _add(self, what: str, needle: str, hint: str) -> None:
        self.findings.append(Finding(what, needle, f"{hint}; {HINT}"))

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:  # told once, at the tag, whatever attributes it has
            self._add(f"<{tag}> is not allowed in a page", f"<{tag}",
                      "pages use Markdown and the few tags the edition itself uses (span, p, kbd, "
                      "em, strong, sup, ...): write the text without it")
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name not in ATTRIBUTES:
                self._add(f"attribute '{name}' is not allowed (on <{tag}>)", name,
                          "an attribute list or a tag may give only #id, .class, title, lang "
                          "and the edition's own attributes; event handlers (on...) never")
            elif name == "style" and not _STYLE.fullmatch(value):
                self._add(f"style=\"{value}\" is not allowed (on <{tag}>)", value,
                          "the look of the edition is in the toolkit's stylesheet (edition/assets/edition.css): use a class "
                          "it defines")
            elif name == "class":
                for cls in value.split():
                    if not _CLASS.fullmatch(cls) or _THEME_CLASSES.match(cls):
                        self._add(f"class '{cls}' is not allowed (on <{tag}>)", cls,
                                  "use the edition's classes (edition.css), never the theme's "
                                  "(md-...), which its JavaScript acts on")
            elif name in _URL_ATTRIBUTES:
                url = _IGNORED_IN_URLS.sub("", value)
                scheme = _SCHEME.match(url)
                if scheme and scheme.group(1).lower() not in SCHEMES:
                    self._add(f"a link to a '{scheme.group(1)}:' address is not allowed",
                              value.strip()[:40] or scheme.group(0),
                              "link to http, https or mailto addresses, or to a page or anchor "
                              "of the edition")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        if not _SLOT.fullmatch(f"<!--{data}-->"):
            self._add("an HTML comment in a page: only <!-- edition:NAME --> is allowed",
                      "<!--", "put a note for other editors in the pull request")

    def handle_decl(self, decl):
        self._add(f"<!{decl[:20]}> is not allowed in a page", "<!", "leave it out")

    def unknown_decl(self, data):
        self.handle_decl(data)

    def handle_pi(self, data):
        self._add(f"<?{data[:20]}> is not allowed in a page", "<?", "leave it out")


def content_findings(fragment: str) -> list[Finding]:
    """What is not allowed in a page's rendered HTML (its body as Python-Markdown makes it)."""
    if _plainly_clean(fragment):
        return []
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.findings


# A page as the edition renders it is well-formed HTML with a few dozen distinct tags repeated:
# read with html.parser, each of its thousands of tags costs a Python method call (at K=10
# papers, a tenth of a warm build). ``_plainly_clean`` reads only markup so strictly formed that
# every HTML tokenizer reads it alike (double- or single-quoted values without "<", ASCII names
# and white space, no comment, declaration or processing instruction, no script or style
# element), checks each distinct tag once with the same ``_Checker.handle_starttag``, and says
# True only when all of it is allowed. Anything else, and every page with a finding, is read by
# html.parser as before, so what the build reports never comes from this shortcut.
_WS = "[ \t\n\r\f]"
_ATTR_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_STRICT_ATTR = re.compile(rf"{_WS}+({_ATTR_NAME})(?:{_WS}*={_WS}*(?:\"([^\"<]*)\"|'([^'<]*)'))?")
_STRICT_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9]*)((?:{_WS}+{_ATTR_NAME}"
                         rf"(?:{_WS}*={_WS}*(?:\"[^\"<]*\"|'[^'<]*'))?)*){_WS}*/?>")
_STRICT_END = re.compile(r"</[a-zA-Z][^<>]*>")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _plainly_clean(fragment: str) -> bool:
    if "<!" in fragment or "<?" in fragment:
        return False
    checker, seen, find = _Checker(), set(), fragment.find
    at = find("<")
    while at >= 0:
        after = fragment[at + 1:at + 2]
        if after == "/":
            end = _STRICT_END.match(fragment, at)
            if end is None:
                return False
            at = find("<", end.end())
            continue
        if after not in _ASCII_LETTERS:  # "<" as text, as html.parser reads it too
            at = find("<", at + 1)
            continue
        tag = _STRICT_TAG.match(fragment, at)
        if tag is None:
            return False
        if tag.group(0) not in seen:
            name = tag.group(1).lower()
            if name in HTMLParser.CDATA_CONTENT_ELEMENTS:
                return False
            attrs = []
            for attr in _STRICT_ATTR.finditer(tag.group(2)):
                value = attr.group(2) if attr.group(2) is not None else attr.group(3)
                attrs.append((attr.group(1).lower(), html.unescape(value) if value else value))
            checker.handle_starttag(name, attrs)
            if checker.findings:
                return False
            seen.add(tag.group(0))
        at = find("<", tag.end())
    return True


def locate(findings: list[Finding], sources: list[tuple[str, str]]) -> list[Diagnostic]:
    """Each finding at the place a source (``(path, text)``, the page's own first) holds its
    needle; at the page's first line if none does (it was generated from it). Findings come in
    the page's order: a second finding with the same needle is at the needle's next place (two
    handlers on one page are told at their own lines, not both at the first). A needle written
    with character references (``&#x6A;avascript:``) is found as written."""
    problems, after = [], {}
    decoded = {path: _decoded(text) for path, text in sources}
    for finding in findings:
        needle = finding.needle.lower()
        for path, text in sources:
            plain, offsets = decoded[path]
            at = _find(plain.lower(), needle, after.get((path, needle), 0)) if needle else -1
            if at >= 0:
                after[(path, needle)] = at + 1
                line, col = LineIndex(text).position(offsets[at])
                problems.append(Diagnostic(path, line, finding.what, finding.hint, col=col))
                break
        else:
            problems.append(Diagnostic(sources[0][0], 1, finding.what, finding.hint))
    return problems


def _find(text: str, needle: str, start: int) -> int:
    at = text.find(needle, start)
    return at if at >= 0 or start == 0 else text.find(needle)


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _decoded(text: str) -> tuple[str, list[int]]:
    """``text`` with its character references decoded, and for each character of the result
    the offset in ``text`` it came from (one linear pass)."""
    out, offsets, last = [], [], 0
    for match in _REFERENCE.finditer(text):
        out.append(text[last:match.start()])
        offsets.extend(range(last, match.start()))
        char = html.unescape(match.group(0))
        out.append(char)
        offsets.extend([match.start()] * len(char))
        last = match.end()
    out.append(text[last:])
    offsets.extend(range(last, len(text) + 1))
    return "".join(out), offsets


# --- the Content-Security-Policy ---------------------------------------------------------------

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
_CHARSET = re.compile(r"<meta charset=\"utf-8\">\n?", re.I)
# Data blocks (Material's JSON config) are never run: their hashes would allow nothing.
_DATA = re.compile(r"\btype=[\"']?application/(?:ld\+)?json", re.I)


def inline_script_hashes(page: str) -> list[str]:
    hashes = set()
    for match in _SCRIPT.finditer(page):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.I) or _DATA.search(attributes):
            continue
        hashes.add(_hash(body))
    return sorted(hashes)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


_SHIM_WRITE = re.compile(r"document\.write\(`<html><body><script>(.*?)<\\/script>", re.S)
_SEARCH_URL = re.compile(r'"search":\s*"([^"]*)"')


def _function(source: str, name: str) -> str:
    """The source text of ``function NAME(...){...}`` in minified JavaScript (as toString gives it)."""
    start = source.index(f"function {name}(")
    depth, i = 0, source.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(source[i], 0)
        i += 1
        if depth == 0:
            return source[start:i]


def shim_script_hashes(page: str, shim: str) -> list[str]:
    """The inline script the vendored iframe-worker shim writes into its iframe (which shares the
    page's policy) to run Material's search worker from file://: the shim's own template with
    its two helper functions and this page's worker URL filled in, exactly as it is emitted."""
    write, url = _SHIM_WRITE.search(shim), _SEARCH_URL.search(page)
    if not write or not url:
        return []
    script = (write.group(1).replace("${c}", _function(shim, "c"))
              .replace("${d}", _function(shim, "d")).replace("${e}", url.group(1)))
    return [_hash(script)]


def policy(page: str, self_scripts: bool = True, shims: tuple[str, ...] = (),
           images: str = "") -> str:
    """The page's policy: its inline scripts by hash, scripts from its own site (``'self'``;
    the single file has none), no plugins, no <base>. Material's search runs in a worker the
    single file starts from a blob: URL. ``images``: where images may come from ("" leaves
    them to the page; the single file's are all inline, ``data:``)."""
    sources = (["'self'"] if self_scripts else []) + sorted(
        set(inline_script_hashes(page)).union(*(shim_script_hashes(page, s) for s in shims)))
    return "; ".join([
        "script-src " + " ".join(sources or ["'none'"]),
        "worker-src 'self' blob:",
        *([f"img-src {images}"] if images else []),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def with_policy(page: str, self_scripts: bool = True, shims: tuple[str, ...] = (),
                images: str = "") -> str:
    """``page`` with its Content-Security-Policy <meta> right after <meta charset>, before any
    script (an earlier policy of the page is replaced: the single file has other scripts)."""
    page = _POLICY.sub("", page)
    meta = (f'<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(policy(page, self_scripts, shims, images), quote=False)}">\n')
    match = _CHARSET.search(page)
    if match:
        return page[:match.end()] + meta + page[match.end():]
    head = page.lower().find("<head>")
    if head < 0:
        return meta + page
    return page[:head + 6] + meta + page[head + 6:]
