"""Hit offsets in passage text, computed only for the passages a caller shows.

Re-analysing a short passage with the index's own analyzer gives exactly the
tokens the index saw, with offsets into the display text (folding keeps
length), so highlights match what was found - stems, Cyrillic look-alikes and
CJK bigrams included. Offsets, never markup: front ends style them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Set

from rjtui.entities import EntityMatcher
from rjtui.results import Span
from rjtui.search.analysis import analyze


def highlight_spans(
    text: str,
    terms: Set[str],
    entities: Collection[str] = (),
    matcher: EntityMatcher | None = None,
) -> tuple[Span, ...]:
    """``(start, end)`` of every token of ``text`` whose term is in ``terms``, and of
    every other mention of ``entities`` (whichever spelling it uses; one analysis
    serves both); overlapping spans (CJK bigrams) are merged."""
    if not terms and not (entities and matcher):
        return ()
    tokens = list(analyze(text))
    spans = [(start, end) for term, _pos, start, end in tokens if term in terms]
    if entities and matcher is not None:  # a spelling the words typed did not already mark
        found = matcher.find(text, only=entities, tokens=tokens)
        spans += [
            (m.start, m.end)
            for m in found
            if not any(start < m.end and m.start < end for start, end in spans)
        ]
    return merge_spans(spans)


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """``spans`` in order, overlapping ones merged (CJK bigrams, a word inside a variant)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
