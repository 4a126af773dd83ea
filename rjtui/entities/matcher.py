"""Find gazetteer entities in text, on the search analyzer's own terms.

A variant is analysed like a phrase query ("Курильских островах" and
"Курильские острова" are the same two stemmed terms; 千島列島 is three
overlapping bigrams) and matched at consecutive positions of a passage's
terms: Russian through its stems, Japanese as a substring, and with exactly
the folding search applies. At index time the passage's term positions are
the ones the index writer needs anyway, so tagging costs set lookups, not a
second pass over the text. A variant the analyzer would blur because it drops
one-letter words ("Sakhalin-1" would be just "Sakhalin") is matched as text
instead, with a small regex.

Overlapping variants resolve to the longest ("Southern Kurils" is the
disputed part, not the whole chain; 日本海 is the Sea of Japan, not Japan).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from rjtui.entities.gazetteer import Gazetteer

Token = tuple[str, int, int, int]
"""``(term, position, start, end)`` as the search analyzer yields them."""
Analyze = Callable[[str], Iterable[Token]]
Runs = Callable[[str, Iterable[tuple[str, ...]]], "list[tuple[int, int, tuple[str, ...]]] | None"]
"""``(text, keys)`` -> ``(start, end, key)`` of each occurrence of a key (a run of terms
at consecutive positions), or ``None`` where it cannot tell without a token list."""
Positions = Mapping[str, list[int]]

_WORD = re.compile(r"[^\W\d_]+|\d+")
_SPACED = r"[0-9A-Za-z\u00c0-\u024f\u0370-\u04ff]"
"""Letters of scripts that put spaces between words (Latin, Greek, Cyrillic) and digits."""


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str
    start: int
    end: int


class EntityMatcher:
    """Built once per gazetteer; every method is a pure function of its text."""

    def __init__(self, gazetteer: Gazetteer, analyze: Analyze, runs: Runs | None = None) -> None:
        self.gazetteer = gazetteer
        self._analyze = analyze
        self._runs = runs
        self._keys_of: dict[frozenset[str], dict[tuple[str, ...], str]] = {}
        self._order = {e.id: i for i, e in enumerate(gazetteer.entities)}
        by_first: dict[str, dict[tuple[str, ...], str]] = {}
        literal: dict[str, tuple[str | None, str]] = {}
        self.keys: dict[tuple[str, ...], list[str]] = {}
        """Analysed variant -> entities spelled so: how a query word or phrase is recognised."""
        for entity in gazetteer.entities:
            for variant in entity.variants:
                tokens = list(analyze(variant))
                key = tuple(token[0] for token in tokens)
                if not key or _blurred(variant, tokens):
                    literal.setdefault(_pattern(variant), (key[0] if key else None, entity.id))
                    continue
                by_first.setdefault(key[0], {}).setdefault(key, entity.id)
                if entity.id not in self.keys.setdefault(key, []):
                    self.keys[key].append(entity.id)
        self.longest = max(map(len, self.keys), default=1)
        """Most terms in one analysed variant (how far a query's plain words are grouped)."""
        self._by_first = {
            first: tuple(
                (key, eid, frozenset(key[1:]))
                for key, eid in sorted(found.items(), key=lambda kv: -len(kv[0]))
            )
            for first, found in by_first.items()
        }
        """First term -> (whole key, entity, the other terms), longest key first."""
        self._literal = [
            (gate, re.compile(pattern, re.IGNORECASE), eid)
            for pattern, (gate, eid) in literal.items()
        ]
        """Variants matched as text: (a term the text must have, the regex, the entity)."""

    def terms(self, text: str) -> tuple[str, ...]:
        """The analysed terms of ``text`` (a variant or a query phrase)."""
        return tuple(token[0] for token in self._analyze(text))

    # --- index time -----------------------------------------------------------------------

    def tag(self, text: str, positions: Positions) -> tuple[str, ...]:
        """Entity ids ``text`` mentions (gazetteer order), given its analysed ``positions``."""
        hits = self._positional(positions)
        literal = self._literals(text, positions.__contains__)
        if literal:  # "Sakhalin-2" is not also a mention of the island: drop that "Sakhalin"
            shadow = Counter(gate for gate, _ in literal if gate)
            kept = []
            for p, n, eid in hits:
                gate = next((g for g in shadow if shadow[g] and p in positions[g]), None)
                if n == 1 and gate is not None:
                    shadow[gate] -= 1
                else:
                    kept.append((p, n, eid))
            hits = kept
        found = {eid for _p, _n, eid in hits}
        found.update(m.entity for _, m in literal)
        return self.ordered(found)

    def _positional(
        self, positions: Positions, only: Collection[str] | None = None
    ) -> list[tuple[int, int, str]]:
        """``(position, length, entity)`` of every variant occurrence, overlaps resolved."""
        hits: list[tuple[int, int, str]] = []
        by_first = self._by_first
        terms = positions.keys()
        for first in [t for t in positions if t in by_first]:  # passages have few terms
            for key, eid, rest in by_first[first]:
                if only is not None and eid not in only:
                    continue
                if len(key) == 1:
                    hits.extend((p, 1, eid) for p in positions[first])
                    continue
                if not terms >= rest:  # a set test in C: most longer variants stop here
                    continue
                later = [set(positions[term]) for term in key[1:]]
                hits.extend(
                    (p, len(key), eid)
                    for p in positions[first]
                    if all(p + i in s for i, s in enumerate(later, 1))
                )
        hits.sort(key=lambda h: (h[0], -h[1]))
        kept: list[tuple[int, int, str]] = []
        covered = -1
        for p, n, eid in hits:
            if p >= covered:
                kept.append((p, n, eid))
                covered = p + n
        return kept

    def _literals(
        self, text: str, has: Callable[[str], bool], only: Collection[str] | None = None
    ) -> list[tuple[str | None, Mention]]:
        """Matches of the variants matched as text, each with its gate term (a term the
        text must hold: ``has``)."""
        return [
            (gate, Mention(eid, m.start(), m.end()))
            for gate, pattern, eid in self._literal
            if (only is None or eid in only) and (gate is None or has(gate))
            for m in pattern.finditer(text)
        ]

    # --- display --------------------------------------------------------------------------

    def find(
        self,
        text: str,
        only: Collection[str] | None = None,
        tokens: Iterable[Token] | None = None,
    ) -> list[Mention]:
        """Every mention in ``text`` (of the entities in ``only``, if given), in order,
        with character offsets into ``text``: what the reader highlights. ``tokens``:
        ``text`` already analysed (the highlighter has done it)."""
        positions: dict[str, list[int]] = {}
        spans: dict[int, tuple[int, int]] = {}
        for term, pos, start, end in self._analyze(text) if tokens is None else tokens:
            positions.setdefault(term, []).append(pos)
            spans[pos] = (start, end)
        literal = [m for _, m in self._literals(text, positions.__contains__, only)]
        found = [
            Mention(eid, spans[p][0], spans[p + n - 1][1])
            for p, n, eid in self._positional(positions, only)
        ]
        return _with_literals(found, literal)

    def mentions(self, text: str, only: Collection[str]) -> list[Mention] | None:
        """``find(text, only)`` without analysing the whole text: the variants of ``only``
        are looked for as runs of terms (``runs``, given at construction). ``None`` where
        that cannot be done (no ``runs``, or text it cannot scan: CJK)."""
        if self._runs is None:
            return None
        keys = self._variants(frozenset(only))
        occurrences = self._runs(text, keys)
        if occurrences is None:
            return None
        found = []
        covered = -1  # overlaps resolve to the longest, as in ``_positional``
        for start, end, key in sorted(occurrences, key=lambda o: (o[0], -len(o[2]))):
            if start >= covered:
                found.append(Mention(keys[key], start, end))
                covered = end
        present: dict[str, bool] = {}

        def has(term: str) -> bool:
            if term not in present:
                present[term] = bool(self._runs and self._runs(text, [(term,)]))
            return present[term]

        literal = [m for _, m in self._literals(text, has, only)]
        return _with_literals(found, literal)

    def _variants(self, only: frozenset[str]) -> dict[tuple[str, ...], str]:
        """Analysed variant -> entity, for the entities in ``only`` (the last few kept)."""
        found = self._keys_of.get(only)
        if found is None:
            found = {
                key: eid
                for variants in self._by_first.values()
                for key, eid, _rest in variants
                if eid in only
            }
            if len(self._keys_of) >= 16:
                self._keys_of.pop(next(iter(self._keys_of)))
            self._keys_of[only] = found
        return found

    def entities(self, text: str) -> tuple[str, ...]:
        return self.ordered({m.entity for m in self.find(text)})

    def ordered(self, ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=self._order.__getitem__))


def _with_literals(found: list[Mention], literal: list[Mention]) -> list[Mention]:
    """Mentions of both kinds in order; a variant matched as text wins over one it overlaps."""
    found = [m for m in found if not any(_overlap(m, lit) for lit in literal)]
    return sorted(found + literal, key=lambda m: (m.start, -m.end))


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _blurred(variant: str, tokens: list[Token]) -> bool:
    """Whether the analyzer drops a digit or a capital letter of ``variant`` (one-letter
    words): "Sakhalin-1", "サハリン2" and "Sakhalin I" would all be just Sakhalin."""
    covered = [False] * len(variant)
    for _term, _pos, start, end in tokens:
        covered[start:end] = [True] * (end - start)
    return any(
        not covered[i] and (ch.isdigit() or ("A" <= ch <= "Z")) for i, ch in enumerate(variant)
    )


def _pattern(variant: str) -> str:
    """A variant matched as text: its words in order, short punctuation or space between,
    and no letter or digit of a spaced script (Latin, Greek, Cyrillic) right before or
    after it: "Sakhalin-1" is not in "Sakhalin-12", but "サハリン1" is in "サハリン1の"."""
    words = _WORD.findall(variant)
    return rf"(?<!{_SPACED})" + r"[\W_]{0,3}".join(map(re.escape, words)) + rf"(?!{_SPACED})"
