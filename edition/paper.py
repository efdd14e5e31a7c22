"""Where the paper's own text lives in the edition, and which lines of the source it answers to."""

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
NOTES_PAGE = "notes.md"
BUNDLE_NAME = "sino-russian-partnership-nato"  # dist/<name>-offline.zip, dist/<name>.html
