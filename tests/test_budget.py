"""The reader-facing CSS and JS the project adds stay small: 15 kB gzip together (issue 19),
counting the single file's own header styles and search script with the site's assets."""

import gzip
import re
from pathlib import Path

from edition import bundle

ASSETS = Path(__file__).resolve().parent.parent / "edition" / "assets"


def _gzip(text: bytes) -> int:
    return len(gzip.compress(text, 9))


def test_project_css_and_js_stay_within_15_kb_gzip():
    assets = sum(_gzip(p.read_bytes())
                 for p in (ASSETS / "cards.js", ASSETS / "edition.css", ASSETS / "print.css"))
    single_style = re.search(r"<style>\{css\}(.*?)</style>", bundle._TEMPLATE, re.S).group(1)
    single = _gzip(single_style.encode()) + _gzip(bundle._SEARCH_JS.encode())
    total = assets + single
    assert total <= 15_000, f"{total} bytes gzip ({assets} the site's, {single} the single file's)"
