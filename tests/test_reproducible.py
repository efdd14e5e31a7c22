"""Builds you can trust: the same sources give the same bytes, wherever and however often built.

The steps are those of `make bundle` then `make site`, run in two copies of the project at
different paths, twice in the first (the second time with a warm CSL cache and the previous
site/ and dist/ still there); every file of site/ and dist/ must be byte-identical across all
three runs, and the offline zip must not carry the downloads (it once held the previous zip).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import build, copy_project
from paper import BUNDLE_NAME

ZIP = f"{BUNDLE_NAME}-offline.zip"
EPOCH = "1700000000"  # as the Makefile exports it from the last commit


def make_site(project: Path, hash_seed: str) -> dict[str, str]:
    """`make bundle` + `make site` in ``project``; the sha256 of every output file, by path."""
    shutil.rmtree(project / "build" / "offline", ignore_errors=True)
    # dist/ stays: `make bundle` empties it, but the offline build must not pick it up anyway.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        # A different seed each run, so that output following set or dict-of-str order shows up
        # here every time rather than once in a while.
        env.setenv("PYTHONHASHSEED", hash_seed)
        env.delenv("EDITION_DOWNLOADS", raising=False)
        result = build(project, project / "build" / "offline",
                       "--config-file", "mkdocs-offline.yml")
        assert result.returncode == 0, result.stderr
        result = subprocess.run(
            [sys.executable, "-m", "edition.bundle",
             "--site", "build/offline", "--out", "dist"],
            cwd=project, env=dict(os.environ), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        env.setenv("EDITION_DOWNLOADS", "dist")
        result = build(project, project / "site")
        assert result.returncode == 0, result.stderr
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for top in ("site", "dist") for p in (project / top).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[Path, dict[str, str]]]:
    base = tmp_path_factory.mktemp("reproducible")
    first = copy_project(base / "a" / "edition")
    second = copy_project(base / "another-clone" / "of-the-project")
    return {
        "first copy": (first, make_site(first, "1")),
        "first copy, again": (first, make_site(first, "2")),
        "second copy": (second, make_site(second, "3")),
    }


def test_site_and_dist_are_byte_identical_across_runs_and_folders(runs):
    (reference_name, (_, reference)), *others = runs.items()
    assert f"dist/{ZIP}" in reference and f"site/downloads/{ZIP}" in reference, sorted(reference)
    for name, (_, outputs) in others:
        differing = sorted(path for path in reference.keys() | outputs.keys()
                           if reference.get(path) != outputs.get(path))
        assert not differing, f"{name} differs from {reference_name} in: {', '.join(differing)}"


def test_offline_zip_holds_no_downloads(runs):
    project, _ = runs["first copy, again"]  # the run that had a previous dist/ to pick up
    with zipfile.ZipFile(project / "dist" / ZIP) as archive:
        members = archive.infolist()
    names = [m.filename for m in members]
    assert names, "the offline zip is empty"
    # Dated by the sources, not by the clock or the files' mtimes.
    assert {m.date_time for m in members} == {time.gmtime(int(EPOCH))[:6]}
    leaked = [n for n in names if "/downloads/" in f"/{n}" or n.endswith(".zip")]
    assert not leaked, f"the offline zip carries downloads: {leaked}"
