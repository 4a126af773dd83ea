"""The in-memory table of article metadata: filters, facet counts, date order.

Whoosh's own facets re-read per-document values for every query; at 10k
articles that costs more than the search. Article metadata is small, so it is
kept here (loaded from the JSON sidecar written with each index generation)
and filters become operations on per-value bitsets of article keys, and facet
counts the popcounts of the match mask ANDed with each value's bits (or, for a
facet with many values, one ``bincount`` over its (article, value) pairs).
Facet counts follow the rule the filter panes need: each facet is counted
over the query with every filter applied *except its own*, filters AND across
facets and OR within one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from rjtui.corpus import ArticleMeta
from rjtui.results import FACETS, Facets, Filters, facet_values
from rjtui.search.matchset import Ints, Mask, bits_mask

_ONE = re.compile("1")
FACETS_CACHE = 32
"""Recent facet counts kept: typing and toggling filters repeat the same match sets."""
Words = npt.NDArray[np.uint64]
BITS_PER_PAIR = 1
"""A facet is counted from bits when its values x 64-bit words are at most this many
times its (article, value) pairs (a word's AND + popcount costs about a pair's gather)."""


def meta_to_row(akey: int, meta: ArticleMeta) -> dict[str, Any]:
    """The sidecar row for one article: its metadata and its integer key."""
    return {**meta.to_json(), "akey": akey}


class _Metas(dict[int, ArticleMeta]):
    """``ArticleMeta`` objects made on first access: opening the index stays cheap."""

    def __init__(self, rows: dict[int, Mapping[str, Any]]) -> None:
        super().__init__()
        self._rows = rows

    def __missing__(self, akey: int) -> ArticleMeta:
        meta = self[akey] = ArticleMeta.from_json(self._rows[akey])
        return meta


class ArticleTable:
    """Article metadata keyed by the integer ``akey`` stored with every passage.

    Filters work on per-value bitsets over article keys (``_inverted``), facet
    counts on (article, value) pairs (``_pairs``), both built by :meth:`prepare`
    once per index generation.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._rows = {int(row["akey"]): row for row in rows}
        self.metas = _Metas(self._rows)
        self.by_id: dict[str, int] = {row["id"]: akey for akey, row in self._rows.items()}
        self.all_keys = frozenset(self._rows)
        self.newest_first: list[int] = sorted(
            self._rows,
            key=lambda k: (self._rows[k]["date"] or "", self._rows[k]["id"]),
            reverse=True,
        )
        self._rank = {k: i for i, k in enumerate(self.newest_first)}
        self._max_key = max(self._rows, default=0)
        self._all_mask = (1 << (self._max_key + 1)) - 1 if self._rows else 0
        self.slots = self._max_key + 1 if self._rows else 0
        """The length of an article mask (one past the highest key)."""
        self._facets_cache: dict[tuple[bytes | None, Filters], Facets] = {}

    @cached_property
    def _value_keys(self) -> dict[str, dict[str, list[int]]]:
        """Facet -> value -> the keys of the articles having it."""
        keys: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
        for akey, row in self._rows.items():
            for facet, found in facet_values(row).items():
                for value in found:
                    keys[facet].setdefault(value, []).append(akey)
        return keys

    @cached_property
    def _pairs(self) -> dict[str, tuple[Ints, Ints, list[str]]]:
        """Facet -> (article keys, value codes, value names in order): one pair per value
        an article has, so a facet's counts over a mask of articles are one ``bincount``
        (at 50k articles a fraction of a millisecond, where a ``bit_count`` of a
        50k-bit int per value took several)."""
        pairs = {}
        for facet, by_value in self._value_keys.items():
            names = sorted(by_value)  # codes in name order: ties in counts list by name
            sizes = [len(by_value[name]) for name in names]
            akeys = np.fromiter((k for n in names for k in by_value[n]), dtype=np.intp)
            codes = np.repeat(np.arange(len(names), dtype=np.intp), sizes)
            pairs[facet] = (akeys, codes, names)
        return pairs

    @cached_property
    def _bits(self) -> dict[str, Words]:
        """Facet -> one row of packed bits per value (bit ``akey``: the article has it),
        for the facets where that is cheaper to count than the pairs (few values:
        topics, years, entities... not authors): a value's count over a mask is the
        popcount of the two ANDed, 7-20 us a facet at 10k articles, where the pairs'
        ``bincount`` took 50-700 (the boolean gather over 100k pairs dominates). A
        matrix product did as well on a quiet machine, but BLAS threads stalled for
        milliseconds when the other core was busy."""
        words = (self.slots + 63) // 64
        bits = {}
        for facet, (akeys, codes, names) in self._pairs.items():
            if len(names) * words <= BITS_PER_PAIR * len(akeys):
                rows = np.zeros((len(names), words * 64), dtype=np.bool_)
                rows[codes, akeys] = True
                bits[facet] = np.packbits(rows, axis=1, bitorder="little").view(np.uint64)
        return bits

    @cached_property
    def _inverted(self) -> dict[str, dict[str, int]]:
        """Facet -> case-folded value -> the articles a filter on it selects, as a
        bitset (bit ``akey``): filters AND and OR them."""
        inverted: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
        for facet, by_value in self._value_keys.items():
            for value, keys in by_value.items():
                inverted[facet].setdefault(value.casefold(), []).extend(keys)
        return {
            f: {v: self._mask(ks) for v, ks in by_value.items()} for f, by_value in inverted.items()
        }

    def _mask(self, keys: Iterable[int]) -> int:
        """A bitset of article keys, set bit by bit in a byte buffer read as one
        little-endian int (OR-ing ``1 << k`` into a big int copies it every time:
        quadratic; a string of binary digits is eight times the bytes to fill)."""
        packed = bytearray((self._max_key >> 3) + 1)
        for k in keys:
            packed[k >> 3] |= 1 << (k & 7)
        return int.from_bytes(packed, "little")

    def _keys(self, mask: int) -> frozenset[int]:
        """The article keys set in ``mask``."""
        digits = format(mask, "b")[::-1]
        return frozenset(m.start() for m in _ONE.finditer(digits))

    def prepare(self) -> None:
        """Build the facet bitsets now (at open) rather than inside the first search."""
        self._inverted  # noqa: B018
        self._bits  # noqa: B018

    def dates(self, keys: Iterable[int]) -> list[str | None]:
        """The date of each article in ``keys`` (``None`` for an undated one)."""
        return [self._rows[k]["date"] for k in keys]

    def article_id(self, akey: int) -> str:
        return self._rows[akey]["id"]

    def passage_count(self, akey: int) -> int:
        return self._rows[akey]["passage_count"]

    def __len__(self) -> int:
        return len(self._rows)

    def by_date(self, keys: Iterable[int]) -> list[int]:
        """``keys`` newest first (undated articles last)."""
        return sorted(keys, key=self._rank.__getitem__)

    def _passing(self, facet: str, values: tuple[str, ...]) -> int:
        inverted = self._inverted[facet]
        out = 0
        for value in values:
            out |= inverted.get(value.casefold(), 0)
        return out

    def allowed(self, filters: Filters) -> frozenset[int] | None:
        """Articles passing every filter; ``None`` when there is no filter at all."""
        bits = self.allowed_bits(filters)
        return None if bits is None else self._keys(bits)

    def allowed_bits(self, filters: Filters) -> int | None:
        """``allowed`` as a bitset of article keys."""
        active = filters.active()
        if not active:
            return None
        mask = -1
        for facet, values in active.items():
            mask &= self._passing(facet, values)
        return mask & self._all_mask

    def facets(self, matched: Mask | None, filters: Filters) -> Facets:
        """Counts per facet value over the articles set in ``matched`` (a mask by
        article key; ``None``: every article)."""
        key = (None if matched is None else matched.tobytes(), filters)
        cached = self._facets_cache.get(key)
        if cached is not None:
            return cached
        base = self._fit(matched)
        active = {
            f: bits_mask(self._passing(f, v), self.slots) for f, v in filters.active().items()
        }
        counts: dict[str, dict[str, int]] = {}
        packed_base: Words | None = None
        for facet in FACETS:
            mask = base
            for other, passing in active.items():
                if other != facet:
                    mask = mask & passing
            akeys, codes, names = self._pairs[facet]
            rows = self._bits.get(facet)
            if rows is None:
                found = np.bincount(codes[mask[akeys]], minlength=len(names))
            else:
                if mask is not base:  # a facet another filter narrows
                    packed = _packed(mask, rows.shape[1])
                else:  # most facets share the unfiltered mask: packed once
                    packed_base = (
                        _packed(base, rows.shape[1]) if packed_base is None else packed_base
                    )
                    packed = packed_base
                found = np.bitwise_count(rows & packed).sum(axis=1)
            held = np.flatnonzero(found)
            order = held[np.argsort(-found[held], kind="stable")].tolist()
            values = map(names.__getitem__, order)
            counts[facet] = dict(zip(values, found[order].tolist(), strict=True))
        result = Facets(counts)
        if len(self._facets_cache) >= FACETS_CACHE:
            self._facets_cache.pop(next(iter(self._facets_cache)))
        self._facets_cache[key] = result
        return result

    def _fit(self, matched: Mask | None) -> Mask:
        """``matched`` as a mask of exactly ``slots`` (every article for ``None``)."""
        if matched is None:
            return np.ones(self.slots, dtype=np.bool_)
        if len(matched) >= self.slots:
            return matched[: self.slots]
        return np.concatenate([matched, np.zeros(self.slots - len(matched), dtype=np.bool_)])


def _packed(mask: Mask, words: int) -> Words:
    """``mask`` as ``words`` little-endian 64-bit words (bit ``i``: ``mask[i]``)."""
    packed = np.zeros(words * 8, dtype=np.uint8)
    bits = np.packbits(mask, bitorder="little")[: words * 8]
    packed[: len(bits)] = bits
    return packed.view(np.uint64)
