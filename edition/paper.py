"""The edition's constants, in one place: where the paper's own text lives and which lines of the
source it answers to, the files and pages the toolkit reads and fills."""

SOURCE = "source/paper-ocr.txt"
LEDGER = "source/emendations.yml"
CITATION_MAP = "source/citation-map.yml"

# (part, first source line, last source line, pages in docs/ in reading order)
PARTS = {
    "body": (1, 362, ("introduction.md", "overview.md", "implications.md",
                      "policy-responses.md", "conclusion.md")),
    "notes": (363, 627, ("notes.md",)),
}

PAPER_PAGES = tuple(page for _, _, pages in PARTS.values() for page in pages)

# The edition's files and pages
BIB_FILE = "references.bib"
GLOSSARY_FILE = "glossary.yml"
NOTES_PAGE = "notes.md"
BIB_PAGE = "bibliography.md"
GLOSSARY_PAGE = "glossary.md"
NOT_GLOSSED = (GLOSSARY_PAGE, BIB_PAGE, "about.md")  # the edition's apparatus, not prose to gloss

# Generated content a page asks for with <!-- edition:NAME --> (edition.common.slots)
SLOT_BIBLIOGRAPHY = "bibliography"
SLOT_CITATION_STYLE = "citation-style"
SLOT_GLOSSARY = "glossary"
SLOT_EMENDATIONS = "emendations"
SLOT_CITATION_MAP = "citation-map"
SLOT_DOWNLOADS = "downloads"
SLOT_CITE = "cite"              # the title page's "Cite this edition" (edition.metadata)
# The source names no title: the edition's is the editor's, and says so wherever it stands.
PAPER_TITLE = "The Sino-Russian Partnership and Its Implications for NATO [editorial title]"
BUNDLE_NAME = "sino-russian-partnership-nato"  # dist/<name>-offline.zip, dist/<name>.html
