"""Hostile inputs in every field an editor controls (issue 20), through the whole build and a
real Chromium.

Every payload kind (tests/hostile_inputs.py: script tags, event handlers, javascript: URLs,
comments browsers close early, entity-encoded markup, SVG/MathML, CSS url(javascript:), Jinja)
is planted in every field: page Markdown, raw HTML, attribute lists, link targets, front
matter, remarks and gaps on the paper's pages, every .bib field that reaches a page, the
glossary's fields, the ledger and the citation map, file names, mkdocs.yml's text.

The build either refuses a payload with a message at the file and line it was written (so
nothing is published), or builds it. Payloads are batched: each build plants every payload not
yet refused; the messages say which were refused; the next build leaves those out, until one
builds. What it builds (the hosted site, and the single file from the offline site) Chromium
then loads page by page, opening every card, hovering, focusing and clicking every element and
searching, and no payload may run: each calls ``__pwn(N)``, defined before the page's own
scripts, and a run records N. What the Content-Security-Policy blocks has not run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

import browser
import hostile_inputs as hostile
from conftest import ROOT, build, copy_project

DIAGNOSTIC = re.compile(r"^(\S.*?):(\d+):(\d+): (error|warning): (.*)$", re.M)
ROUNDS = 8
HOSTED = {"SITE_URL": "https://example.org/edition/", "REPO_URL": "https://github.com/o/r",
          "REPO_NAME": "o/r", "EDIT_URI": "edit/main/docs/"}


def _refused(output: str, plants: list[hostile.Plant]) -> dict[int, list[str]]:
    """Which plants the build's messages refuse: a message at the plant's file within its lines,
    or one that quotes its call (MkDocs' own warnings name the file, not the line)."""
    refused: dict[int, list[str]] = {}
    for match in DIAGNOSTIC.finditer(output):
        path, line = match.group(1), int(match.group(2))
        for plant in plants:
            if (plant.file == path and plant.lines[0] <= line <= plant.lines[1]) \
                    or f"{hostile.MARK}({plant.id})" in match.group(0):
                refused.setdefault(plant.id, []).append(match.group(0))
    for line in output.splitlines():
        if line.startswith("WARNING"):
            for plant in plants:
                if f"{hostile.MARK}({plant.id})" in line:
                    refused.setdefault(plant.id, []).append(line)
    return refused


def _record(refused: dict[str, list[str]], built: list[hostile.Plant]) -> None:
    """test-artifacts/hostile-inputs.txt: for each field, the kinds refused and the kinds built."""
    rows = {field: ([], []) for field in hostile.FIELDS}
    for name in refused:
        field, kind = name.rsplit(" (", 1)[0].rsplit(" / ", 1)
        rows[field][0].append(kind)
    for plant in built:
        rows[plant.field][1].append(plant.kind)
    browser.ARTIFACTS.mkdir(exist_ok=True)
    (browser.ARTIFACTS / "hostile-inputs.txt").write_text("".join(
        f"{field}\n  refused: {', '.join(sorted(set(r))) or '-'}\n  built:   {', '.join(sorted(set(b))) or '-'}\n"
        for field, (r, b) in rows.items()), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """Plant, build, leave out what was refused, again, until the build passes. Returns the
    project, its hosted site, every plant refused (with its messages) and the plants built."""
    base = tmp_path_factory.mktemp("hostile")
    kinds = hostile.every_kind()
    refused: dict[str, list[str]] = {}
    for round_ in range(1, ROUNDS + 1):
        project = copy_project(base / f"project-{round_}")
        if (ROOT / ".cache").is_dir():  # the paper's own citations need not be formatted again
            shutil.copytree(ROOT / ".cache", project / ".cache")
        plants = hostile.plant(project, kinds)
        site = base / f"site-{round_}"
        result = build(project, site, env=HOSTED)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output
        if result.returncode == 0:
            _record(refused, plants)
            return project, site, refused, plants
        told = _refused(output, plants)
        assert told, f"round {round_}: the build failed, but on none of the payloads:\n{output}"
        for plant in plants:
            if plant.id in told:
                refused[str(plant)] = told[plant.id]
                kinds[plant.field].discard(plant.kind)
    pytest.fail(f"still refused after {ROUNDS} builds")


def test_each_payload_is_refused_where_it_was_written_or_built(hostile_build):
    project, site, refused, built = hostile_build
    assert refused and built
    for plant, messages in refused.items():
        assert all(": error: " in m or ": warning: " in m or m.startswith("WARNING") for m in messages), (plant, messages)
    # The kinds the trust boundary refuses outright are refused in every field they can reach
    # as markup (in .bib, glossary, ledger and map fields they are text, escaped).
    markup_fields = {"page body", "raw HTML block", "front-matter title", "front-matter description",
                     "remark {{ed:}}", "gap {{gap:}}", "file name", *hostile.CONFIG_FIELDS}
    for plant in built:
        if plant.field in markup_fields:
            assert plant.kind in {"entity", "javascript-url", "jinja"}, plant
    # No template evaluated a Jinja payload.
    for page in site.rglob("*.html"):
        assert hostile.JINJA_RESULT not in page.read_text(encoding="utf-8"), page


def test_what_a_field_may_hold_is_told_at_its_line(hostile_build):
    """A sample of the messages, word for word."""
    _, _, refused, _ = hostile_build
    told = "\n".join(m for ms in refused.values() for m in ms)
    for expected in (
            r"mkdocs.yml:2:12: error: 'site_name' holds '<'",
            r"mkdocs.yml:\d+:5: error: a nav title holds '<'",
            r"mkdocs.yml:\d+:\d+: error: 'plugins.edition.metadata.title' holds '<'",
            r"docs/hostile-script.md:2:1: error: front-matter 'title' holds '<'",
            r"docs/hostile-handler.md:\d+:\d+: error: attribute 'onerror' is not allowed \(on <img>\)",
            r"docs/introduction.md:\d+:\d+: error: an HTML comment in a page: only the edition's own "
            r"markers <!-- edition:NAME --> are allowed",
            r"docs/hostile-javascript-url.md:\d+:\d+: error: a link to a 'javascript:' address is not allowed",
            r"docs/hostile-svg-mathml.md:\d+:\d+: error: <svg> is not allowed in a page",
            r"docs/hostile-css.md:\d+:\d+: error: style=\"background:url\(javascript:",
            r"references.bib:\d+:3: error: entry 'pwn-javascript-url' has doi = .*, which is not a DOI",
            r"docs/<script>__pwn\(\d+\)<script>.md:1:1: error: the name .* has characters the "
            r"edition's tools do not all handle"):
        assert re.search(expected, told), f"{expected!r} not in:\n{told}"


INIT = f"""
window.__ran = [];
window.{hostile.MARK} = n => window.__ran.push(String(n));
window.alert = window.confirm = window.prompt = m => window.__ran.push('dialog ' + m);
window.__blocked = 0;
document.addEventListener('securitypolicyviolation', () => window.__blocked++);
"""

# Everything a reader can do on a page, in the page: open each card (focus opens it) and
# hover, focus and click what it shows; then hover and focus every element of the page, and
# click every javascript: link (any other would leave the page).
DRIVE = """async () => {
  const pause = ms => new Promise(r => setTimeout(r, ms));
  const touch = el => {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart'])
      el.dispatchEvent(new Event(type, {bubbles: true}));
  };
  const triggers = [...document.querySelectorAll('a[data-card]')];
  let opened = 0;
  for (const t of triggers) {
    t.focus();
    await pause(5);
    const card = document.querySelector('.edition-card');
    if (card) { opened++; card.querySelectorAll('*').forEach(touch); }
    document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
  }
  document.querySelectorAll('body *').forEach(touch);
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (/^\\s*(javascript|vbscript):/i.test(href)) a.click();  // data: tops are blocked
  }
  document.querySelectorAll('template').forEach(t => {
    const box = document.createElement('div');
    box.append(t.content.cloneNode(true));
    document.body.append(box);
    box.querySelectorAll('*').forEach(touch);
  });
  await pause(100);
  return {triggers: triggers.length, opened};
}"""


def _drive(page, url: str, queries=("pwn", "script", "onerror", "Zqterm")) -> dict:
    page.goto(url)
    page.wait_for_load_state("load")
    # The marker is there before the page's scripts: a payload that ran would have recorded
    # itself (not failed on an undefined name, which the page's errors would show).
    assert page.evaluate(f"typeof window.{hostile.MARK}") == "function", url
    stats = page.evaluate(DRIVE)
    search = page.locator("input.md-search__input")
    if search.count():
        for query in queries:
            search.first.click()
            search.first.fill(query)
            page.wait_for_timeout(400)
            items = page.locator(".md-search-result__item")
            stats["results"] = stats.get("results", 0) + items.count()
            if items.count():
                items.first.hover(timeout=5000)
            page.evaluate("""() => document.querySelectorAll('.md-search-result *').forEach(el =>
              ['mouseover', 'focus'].forEach(t => el.dispatchEvent(new Event(t, {bubbles: true}))))""")
            page.keyboard.press("Escape")
    ran = page.evaluate("window.__ran") + [e for e in page._hostile_errors if hostile.MARK in e]
    stats["blocked"] = page.evaluate("window.__blocked")
    assert ran == [], f"{url}: payloads ran: {ran}"
    return stats


def _watch_errors(page) -> None:
    page._hostile_errors = []
    page.on("pageerror", lambda error: page._hostile_errors.append(str(error)))
    page.on("dialog", lambda dialog: (page._hostile_errors.append(f"{hostile.MARK} dialog"), dialog.dismiss()))


def test_no_payload_runs_on_the_hosted_site(hostile_build, chromium):
    project, site, _, built = hostile_build
    url, stop = browser.serve(site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    stats = {}
    try:
        with browser.watched_page(chromium, url, **browser.DESKTOP) as (page, traffic):
            page.add_init_script(INIT)
            _watch_errors(page)
            for name in pages:
                stats[name] = _drive(page, f"{url}/{name}")
            # The control: the same payload on a page without the edition's policy runs, and
            # is seen to.
            control = page.context.new_page()
            control.set_content(f'<script>{INIT}</script><img src=x onerror="{hostile.MARK}(0)">')
            control.wait_for_timeout(500)
            assert control.evaluate("window.__ran") == ["0"]
    finally:
        stop()
    assert sum(s["opened"] for s in stats.values()) > 100, stats
    assert sum(s.get("results", 0) for s in stats.values()) > 0, "search found no payload"
    assert any(s["triggers"] for n, s in stats.items() if "hostile" in n), stats


def test_no_payload_runs_in_the_single_file(hostile_build, chromium, tmp_path):
    project, _, _, _ = hostile_build
    offline = tmp_path / "offline"
    result = build(project, offline, "--config-file", "mkdocs-offline.yml")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "dist"
    done = subprocess.run([sys.executable, "-m", "edition.bundle", "--site", str(offline),
                           "--out", str(out)], cwd=project, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    single = next(out.glob("*.html"))
    assert hostile.JINJA_RESULT not in single.read_text(encoding="utf-8")
    with browser.watched_page(chromium, None, **browser.DESKTOP) as (page, traffic):
        page.add_init_script(INIT)
        _watch_errors(page)
        stats = _drive(page, single.as_uri())
        for name in sorted(p.name for p in offline.glob("*.html"))[:3]:
            _drive(page, (offline / name).as_uri())
    assert stats["opened"] > 100, stats
