"""The paper under test, as its mkdocs.yml configures it (the plugin's own reading of it): the
tests name its pages and files through this module, never by copying them."""

from __future__ import annotations

from pathlib import Path

from edition.common import slots
from edition.mkdocs_site import project as _project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = _project(str(ROOT / "mkdocs.yml"))
FIDELITY = PROJECT.fidelity

NAV = __import__("yaml").safe_load(
    "\n".join(line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
              if not line.startswith(("site_url", "repo_url", "repo_name", "edit_uri"))))["nav"]
SOURCE = FIDELITY.source
LEDGER = FIDELITY.ledger
CITATION_MAP = FIDELITY.citation_map
PARTS = {part.name: (part.first, part.last, part.pages) for part in FIDELITY.parts}
PAPER_PAGES = FIDELITY.pages

BIB_FILE = PROJECT.bibliography[0]
GLOSSARY_FILE = PROJECT.glossary_file
NOTES_PAGE = PROJECT.notes_page
BIB_PAGE = "bibliography.md"
GLOSSARY_PAGE = "glossary.md"
PAPER_TITLE = PROJECT.title
BUNDLE_NAME = PROJECT.bundle_name

SLOT_BIBLIOGRAPHY = slots.BIBLIOGRAPHY
SLOT_CITATION_MAP = slots.CITATION_MAP
SLOT_GLOSSARY = slots.GLOSSARY


def fidelity_of(root: Path):
    """The fidelity settings of a copy of the project at ``root``."""
    return _project(str(Path(root) / "mkdocs.yml")).fidelity


def standalone_project(**changes):
    """A project for build objects used without MkDocs (the extension tests): this paper's
    pages and label kinds, in a folder of its own."""
    from edition.project import Project

    values = dict(root=Path("."), docs=Path("docs"), notes_page=NOTES_PAGE, bib_page=BIB_PAGE,
                  glossary_page=GLOSSARY_PAGE, crossref_kinds=dict(PROJECT.crossref_kinds),
                  not_glossed=PROJECT.not_glossed)
    return Project(**{**values, **changes})


def kinds():
    from edition.crossrefs.labels import Kinds
    return Kinds(dict(PROJECT.crossref_kinds))
