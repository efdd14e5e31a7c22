"""Shared fixtures: the real site, built once per run into a temporary folder."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the edition package, where `python -m mkdocs` finds it in a project

# What a project copy needs to build; tests that feed bad input mutate a copy, never the repo.
PROJECT_FILES = ("mkdocs.yml", "mkdocs-offline.yml", "docs", "edition", "source", "references.bib", "glossary.yml",
                 "vendor")


_BROWSER_FIXTURES = {"chromium", "origin"}
_SITE_FIXTURES = {"site", "offline_site"}
_BUILDS = re.compile(r"\b(?:_?build|failing_build|copy_project|single_file|main)\(|getfixturevalue\(\"site")


def pytest_collection_modifyitems(items):
    """Mark each test unit, site or browser by what it uses (its fixtures, or builds it runs)."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        source = inspect.getsource(item.function) if hasattr(item, "function") else ""
        info = getattr(item, "_fixtureinfo", None)  # a fixture of the test's own module may build
        for defs in (info.name2fixturedefs.values() if info else ()):
            source += "".join(inspect.getsource(d.func) for d in defs
                              if d.baseid and "conftest" not in inspect.getfile(d.func))
        if used & _BROWSER_FIXTURES or "sync_playwright" in source:
            item.add_marker("browser")
        elif used & _SITE_FIXTURES or _BUILDS.search(source):
            item.add_marker("site")
        else:
            item.add_marker("unit")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def build(project: Path, site: Path, *extra: str,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder, as an editor would run it (``env``: variables
    set on top of this process's environment, as a workflow sets them)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The site as built for file:// (mkdocs-offline.yml)."""
    out = tmp_path_factory.mktemp("offline-site")
    result = build(ROOT, out, "--config-file", "mkdocs-offline.yml")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright
    import browser
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def origin(site):
    import browser
    url, stop = browser.serve(site)
    yield url
    stop()


def edit(project: Path, rel: str, append: str = "", replace: tuple[str, str] | None = None) -> None:
    """Change one file of a project copy, as an editor's mistake would."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text, f"{rel} has no {replace[0]!r}"
        text = text.replace(*replace, 1)
    path.write_text(text + append, encoding="utf-8")


def failing_build(tmp_path: Path, mutate) -> str:
    """Build a copy of the project changed by ``mutate(project)``; it must fail, not crash."""
    project = copy_project(tmp_path / "project")
    mutate(project)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0, "the strict build should fail"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr
