"""The offline artefacts, made from the site as built for file:// (mkdocs-offline.yml):

- ``<name>-offline.zip``: the site, byte-identical for the same input (entries sorted, dated
  $SOURCE_DATE_EPOCH or a fixed date, never the clock; fixed modes), so a rebuild changes
  nothing that did not change; without the files a reader's browser never loads from file://
  (source maps, unused search languages, the JSON search index, 404 page and sitemap: see
  ``offline_members``);
- ``<name>.html``: one self-contained file: every page in reading order, the notes, the
  Bibliography and the Glossary, with CSS, JavaScript and the BibTeX inlined, links rewritten to
  point inside the file, every card working, and a small built-in search.

Run: ``python -m edition.bundle --site build/offline --out dist``.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import re
import stat
import sys
import time
import urllib.parse
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup

from edition import security

_FIXED_TIME = (2023, 6, 1, 0, 0, 0)  # when there is no SOURCE_DATE_EPOCH (no git, say)
_ZIP_MIN_EPOCH = 315532800  # 1980-01-01 UTC: a zip cannot hold an earlier date


def zip_time() -> tuple[int, int, int, int, int, int]:
    """The date of every zip member: that of the sources (SOURCE_DATE_EPOCH, which the Makefile
    takes from the last commit), read in UTC so the machine's time zone does not leak in."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return _FIXED_TIME
    return time.gmtime(max(int(epoch), _ZIP_MIN_EPOCH))[:6]


_LUNR = "assets/javascripts/lunr/"
# What no page opened from the bundle ever loads: a 404 page is shown only by a web server (and
# its links are absolute), the sitemap is for crawlers of a hosted site (and empty without
# site_url). search/search_index.json is kept although file:// pages read search_index.js: a
# reader who serves the unzipped folder over http gets search too.
_NEVER_LOADED_OFFLINE = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})


def search_languages(site: Path) -> list[str]:
    """The languages the site's search index is built for (``plugins.search.lang``, by default
    ``theme.language``), as the search worker reads them; none if there is no search."""
    index = site / "search" / "search_index.json"
    if not index.exists():
        return []
    return list(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])


def search_language_files(languages: list[str]) -> set[str]:
    """The lunr files Material's search worker imports for ``languages``, as site paths.

    Its setup (material/templates/assets/javascripts/workers/search.*.min.js, mirrored here):
    ja adds lunr/tinyseg.js, hi and th lunr/wordcut.js, every language but en its
    lunr/min/lunr.<lang>.min.js, more than one language lunr/min/lunr.multi.min.js, and if any of
    these is needed, lunr/min/lunr.stemmer.support.min.js first. For ["en"] alone: nothing; the
    worker has lunr and its English pipeline built in.
    """
    files = []
    for lang in languages:
        if lang == "ja":
            files.append("tinyseg.js")
        elif lang in ("hi", "th"):
            files.append("wordcut.js")
        if lang != "en":
            files.append(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        files.append("min/lunr.multi.min.js")
    if files:
        files.append("min/lunr.stemmer.support.min.js")
    return {_LUNR + name for name in files}


def offline_members(site: Path) -> list[tuple[str, Path]]:
    """The files of ``site`` that go into the offline zip, by POSIX name, sorted.

    Left out, because the edition never loads them from file://: source maps (``*.map``, for
    developer tools only; nothing but a ``sourceMappingURL`` comment names them), lunr files for
    search languages the site is not built for (``search_language_files``), and
    ``_NEVER_LOADED_OFFLINE``.
    """
    search_files = search_language_files(search_languages(site))
    # Sorted by the POSIX name, not by Path: Path order is case-insensitive on Windows, and
    # rglob's order is the file system's.
    members = sorted((p.relative_to(site).as_posix(), p) for p in site.rglob("*") if p.is_file())
    return [(name, path) for name, path in members
            if not name.endswith(".map")
            and not (name.startswith(_LUNR) and name not in search_files)
            and name not in _NEVER_LOADED_OFFLINE]


def make_zip(site: Path, zip_path: Path, folder: str) -> Path:
    """Zip ``site`` under one top folder, deterministically, with only ``offline_members``."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = zip_time()
    members = offline_members(site)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in members:
            info = zipfile.ZipInfo(f"{folder}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Not the files' own modes (umask, checkout) nor the host OS, which ZipInfo would
            # otherwise record: a plain rw-r--r-- file made "on Unix", wherever it is built.
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, path.read_bytes())
    return zip_path


def reading_order(site: Path) -> list[str]:
    """Page files in the order of the site's own navigation (from its home page)."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    pages = ["index.html"]
    for a in soup.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = a["href"].split("#")[0]
        if href.endswith(".html") and href not in pages:
            pages.append(href)
    return pages


def _stem(page: str) -> str:
    return "page-" + re.sub(r"[^\w-]+", "-", page.removesuffix(".html"))


def _in_file(href: str, pages: set[str]) -> str:
    """A link to a page of the edition, as it reads inside the single file."""
    parsed = urllib.parse.urlsplit(href)
    path = (parsed.path.lstrip("./") if parsed.path else "").split("/")[-1]
    if parsed.scheme or href.startswith("#") or path not in pages:
        return href
    return f"#{parsed.fragment}" if parsed.fragment else f"#{_stem(path)}"


def _rewrite_links(node, pages: set[str], inline_files: dict[str, str]) -> None:
    for a in node.select("a[href]"):
        href = a["href"]
        parsed = urllib.parse.urlsplit(href)
        if parsed.scheme or href.startswith("#"):
            continue
        path = (parsed.path.lstrip("./") if parsed.path else "").split("/")[-1]
        if path in pages:
            a["href"] = _in_file(href, pages)
        elif path in inline_files:
            a["href"] = inline_files[path]
            a["download"] = path


# The image types a browser shows from a data: URI in <img> (an SVG there runs no script).
_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
                ".svg": "image/svg+xml"}


def _inline_images(node, page: Path, site: Path) -> None:
    """Each image of the site a page shows, inside the file as a data: URI: the single file
    (and the PDF printed from it) has no folder beside it to load images from."""
    for img in node.select("img[src]"):
        parsed = urllib.parse.urlsplit(img["src"])
        if parsed.scheme or not parsed.path:
            continue
        path = (page.parent / urllib.parse.unquote(parsed.path)).resolve()
        media = _IMAGE_TYPES.get(path.suffix.lower())
        if media is None or not path.is_file() or not path.is_relative_to(site.resolve()):
            continue  # (a missing image is told by the build, at the page's line)
        img["src"] = f"data:{media};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def single_file(site: Path, out: Path, title: str) -> Path:
    pages = reading_order(site)
    # The whole bibliography's downloads travel inside the file; one entry's own downloads
    # (186 small files) would double its size, so the single file offers the whole only.
    # So do the edition's own citation files (cite/edition.*, from the title page's cite box).
    inline_files = {}
    for name in ("references.bib", "references.json", "references.ris",
                 "cite/edition.bib", "cite/edition.json", "cite/edition.ris"):
        if (site / name).exists():
            inline_files[name.split("/")[-1]] = (
                "data:text/plain;charset=utf-8,"
                + urllib.parse.quote((site / name).read_text(encoding="utf-8")))
    sections, templates, seen_templates, toc = [], [], {}, []
    for page in pages:
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article.md-content__inner")
        if article is None:
            continue
        # Material's script is not in the file: its copy buttons would do nothing.
        for tag in article.select("a.md-content__button, .md-source-file, p.bib-downloads, "
                                  "button.md-clipboard"):
            tag.decompose()
        _rewrite_links(article, set(pages), inline_files)
        _inline_images(article, site / page, site)
        heading = article.find("h1")
        toc.append((_stem(page), heading.get_text(" ", strip=True).removesuffix("¶").strip()
                    if heading else page))
        sections.append(f'<section class="edition-page" id="{_stem(page)}">'
                        f"{article.decode_contents()}</section>")
        for template in soup.select(".edition-card-templates template"):
            for uses in template.select("[data-here]"):  # a card's "3 of 7" links
                fields = uses["data-here"].split()  # anchor place previous next ...
                uses["data-here"] = " ".join(
                    _in_file(f, set(pages)) if i % 4 >= 2 and f != "-" else f
                    for i, f in enumerate(fields))
            kept = seen_templates.get(template.get("id"))
            if kept is not None:
                # One card for the whole file: it carries the places of every page's uses, or
                # a use on a later page would not know where it stands.
                for mine, theirs in zip(kept.select("[data-here]"), template.select("[data-here]")):
                    mine["data-here"] = f'{mine["data-here"]} {theirs["data-here"]}'.strip()
                continue
            seen_templates[template.get("id")] = template
            for tag in template.select("p.bib-downloads"):
                tag.decompose()
            _rewrite_links(template, set(pages), inline_files)
            templates.append(template)
    # Material's, then the edition's own (edition.css, print.css: the PDF prints this file).
    css = "\n".join(_read_all(site / "assets" / "stylesheets", "*.css")
                    + _read_all(site / "assets", "*.css"))
    js = (site / "assets" / "cards.js").read_text(encoding="utf-8")
    nav = "".join(f'<li><a href="#{sid}">{html.escape(text)}</a></li>' for sid, text in toc)
    document = _TEMPLATE.format(
        title=html.escape(title), css=css.replace("</style", "<\\/style"), nav=nav,
        sections="\n".join(sections), templates="".join(map(str, templates)),
        js=js.replace("</script", "<\\/script"), search_js=_SEARCH_JS)
    # Its own policy: its scripts are all inline, so only their hashes may run (no 'self'),
    # and its images are all inline, so data: is the one place they may come from.
    document = security.with_policy(document, self_scripts=False, images="data:")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not write_text: that would turn \n into \r\n on Windows.
    out.write_bytes(document.encode("utf-8"))
    return out


def _read_all(folder: Path, pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))]


_SEARCH_JS = r"""
(function () {
  "use strict";
  // The site's search grain: each note ("Note 47"), bibliography entry and glossary term is one
  // result, titled as the site titles it; every other paragraph, item, cell or heading is one
  // result too, each listed once. Results open under the header, where the reader is; a result
  // goes to its place and the list closes.
  var form = document.getElementById("sf-search"), input = form.querySelector("input"),
      out = document.getElementById("sf-results"), blocks = null, n = 0;
  function norm(s) { return s.replace(/[\u00b6\u21a9]/g, "").replace(/\s+/g, " ").trim(); }
  // An item's text as the site's search has it: without where it is cited or used, its BibTeX,
  // or its links back to the text.
  function text(el) {
    var c = el.cloneNode(true);
    c.querySelectorAll(".bib-cited, .bib-source, .term-uses, .endnote-backlink, .footnote-backref")
      .forEach(function (x) { x.remove(); });
    return norm(c.textContent);
  }
  function add(el, title) {
    if (!el.id) el.id = "sf-" + (n++);
    var page = el.closest(".edition-page"), h1 = page && page.querySelector("h1");
    blocks.push({ el: el, title: title || "", text: text(el),
                  page: h1 ? norm(h1.textContent) : "" });
  }
  function index() {
    blocks = [];
    var labels = {};  // bibliography key -> the label its citations' cards carry
    document.querySelectorAll("a.citation[data-card-title]").forEach(function (a) {
      var key = a.getAttribute("data-card").replace(/^card-ref-/, "");
      if (!labels[key]) labels[key] = a.getAttribute("data-card-title");
    });
    var items = ".endnotes > li, .bibliography > li.bib-entry, dl.glossary > dt";
    document.querySelectorAll(".edition-page " + items + ", .edition-page p, .edition-page li, " +
                              ".edition-page td, .edition-page h1, .edition-page h2, .edition-page h3")
      .forEach(function (el) {
        if (el.matches(".endnotes > li")) return add(el, "Note " + el.getAttribute("value"));
        if (el.matches(".bib-entry")) return add(el, labels[el.id.replace(/^ref-/, "")] ||
                                                 norm(el.textContent).slice(0, 60));
        if (el.matches("dl.glossary > dt")) {
          var dd = el.nextElementSibling, t = norm(el.textContent);
          add(el, t); blocks[blocks.length - 1].text = t + " " + (dd ? text(dd) : ""); return;
        }
        // Inside an item already indexed, at a page's foot (the Notes page holds each note), or
        // holding a block of its own (a list item's paragraph): left to the other.
        if (el.closest(".edition-card, .footnote, .endnotes, .bibliography, dl.glossary, .sf-toc")) return;
        if (el.querySelector("p, li, td")) return;
        add(el, "");
      });
  }
  function score(b, q, words) {
    var t = b.title.toLowerCase(), x = b.text.toLowerCase();
    if (t && t === q) return 3;
    var tw = t.split(/[\s:,.]+/);
    if (t && words.every(function (w) { return tw.some(function (v) { return v.indexOf(w) === 0; }); })) return 2;
    return words.every(function (w) { return x.indexOf(w) >= 0; }) ? 1 : 0;
  }
  function clear() { out.textContent = ""; out.hidden = true; }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!blocks) index();
    var q = input.value.toLowerCase().replace(/\s+/g, " ").trim(), words = q.split(" ").filter(Boolean);
    clear();
    if (!words.length) return;
    var hits = [];
    blocks.forEach(function (b, i) { var s = score(b, q, words); if (s) hits.push([s, i, b]); });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var status = document.createElement("p");
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results");
    out.appendChild(status);
    document.getElementById("sf-status").textContent = status.textContent;
    var list = document.createElement("ol");
    hits.slice(0, 50).forEach(function (h) {
      var b = h[2], li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + b.el.id;
      var i = Math.max(0, b.text.toLowerCase().indexOf(words[0])), start = b.title ? 0 : Math.max(0, i - 60);
      var where = document.createElement("span");
      where.className = "sf-where";
      where.textContent = b.page + (b.title ? " \u2014 " + b.title : "") + ": ";
      a.appendChild(where);
      a.appendChild(document.createTextNode((start ? "\u2026" : "") + b.text.slice(start, start + 160) +
                                            (b.text.length > start + 160 ? "\u2026" : "")));
      a.addEventListener("click", function () { clear(); });
      li.appendChild(a); list.appendChild(li);
    });
    out.appendChild(list);
    out.hidden = false;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !out.hidden && (out.contains(document.activeElement) || document.activeElement === input)) { clear(); input.focus(); }
  });
  var toggle = document.getElementById("sf-scheme");
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  function apply() {
    document.body.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
    toggle.setAttribute("aria-pressed", String(dark));
  }
  toggle.addEventListener("click", function () { dark = !dark; apply(); });
  apply();
})();
"""

_TEMPLATE = """<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<style>{css}
.sf-header {{ position: sticky; top: 0; z-index: 6; display: flex; flex-wrap: wrap; gap: .6rem;
  align-items: center; padding: .5rem 1rem; background: var(--md-primary-fg-color);
  color: var(--md-primary-bg-color); font-size: .8rem; }}
.sf-header h1 {{ font-size: 1rem; margin: 0; flex: 1 1 16rem; }}
.sf-header input {{ font: inherit; padding: .25rem .4rem; border-radius: .2rem; border: 0;
  min-width: 0; max-width: 100%; color: #1b1b1b; background: #fff; }}
.sf-header button {{ font: inherit; min-height: 24px; padding: .25rem .6rem; border-radius: .2rem;
  border: 1px solid #fff; cursor: pointer; color: #fff; background: #263238; }}
.sf-header form {{ display: flex; gap: .4rem; max-width: 100%; }}
/* The results open under the header, over the text where the reader is. */
#sf-results {{ position: absolute; top: 100%; left: 0; right: 0; max-height: 70vh; overflow: auto;
  padding: 0 1rem 1rem; background: var(--md-default-bg-color); color: var(--md-default-fg-color);
  box-shadow: var(--md-shadow-z2); border-bottom: 1px solid var(--md-default-fg-color--light); }}
#sf-results ol {{ padding-left: 1.2rem; max-width: 40em; }}
#sf-results a {{ text-decoration: underline; text-underline-offset: .15em; }}
.sf-where {{ font-weight: 700; }}
.sf-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }}
/* At most about 75 characters a line; never wider than the window (the flex item would grow to
   its widest table otherwise); targets of a jump clear the sticky header. */
.sf-layout {{ box-sizing: border-box; width: 100%; min-width: 0; max-width: 33em; margin: 0 auto;
  padding: 0 1rem 4rem; font-size: .8rem; }}
html {{ scroll-padding-top: 5rem; }}
@media (max-width: 40em) {{ .sf-header {{ gap: .4rem; padding: .4rem .6rem; }}
  .sf-header h1 {{ font-size: .8rem; flex-basis: 100%; }} html {{ scroll-padding-top: 8rem; }} }}
.sf-toc {{ margin: 1rem 0; }}
.edition-page {{ border-top: 1px solid var(--md-default-fg-color--lightest); padding-top: 1rem; margin-top: 2rem; }}
body {{ background: var(--md-default-bg-color); color: var(--md-default-fg-color); margin: 0;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }}
</style>
</head>
<body data-md-color-scheme="default" data-md-color-primary="blue-grey" data-md-color-accent="indigo">
<header class="sf-header">
<h1>{title}</h1>
<form id="sf-search" role="search" aria-label="Search this edition">
<label for="sf-q" class="sf-hidden">Search</label>
<input id="sf-q" type="search" placeholder="Search the edition" autocomplete="off">
<button type="submit">Search</button>
</form>
<button id="sf-scheme" type="button" aria-pressed="false">Dark mode</button>
<p id="sf-status" class="sf-hidden" role="status"></p>
<div id="sf-results" hidden></div>
</header>
<div class="sf-layout md-typeset">
<nav class="sf-toc" aria-label="Contents"><h2>Contents</h2><ol>{nav}</ol></nav>
<main>
{sections}
</main>
</div>
<div class="edition-card-templates" hidden>{templates}</div>
<script>{js}</script>
<script>{search_js}</script>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="the site built with mkdocs-offline.yml")
    parser.add_argument("--out", type=Path, default=Path("dist"))
    parser.add_argument("--config", default="mkdocs.yml", help="the edition's mkdocs.yml")
    parser.add_argument("--name", help="the bundle's name (default: the configuration's)")
    parser.add_argument("--title", help="the single file's title (default: the configuration's)")
    args = parser.parse_args(argv)
    if args.name is None or args.title is None:
        from edition.mkdocs_site import project
        configured = project(args.config)
        args.name = args.name or configured.bundle_name
        args.title = args.title or configured.title
    if not (args.site / "index.html").exists():
        print(f"{args.site}/index.html: no site here; build it with "
              f"`mkdocs build -f mkdocs-offline.yml -d {args.site}` first", file=sys.stderr)
        return 1
    zipped = make_zip(args.site, args.out / f"{args.name}-offline.zip", f"{args.name}-offline")
    single = single_file(args.site, args.out / f"{args.name}.html", args.title)
    for path in (zipped, single):
        print(f"{path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
