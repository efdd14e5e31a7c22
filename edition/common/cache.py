"""The build's on-disk caches (.cache/edition/): JSON only, so reading one can never run code.

A cache file is ``{"format": 1, "key": KEY, "value": ...}``. Its key is compared before anything
else in it is used; its value is then validated by the caller's ``check`` as it is read (a
value of the wrong shape, or holding HTML the edition does not allow, is discarded with a
notice and rebuilt, never published). Nothing is cached where git tracks the cache folder: a
pull request could otherwise ship a poisoned cache that the build trusts (``tracked``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

FORMAT = 1
log = logging.getLogger("mkdocs.edition.cache")
_told: set[str] = set()


class BadCache(ValueError):
    """A cache file whose content is not what the build writes."""


def _notice(path: Path, why: str) -> None:
    if str(path) not in _told:
        _told.add(str(path))
        log.info(f"{path.name}: {why}" + ("" if why.startswith("cannot") else "; it is rebuilt"))


def read(path: Path, key: str, check: Callable[[object], object]) -> object | None:
    """The cached value for ``key``, or None (no file, another key, or a bad file: discarded)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        _notice(path, f"not a cache this build can read ({type(error).__name__})")
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("key"), str):
        _notice(path, "not in the cache format of this build")
        return None
    if data["key"] != key:
        return None  # an older build's: rebuilt silently, as any change of the sources
    try:
        return check(data.get("value"))
    except (BadCache, KeyError, TypeError, ValueError, AttributeError) as error:
        _notice(path, f"holds what this build never writes ({error})")
        return None


def write(path: Path, key: str, value: object) -> str:
    """Store ``value``; returns why it could not be stored ("" if it was). Written to a
    temporary file and renamed, so a killed build never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"format": FORMAT, "key": key, "value": value}, out,
                      ensure_ascii=False, sort_keys=True)
        os.replace(temp, path)
        return ""
    except OSError as error:
        why = f"{error.strerror or error}"
        _notice(path.parent, f"cannot be written ({why}): this build runs without its cache, and so will the next")
        return why


def tracked(folder: Path) -> list[str]:
    """The files under ``folder`` that git tracks (none outside a git checkout)."""
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", str(folder)], cwd=folder.parent
                              if folder.parent.exists() else None, capture_output=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name] \
        if done.returncode == 0 else []


def usable(folder: Path) -> Path | None:
    """``folder`` if the build may read and write caches there; None where git tracks it."""
    return None if tracked(folder) else folder
