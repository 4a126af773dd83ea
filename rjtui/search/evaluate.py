"""Evaluate a query to the articles it matches and the scored passages that show it,
by reading posting blocks in bulk.

Whoosh walks postings one document at a time through several layers of
Python method calls (about 10 µs a posting); a common word at 10k articles
has 70k postings, which makes every search slow. Here each term's posting
list is read in one go into typed arrays (see ``rjtui.search.postings``: ids
and weights apart from positions), boolean structure becomes dict/set
operations, and scoring is a saturating tf·idf (BM25 without length
normalisation: passages are all paragraph-sized). Phrases decode positions
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
from bisect import bisect_left
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, compress, groupby, repeat
from operator import add, mul, not_, truediv
from typing import Any, Generic, Literal, TypeVar

from whoosh import query as wq

from rjtui.search.postings import Block, extent, read_blocks
from rjtui.search.schema import DEFAULT_FIELD, ENTITY_FIELD, PackedPositions

K1 = 1.2
PASSAGE_FIELDS = frozenset({DEFAULT_FIELD, ENTITY_FIELD})
"""Fields indexed on every passage: their matches are hits a snippet can show."""
CACHE_BYTES = 16 << 20
"""Posting arrays kept in memory (about 5 bytes a posting without positions)."""
MATCH_CACHE_BYTES = 8 << 20
"""Scored matches of single words and phrases kept in memory (about 100 bytes a hit)."""
_HIT_BYTES = 100
_ARTICLE_BYTES = 60
Scores = dict[int, float]
Scope = Literal["article", "passage"]
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Match:
    """What a query (or one part of it) matches.

    ``articles`` is the answer: the articles that satisfy the query. ``hits`` are
    the passages that hold evidence for it (body words, never metadata), scored;
    they are what snippets, highlights and concordance lines show, and they rank
    the articles. ``cover`` counts, for an article-level AND, how many of its
    parts each passage holds (the passages to show first).
    """

    hits: Scores
    articles: frozenset[int]
    cover: dict[int, int] = field(default_factory=dict)
    """Parts held, for the passages that hold more than one (the rest hold one)."""


NO_MATCH = Match({}, frozenset())


class Evaluator:
    """Bound to one searcher (one index generation)."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        # An index of no documents has one empty reader, without columns: leave it out.
        self._leaves = [(r, o) for r, o in self._reader.leaf_readers() if r.doc_count_all()]
        self._ndocs = max(self._reader.doc_count(), 1)
        self._boosts = {
            name: getattr(field, "field_boost", 1.0) for name, field in self._reader.schema.items()
        }

        self.scope: Scope = "article"
        self._cache: Lru[tuple[str, str], TermPostings] = Lru(CACHE_BYTES)
        self._leaf_matches: Lru[tuple[object, ...], Match] = Lru(MATCH_CACHE_BYTES)

    def prepare(self) -> None:
        """Build the per-document tables now (at open), not inside the first search."""
        self.docs_by_akey  # noqa: B018 (reads akeys too)

    def run(self, q: wq.Query, scope: Scope = "article") -> Match:
        """Evaluate ``q``; ``scope`` says where AND looks for its words: anywhere in one
        article (the default), or together in one passage."""
        self.scope = scope
        return self._eval(q)

    @cached_property
    def akeys(self) -> list[int]:
        """Document number -> article key (the ``akey`` column), for this generation.

        A list, not the column's array: every hit of a common word is mapped to its
        article (``map(akeys.__getitem__, ...)``), and a list item costs half what an
        array item does (no int made per read). Its items share one int object per
        article, so it costs a pointer a passage (1 MB at 10k articles)."""
        column = array("I")
        for leaf, _offset in self._leaves:
            column.extend(_numeric_column(leaf.column_reader("akey", translate=False)))
        shared = list(range(max(column, default=-1) + 1))
        return list(map(shared.__getitem__, column))

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

    def title_matches(self, terms: Iterable[str]) -> Counter[int]:
        """How many of ``terms`` each article's title holds (titles are indexed once per
        article, so these posting lists are short)."""
        akeys = self.akeys
        return Counter(akeys[d] for term in terms for d in self.postings("title", term).ids)

    def _articles(self, docs: Iterable[int]) -> frozenset[int]:
        return frozenset(map(self.akeys.__getitem__, docs))

    def _found(self, fieldname: str, scores: Scores) -> Match:
        """A body match (or an entity tag, which is per passage) is evidence in its
        passages; a metadata match (indexed on an article's first passage) is a fact
        about the article and marks no passage."""
        articles = self._articles(scores)
        if fieldname not in PASSAGE_FIELDS:
            return Match({}, articles)
        return Match(scores, articles)

    def _within(
        self, hits: Scores, articles: frozenset[int], among: frozenset[int] | None = None
    ) -> Scores:
        """The hits that belong to ``articles``, walking whichever side is smallest: the
        passages of ``articles``, those of the articles dropped from ``among`` (the
        articles the hits come from; common words leave few), or the hits themselves.

        Written as chains of C-level iterators (``map``, ``compress``): this runs over
        every hit of every part of an article-level AND, and a Python step costs
        several times more per hit."""
        if len(articles) < len(hits) and self._passages_of(articles) < len(hits):
            found = list(filter(hits.__contains__, self._docs_of(articles)))
            return dict(zip(found, map(hits.__getitem__, found), strict=True))
        if among is not None:
            gone = among - articles
            if self._passages_of(gone) * 4 < len(hits):
                kept = dict(hits)
                deque(map(kept.pop, self._docs_of(gone), repeat(None)), maxlen=0)
                return kept
        return keep_articles(hits, articles, self.akeys)

    def _passages_of(self, articles: Iterable[int]) -> int:
        return sum(map(len, map(self.docs_by_akey.get, articles, repeat(()))))

    def _docs_of(self, articles: Iterable[int]) -> Iterable[int]:
        return chain.from_iterable(map(self.docs_by_akey.get, articles, repeat(())))

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
        keystroke, and building the scored hits of a common word is most of what a
        search costs."""
        found = self._leaf_matches.get(key)
        if found is None:
            found = evaluate()
            size = _HIT_BYTES * len(found.hits) + _ARTICLE_BYTES * len(found.articles)
            self._leaf_matches.put(key, found, size)
        return found

    def _read_postings(self, fieldname: str, text: str, values: bool) -> TermPostings:
        schema = self._reader.schema
        if fieldname not in schema:
            return TermPostings.empty(values)
        btext = schema[fieldname].to_bytes(text)
        parts: list[TermPostings] = []
        for leaf, offset in self._leaves:
            if (fieldname, btext) not in leaf:
                continue
            terminfo = leaf._terms.term_info(fieldname, btext)
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
        if not found.ids:
            return NO_MATCH
        scale = self._scale(fieldname, len(found.ids), boost)
        per_tf = {w: scale * w / (w + K1) for w in set(found.weights)}
        return self._found(
            fieldname, dict(zip(found.ids, map(per_tf.__getitem__, found.weights), strict=True))
        )

    def _phrase(self, q: wq.Phrase) -> Match:
        key = ("phrase", q.fieldname, tuple(q.words), q.boost)
        return self._leaf(key, lambda: self._phrase_match(q))

    def _phrase_match(self, q: wq.Phrase) -> Match:
        """Documents with the words at consecutive positions.

        The documents holding every word are found from the ids alone (rarest
        word first); positions are decoded only for those, and a word found
        once in a passage (most are) is compared as a plain number.
        """
        words = [self.postings(q.fieldname, word, values=True) for word in q.words]
        if not all(w.ids for w in words):
            return NO_MATCH
        candidates = _intersect([w.ids for w in words])
        scales = [self._scale(q.fieldname, len(w.ids), q.boost) for w in words]
        result: Scores = {}
        for d in candidates:
            at = [bisect_left(w.ids, d) for w in words]
            starts: int | Iterable[int] = words[0].positions(at[0])
            for i in range(1, len(words)):
                following = _follow(starts, words[i].positions(at[i]), i)
                if following is None:
                    break
                starts = following
            else:
                result[d] = sum(
                    scale * w.weights[j] / (w.weights[j] + K1)
                    for w, j, scale in zip(words, at, scales, strict=True)
                )
        return self._found(q.fieldname, result)

    def _every(self) -> Match:
        """Every article; under ``/p`` every live passage as well, so that a part made of
        NOTs only (``NOT a AND NOT b`` inside an OR) keeps passages, not whole articles."""
        docs = self.docs_by_akey
        if self.scope == "passage":
            return Match({d: 0.0 for ds in docs.values() for d in ds}, frozenset(docs))
        return Match({}, frozenset(docs))

    def _whoosh(self, q: wq.Query) -> Match:
        """Whoosh's own matcher, for the query types evaluated nowhere else."""
        found = dict.fromkeys(q.docs(self._searcher), q.boost)
        return self._found(getattr(q, "fieldname", None) or "", found)

    # --- structure ------------------------------------------------------------------------

    def _eval(self, q: wq.Query) -> Match:
        if q is wq.NullQuery:
            return NO_MATCH
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            if len(q.words) == 1:
                return self._term(q.fieldname, q.words[0], q.boost)
            if q.slop == 1:
                return self._phrase(q)
            near = self._whoosh(q)
            if not near.hits:
                return near
            words = self._conjoin([self._term(q.fieldname, w, q.boost) for w in q.words])
            return self._found(q.fieldname, {d: s for d, s in words.hits.items() if d in near.hits})
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
                return self._leaf(("or", *keys), lambda: _union(list(map(self._eval, parts))))
            return _union([self._eval(c) for c in q.subqueries])
        if isinstance(q, wq.AndNot):
            return self._without(self._eval(q.a), q.b)
        if isinstance(q, wq.AndMaybe):
            required = self._eval(q.a)
            optional = self._eval(q.b).hits
            hits = {d: s + optional.get(d, 0.0) for d, s in required.hits.items()}
            return Match(hits, required.articles)
        if isinstance(q, wq.Otherwise):
            first = self._eval(q.a)
            return first if first.articles else self._eval(q.b)
        return self._whoosh(q)

    def _without(self, match: Match, excluded: wq.Query) -> Match:
        """NOT drops the articles that mention the excluded words anywhere; under ``/p``
        it drops the passages that hold them (metadata still drops whole articles).
        The passages kept keep their cover: where the other words meet still shows first."""
        if not match.articles:
            return match
        gone = self._eval(excluded)
        if self.scope == "passage" and gone.hits and match.hits:
            hits = {d: s for d, s in match.hits.items() if d not in gone.hits}
            return Match(hits, self._articles(hits))
        articles = match.articles - gone.articles
        if articles == match.articles:
            return match
        return Match(self._within(match.hits, articles, match.articles), articles, match.cover)

    def _and(self, children: list[wq.Query]) -> Match:
        positives = [c for c in children if not isinstance(c, wq.Not)]
        negatives = [c.query for c in children if isinstance(c, wq.Not)]
        if not positives:
            result = self._every()
        else:
            parts = sorted((self._eval(c) for c in positives), key=lambda m: len(m.articles))
            result = self._conjoin(parts) if self.scope == "passage" else self._co_occur(parts)
        for neg in negatives:
            result = self._without(result, neg)
        return result

    def _co_occur(self, parts: list[Match]) -> Match:
        """Article-level AND: the articles holding every part somewhere (body or metadata);
        their passages with any part's hits, each scored by the sum of its parts times the
        share of parts it holds, so a passage where the words meet ranks first."""
        articles = parts[0].articles
        for part in parts[1:]:
            if not articles:
                return NO_MATCH
            articles = articles & part.articles
        if not articles:
            return NO_MATCH
        total: Scores = {}
        cover: dict[int, int] = {}
        for part in parts:
            hits = part.hits
            if not part.articles <= articles:
                hits = self._within(hits, articles, part.articles)
            if not total:
                total = dict(hits)
                continue
            # Copy the new passages and sum where parts meet, all in C; order as inserted.
            both = list(total.keys() & hits.keys())
            before, total = total, total | hits
            sums = map(add, map(before.__getitem__, both), map(hits.__getitem__, both))
            total.update(zip(both, sums, strict=True))
            held = map(add, map(cover.get, both, repeat(1)), repeat(1))
            cover.update(zip(both, held, strict=True))
        covers = map(cover.get, total, repeat(1))
        scaled = map(truediv, map(mul, total.values(), covers), repeat(len(parts)))
        return Match(dict(zip(total, scaled, strict=True)), articles, cover)

    def _conjoin(self, parts: list[Match]) -> Match:
        """Passage-level AND (``/p``): the words must meet in one passage; a metadata part
        (no passage hits) still applies to the whole article."""
        body = [p for p in parts if p.hits]
        articles = parts[0].articles
        for part in parts[1:]:
            articles = articles & part.articles
        if not body or not articles:
            return Match({}, articles)
        body.sort(key=lambda m: len(m.hits))
        hits = body[0].hits
        for part in body[1:]:
            if not hits:
                break
            hits = {d: s + part.hits[d] for d, s in hits.items() if d in part.hits}
        if len(body) < len(parts):
            hits = self._within(hits, articles)
        return Match(hits, self._articles(hits))


def _leaf_key(q: wq.Query) -> tuple[object, ...] | None:
    """What identifies a word or a phrase query's match (None for other queries)."""
    if isinstance(q, wq.Term):
        return ("term", q.fieldname, q.text, q.boost)
    if isinstance(q, wq.Phrase):
        return ("phrase", q.fieldname, tuple(q.words), q.slop, q.boost)
    return None


def keep_articles(hits: Scores, articles: frozenset[int] | set[int], akeys: list[int]) -> Scores:
    """The hits whose passage belongs to one of ``articles``, in their order (C-level
    iteration: this runs over every hit of a filtered or article-level query)."""
    inside = map(articles.__contains__, map(akeys.__getitem__, hits))
    return dict(compress(hits.items(), inside))


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


def _union(parts: list[Match]) -> Match:
    hits: Scores = {}
    articles: frozenset[int] = frozenset()
    for part in sorted(parts, key=lambda m: len(m.hits), reverse=True):
        articles |= part.articles
        if not hits:
            hits = dict(part.hits)
            continue
        for d, s in part.hits.items():
            hits[d] = hits.get(d, 0.0) + s
    return Match(hits, articles)


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


def _intersect(lists: list[array]) -> list[int]:
    """Ids present in every (ascending) list: a set of the rarest, then each other list
    probed by bisection when the survivors are few, or intersected as a set."""
    lists = sorted(lists, key=len)
    found = set(lists[0])
    for ids in lists[1:]:
        if not found:
            break
        if len(found) * 16 < len(ids):
            last = len(ids)
            found = {d for d in found if (i := bisect_left(ids, d)) < last and ids[i] == d}
        else:
            found.intersection_update(ids)
    return sorted(found)


class TermPostings:
    """One term's live postings as typed arrays: ids (``I``), weights (``B`` when every
    weight is a small integer, else ``f``) and, if read, the encoded positions."""

    __slots__ = ("ends", "ids", "nbytes", "values", "weights")

    def __init__(
        self, ids: array, weights: array, ends: array | None = None, values: bytes = b""
    ) -> None:
        self.ids = ids
        self.weights = weights
        self.ends = ends
        self.values = values
        self.nbytes = (
            ids.itemsize * len(ids)
            + weights.itemsize * len(weights)
            + (0 if ends is None else ends.itemsize * len(ends))
            + len(values)
            + 200
        )

    @classmethod
    def empty(cls, values: bool) -> TermPostings:
        return cls(array("I"), array("B"), array("I") if values else None)

    @classmethod
    def from_lists(
        cls, ids: Iterable[int], weights: Iterable[float], values: Iterable[bytes] | None
    ) -> TermPostings:
        ends = None
        blob = b""
        if values is not None:
            values = list(values)
            ends = array("I", accumulate(map(len, values)))
            blob = b"".join(values)
        return cls(array("I", ids), _weights(list(weights)), ends, blob)

    @classmethod
    def from_blocks(cls, blocks: list[Block], values: bool) -> TermPostings:
        parts = [
            cls(
                b.ids,
                b.weights,
                (b.ends if b.ends is not None else array("I", bytes(4 * b.count)))
                if values
                else None,
                b.values,
            )
            for b in blocks
        ]
        return cls.join(parts, values)

    @classmethod
    def join(cls, parts: list[TermPostings], values: bool) -> TermPostings:
        """The postings of several segments (already shifted to index-wide ids)."""
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls.empty(values)
        ids = array("I")
        for part in parts:
            ids.extend(part.ids)
        weights = _weights([p.weights for p in parts])
        if not values:
            return cls(ids, weights)
        ends = array("I")
        base = 0
        for part in parts:
            assert part.ends is not None  # read with values, like every other part
            ends.extend(map(base.__add__, part.ends))
            base += len(part.values)
        return cls(ids, weights, ends, b"".join(p.values for p in parts))

    def live(self, deleted: set[int] | frozenset[int]) -> TermPostings:
        """Without the postings of deleted documents."""
        if not deleted or deleted.isdisjoint(self.ids):
            return self
        keep = [i for i, d in enumerate(self.ids) if d not in deleted]
        ids = array("I", (self.ids[i] for i in keep))
        weights = array(self.weights.typecode, (self.weights[i] for i in keep))
        if self.ends is None:
            return TermPostings(ids, weights)
        return TermPostings.from_lists(ids, weights, [self.value(i) for i in keep])

    def shifted(self, offset: int) -> TermPostings:
        """With ``offset`` added to every id (a segment's place in the index)."""
        if not offset:
            return self
        ids = array("I", map(offset.__add__, self.ids))
        return TermPostings(ids, self.weights, self.ends, self.values)

    def value(self, i: int) -> bytes:
        ends = self.ends
        assert ends is not None, "postings read without values"
        return self.values[ends[i - 1] if i else 0 : ends[i]]

    def positions(self, i: int) -> int | list[int]:
        """The positions of posting ``i``: a plain int when there is only one."""
        value = self.value(i)
        if len(value) == 2:
            return value[0] | value[1] << 8
        return PackedPositions.decode_positions(value)


def _weights(chunks: list) -> array:
    """One weight array from arrays (or a list of numbers): ``B`` if they all are."""
    if chunks and not isinstance(chunks[0], array):
        chunks = [array("f", chunks)]
        if all(0 <= w < 256 and w == int(w) for w in chunks[0]):
            chunks = [array("B", map(int, chunks[0]))]
    typecode = "B" if all(c.typecode == "B" for c in chunks) else "f"
    out = array(typecode)
    for chunk in chunks:
        out.extend(chunk if chunk.typecode == typecode else array(typecode, chunk))
    return out


def _numeric_column(column: Any) -> array:
    """A whole Whoosh ``NumericColumn("I")`` in one read (iterating it costs ~3 µs a
    document). Stored big-endian; documents past the written part hold the default."""
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = array("I", raw)
    if sys.byteorder == "little":
        values.byteswap()
    values.extend(repeat(column._default, column._doccount - column._count))
    return values
