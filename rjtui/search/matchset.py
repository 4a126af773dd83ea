"""What a query matches, as numpy arrays: scored passages and a mask of articles.

A common word holds hundreds of thousands of passages at 50k articles. Kept
as a dict of passage -> score, every step of a search (scoring, an
article-level AND, a filter, the top passages) cost a Python step per hit;
that was most of a search. As sorted arrays of passage numbers and scores
with a boolean mask over article keys, each step is a few vectorised
operations, and a word's match costs 16 bytes a hit in the caches instead of
about 100.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Counts = npt.NDArray[np.uint8]
_NO_DOCS: Ints = np.empty(0, dtype=np.intp)
_NO_SCORES: Floats = np.empty(0, dtype=np.float64)
_SPARSE_SHARE = 8
"""Combine hits by sorting (not with arrays as long as the index) below 1/8 of it."""


class Match:
    """What a query (or one part of it) matches.

    ``amask`` is the answer: the articles that satisfy the query (indexed by
    article key). ``docs``/``scores`` are the passages that hold evidence for it
    (body words, never metadata), ascending, scored; they are what snippets,
    highlights and concordance lines show, and they rank the articles. ``held``
    counts, for an article-level AND, how many of its parts each passage holds
    (the passages to show first); ``None`` when each holds one.
    """

    __slots__ = ("amask", "docs", "held", "scores")

    def __init__(self, docs: Ints, scores: Floats, amask: Mask, held: Counts | None = None) -> None:
        self.docs = docs
        self.scores = scores
        self.amask = amask
        self.held = held

    @classmethod
    def articles_only(cls, amask: Mask) -> Match:
        """A match of articles with no passage to show (metadata, or a NOT)."""
        return cls(_NO_DOCS, _NO_SCORES, amask)

    @property
    def article_count(self) -> int:
        return int(np.count_nonzero(self.amask))

    @property
    def nbytes(self) -> int:
        held = 0 if self.held is None else self.held.nbytes
        return self.docs.nbytes + self.scores.nbytes + self.amask.nbytes + held + 200

    # Python views, for tests and the rare caller that wants them.

    @property
    def hits(self) -> dict[int, float]:
        return dict(zip(self.docs.tolist(), self.scores.tolist(), strict=True))

    @property
    def articles(self) -> frozenset[int]:
        return frozenset(np.flatnonzero(self.amask).tolist())

    @property
    def cover(self) -> dict[int, int]:
        """Parts held, for the passages that hold more than one."""
        if self.held is None:
            return {}
        several = self.held > 1
        return dict(zip(self.docs[several].tolist(), self.held[several].tolist(), strict=True))

    def within(self, amask: Mask, akeys: Ints) -> Match:
        """The passages of the articles in ``amask`` (which becomes the articles)."""
        keep = amask[akeys[self.docs]]
        held = None if self.held is None else self.held[keep]
        return Match(self.docs[keep], self.scores[keep], amask, held)

    def lookup(self, docs: Ints) -> tuple[Mask, Floats, Counts | None]:
        """For each of ``docs``: whether it is a hit, its score and parts held."""
        return lookup(self.docs, docs, self.scores, self.held)


def lookup(
    sorted_docs: Ints, docs: Ints, scores: Floats, held: Counts | None = None
) -> tuple[Mask, Floats, Counts | None]:
    """Which of ``docs`` are in ``sorted_docs``, with their ``scores`` (0 if absent)
    and ``held`` counts (1 if absent) - by bisection, so cheap for a few ``docs``."""
    if not sorted_docs.size:
        found = np.zeros(len(docs), dtype=np.bool_)
        return found, np.zeros(len(docs)), None if held is None else np.ones(len(docs), np.uint8)
    at = np.minimum(np.searchsorted(sorted_docs, docs), len(sorted_docs) - 1)
    found = sorted_docs[at] == docs
    got = np.where(found, scores[at], 0.0)
    counts = None if held is None else np.where(found, held[at], 1).astype(np.uint8)
    return found, got, counts


def member(sorted_docs: Ints, docs: Ints) -> Mask:
    """Which of ``docs`` are in ``sorted_docs``."""
    if not sorted_docs.size:
        return np.zeros(len(docs), dtype=np.bool_)
    at = np.minimum(np.searchsorted(sorted_docs, docs), len(sorted_docs) - 1)
    return sorted_docs[at] == docs


def accumulate(parts: list[tuple[Ints, Floats]], size: int) -> tuple[Ints, Floats, Counts]:
    """The passages of all ``parts`` (ascending), their scores summed in the order of
    ``parts``, and how many parts hold each: by sorting when the parts are small,
    else with arrays as long as the index (``size`` passages)."""
    total = sum(len(docs) for docs, _ in parts)
    if total * _SPARSE_SHARE < size:
        docs = np.concatenate([d for d, _ in parts]) if parts else _NO_DOCS
        unique, where = np.unique(docs, return_inverse=True)
        sums = np.zeros(len(unique))
        counts = np.zeros(len(unique), dtype=np.uint8)
        start = 0
        for part_docs, part_scores in parts:  # in order: the sums are the same floats
            at = where[start : start + len(part_docs)]
            sums[at] += part_scores
            counts[at] += 1
            start += len(part_docs)
        return unique, sums, counts
    dense = np.zeros(size)
    held = np.zeros(size, dtype=np.uint8)
    for part_docs, part_scores in parts:
        dense[part_docs] += part_scores
        held[part_docs] += 1
    docs = np.flatnonzero(held)
    return docs, dense[docs], held[docs]


def top(scores: Floats, n: int) -> Ints:
    """Positions of the ``n`` highest ``scores``, best first, ties in position order -
    the same as ``heapq.nlargest`` over ``enumerate``, without sorting them all."""
    if n <= 0:
        return _NO_DOCS
    if len(scores) > n:
        cut = _nth_highest(scores, n)
        above = np.flatnonzero(scores > cut)
        ties = np.flatnonzero(scores == cut)[: n - len(above)]
        chosen = np.sort(np.concatenate([above, ties]))
    else:
        chosen = np.arange(len(scores))
    return chosen[np.argsort(-scores[chosen], kind="stable")]


def _nth_highest(scores: Floats, n: int) -> float:
    """The ``n``-th highest of ``scores`` (``n < len(scores)``).

    numpy's partition slows down badly on long runs of equal values, and a common
    word's scores take a handful of values (18 ms for 130k passages at 50k articles,
    where a sort took 0.7); a sort is the slower one on many distinct values (5x). A
    sample of the scores says which kind these are (counted by a sort: ``np.unique``
    loads ``numpy.ma`` on first use, 7-14 ms inside a search)."""
    at = len(scores) - n
    sample = np.sort(scores[:: max(1, len(scores) // 1024)])
    if 4 * (1 + np.count_nonzero(sample[1:] != sample[:-1])) < len(sample):
        return float(np.sort(scores)[at])
    return float(np.partition(scores, at)[at])


def bits_mask(bits: int, size: int) -> Mask:
    """An int bitset as a boolean mask of ``size`` (bits past it are dropped)."""
    raw = bits.to_bytes((max(bits.bit_length(), size) + 7) // 8, "little")
    unpacked = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")
    return unpacked[:size].astype(np.bool_)


def keys_mask(keys: Any, size: int) -> Mask:
    """A boolean mask of ``size`` with the (non-negative int) ``keys`` set."""
    mask = np.zeros(size, dtype=np.bool_)
    found = np.fromiter(keys, dtype=np.intp)
    mask[found[found < size]] = True
    return mask


def mask_keys(mask: Mask) -> list[int]:
    return np.flatnonzero(mask).tolist()
