"""Hostile shapes and places (issue 20): structures nested past what Markdown can read, and
folders the build cannot write. Each gives a located message or builds; none a traceback.

The read-only cases run the build as an unprivileged user (root writes into read-only
folders), with setpriv where the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project
from test_bad_input import append


def test_a_list_nested_a_thousand_levels_is_told_at_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    append(project, "docs/about.md", "\n\n" + "".join("    " * i + "- x\n" for i in range(1000)))
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and "RecursionError" not in output, output
    text = (project / "docs/about.md").read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("    " * 50 + "- x")) + 1
    assert f"docs/about.md:{line}:201: error: a list nested 51 levels deep (at most 50)" in output, output


def test_deep_blockquotes_and_brackets_build(tmp_path):
    """A thousand nested blockquotes, brackets and emphasis marks are read without recursion:
    they simply build."""
    project = copy_project(tmp_path / "project")
    append(project, "docs/about.md", "\n\n" + ">" * 1000 + " quoted\n\n"
           + "".join("> " * i + "level\n\n" for i in range(1, 300))
           + "[" * 150 + "x" + "]" * 150 + "\n\n" + "*" * 1000 + "x" + "*" * 1000 + "\n")
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output, output


def _as_nobody(project: Path) -> list[str] | None:
    """The command prefix that runs a build as an unprivileged user, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    probe = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                            sys.executable, "-c", "import mkdocs, edition"], cwd=project,
                           capture_output=True)
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if probe.returncode == 0 else None


def _build_as(prefix: list[str], project: Path, site: Path) -> tuple[int, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HOME=str(project))
    done = subprocess.run([*prefix, sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(site)], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def readonly_project():
    """A copy of the project the builder can read and not write (pytest's own temporary
    folders are private to root, so this one is made beside them)."""
    base = Path(tempfile.mkdtemp(prefix="edition-read-only-"))
    base.chmod(0o755)
    project = copy_project(base / "project")
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", project / ".cache")
    prefix = _as_nobody(project)
    if prefix is None:
        shutil.rmtree(base)
        pytest.skip("no way to build as an unprivileged user")
    yield project, prefix, base
    shutil.rmtree(base, ignore_errors=True)


def test_a_read_only_cache_is_a_notice_and_the_site_builds(readonly_project):
    project, prefix, base = readonly_project
    site = base / "site"
    site.mkdir()
    if os.geteuid() == 0:  # the output folder is the builder's; the project is not
        os.chown(site, 65534, 65534)
    # The project (and its .cache) belong to root and are read-only to the builder; the
    # bibliography changes, so the cache must be written again, and cannot.
    append(project, "references.bib", "\n% a comment, so the cache's key changes\n")
    code, output = _build_as(prefix, project, site)
    assert "Traceback" not in output, output
    assert code == 0, output
    assert "cannot be written" in output, output


def test_a_read_only_output_folder_is_a_message(readonly_project):
    project, prefix, base = readonly_project
    site = base / "site"
    site.mkdir()
    site.chmod(0o555)
    code, output = _build_as(prefix, project, site)
    assert code != 0 and "Traceback" not in output, output
    assert f"{site}:1:1: error: the build cannot write into {site}" in output, output
