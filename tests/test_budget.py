"""The reader-facing CSS and JS the project adds stay small: 15 kB gzip together (issue 19)."""

import gzip
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "edition" / "assets"


def test_project_css_and_js_stay_within_15_kb_gzip():
    total = sum(len(gzip.compress(p.read_bytes(), 9))
                for p in (ASSETS / "cards.js", ASSETS / "edition.css", ASSETS / "print.css"))
    assert total <= 15_000, f"{total} bytes gzip"
