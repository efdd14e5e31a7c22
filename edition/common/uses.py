"""Where each work or term is used across the edition, for the cards' "3 of 7" and their
previous and next links.

A use is counted once: a note appears twice in the edition (at the foot of the page that
references it, and on the Notes page), and its uses count on the Notes page only; a use in a note
at a page's foot is its twin on the Notes page (the same note, the same key, the same rank). The
order is the reader's: pages in reading order, uses in the order of the page. A card's previous
and next links go to that twin at the page's foot where the page holds it: the reader stays on
the page while the next use is on it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from edition.common.links import Place
from edition.words import ENGLISH, Words


@dataclass(frozen=True)
class Use:
    key: str            # the work's key, or the term
    page: str           # src of the page
    anchor: str         # id of the element at the use
    note: str | None    # the note it stands in, if any
    counted: bool       # False for a use in a note at a page's foot (its twin is counted)
    rank: int = 0       # its place among the uses recorded on its page


class Uses:
    """Every use of a build, recorded as pages render, read once all are rendered."""

    def __init__(self) -> None:
        self._uses: list[Use] = []
        self._sequences: dict[str, list[Use]] | None = None
        self._places: dict[str, int] = {}                     # anchor -> place in its sequence
        self._twins: dict[tuple[str, str | None], list[Use]] = {}  # (key, note) -> counted uses
        self._on_page: dict[tuple[str, str], list[Use]] = {}  # (page, key) -> its uses there
        self._twin_of: dict[str, str] = {}            # anchor at a page's foot -> its twin's
        self._feet: dict[tuple[str, str], str] = {}   # (page, counted anchor) -> its twin there

    def add(self, key: str, page: str, anchor: str, note: str | None, counted: bool) -> None:
        self._uses.append(Use(key, page, anchor, note, counted, len(self._uses)))
        self._sequences = None

    def sequences(self, reading_order: dict[str, int]) -> dict[str, list[Use]]:
        """Each key's counted uses in reading order (indexed once, when first asked)."""
        if self._sequences is None:
            found: dict[str, list[Use]] = {}
            for use in sorted((u for u in self._uses if u.counted),
                              key=lambda u: (reading_order.get(u.page, len(reading_order)), u.rank)):
                found.setdefault(use.key, []).append(use)
            self._sequences = found
            self._places, self._twins, self._on_page = {}, {}, {}
            self._twin_of, self._feet = {}, {}
            for sequence in found.values():
                for n, use in enumerate(sequence, 1):
                    self._places[use.anchor] = n
                    self._twins.setdefault((use.key, use.note), []).append(use)
            rank_in_note: dict[tuple[str, str, str | None], int] = {}
            for use in self._uses:
                self._on_page.setdefault((use.page, use.key), []).append(use)
                if not use.counted:
                    n = rank_in_note[use.page, use.key, use.note] = \
                        rank_in_note.get((use.page, use.key, use.note), 0) + 1
                    twins = self._twins.get((use.key, use.note), [])
                    if n <= len(twins):
                        self._twin_of[use.anchor] = twins[n - 1].anchor
                        self._feet[use.page, twins[n - 1].anchor] = use.anchor
        return self._sequences

    def positions(self, page: str, key: str, reading_order: dict[str, int]) -> dict[str, int]:
        """Each use of ``key`` on ``page`` (its anchor) -> its place, from 1, in the key's
        sequence; a use in a note at the page's foot takes its twin's place."""
        self.sequences(reading_order)
        out = {}
        for use in self._on_page.get((page, key), []):
            counted = use.anchor if use.counted else self._twin_of.get(use.anchor)
            if counted:
                out[use.anchor] = self._places[counted]
        return out

    def card_html(self, place: Place, key: str, reading_order: dict[str, int], what: str,
                  words: Words = ENGLISH) -> str:
        """What the card of ``key`` on the page at ``place`` carries (``nav_html``)."""
        sequence = self.sequences(reading_order).get(key, [])

        # A use in a note this page holds at its foot is followed there, not on the Notes page:
        # "next" stays on the page where the next use is on it.
        def href(use: Use) -> str:
            foot = self._feet.get((place.src, use.anchor))
            return place.href(place.src, foot) if foot else place.href(use.page, use.anchor)

        return nav_html(sequence, self.positions(place.src, key, reading_order), href, what, words)


def nav_html(sequence: list[Use], here: dict[str, int], href: Callable[[Use], str],
             what: str, words: Words = ENGLISH) -> str:
    """What a card carries for its "3 of 7": how many uses, and for each use on this page its
    place and the links to the uses before and after it (``-`` for none), in groups of four:
    ``data-here="anchor place previous next ..."``. What a card carries grows with its page,
    not with the edition. ``what`` names a use for the count ("cited", "used"); cards.js makes
    the links."""
    if not sequence:
        return ""
    count = len(sequence)

    def link(n: int) -> str:
        return html.escape(href(sequence[n - 1])) if 1 <= n <= count else "-"

    placed = " ".join(f"{html.escape(anchor)} {n} {link(n - 1)} {link(n + 1)}"
                      for anchor, n in sorted(here.items()))
    said = words[what].capitalize()
    text = words("uses_once", what=said) if count == 1 else words("uses_times", what=said, count=count)
    return (f'<p class="card-uses" data-count="{count}" data-here="{placed}">'
            f"{html.escape(text)}</p>")
