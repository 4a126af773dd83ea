"""The query API every front end uses: one long-lived searcher over the live index.

``Engine.open`` only reads the pointer, Whoosh's table of contents and the
article table, so it is cheap enough for the app's path to first results.
A search finds all matching passages unscored (cheap), derives totals and
facet counts from the in-memory article table, scores only the top passages
to rank articles (a passage hit lifts its article; several lift it more; a
title match adds a bonus), and highlights only the passages returned.
"""

from __future__ import annotations

import dataclasses
import gc
import heapq
import re
import time
from collections.abc import Sequence
from functools import cached_property
from math import ceil
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.filedb.filestore import FileStorage

from rjtui.config import Config
from rjtui.entities import EntityMatcher, Gazetteer, load_gazetteer
from rjtui.fold import fold_for_search
from rjtui.results import (
    ArticleHit,
    ArticleView,
    Facets,
    Filters,
    PassageHit,
    PassageMatch,
    PassageResult,
    SearchResult,
)
from rjtui.search import layout
from rjtui.search.analysis import learn_words, stem
from rjtui.search.entities import entity_matcher
from rjtui.search.evaluate import Evaluator, Lru
from rjtui.search.expand import describe, expand_entities
from rjtui.search.highlight import HitTerms, highlight_spans
from rjtui.search.layout import IndexMissing
from rjtui.search.matchset import (
    Floats,
    Ints,
    Mask,
    Match,
    bits_mask,
    keys_mask,
    mask_keys,
    top,
)
from rjtui.search.query import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    QueryBuilder,
    Vocabulary,
    positive_terms,
)
from rjtui.search.schema import DEFAULT_FIELD, ENTITY_FIELD, SCHEMA_VERSION
from rjtui.search.table import ArticleTable
from rjtui.trends import By, Trends, build_trends

NO_FILTERS = Filters()

RANK_DEPTH = 500
"""Best passages that rank articles, per 50 articles of paging depth."""
RECENT_QUERIES = 8
"""Match sets kept for re-use (see ``_matches``)."""
STORED_CACHE_BYTES = 4 << 20
"""Stored fields of recently shown passages kept in memory (see ``_stored``)."""
_STORED_OVERHEAD = 600
SUGGEST_BELOW = 3
"""Offer 'did you mean' when fewer articles than this match."""
MLT_TEXT_CHARS = 20_000
_PLAIN_WORD = re.compile(r"^[^\W\d_]{3,}$")
Marks = tuple[HitTerms, frozenset[str]]
_NO_MARKS: Marks = (HitTerms(), frozenset())


class Engine:
    """Search one index (a ``rjtui.results.SearchEngine``); call from one thread at a
    time (``rjtui.session.Session`` serialises calls)."""

    def __init__(self, root: Path, pointer: layout.Pointer, config: Config) -> None:
        self._root = root
        self._pointer = pointer
        self._config = config
        self._gazetteer = load_gazetteer(config)
        self._folders = config.corpus_dirs
        build = root / pointer.build
        layout.check_private(build)
        self._build = build
        self._ix = FileStorage(str(build), readonly=True).open_index()
        self._searcher = self._ix.searcher()
        self._load_generation()

    @classmethod
    def open(cls, config: Config) -> Engine:
        """Open the existing index for ``config``'s corpus; ``IndexMissing`` if there is none."""
        root = layout.index_root(config)
        if not root.is_dir():
            raise IndexMissing("no index yet for this corpus; build it with: rjtui index")
        layout.check_private(root.parent)
        layout.check_private(root)
        pointer = layout.read_pointer(root)
        if pointer is None or not (root / pointer.build).is_dir():
            raise IndexMissing("no index yet for this corpus; build it with: rjtui index")
        if pointer.schema != SCHEMA_VERSION:
            raise IndexMissing("the index was made by another rjtui version; run: rjtui index")
        try:
            return cls(root, pointer, config)
        except layout.UnsafeIndexDir:
            raise
        except Exception as exc:
            raise IndexMissing(
                f"the index cannot be opened ({type(exc).__name__}); run: rjtui index --rebuild"
            ) from None

    def _load_generation(self) -> None:
        reader = self._searcher.reader()
        self._generation = self._ix.latest_generation()
        rows = layout.read_json(layout.sidecar(self._build, "articles", self._generation))
        self._table = ArticleTable(rows["articles"])
        self._table.prepare()
        self._vocab: Vocabulary | None = None
        self._evaluator = Evaluator(self._searcher)
        self._evaluator.prepare()
        self._recent: dict[str, Match] = {}
        self._stored_cache: Lru[int, dict[str, Any]] = Lru(STORED_CACHE_BYTES)
        self._builder = QueryBuilder(self._ix.schema, self._searcher.reader, self._vocabulary)
        self._reader = reader

    # --- lifecycle ------------------------------------------------------------------------

    def refresh(self) -> Engine:
        """This engine brought up to date with what ``update_index`` committed since.

        Returns ``self`` (its searcher reopened if the index changed in place; cheap
        when nothing did), or a new engine when a rebuild swapped the build folder:
        the caller then closes this one (``rjtui.session.Session`` does).
        """
        pointer = layout.read_pointer(self._root)
        if pointer is not None and pointer != self._pointer:
            return Engine(self._root, pointer, self._config)
        if not self._searcher.up_to_date():
            # Not Searcher.refresh(): it reuses segment readers, and a reused reader
            # keeps its cached (stale) set of deleted documents.
            old, self._searcher = self._searcher, self._ix.searcher()
            old.close()
            gc.unfreeze()  # the tables replaced here may hold cycles (see prepare_queries)
            self._load_generation()
        return self

    def close(self) -> None:
        self._searcher.close()
        gc.unfreeze()  # see prepare_queries

    def prepare_queries(self) -> None:
        """Load now what a first prefix, fuzzy word or suggestion would (the vocabulary,
        whose words also seed the analyzer's term cache for highlighting) and the entity
        matcher (see ``rjtui.session.Session.prepare_queries``)."""
        learn_words(self._vocabulary().words)
        self._matcher  # noqa: B018
        # What the process holds now lives as long as the index: the article table,
        # passage maps, vocabulary, matcher (about a million references at 10k
        # articles). Python's full collections walked them all, a 45-60 ms stall
        # inside some search every few hundred; frozen, they are walked no more.
        # ``close`` and a reload thaw them, so an old index can still be collected.
        gc.freeze()

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer this index was tagged with (names and kinds of entity ids)."""
        return self._gazetteer

    @cached_property
    def _matcher(self) -> EntityMatcher:
        """Made by the first search that needs it, not by ``open``: listing every
        article (the explorer's first results) needs none, and making it was ~90 ms of
        the explorer's start-up. Kept per gazetteer (``entity_matcher``), so one made
        earlier (``rjtui.session.Session.prepare_queries``, a build) is reused."""
        return entity_matcher(self._config)

    def line_keys(self, path: str) -> dict[str, tuple[str, ...]]:
        """The line keys of the indexed files in ``path``'s folder, as this index's last
        build or update counted them (its "lines" sidecar, read now: it is large and
        rarely needed). ``{}`` when it cannot be read."""
        try:
            stored = layout.read_json(layout.sidecar(self._build, "lines", self._generation))
        except Exception:  # missing or damaged: the source view then shows no templates
            return {}
        folder = Path(path).parent
        return {p: tuple(k) for p, k in stored.items() if Path(p).parent == folder}

    def article_ids(self) -> list[str]:
        """Every article id, newest first."""
        return [self._table.article_id(k) for k in self._table.newest_first]

    # --- searching ------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: Filters = NO_FILTERS,
        *,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        snippets: int = 3,
        expand: bool | None = None,
    ) -> SearchResult:
        """Ranked articles with their best passages, totals, facets and notices.

        ``expand`` (default: the config's ``search.expand_entities``) widens a word
        or phrase naming a gazetteer entity to all its spellings (``rjtui.search.expand``).
        """
        started = time.perf_counter()
        parsed = self._parse(query, expand)
        if parsed.query is None:
            result = self._list_all(query, filters, limit, offset, snippets, started)
        else:
            result = self._ranked(query, parsed, filters, sort, limit, offset, snippets, started)
        if self.empty_corpus_notice:
            notice = "; ".join(filter(None, (self.empty_corpus_notice, result.notice)))
            result = dataclasses.replace(result, notice=notice)
        return result

    @property
    def empty_corpus_notice(self) -> str | None:
        """What to say when the index holds no article at all (a normal state for a new
        corpus folder: no error, but never silence), naming the folders that were read."""
        if self._table.all_keys:
            return None
        return f"the corpus has no articles (folders read: {', '.join(map(str, self._folders))})"

    def facets(
        self, query: str = "", filters: Filters = NO_FILTERS, *, expand: bool | None = None
    ) -> Facets:
        """Facet counts for ``query`` (each facet counted without its own filter)."""
        parsed = self._parse(query, expand)
        if parsed.query is None:
            return self._table.facets(None, filters)
        return self._table.facets(self._matches(parsed).amask, filters)

    def search_passages(
        self,
        query: str,
        filters: Filters = NO_FILTERS,
        *,
        limit: int = 200,
        expand: bool | None = None,
    ) -> PassageResult:
        """Matching passages across the corpus, best first, for a keyword-in-context view."""
        started = time.perf_counter()
        parsed = self._parse(query, expand)
        if parsed.query is None:
            return PassageResult(query, (), 0, _ms(started), notice="type words to find passages")
        match = self._restrict(self._matches(parsed), self._allowed(filters))
        akeys = self._akeys()
        marks = self._marks(parsed.query)
        best = top(match.scores, limit)
        matches = tuple(
            PassageMatch(self._table.metas[akeys[d]], self._passage(d, marks, score))
            for d, score in zip(match.docs[best].tolist(), match.scores[best].tolist(), strict=True)
        )
        return PassageResult(
            query,
            matches,
            len(match.docs),
            _ms(started),
            parsed.notice,
            suggestion=self._suggest(query, match.article_count),
            expansion=parsed.expansion,
        )

    def matching_keys(
        self, query: str, filters: Filters = NO_FILTERS, *, expand: bool | None = None
    ) -> frozenset[int]:
        """The articles matching ``query`` and ``filters`` (every article for no query)."""
        parsed = self._parse(query, expand)
        if parsed.query is None:
            allowed = self._table.allowed(filters)
            return self._table.all_keys if allowed is None else allowed
        return self._restrict(self._matches(parsed), self._allowed(filters)).articles

    def trends(
        self,
        queries: Sequence[str],
        filters: Filters = NO_FILTERS,
        *,
        by: By | None = None,
        passages: bool = False,
        expand: bool | None = None,
    ) -> Trends:
        """Matching articles (or passages) per period for each query (``rjtui.trends``)."""
        found = [self._trend_units(q, filters, passages, expand) for q in queries]
        dates = [self._table.dates(akey for _, akey in units) for units in found]
        undated = {
            unit
            for units, ds in zip(found, dates, strict=True)
            for (unit, _), d in zip(units, ds, strict=True)
            if not d
        }
        unit = "passages" if passages else "articles"
        return build_trends(queries, dates, by=by, undated_keys=len(undated), unit=unit)

    def _trend_units(
        self, query: str, filters: Filters, passages: bool, expand: bool | None
    ) -> list[tuple[object, int]]:
        """``(identity, article key)`` of each matching article or passage."""
        keys = self.matching_keys(query, filters, expand=expand)
        if not passages:
            return [(k, k) for k in keys]
        parsed = self._parse(query, expand)
        if parsed.query is None:
            return [((k, i), k) for k in keys for i in range(self._table.passage_count(k))]
        match = self._restrict(self._matches(parsed), self._allowed(filters))
        akeys = self._akeys()
        return [(d, akeys[d]) for d in match.docs.tolist()]

    def article(
        self, article_id: str, query: str = "", *, expand: bool | None = None
    ) -> ArticleView:
        """The whole article, every passage in order, with the hits of ``query`` marked."""
        akey = self._table.by_id[article_id]
        parsed = self._parse(query, expand) if query else ParsedQuery(None)
        marks = self._marks(parsed.query)
        docs = self._article_docs(article_id)
        passages = sorted((self._passage(d, marks) for d in docs), key=lambda p: p.n)
        return ArticleView(self._table.metas[akey], tuple(passages))

    def more_like_this(
        self, article_id: str, passage_id: str | None = None, limit: int = 10
    ) -> SearchResult:
        """Articles sharing the most distinctive words of an article (or one passage of it)."""
        started = time.perf_counter()
        akey = self._table.by_id[article_id]
        stored = [self._stored(d) for d in self._article_docs(article_id)]
        if passage_id is not None:
            stored = [s for s in stored if s["pid"] == passage_id]
            if not stored:
                raise KeyError(passage_id)
        text = "\n".join(s["text"] for s in sorted(stored, key=lambda s: s["n"]))
        keyterms = self._searcher.key_terms_from_text(
            DEFAULT_FIELD, text[:MLT_TEXT_CHARS], numterms=12
        )
        label = f"like:{passage_id or article_id}"
        q = wq.Or([wq.Term(DEFAULT_FIELD, t, boost=w) for t, w in keyterms])
        others = keys_mask(self._table.all_keys - {akey}, self._evaluator.article_slots)
        return self._ranked(
            label, ParsedQuery(q), Filters(), "relevance", limit, 0, 3, started, within=others
        )

    # --- internals ------------------------------------------------------------------------

    def _list_all(
        self, query: str, filters: Filters, limit: int, offset: int, snippets: int, started: float
    ) -> SearchResult:
        table = self._table
        allowed = table.allowed(filters)
        keys = table.newest_first if allowed is None else table.by_date(allowed)
        hits = []
        for akey in keys[offset : offset + limit]:
            meta = table.metas[akey]
            docs = self._article_docs(meta.id) if snippets else []
            lead = sorted((self._passage(d, _NO_MARKS) for d in docs), key=lambda p: p.n)[:1]
            hits.append(ArticleHit(meta, 0.0, 0, tuple(lead)))
        return SearchResult(
            query=query,
            articles=tuple(hits),
            total_articles=len(keys),
            total_passages=sum(map(table.passage_count, keys)),
            facets=table.facets(None, filters),
            elapsed_ms=_ms(started),
        )

    def _ranked(
        self,
        query: str,
        parsed: ParsedQuery,
        filters: Filters,
        sort: str,
        limit: int,
        offset: int,
        snippets: int,
        started: float,
        within: Mask | None = None,
    ) -> SearchResult:
        table = self._table
        match = self._matches(parsed)
        allowed = self._allowed(filters)
        if within is not None:
            match = match.within(match.amask & within, self._evaluator.akey_array)
            allowed = within if allowed is None else allowed & within
        facets = table.facets(match.amask, filters)
        match = self._restrict(match, allowed)
        marks = self._marks(parsed.query)
        terms = marks[0]
        end = offset + limit
        if sort == "date":
            page = table.by_date(mask_keys(match.amask))[offset:end]
            ranking: dict[int, float] = {}
        else:
            ranking = self._rank(match, terms, RANK_DEPTH * ceil(end / 50))
            order = sorted(ranking, key=ranking.__getitem__, reverse=True)
            if len(order) < end:
                unranked = match.amask.copy()
                unranked[list(ranking)] = False
                order += table.by_date(mask_keys(unranked))
            page = order[offset:end]
        hits = []
        for akey in page:
            meta = table.metas[akey]
            docs = np.array(self._article_docs(meta.id), dtype=np.intp)
            found, scores, held = match.lookup(docs)
            shown_docs = docs[found].tolist()
            parts = [1] * len(shown_docs) if held is None else held[found].tolist()
            mine = list(zip(parts, scores[found].tolist(), shown_docs, strict=True))
            score = ranking.get(akey) or self._unranked_score(akey, [s for _, s, _ in mine], terms)
            best = heapq.nlargest(snippets, mine)
            shown = tuple(self._passage(d, marks, s) for _, s, d in best)
            hits.append(ArticleHit(meta, score, len(mine), shown))
        return SearchResult(
            query=query,
            articles=tuple(hits),
            total_articles=match.article_count,
            total_passages=len(match.docs),
            facets=facets,
            elapsed_ms=_ms(started),
            notice=parsed.notice,
            suggestion=self._suggest(query, match.article_count) if within is None else None,
            searched=parsed.searched,
            expansion=parsed.expansion,
            expanded=tuple(parsed.entities),
            scope=parsed.scope,
        )

    def _matches(self, parsed: ParsedQuery) -> Match:
        """What the query matches: its articles and their scored passages.

        The last few are kept (read-only): paging, sorting and toggling filters
        re-run the same query.
        """
        key = f"{parsed.scope}:{parsed.query!r}"
        found = self._recent.get(key)
        if found is None:
            found = self._evaluator.run(parsed.query, parsed.scope)
            if len(self._recent) >= RECENT_QUERIES:
                self._recent.pop(next(iter(self._recent)))
        else:
            del self._recent[key]
        self._recent[key] = found
        return found

    def _restrict(self, match: Match, allowed: Mask | None) -> Match:
        """The match less the articles (and their passages) the filters leave out."""
        if allowed is None:
            return match
        return match.within(match.amask & allowed, self._evaluator.akey_array)

    def _allowed(self, filters: Filters) -> Mask | None:
        """The articles passing ``filters`` as a mask (``None``: no filter)."""
        bits = self._table.allowed_bits(filters)
        return None if bits is None else bits_mask(bits, self._evaluator.article_slots)

    def _rank(self, match: Match, terms: HitTerms, depth: int) -> dict[int, float]:
        """Article scores from the ``depth`` best passages (articles without one rank by date)."""
        best = top(match.scores, depth)
        words = terms.all_terms()
        return article_scores(
            self._evaluator.akey_array[match.docs[best]],
            match.scores[best],
            self._evaluator.title_matches(words),
            len(words),
        )

    def _unranked_score(self, akey: int, scores: list[float], terms: HitTerms) -> float:
        """The score of an article the ranking passages left out (see ``_article_score``)."""
        words = terms.all_terms()
        title = int(self._evaluator.title_matches(words)[akey])
        return _article_score(sorted(scores, reverse=True), title, len(words))

    def _akeys(self) -> list[int]:
        return self._evaluator.akeys

    def _article_docs(self, article_id: str) -> list[int]:
        return self._evaluator.docs_by_akey.get(self._table.by_id[article_id], [])

    def _parse(self, query: str, expand: bool | None) -> ParsedQuery:
        """Parse ``query`` and widen entity names to all their spellings (unless literal).

        A new ``ParsedQuery``: the builder keeps its parses for re-use, read-only (an
        expanded copy written back into it was then searched as the literal query)."""
        parsed = self._builder.parse(query)
        if parsed.query is None:
            return parsed
        if expand is None:
            expand = self._config.search.expand_entities
        expanded = expand_entities(parsed.query, self._matcher, expand=expand)
        notices = list(parsed.notices)
        if expanded.unknown:
            names = ", ".join(expanded.unknown)
            notices.append(f"no entity {names} in the gazetteer (rjtui entities lists them)")
        return dataclasses.replace(
            parsed,
            query=expanded.query,
            notices=notices,
            entities=list(expanded.entities),
            expansion=describe(expanded.entities, self._matcher),
        )

    def _marks(self, q: wq.Query | None) -> Marks:
        """What to highlight: body terms, and entities whose every spelling counts."""
        return positive_terms(q), positive_terms(q, ENTITY_FIELD).words

    def _passage(self, docnum: int, marks: Marks, score: float = 0.0) -> PassageHit:
        stored = self._stored(docnum)
        text = stored["text"]
        terms, entities = marks
        tagged = entities.intersection(stored.get("pentities", ()))
        spans = highlight_spans(text, terms, tagged, self._matcher if tagged else None)
        return PassageHit(
            id=stored["pid"],
            n=stored["n"],
            text=text,
            highlights=spans,
            score=score,
            topics=tuple(stored.get("ptopics", ())),
            entities=tuple(stored.get("pentities", ())),
        )

    def _stored(self, docnum: int) -> dict[str, Any]:
        """A passage's stored fields, the recently shown ones kept: typing a query
        shows its best passages again on every keystroke, and reading one back from
        Whoosh (a compressed pickle) costs about a tenth of a millisecond."""
        found = self._stored_cache.get(docnum)
        if found is None:
            found = self._searcher.stored_fields(docnum)
            self._stored_cache.put(docnum, found, _STORED_OVERHEAD + 2 * len(found["text"]))
        return found

    def _vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            path = layout.sidecar(self._build, "vocab", self._generation)
            self._vocab = Vocabulary(layout.read_json(path))
        return self._vocab

    def _suggest(self, query: str, total: int) -> str | None:
        """'Did you mean': swap each unknown plain word for the nearest frequent index word."""
        if total >= SUGGEST_BELOW or not query.strip():
            return None
        reader = self._reader
        if len(query) > MAX_QUERY_CHARS:  # only what was searched: 100k chars took 20+ s
            query = query[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
        words = query.split()
        changed = False
        for i, word in enumerate(words):
            if not _PLAIN_WORD.match(word) or word.lower() in STOP_WORDS or word.isupper():
                continue
            term = stem(fold_for_search(word).lower())
            if reader.doc_frequency(DEFAULT_FIELD, term):
                continue
            vocab = self._vocabulary()
            candidates = [
                (dist, -reader.doc_frequency(DEFAULT_FIELD, t), t)
                for dist, t in vocab.near(term, 2, 1)
            ]
            candidates = [c for c in candidates if c[1] < 0]
            if candidates:
                words[i] = vocab.words[min(candidates)[2]]
                changed = True
        return " ".join(words) if changed else None


def article_scores(akeys: Ints, scores: Floats, title_hits: Ints, words: int) -> dict[int, float]:
    """``_article_score`` of each article among ranked passages (``akeys``/``scores``,
    best first), in the order of their best passage: over arrays, the same floats (the
    sums run in the same order), where a Python step per passage was a tenth of a search.
    ``title_hits`` is indexed by article key."""
    if not akeys.size:
        return {}
    found, first, group = np.unique(akeys, return_index=True, return_inverse=True)
    grouped = np.argsort(group, kind="stable")  # by article, best passage first
    sizes = np.bincount(group)
    rank = np.arange(len(akeys)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    next_few = scores[grouped] * ((rank >= 1) & (rank < 5))
    rest = np.bincount(group[grouped], next_few, minlength=len(found))
    bonus = 1 + 0.5 * title_hits[found] / max(words, 1)
    article = (scores[first] + 0.3 * rest) * bonus
    order = np.argsort(first)
    return dict(zip(found[order].tolist(), article[order].tolist(), strict=True))


def _article_score(ordered: list[float], title_hits: int, words: int) -> float:
    """Best passage, plus a share of the next few (``ordered``: best first), plus a
    bonus for query words in the title."""
    if not ordered:
        return 0.0
    score = ordered[0] + 0.3 * sum(ordered[1:5])
    return score * (1 + 0.5 * title_hits / max(words, 1))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
