"""Which @-keys are cross-reference labels rather than citation keys (Quarto's convention:
a label starts with its kind, e.g. ``sec-``). The kinds are the configuration's
(``crossref_kinds``: Quarto's by default, and any a paper adds)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Quarto's cross-reference kinds (https://quarto.org/docs/authoring/cross-references.html):
# the label's prefix -> how a reference to it reads.
QUARTO_KINDS = {"sec": "Section", "fig": "Figure", "tbl": "Table", "eq": "Equation",
                "lst": "Listing", "thm": "Theorem", "lem": "Lemma", "cor": "Corollary",
                "def": "Definition", "exm": "Example", "exr": "Exercise"}


@dataclass(frozen=True)
class Kinds:
    # kind prefix -> how a reference to it reads, e.g. "Section 1"
    names: dict[str, str] = field(default_factory=lambda: dict(QUARTO_KINDS))

    def is_label(self, key: str) -> bool:
        kind, sep, _ = key.partition("-")
        return bool(sep) and kind in self.names

    def name(self, kind: str) -> str:
        return self.names.get(kind, kind)

    def listed(self) -> str:
        """"sec-, fig- or tbl-": the kinds as a hint lists them."""
        kinds = [f"{kind}-" for kind in self.names]
        return ", ".join(kinds[:-1]) + f" or {kinds[-1]}" if len(kinds) > 1 else "".join(kinds)

    def on_headings(self) -> tuple[str, ...]:
        return ("sec",)


DEFAULT = Kinds()
