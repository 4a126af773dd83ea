"""Hit offsets in passage text, computed only for the passages a caller shows.

Re-analysing a short passage with the index's own analyzer gives exactly the
tokens the index saw, with offsets into the display text (folding keeps
length), so highlights match what was found - stems, Cyrillic look-alikes and
CJK bigrams included. A phrase is marked where its words stand in a row, as
one span, never word by word: the words of "Northern Territories" alone are
not what was asked for. Offsets, never markup: front ends style them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rjtui.entities import EntityMatcher, Mention
from rjtui.results import Span
from rjtui.search.analysis import hit_spans, phrase_spans, tokens


@dataclass(frozen=True, slots=True)
class HitTerms:
    """What to mark in a passage: single index terms, and phrases (runs of terms)."""

    words: frozenset[str] = frozenset()
    phrases: frozenset[tuple[str, ...]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def all_terms(self) -> set[str]:
        """Every term, phrase words included (title bonus, ranking)."""
        return set(self.words).union(*self.phrases)

    def __len__(self) -> int:
        return len(self.words) + len(self.phrases)


def highlight_spans(
    text: str,
    terms: HitTerms,
    entities: Collection[str] = (),
    matcher: EntityMatcher | None = None,
) -> tuple[Span, ...]:
    """``(start, end)`` of every hit in ``text``: tokens whose term is one of the words,
    whole runs of a phrase, and every other mention of ``entities`` (whichever spelling
    it uses; one analysis serves all three); overlapping spans (CJK bigrams) are merged."""
    if not terms and not (entities and matcher):
        return ()
    mark_entities = bool(entities) and matcher is not None
    # The fast scans first: no token list, unless the text has CJK runs.
    phrased = [phrase_spans(text, phrase) for phrase in terms.phrases]
    named = matcher.mentions(text, entities) if mark_entities and matcher is not None else []
    if None not in phrased and named is not None:
        found = hit_spans(text, terms.words) + [s for f in phrased if f for s in f]
        return _merged(found + _unmarked(named, found))
    tokenised = tokens(text)
    found = [(start, end) for term, _pos, start, end in tokenised if term in terms.words]
    for phrase in terms.phrases:
        size = len(phrase)
        for i in range(len(tokenised) - size + 1):
            first = tokenised[i]
            if all(
                tokenised[i + j][0] == phrase[j] and tokenised[i + j][1] == first[1] + j
                for j in range(size)
            ):
                found.append((first[2], tokenised[i + size - 1][3]))
    if mark_entities and matcher is not None:  # a spelling the words typed did not mark
        found += _unmarked(matcher.find(text, only=entities, tokens=tokenised), found)
    return _merged(found)


def _unmarked(mentions: list[Mention], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The mentions that overlap nothing ``found`` marks."""
    return [
        (m.start, m.end)
        for m in mentions
        if not any(start < m.end and m.start < end for start, end in found)
    ]


def _merged(found: list[tuple[int, int]]) -> tuple[Span, ...]:
    """``found`` in order, overlapping spans (CJK bigrams) made one."""
    spans: list[Span] = []
    for start, end in sorted(found):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans)
