"""Editorial marks in the paper's text: gaps where the source is lost, and the editor's remarks.

``{{gap: what is lost}}`` and ``{{ed: remark}}`` are written in the Markdown (through the
ledger) and rendered as visibly editorial, never as the paper's words. What a mark holds is
Markdown like the rest of the page: a citation ``[@key, p. 3]``, a cross-reference ``@sec-name``
or a glossary term inside a remark becomes a link as it would anywhere else (the hooks that make
them have already run when the marks are wrapped).
"""

from __future__ import annotations

import re

_MARK = re.compile(r"\{\{(gap|ed):\s*(.*?)\s*\}\}", re.S)


def render(markdown: str) -> str:
    def mark(match: re.Match[str]) -> str:
        kind, text = match.group(1), match.group(2)
        if kind == "gap":
            return (f'<span class="ed-gap" title="Editorial gap: the source is illegible or lost here">'
                    f'[<span class="ed-label">gap:</span> {text}]</span>')
        return f'<span class="ed-remark">[<span class="ed-label">Ed.:</span> {text}]</span>'

    return _MARK.sub(mark, markdown)
