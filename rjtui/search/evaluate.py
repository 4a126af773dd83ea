"""Evaluate a query to ``{passage docnum: score}`` by reading posting blocks in bulk.

Whoosh walks postings one document at a time through several layers of
Python method calls (about 10 µs a posting); a common word at 10k articles
has 70k postings, which makes every search slow. Here each term's posting
list is read a block at a time (ids and term frequencies as arrays), boolean
structure becomes dict/set operations, and scoring is a saturating tf·idf
(BM25 without length normalisation: passages are all paragraph-sized). Only
phrases and rare query types are still checked by Whoosh's own matchers, and
then only on the documents that contain every word.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import accumulate, repeat

from whoosh import query as wq
from whoosh.matching import mcore

K1 = 1.2
Scores = dict[int, float]


class Evaluator:
    """Bound to one searcher (one index generation)."""

    def __init__(self, searcher: object) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        self._leaves = list(self._reader.leaf_readers())
        self._ndocs = max(self._reader.doc_count(), 1)
        self._boosts = {
            name: getattr(field, "field_boost", 1.0) for name, field in self._reader.schema.items()
        }

    def run(self, q: wq.Query) -> Scores:
        return self._eval(q)

    # --- leaves ---------------------------------------------------------------------------

    def postings(self, fieldname: str, text: str) -> tuple[list[int], list[float]]:
        """All live (docnum, term frequency) pairs of one term, a block at a time."""
        ids: list[int] = []
        weights: list[float] = []
        schema = self._reader.schema
        if fieldname not in schema:
            return ids, weights
        field = schema[fieldname]
        btext = field.to_bytes(text)
        for leaf, offset in self._leaves:
            if (fieldname, btext) not in leaf:
                continue
            matcher = leaf._terms.matcher(fieldname, btext, field.format)
            deleted = leaf.deleted_docs_set
            leaf_ids, leaf_weights = _read_all(matcher)
            if deleted:
                live = [
                    (d, w) for d, w in zip(leaf_ids, leaf_weights, strict=True) if d not in deleted
                ]
                leaf_ids = [d for d, _ in live]
                leaf_weights = [w for _, w in live]
            if offset:
                leaf_ids = [d + offset for d in leaf_ids]
            ids.extend(leaf_ids)
            weights.extend(leaf_weights)
        return ids, weights

    def _term(self, fieldname: str, text: str, boost: float) -> Scores:
        ids, weights = self.postings(fieldname, text)
        if not ids:
            return {}
        df = len(ids)
        idf = math.log(1 + (self._ndocs - df + 0.5) / (df + 0.5))
        scale = idf * boost * self._boosts.get(fieldname, 1.0) * (K1 + 1)
        return dict(zip(ids, [scale * w / (w + K1) for w in weights], strict=True))

    def _all_docs(self) -> Scores:
        docs: Scores = {}
        for leaf, offset in self._leaves:
            deleted = leaf.deleted_docs_set
            docs.update((d + offset, 0.0) for d in range(leaf.doc_count_all()) if d not in deleted)
        return docs

    def _whoosh_docs(self, q: wq.Query, within: Iterable[int] | None = None) -> set[int]:
        docs = set(q.docs(self._searcher))
        return docs if within is None else docs.intersection(within)

    # --- structure ------------------------------------------------------------------------

    def _eval(self, q: wq.Query) -> Scores:
        if q is wq.NullQuery:
            return {}
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            words = self._and([wq.Term(q.fieldname, w, boost=q.boost) for w in q.words])
            if len(q.words) < 2 or not words:
                return words
            keep = self._whoosh_docs(q)
            return {d: s for d, s in words.items() if d in keep}
        if isinstance(q, wq.Not):
            everything = self._all_docs()
            for d in self._eval(q.query):
                everything.pop(d, None)
            return everything
        if isinstance(q, wq.Every):
            return self._all_docs()
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return _union(self._eval(c) for c in q.subqueries)
        if isinstance(q, wq.AndNot):
            positive = self._eval(q.a)
            for d in self._eval(q.b):
                positive.pop(d, None)
            return positive
        if isinstance(q, wq.AndMaybe):
            required = self._eval(q.a)
            optional = self._eval(q.b)
            return {d: s + optional.get(d, 0.0) for d, s in required.items()}
        if isinstance(q, wq.Otherwise):
            return self._eval(q.a) or self._eval(q.b)
        return dict.fromkeys(self._whoosh_docs(q), q.boost)

    def _and(self, children: list[wq.Query]) -> Scores:
        positives = [c for c in children if not isinstance(c, wq.Not)]
        negatives = [c.query for c in children if isinstance(c, wq.Not)]
        if not positives:
            result = self._all_docs()
        else:
            parts = sorted((self._eval(c) for c in positives), key=len)
            result = parts[0]
            for part in parts[1:]:
                if not result:
                    break
                result = {d: s + part[d] for d, s in result.items() if d in part}
        for neg in negatives:
            if not result:
                break
            for d in self._eval(neg):
                result.pop(d, None)
        return result


def _union(parts: Iterable[Scores]) -> Scores:
    result: Scores = {}
    for part in sorted(parts, key=len, reverse=True):
        if not result:
            result = dict(part)
            continue
        for d, s in part.items():
            result[d] = result.get(d, 0.0) + s
    return result


def _read_all(matcher: object) -> tuple[list[int], list[float]]:
    """Every id and weight of a leaf posting list (block arrays, or inline lists)."""
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, mcore.ListMatcher):  # short lists stored inline in the term info
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return ids, weights
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block_ids = matcher._data[0]
        ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
        weights.extend(_block_weights(matcher._data[1], matcher._blocklength))
        matcher._next_block()
    return ids, weights


def _block_weights(weights: object, count: int) -> Iterable[float]:
    """Whoosh stores all-1.0 or all-equal weights of a block as None or one float."""
    if weights is None:
        return repeat(1.0, count)
    if isinstance(weights, float):
        return repeat(weights, count)
    return weights
