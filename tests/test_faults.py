"""Faults of the cache and of Pandoc (issue 20): each gives a message or a correct rebuild,
never a wrong site that passes. Every case builds a copy of the project."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import build, copy_project

PANDOC = "EDITION_PANDOC"


def _fake_pandoc(folder: Path, version: str, body: str) -> str:
    """An executable that answers --version as ``version`` and otherwise runs ``body`` (sh)."""
    path = folder / "pandoc"
    path.write_text(f'#!/bin/sh\nif [ "$1" = --version ]; then echo "pandoc {version}"; exit 0; fi\n'
                    f"cat >/dev/null\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


def _messages(result) -> str:
    return result.stdout + result.stderr


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _fails_naming_pandoc(project, tmp_path, env, words):
    result = build(project, tmp_path / "site", env=env)
    output = _messages(result)
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    assert f"mkdocs.yml:" in output and "error: " in output and words in output, output
    assert "hint: reinstall the site's dependencies" in output, output


def test_missing_pandoc_is_told_not_replaced(project, tmp_path):
    _fails_naming_pandoc(project, tmp_path, {PANDOC: str(tmp_path / "no-pandoc")}, "Pandoc is missing")


def test_old_pandoc_is_refused(project, tmp_path):
    fake = _fake_pandoc(tmp_path, "2.17.1.1", "exit 0")
    _fails_naming_pandoc(project, tmp_path, {PANDOC: fake}, "is version 2.17")


def test_pandoc_that_exits_0_with_nothing_fails_and_caches_nothing(project, tmp_path):
    fake = _fake_pandoc(tmp_path, "3.9", "exit 0")
    _fails_naming_pandoc(project, tmp_path, {PANDOC: fake}, "citations (not ")
    assert not (project / ".cache/edition/citeproc.json").exists()


def test_hung_pandoc_times_out(project, tmp_path):
    fake = _fake_pandoc(tmp_path, "3.9", "sleep 60")
    _fails_naming_pandoc(project, tmp_path, {PANDOC: fake, "EDITION_PANDOC_TIMEOUT": "2"},
                         "did not finish within 2 s")


def test_poisoned_and_broken_caches_are_rebuilt(project, tmp_path):
    """A cache with the right key but HTML the edition never writes, and caches of the wrong
    shape: each discarded with a notice, and the site is the one a clean build makes."""
    clean = build(project, tmp_path / "clean")
    assert clean.returncode == 0, _messages(clean)
    cache = project / ".cache" / "edition"
    citeproc = json.loads((cache / "citeproc.json").read_text(encoding="utf-8"))
    key = next(iter(citeproc["value"]["references"]))
    citeproc["value"]["references"][key] += '<img src=x onerror="alert(1)">'
    (cache / "citeproc.json").write_text(json.dumps(citeproc), encoding="utf-8")
    library = json.loads((cache / "library.json").read_text(encoding="utf-8"))
    library["value"]["entries"][0][2] = ["not", "a", "dict"]
    (cache / "library.json").write_text(json.dumps(library), encoding="utf-8")
    (cache / "edition-citation.json").write_text("{not json", encoding="utf-8")
    rebuilt = build(project, tmp_path / "rebuilt")
    output = _messages(rebuilt)
    assert rebuilt.returncode == 0 and "Traceback" not in output, output
    for name in ("citeproc.json", "library.json", "edition-citation.json"):
        assert f"{name}: " in output, output
    for page in (tmp_path / "clean").rglob("*.html"):
        again = tmp_path / "rebuilt" / page.relative_to(tmp_path / "clean")
        assert again.read_bytes() == page.read_bytes(), page
    assert "onerror" not in (tmp_path / "rebuilt/bibliography/index.html").read_text(encoding="utf-8")


def test_old_pickle_cache_is_never_read(project, tmp_path):
    """The old cache format ran code when read: a library.pickle is now simply ignored."""
    import pickle

    class Boom:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'ran'}",))
    (project / ".cache/edition").mkdir(parents=True)
    (project / ".cache/edition/library.pickle").write_bytes(pickle.dumps(("key", Boom())))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, _messages(result)
    assert not (tmp_path / "ran").exists()


def test_cache_that_git_tracks_is_refused(project, tmp_path):
    (project / ".cache/edition").mkdir(parents=True)
    (project / ".cache/edition/citeproc.json").write_text("{}", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-f", ".cache"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "cache"], cwd=project, check=True)
    result = build(project, tmp_path / "site")
    output = _messages(result)
    assert result.returncode != 0 and "Traceback" not in output, output
    assert ".cache/edition/citeproc.json:1:1: error: git tracks the build's cache" in output, output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_a_message(project, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = build(project, out)
    finally:
        out.chmod(0o755)
    output = _messages(result)
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "error: the build cannot write into" in output, output
