"""The words the edition shows readers, in one place (as Material's language partials are):
``en.yml`` beside this file, a translation named after the language, and a project's own
``words:`` option over both. Every build object is given one ``Words``."""

from __future__ import annotations

from pathlib import Path

from edition.common.text import load_yaml, read_text

_HERE = Path(__file__).parent


class Words(dict):
    """name -> text; ``words("note", label="3")`` fills the braces."""

    __hash__ = object.__hash__  # one per build, shared, never changed after it is loaded

    def __call__(self, name: str, **values) -> str:
        text = self[name]
        return text.format(**values) if values else text


def load(language: str = "en", overrides: dict | None = None) -> tuple[Words, list[str]]:
    """The words for ``language`` with ``overrides`` on top, and the override names that are not
    words (for a message)."""
    words = Words(load_yaml(read_text(_HERE / "en.yml")))
    translation = _HERE / f"{language.split('-')[0]}.yml"
    if language != "en" and translation.is_file():
        words.update(load_yaml(read_text(translation)))
    unknown = [name for name in (overrides or {}) if name not in words]
    words.update({k: str(v) for k, v in (overrides or {}).items() if k in words})
    return words, unknown


ENGLISH = load()[0]
