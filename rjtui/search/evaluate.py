"""Evaluate a query to the articles it matches and the scored passages that show it,
by reading posting blocks in bulk.

Whoosh walks postings one document at a time through several layers of
Python method calls (about 10 µs a posting); a common word at 10k articles
has 70k postings, which makes every search slow. Here each term's posting
list is read a block at a time (ids and term frequencies as arrays), boolean
structure becomes dict/set operations, and scoring is a saturating tf·idf
(BM25 without length normalisation: passages are all paragraph-sized). Only
phrases and rare query types are still checked by Whoosh's own matchers, and
then only on the documents that contain every word.

AND is article-level by default - each word somewhere in the article, body or
metadata - because "no passage holds both" is not "no article mentions both"
(a researcher reads a zero as the latter). ``/p`` asks for the words in one
passage. NOT follows the same scope.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, repeat
from typing import Literal

from whoosh import query as wq
from whoosh.matching import mcore

from rjtui.search.schema import DEFAULT_FIELD, ENTITY_FIELD

K1 = 1.2
PASSAGE_FIELDS = frozenset({DEFAULT_FIELD, ENTITY_FIELD})
"""Fields indexed on every passage: their matches are hits a snippet can show."""
CACHE_POSTINGS = 1_500_000
Scores = dict[int, float]
Postings = tuple[list[int], list[float], list[bytes]]
Scope = Literal["article", "passage"]


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


NO_MATCH = Match({}, frozenset())


class Evaluator:
    """Bound to one searcher (one index generation)."""

    def __init__(self, searcher: object) -> None:
        self._searcher = searcher
        self._reader = searcher.reader()
        # An index of no documents has one empty reader, without columns: leave it out.
        self._leaves = [(r, o) for r, o in self._reader.leaf_readers() if r.doc_count_all()]
        self._ndocs = max(self._reader.doc_count(), 1)
        self._boosts = {
            name: getattr(field, "field_boost", 1.0) for name, field in self._reader.schema.items()
        }

        self.scope: Scope = "article"
        self._cache: OrderedDict[tuple[str, str, bool], Postings] = OrderedDict()
        self._cached = 0

    def run(self, q: wq.Query, scope: Scope = "article") -> Match:
        """Evaluate ``q``; ``scope`` says where AND looks for its words: anywhere in one
        article (the default), or together in one passage."""
        self.scope = scope
        return self._eval(q)

    @cached_property
    def akeys(self) -> array:
        """Document number -> article key (the ``akey`` column), for this generation."""
        akeys = array("I")
        for leaf, _offset in self._leaves:
            akeys.extend(_numeric_column(leaf.column_reader("akey", translate=False)))
        return akeys

    @cached_property
    def docs_by_akey(self) -> dict[int, list[int]]:
        """Article key -> its live passage documents, in index order."""
        akeys = self.akeys
        docs: dict[int, list[int]] = {}
        for leaf, offset in self._leaves:
            deleted = leaf.deleted_docs_set
            for d in range(offset, offset + leaf.doc_count_all()):
                if d - offset not in deleted:
                    docs.setdefault(akeys[d], []).append(d)
        return docs

    def title_matches(self, terms: Iterable[str]) -> Counter[int]:
        """How many of ``terms`` each article's title holds (titles are indexed once per
        article, so these posting lists are short)."""
        akeys = self.akeys
        return Counter(akeys[d] for term in terms for d in self.postings("title", term)[0])

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

    def _within(self, hits: Scores, articles: frozenset[int]) -> Scores:
        """The hits that belong to ``articles``, walking whichever side is smaller."""
        docs = self.docs_by_akey
        if sum(len(docs.get(a, ())) for a in articles) < len(hits):
            return {d: hits[d] for a in articles for d in docs.get(a, ()) if d in hits}
        akeys = self.akeys
        return {d: s for d, s in hits.items() if akeys[d] in articles}

    # --- leaves ---------------------------------------------------------------------------

    def postings(self, fieldname: str, text: str, values: bool = False) -> Postings:
        """All live (docnum, term frequency[, encoded positions]) of one term.

        Recently used lists are kept (up to ``CACHE_POSTINGS`` entries in all): a
        search-as-you-type front end re-runs the same words on every keystroke.
        """
        key = (fieldname, text, values)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = self._read_postings(fieldname, text, values)
        self._cache[key] = found
        self._cached += len(found[0])
        while self._cached > CACHE_POSTINGS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached -= len(dropped[0])
        return found

    def _read_postings(self, fieldname: str, text: str, values: bool) -> Postings:
        ids: list[int] = []
        weights: list[float] = []
        encoded: list[bytes] = []
        schema = self._reader.schema
        if fieldname not in schema:
            return ids, weights, encoded
        field = schema[fieldname]
        btext = field.to_bytes(text)
        for leaf, offset in self._leaves:
            if (fieldname, btext) not in leaf:
                continue
            matcher = leaf._terms.matcher(fieldname, btext, field.format)
            leaf_ids, leaf_weights, leaf_values = _read_all(matcher, values)
            deleted = leaf.deleted_docs_set
            if deleted and not deleted.isdisjoint(leaf_ids):
                live = [i for i, d in enumerate(leaf_ids) if d not in deleted]
                leaf_ids = [leaf_ids[i] for i in live]
                leaf_weights = [leaf_weights[i] for i in live]
                leaf_values = [leaf_values[i] for i in live] if values else leaf_values
            ids.extend(map(offset.__add__, leaf_ids) if offset else leaf_ids)
            weights.extend(leaf_weights)
            encoded.extend(leaf_values)
        return ids, weights, encoded

    def _scale(self, fieldname: str, df: int, boost: float) -> float:
        idf = math.log(1 + (self._ndocs - df + 0.5) / (df + 0.5))
        return idf * boost * self._boosts.get(fieldname, 1.0) * (K1 + 1)

    def _term(self, fieldname: str, text: str, boost: float) -> Match:
        ids, weights, _ = self.postings(fieldname, text)
        if not ids:
            return NO_MATCH
        scale = self._scale(fieldname, len(ids), boost)
        per_tf = {w: scale * w / (w + K1) for w in set(weights)}
        return self._found(fieldname, dict(zip(ids, map(per_tf.__getitem__, weights), strict=True)))

    def _phrase(self, q: wq.Phrase) -> Match:
        """Documents with the words at consecutive positions, checked from the postings'
        own position lists (only for documents that contain every word)."""
        fmt = self._reader.schema[q.fieldname].format
        words = []
        for word in q.words:
            ids, weights, encoded = self.postings(q.fieldname, word, values=True)
            if not ids:
                return NO_MATCH
            scale = self._scale(q.fieldname, len(ids), q.boost)
            words.append(
                (dict(zip(ids, encoded, strict=True)), dict(zip(ids, weights, strict=True)), scale)
            )
        rarest = min(words, key=lambda w: len(w[0]))[0]
        candidates = [d for d in rarest if all(d in w[0] for w in words)]
        result: Scores = {}
        for d in candidates:
            starts = set(fmt.decode_positions(words[0][0][d]))
            for i, (encoded, _, _) in enumerate(words[1:], 1):
                starts &= {p - i for p in fmt.decode_positions(encoded[d])}
                if not starts:
                    break
            if starts:
                result[d] = sum(scale * w[d] / (w[d] + K1) for _, w, scale in words)
        return self._found(q.fieldname, result)

    def _every(self) -> Match:
        return Match({}, frozenset(self.docs_by_akey))

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
        it drops the passages that hold them (metadata still drops whole articles)."""
        if not match.articles:
            return match
        gone = self._eval(excluded)
        if self.scope == "passage" and gone.hits and match.hits:
            hits = {d: s for d, s in match.hits.items() if d not in gone.hits}
            return Match(hits, self._articles(hits))
        articles = match.articles - gone.articles
        if articles == match.articles:
            return match
        return Match(self._within(match.hits, articles), articles)

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
            hits = part.hits if part.articles <= articles else self._within(part.hits, articles)
            for d, s in hits.items():
                total[d] = total.get(d, 0.0) + s
                cover[d] = cover.get(d, 0) + 1
        n = len(parts)
        hits = {d: s * cover[d] / n for d, s in total.items()}
        return Match(hits, articles, cover)

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


def _read_all(matcher: object, values: bool) -> tuple[list[int], list[float], list[bytes]]:
    """Every id, weight (and encoded value) of a leaf posting list: block arrays, or the
    short lists Whoosh stores inline in the term info."""
    ids: list[int] = []
    weights: list[float] = []
    encoded: list[bytes] = []
    if isinstance(matcher, mcore.ListMatcher):
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                encoded.append(matcher.value())
            matcher.next()
        return ids, weights, encoded
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block_ids = matcher._data[0]
        ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
        weights.extend(_block_weights(matcher._data[1], matcher._blocklength))
        if values:
            matcher._read_values()
            encoded.extend(matcher._values)
        matcher._next_block()
    return ids, weights, encoded


def _block_weights(weights: object, count: int) -> Iterable[float]:
    """Whoosh stores all-1.0 or all-equal weights of a block as None or one float."""
    if weights is None:
        return repeat(1.0, count)
    if isinstance(weights, float):
        return repeat(weights, count)
    return weights


def _numeric_column(column: object) -> array:
    """A whole Whoosh ``NumericColumn("I")`` in one read (iterating it costs ~3 µs a
    document). Stored big-endian; documents past the written part hold the default."""
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = array("I", raw)
    if sys.byteorder == "little":
        values.byteswap()
    values.extend(repeat(column._default, column._doccount - column._count))
    return values
