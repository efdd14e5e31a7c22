"""The plugin's options: what a paper configures under ``plugins: - edition:`` in mkdocs.yml.

Every default is one a new paper can live with: no bibliography, no glossary, footnotes defined
on the pages that use them, the Bibliography and the Glossary on pages the plugin adds when no
page asks for them, Quarto's cross-reference kinds. README.md, "Options", documents each option;
tests/test_plugin_config.py holds that table against this schema.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from edition.crossrefs.labels import QUARTO_KINDS  # noqa: F401 - documented with the options

class Files(c.BaseConfigOption[list]):
    """One path or a list of paths (``bibliography: references.bib``)."""

    def __init__(self, default=()):
        super().__init__()
        self.default = list(default)

    def run_validation(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise base.ValidationError("expected a file name or a list of file names")
        return value


class NotesConfig(base.Config):
    # The page that defines every note ([^N]: text), the paper's endnotes; unset, each page
    # defines the notes it uses, and the notes are numbered across the edition in reading order.
    page = c.Optional(c.Type(str))
    referenced_once = c.Type(bool, default=True)      # each note has one marker in the text
    reading_order = c.Type(bool, default=True)        # a notes page's numbers rise as one reads
    gapless = c.Type(bool, default=True)              # a notes page numbers 1..n, no gaps


class FidelityPart(base.Config):
    name = c.Type(str)
    lines = c.ListOfItems(c.Type(int))               # [first, last] line of the source
    pages = c.ListOfItems(c.Type(str))               # the pages (under docs_dir) in reading order


class FidelityConfig(base.Config):
    # Unset (no fidelity: block), there is no fidelity check, and the build says so nowhere
    # else: a project that has one names all three of source, ledger and parts.
    source = c.Optional(c.Type(str))                  # the text the edition must be faithful to
    ledger = c.Optional(c.Type(str))                  # the emendations: every change to it
    citation_map = c.Optional(c.Type(str))            # the paper's citations as marked up
    notes_part = c.Optional(c.Type(str))              # the part the citation map applies to
    parts = c.ListOfItems(c.SubConfig(FidelityPart), default=[])


class MetadataConfig(base.Config):
    title = c.Optional(c.Type(str))                   # default: site_name
    subtitle = c.Optional(c.Type(str))
    authors = c.ListOfItems(c.Type(str), default=[])
    # Said where an author would be, when ``authors`` is empty (the source names none).
    authors_note = c.Optional(c.Type(str))
    date = c.Optional(c.Type(str))                    # default: the last commit's date
    language = c.Optional(c.Type(str))                # default: theme.language
    subject = c.Optional(c.Type(str))                 # default: site_description
    keywords = c.ListOfItems(c.Type(str), default=[])
    license = c.Optional(c.Type(str))
    bundle_name = c.Optional(c.Type(str))             # dist/<name>-offline.zip; default from title


class EditionConfig(base.Config):
    enabled = c.Type(bool, default=True)
    bibliography = Files()                  # .bib files, read as one library
    csl = c.Type(str, default="chicago-author-date")   # a style name or a .csl file
    csl_locale = c.Type(str, default="en-US")
    # An entry nobody cites: listed and told (warn), listed only (list), or left out (ignore).
    uncited = c.Choice(("warn", "ignore", "list"), default="warn")
    # "References" at the end of each page that cites works (as Quarto and MyST offer), beside
    # the one Bibliography.
    page_references = c.Type(bool, default=False)
    # Works listed in the Bibliography though the text does not cite them (Pandoc's nocite):
    # keys, or "*" for every entry.
    nocite = c.ListOfItems(c.Type(str), default=[])
    glossary = c.Optional(c.Type(str))
    first_use_expansion = c.Type(bool, default=True)  # "WHO [World Health Organization]" at a first use
    not_glossed = c.ListOfItems(c.Type(str), default=[])   # pages whose words are not glossed
    notes = c.SubConfig(NotesConfig)
    crossref_kinds = c.Type(dict, default={})         # added to Quarto's (QUARTO_KINDS)
    lists = c.Type(bool, default=False)               # "a." paragraphs become lists
    metadata = c.SubConfig(MetadataConfig)
    fidelity = c.SubConfig(FidelityConfig)
    words = c.Type(dict, default={})                  # reader-facing words, translated
