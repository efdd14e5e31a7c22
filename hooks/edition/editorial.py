"""Editorial marks in the paper's text: gaps where the source is lost, and the editor's remarks.

``{{gap: what is lost}}`` and ``{{ed: remark}}`` are written in the Markdown (through the
ledger) and rendered as visibly editorial, never as the paper's words.
"""

from __future__ import annotations

import html
import re

_MARK = re.compile(r"\{\{(gap|ed):\s*(.*?)\s*\}\}", re.S)


def render(markdown: str) -> str:
    def mark(match: re.Match[str]) -> str:
        kind, text = match.group(1), html.escape(" ".join(match.group(2).split()))
        if kind == "gap":
            return (f'<span class="ed-gap" title="Editorial gap: the source is illegible or lost here">'
                    f'[<span class="ed-label">gap:</span> {text}]</span>')
        return f'<span class="ed-remark">[<span class="ed-label">Ed.:</span> {text}]</span>'

    return _MARK.sub(mark, markdown)
