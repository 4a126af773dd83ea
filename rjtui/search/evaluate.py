"""Evaluate a query to the articles it matches and the scored passages that show it,
by reading posting blocks in bulk.

Whoosh walks postings one document at a time through several layers of
Python method calls (about 10 µs a posting); a common word at 10k articles
has 70k postings, which makes every search slow. Here each term's posting
list is read in one go into numpy arrays (see ``rjtui.search.postings``: ids
and weights apart from positions), boolean structure becomes vectorised
operations on match sets (``rjtui.search.matchset``), and scoring is a
saturating tf·idf (BM25 without length normalisation: passages are all
paragraph-sized). Phrases decode positions
only for the documents holding every word; rare query types (sloppy phrases,
wildcards left to Whoosh) are checked by Whoosh's own matchers.

AND is article-level by default - each word somewhere in the article, body or
metadata - because "no passage holds both" is not "no article mentions both"
(a researcher reads a zero as the latter). ``/p`` asks for the words in one
passage. NOT follows the same scope.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import chain, compress, groupby, repeat
from operator import not_
from typing import Any, Generic, Literal, TypeVar

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound

from rjtui.search.matchset import Floats, Ints, Mask, Match, accumulate, member
from rjtui.search.postings import Block, extent, read_blocks
from rjtui.search.schema import DEFAULT_FIELD, ENTITY_FIELD, PackedPositions

K1 = 1.2
PASSAGE_FIELDS = frozenset({DEFAULT_FIELD, ENTITY_FIELD})
"""Fields indexed on every passage: their matches are hits a snippet can show."""
CACHE_BYTES = 16 << 20
"""Posting arrays kept in memory (about 5 bytes a posting without positions)."""
MATCH_CACHE_BYTES = 8 << 20
"""Scored matches of single words and phrases kept in memory (16 bytes a hit)."""
Scope = Literal["article", "passage"]
K = TypeVar("K")
V = TypeVar("V")


class Evaluator:
    """Bound to one searcher (one index generation)."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        # An index of no documents has one empty reader, without columns: leave it out.
        self._leaves = [(r, o) for r, o in self._reader.leaf_readers() if r.doc_count_all()]
        self._ndocs = max(self._reader.doc_count(), 1)
        self._size = self._reader.doc_count_all()
        self._boosts = {
            name: getattr(field, "field_boost", 1.0) for name, field in self._reader.schema.items()
        }

        self.scope: Scope = "article"
        self._cache: Lru[tuple[str, str], TermPostings] = Lru(CACHE_BYTES)
        self._leaf_matches: Lru[tuple[object, ...], Match] = Lru(MATCH_CACHE_BYTES)

    def prepare(self) -> None:
        """Build the per-document tables now (at open), not inside the first search."""
        self._every_article  # noqa: B018 (reads the akey column and docs_by_akey too)

    def run(self, q: wq.Query, scope: Scope = "article") -> Match:
        """Evaluate ``q``; ``scope`` says where AND looks for its words: anywhere in one
        article (the default), or together in one passage."""
        self.scope = scope
        return self._eval(q)

    @cached_property
    def akey_array(self) -> Ints:
        """Document number -> article key (the ``akey`` column), for this generation."""
        column = array("I")
        for leaf, _offset in self._leaves:
            column.extend(_numeric_column(leaf.column_reader("akey", translate=False)))
        return np.frombuffer(column, dtype=np.uint32).astype(np.intp)

    @cached_property
    def akeys(self) -> list[int]:
        """``akey_array`` as a list, for lookups of one document at a time."""
        return self.akey_array.tolist()

    @cached_property
    def article_slots(self) -> int:
        """The length of an article mask: one past the highest article key."""
        return int(self.akey_array.max()) + 1 if self.akey_array.size else 0

    @cached_property
    def docs_by_akey(self) -> dict[int, list[int]]:
        """Article key -> its live passage documents, in index order."""
        akeys = self.akeys
        docs: dict[int, list[int]] = {}
        for leaf, offset in self._leaves:
            count = leaf.doc_count_all()
            live: Iterable[int] = range(offset, offset + count)
            deleted = leaf.deleted_docs_set
            if deleted:
                live = compress(live, map(not_, map(deleted.__contains__, range(count))))
            # An article's passages are consecutive documents: one step per article.
            for akey, run in groupby(live, akeys.__getitem__):
                docs.setdefault(akey, []).extend(run)
        return docs

    @cached_property
    def _every_article(self) -> Match:
        every = np.zeros(self.article_slots, dtype=np.bool_)
        every[list(self.docs_by_akey)] = True
        return Match.articles_only(every)

    @cached_property
    def _every_passage(self) -> Match:
        docs = np.sort(np.fromiter(chain.from_iterable(self.docs_by_akey.values()), np.intp))
        return Match(docs, np.zeros(len(docs)), self._every_article.amask)

    @cached_property
    def _nothing(self) -> Match:
        return Match.articles_only(np.zeros(self.article_slots, dtype=np.bool_))

    def mask_of(self, docs: Ints) -> Mask:
        """The articles of ``docs``, as a mask."""
        mask = np.zeros(self.article_slots, dtype=np.bool_)
        mask[self.akey_array[docs]] = True
        return mask

    def title_matches(self, terms: Iterable[str]) -> Ints:
        """How many of ``terms`` each article's title holds, by article key (titles are
        indexed once per article: one posting per article and term at most)."""
        counts = np.zeros(self.article_slots, dtype=np.intp)
        for term in terms:
            counts[self.akey_array[self.postings("title", term).ids]] += 1
        return counts

    def _found(self, fieldname: str, docs: Ints, scores: Floats) -> Match:
        """A body match (or an entity tag, which is per passage) is evidence in its
        passages; a metadata match (indexed on an article's first passage) is a fact
        about the article and marks no passage."""
        if fieldname not in PASSAGE_FIELDS:
            return Match.articles_only(self.mask_of(docs))
        return Match(docs, scores, self.mask_of(docs))

    # --- leaves ---------------------------------------------------------------------------

    def postings(self, fieldname: str, text: str, values: bool = False) -> TermPostings:
        """All live postings of one term (with their encoded positions if ``values``).

        Recently used lists are kept, up to ``CACHE_BYTES`` of arrays in all: a
        search-as-you-type front end re-runs the same words on every keystroke.
        """
        key = (fieldname, text)
        found = self._cache.get(key)
        if found is None or (found.ends is None and values):
            found = self._read_postings(fieldname, text, values)
            self._cache.put(key, found, found.nbytes)
        return found

    def _leaf(self, key: tuple[object, ...], evaluate: Callable[[], Match]) -> Match:
        """A word's or a phrase's match (or an OR of them), kept (read-only) up to
        ``MATCH_CACHE_BYTES``: typing a query re-runs its finished words on every
        keystroke."""
        found = self._leaf_matches.get(key)
        if found is None:
            found = evaluate()
            self._leaf_matches.put(key, found, found.nbytes)
        return found

    def _read_postings(self, fieldname: str, text: str, values: bool) -> TermPostings:
        schema = self._reader.schema
        if fieldname not in schema:
            return TermPostings.empty(values)
        btext = schema[fieldname].to_bytes(text)
        parts: list[TermPostings] = []
        for leaf, offset in self._leaves:
            try:  # one hash lookup (``in`` then ``term_info`` made two: ~10 file reads each)
                terminfo = leaf._terms.term_info(fieldname, btext)
            except (TermNotFound, KeyError):  # KeyError: no term of this field in the segment
                continue
            if terminfo.is_inlined():
                ids, weights, vals = terminfo.inlined_postings()
                part = TermPostings.from_lists(ids, weights, vals if values else None)
            else:
                start, length = extent(terminfo)
                part = TermPostings.from_blocks(
                    read_blocks(leaf._terms._postfile, start, length, values), values
                )
            parts.append(part.live(leaf.deleted_docs_set).shifted(offset))
        return TermPostings.join(parts, values)

    def _scale(self, fieldname: str, df: int, boost: float) -> float:
        idf = math.log(1 + (self._ndocs - df + 0.5) / (df + 0.5))
        return idf * boost * self._boosts.get(fieldname, 1.0) * (K1 + 1)

    def _term(self, fieldname: str, text: str, boost: float) -> Match:
        return self._leaf(
            ("term", fieldname, text, boost), lambda: self._term_match(fieldname, text, boost)
        )

    def _term_match(self, fieldname: str, text: str, boost: float) -> Match:
        found = self.postings(fieldname, text)
        if not found.ids.size:
            return self._nothing
        return self._found(fieldname, found.ids.astype(np.intp), self._tf(found, boost, fieldname))

    def _tf(self, found: TermPostings, boost: float, fieldname: str) -> Floats:
        """Saturating tf times idf for each posting of ``found``."""
        scale = self._scale(fieldname, len(found.ids), boost)
        weights = found.weights.astype(np.float64)
        return scale * weights / (weights + K1)

    def _phrase(self, q: wq.Phrase) -> Match:
        key = ("phrase", q.fieldname, tuple(q.words), q.boost)
        return self._leaf(key, lambda: self._phrase_match(q))

    def _phrase_match(self, q: wq.Phrase) -> Match:
        """Documents with the words at consecutive positions.

        The documents holding every word are found from the ids alone; positions
        are decoded only for those. Where each word occurs once in a passage (most
        do: a 2-byte value) the check is one vectorised comparison; where some word
        repeats, every position is decoded at once (``_in_a_row``); only values
        with positions past 65535 (never in a passage of sane length) are walked
        one by one.
        """
        words = [self.postings(q.fieldname, word, values=True) for word in q.words]
        if not all(w.ids.size for w in words):
            return self._nothing
        candidates = words[0].ids
        for w in words[1:]:
            candidates = np.intersect1d(candidates, w.ids, assume_unique=True)
        at = [np.searchsorted(w.ids, candidates) for w in words]
        spans = [w.spans(i) for w, i in zip(words, at, strict=True)]
        single = np.logical_and.reduce([length == 2 for _, length in spans])
        first = words[0].single_positions(spans[0][0], single)
        ok = np.ones(int(single.sum()), dtype=np.bool_)
        for i in range(1, len(words)):
            ok &= words[i].single_positions(spans[i][0], single) - i == first
        several = np.flatnonzero(~single)
        short = np.logical_and.reduce([length[several] % 2 == 0 for _, length in spans])
        walked = [j for j in several[~short].tolist() if _in_order(words, at, j)]
        chained = _in_a_row(words, [(st[several[short]], n[several[short]]) for st, n in spans])
        found = np.sort(
            np.concatenate([np.flatnonzero(single)[ok], several[short][chained], walked]).astype(
                np.intp
            )
        )
        scores = np.zeros(len(found))
        for w, where in zip(words, at, strict=True):
            scale = self._scale(q.fieldname, len(w.ids), q.boost)
            weights = w.weights[where[found]].astype(np.float64)
            scores += scale * weights / (weights + K1)
        return self._found(q.fieldname, candidates[found].astype(np.intp), scores)

    def _every(self) -> Match:
        """Every article; under ``/p`` every live passage as well, so that a part made of
        NOTs only (``NOT a AND NOT b`` inside an OR) keeps passages, not whole articles."""
        return self._every_passage if self.scope == "passage" else self._every_article

    def _whoosh(self, q: wq.Query) -> Match:
        """Whoosh's own matcher, for the query types evaluated nowhere else."""
        docs = np.unique(np.fromiter(q.docs(self._searcher), dtype=np.intp))
        return self._found(getattr(q, "fieldname", None) or "", docs, np.full(len(docs), q.boost))

    # --- structure ------------------------------------------------------------------------

    def _eval(self, q: wq.Query) -> Match:
        if q is wq.NullQuery:
            return self._nothing
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            if len(q.words) == 1:
                return self._term(q.fieldname, q.words[0], q.boost)
            if q.slop == 1:
                return self._phrase(q)
            near = self._whoosh(q)
            if not near.docs.size:
                return near
            words = self._conjoin([self._term(q.fieldname, w, q.boost) for w in q.words])
            keep = member(near.docs, words.docs)
            return self._found(q.fieldname, words.docs[keep], words.scores[keep])
        if isinstance(q, wq.Not):
            return self._without(self._every(), q.query)
        if isinstance(q, wq.Every):
            return self._every()
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            keys = list(map(_leaf_key, q.subqueries))
            if all(keys):
                # A word widened to its entity (``japan OR entity:japan``) is kept whole:
                # its two parts are each about as big as the cache, and evicted each other.
                parts = q.subqueries
                return self._leaf(("or", *keys), lambda: self._union(list(map(self._eval, parts))))
            return self._union([self._eval(c) for c in q.subqueries])
        if isinstance(q, wq.AndNot):
            return self._without(self._eval(q.a), q.b)
        if isinstance(q, wq.AndMaybe):
            required = self._eval(q.a)
            optional = self._eval(q.b)
            _, extra, _ = optional.lookup(required.docs)
            return Match(required.docs, required.scores + extra, required.amask)
        if isinstance(q, wq.Otherwise):
            first = self._eval(q.a)
            return first if first.amask.any() else self._eval(q.b)
        return self._whoosh(q)

    def _without(self, match: Match, excluded: wq.Query) -> Match:
        """NOT drops the articles that mention the excluded words anywhere; under ``/p``
        it drops the passages that hold them (metadata still drops whole articles).
        The passages kept keep their cover: where the other words meet still shows first."""
        if not match.amask.any():
            return match
        gone = self._eval(excluded)
        if self.scope == "passage" and gone.docs.size and match.docs.size:
            keep = ~member(gone.docs, match.docs)
            docs = match.docs[keep]
            return Match(docs, match.scores[keep], self.mask_of(docs))
        amask = match.amask & ~gone.amask
        if np.array_equal(amask, match.amask):
            return match
        return match.within(amask, self.akey_array)

    def _and(self, children: list[wq.Query]) -> Match:
        positives = [c for c in children if not isinstance(c, wq.Not)]
        negatives = [c.query for c in children if isinstance(c, wq.Not)]
        if not positives:
            result = self._every()
        else:
            parts = sorted((self._eval(c) for c in positives), key=lambda m: m.article_count)
            result = self._conjoin(parts) if self.scope == "passage" else self._co_occur(parts)
        for neg in negatives:
            result = self._without(result, neg)
        return result

    def _co_occur(self, parts: list[Match]) -> Match:
        """Article-level AND: the articles holding every part somewhere (body or metadata);
        their passages with any part's hits, each scored by the sum of its parts times the
        share of parts it holds, so a passage where the words meet ranks first."""
        amask = np.logical_and.reduce([part.amask for part in parts])
        if not amask.any():
            return self._nothing
        inside = [part.within(amask, self.akey_array) for part in parts]
        docs, sums, held = accumulate([(p.docs, p.scores) for p in inside], self._size)
        return Match(docs, sums * held / len(parts), amask, held)

    def _conjoin(self, parts: list[Match]) -> Match:
        """Passage-level AND (``/p``): the words must meet in one passage; a metadata part
        (no passage hits) still applies to the whole article."""
        body = sorted((p for p in parts if p.docs.size), key=lambda m: len(m.docs))
        amask = np.logical_and.reduce([part.amask for part in parts])
        if not body or not amask.any():
            return Match.articles_only(amask)
        docs, scores = body[0].docs, body[0].scores
        for part in body[1:]:
            if not docs.size:
                break
            docs, mine, theirs = np.intersect1d(
                docs, part.docs, assume_unique=True, return_indices=True
            )
            scores = scores[mine] + part.scores[theirs]
        if len(body) < len(parts):
            keep = amask[self.akey_array[docs]]
            docs, scores = docs[keep], scores[keep]
        return Match(docs, scores, self.mask_of(docs))

    def _union(self, parts: list[Match]) -> Match:
        """OR: every part's passages and articles; a passage's scores summed (largest
        part first)."""
        parts = sorted(parts, key=lambda m: len(m.docs), reverse=True)
        amask = np.logical_or.reduce([part.amask for part in parts])
        docs, scores, _ = accumulate([(p.docs, p.scores) for p in parts], self._size)
        return Match(docs, scores, amask)


def _leaf_key(q: wq.Query) -> tuple[object, ...] | None:
    """What identifies a word or a phrase query's match (None for other queries)."""
    if isinstance(q, wq.Term):
        return ("term", q.fieldname, q.text, q.boost)
    if isinstance(q, wq.Phrase):
        return ("phrase", q.fieldname, tuple(q.words), q.slop, q.boost)
    return None


class Lru(Generic[K, V]):
    """The most recently used values, up to a budget of bytes (each value's size is
    given when it is put); the last one put always stays."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V, size: int) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, size)
        self._bytes += size
        while self._bytes > self._budget and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self._bytes -= dropped


def _in_a_row(words: list[TermPostings], values: list[tuple[Ints, Ints]]) -> Mask:
    """For each candidate ``j`` (the value of word ``i`` is ``values[i][1][j]`` bytes from
    ``values[i][0][j]`` in its blob: uint16 positions), whether the words stand at
    consecutive positions somewhere: every position decoded at once, keyed
    ``j << 17 | position - i`` (positions are below 65536), and the keys of each word
    intersected with the first's.
    Where a common word repeats in many passages ("Russia would") this is one numpy
    pass where a Python walk per passage took 15-20 ms."""
    chosen = len(values[0][0])
    if not chosen:
        return np.zeros(0, dtype=np.bool_)
    keys: Ints | None = None
    for i, (w, (start, size)) in enumerate(zip(words, values, strict=True)):
        count = size // 2
        owner = np.repeat(np.arange(chosen, dtype=np.int64), count)
        offset = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
        at = np.repeat(start, count) + 2 * offset
        raw = np.frombuffer(w.values, dtype=np.uint8)
        position = raw[at].astype(np.int64) | raw[at + 1].astype(np.int64) << 8
        mine = owner << 17 | (position - i + (1 << 16))  # (kept positive: position >= 0)
        keys = mine if keys is None else np.intersect1d(keys, mine, assume_unique=True)
    assert keys is not None
    found = np.zeros(chosen, dtype=np.bool_)
    found[keys >> 17] = True
    return found


def _in_order(words: list[TermPostings], at: list[Ints], j: int) -> bool:
    """Whether candidate ``j`` (posting ``at[i][j]`` of each word ``i``) holds the words
    at consecutive positions, read one by one (some word occurs more than once)."""
    starts: int | Iterable[int] = words[0].positions(int(at[0][j]))
    for i in range(1, len(words)):
        following = _follow(starts, words[i].positions(int(at[i][j])), i)
        if following is None:
            return False
        starts = following
    return True


def _follow(starts: int | Iterable[int], found: int | list[int], i: int) -> int | set[int] | None:
    """The phrase starts still possible once word ``i`` sits at one of ``found``."""
    if isinstance(found, int):
        if isinstance(starts, int):
            return starts if found - i == starts else None
        return found - i if found - i in starts else None
    shifted = {p - i for p in found}
    if isinstance(starts, int):
        return starts if starts in shifted else None
    return shifted.intersection(starts) or None


class TermPostings:
    """One term's live postings as numpy arrays: ids (``uint32``, ascending), weights
    (``uint8`` when every weight is a small integer, else ``float32``) and, if read,
    the encoded positions: value ``i`` is ``values[ends[i - 1]:ends[i]]``."""

    __slots__ = ("ends", "ids", "nbytes", "values", "weights")

    def __init__(
        self,
        ids: np.ndarray,
        weights: np.ndarray,
        ends: np.ndarray | None = None,
        values: bytes = b"",
    ) -> None:
        self.ids = ids
        self.weights = weights
        self.ends = ends
        self.values = values
        self.nbytes = ids.nbytes + weights.nbytes + len(values) + 200
        if ends is not None:
            self.nbytes += ends.nbytes

    @classmethod
    def empty(cls, values: bool) -> TermPostings:
        ends = np.empty(0, dtype=np.int64) if values else None
        return cls(np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint8), ends)

    @classmethod
    def from_lists(
        cls, ids: Iterable[int], weights: Iterable[float], values: Iterable[bytes] | None
    ) -> TermPostings:
        ends = None
        blob = b""
        if values is not None:
            values = list(values)
            ends = np.cumsum([len(v) for v in values], dtype=np.int64)
            blob = b"".join(values)
        ints = np.array(list(ids), dtype=np.uint32)
        return cls(ints, _weights([np.array(list(weights), dtype=np.float32)]), ends, blob)

    @classmethod
    def from_blocks(cls, blocks: list[Block], values: bool) -> TermPostings:
        ids = np.concatenate([np.frombuffer(b.ids, dtype=np.uint32) for b in blocks])
        weights = _weights([np.frombuffer(b.weights, dtype=b.weights.typecode) for b in blocks])
        if not values:
            return cls(ids, weights)
        ends = [
            np.zeros(b.count, dtype=np.int64)
            if b.ends is None
            else np.frombuffer(b.ends, dtype=b.ends.typecode).astype(np.int64)
            for b in blocks
        ]
        return cls(ids, weights, *_joined_values(ends, [b.values for b in blocks]))

    @classmethod
    def join(cls, parts: list[TermPostings], values: bool) -> TermPostings:
        """The postings of several segments (already shifted to index-wide ids)."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls.empty(values)
        ids = np.concatenate([p.ids for p in parts])
        weights = _weights([p.weights for p in parts])
        if not values:
            return cls(ids, weights)
        ends = [p.ends for p in parts if p.ends is not None]
        assert len(ends) == len(parts)  # read with values, like every other part
        return cls(ids, weights, *_joined_values(ends, [p.values for p in parts]))

    def live(self, deleted: set[int] | frozenset[int]) -> TermPostings:
        """Without the postings of deleted documents."""
        if not deleted:
            return self
        keep = ~np.isin(self.ids, np.fromiter(deleted, dtype=np.int64))
        if keep.all():
            return self
        if self.ends is None:
            return TermPostings(self.ids[keep], self.weights[keep])
        kept = [self.value(i) for i in np.flatnonzero(keep).tolist()]
        return TermPostings.from_lists(self.ids[keep].tolist(), self.weights[keep].tolist(), kept)

    def shifted(self, offset: int) -> TermPostings:
        """With ``offset`` added to every id (a segment's place in the index)."""
        if not offset:
            return self
        ids = (self.ids + np.uint32(offset)).astype(np.uint32)
        return TermPostings(ids, self.weights, self.ends, self.values)

    def value(self, i: int) -> bytes:
        ends = self.ends
        assert ends is not None, "postings read without values"
        return self.values[int(ends[i - 1]) if i else 0 : int(ends[i])]

    def positions(self, i: int) -> int | list[int]:
        """The positions of posting ``i``: a plain int when there is only one."""
        value = self.value(i)
        if len(value) == 2:
            return value[0] | value[1] << 8
        return PackedPositions.decode_positions(value)

    def spans(self, at: Ints) -> tuple[Ints, Ints]:
        """Where the values of postings ``at`` start in ``values``, and their lengths."""
        ends = self.ends
        assert ends is not None, "postings read without values"
        stops = ends[at]
        starts = np.where(at > 0, ends[np.maximum(at - 1, 0)], 0)
        return starts, stops - starts

    def single_positions(self, starts: Ints, chosen: Mask) -> Ints:
        """The position held by each ``chosen`` value of ``starts`` (each a single
        position: two bytes, little-endian)."""
        raw = np.frombuffer(self.values, dtype=np.uint8)
        at = starts[chosen]
        return raw[at].astype(np.intp) | raw[at + 1].astype(np.intp) << 8


def _joined_values(ends: list[np.ndarray], blobs: list[bytes]) -> tuple[np.ndarray, bytes]:
    """One ends array and one values blob from several (each ends relative to its blob)."""
    bases = np.cumsum([0, *map(len, blobs[:-1])], dtype=np.int64)
    shifted = [e.astype(np.int64) + base for e, base in zip(ends, bases, strict=True)]
    joined = np.concatenate(shifted)
    return joined, b"".join(blobs)


def _weights(chunks: list[np.ndarray]) -> np.ndarray:
    """One weight array from several: ``uint8`` if they all are, or all hold small
    integers (``uint8`` is a quarter of the bytes in the caches)."""
    if all(c.dtype == np.uint8 for c in chunks):
        return np.concatenate(chunks) if len(chunks) != 1 else chunks[0]
    joined = np.concatenate([c.astype(np.float32) for c in chunks])
    small = joined.size and joined.min() >= 0 and joined.max() < 256
    if small and (joined == np.floor(joined)).all():
        return joined.astype(np.uint8)
    return joined


def _numeric_column(column: Any) -> array:
    """A whole Whoosh ``NumericColumn("I")`` in one read (iterating it costs ~3 µs a
    document). Stored big-endian; documents past the written part hold the default."""
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = array("I", raw)
    if sys.byteorder == "little":
        values.byteswap()
    values.extend(repeat(column._default, column._doccount - column._count))
    return values
