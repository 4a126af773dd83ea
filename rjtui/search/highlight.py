"""Hit offsets in passage text, computed only for the passages a caller shows.

Re-analysing a short passage with the index's own analyzer gives exactly the
tokens the index saw, with offsets into the display text (folding keeps
length), so highlights match what was found - stems, Cyrillic look-alikes and
CJK bigrams included. Offsets, never markup: front ends style them.
"""

from __future__ import annotations

from collections.abc import Set

from rjtui.results import Span
from rjtui.search.analysis import hit_spans


def highlight_spans(text: str, terms: Set[str]) -> tuple[Span, ...]:
    """``(start, end)`` of every token of ``text`` whose term is in ``terms``;
    overlapping spans (CJK bigrams) are merged."""
    if not terms:
        return ()
    spans: list[Span] = []
    for start, end in hit_spans(text, terms):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans)
