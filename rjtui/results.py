"""What a search returns, and the interface that returns it (``SearchEngine``).

Plain dataclasses shared by the CLI, the TUI and tests; the CLI and the TUI
know the engine only as the ``SearchEngine`` protocol, never as Whoosh types,
so a second backend could stand in without touching them.

Highlights are character offsets into a passage's ``text`` (never markup
strings), so every front end styles hits itself and article text stays data.
The JSON produced by ``SearchResult.to_json`` is the ``rjtui search --json``
contract: keys may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rjtui.corpus import ArticleMeta

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rjtui.entities import Gazetteer
    from rjtui.trends import By, Trends

FACETS: tuple[str, ...] = ("authors", "topics", "sources", "years", "languages", "entities")
"""THE list of facets: the keys of ``Filters`` and ``Facets``, the engine's filter
names and (singular) the CLI's ``--author``... options. What an article
contributes to each is ``facet_values``."""


UNKNOWN = "(unknown)"
"""The facet value of an article with no author, source or date: a bucket that is
counted and can be filtered on, so the Year list of a corpus where 3 of 5
articles are undated says so instead of silently covering 2."""


def facet_values(meta: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The values an article (``ArticleMeta.to_json()``, a sidecar row) has per facet."""
    return {
        "authors": tuple(meta["authors"]) or (UNKNOWN,),
        "topics": tuple(meta["topics"]),
        "sources": (meta["source"],) if meta["source"] else (UNKNOWN,),
        "years": (meta["date"][:4],) if meta["date"] else (UNKNOWN,),
        "languages": (meta["language"],),
        "entities": tuple(meta.get("entities", ())),
    }


@dataclass(frozen=True, slots=True)
class Filters:
    """Chosen facet values: AND across facets, OR within one. Hashable (a cache key).

    Used alike by ``Engine``, the TUI's ``QueryState`` and the CLI options.
    """

    chosen: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(facet, values)`` for each filtered facet, in ``FACETS`` order."""

    @classmethod
    def of(cls, **values: Iterable[object]) -> Filters:
        """From facet keyword arguments (any iterables; years may be ints)."""
        unknown = set(values) - set(FACETS)
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        chosen = ((f, tuple(str(v) for v in values.get(f, ()))) for f in FACETS)
        return cls(tuple((f, vals) for f, vals in chosen if vals))

    def active(self) -> dict[str, tuple[str, ...]]:
        """The filtered facets and their values."""
        return dict(self.chosen)

    def __getitem__(self, facet: str) -> tuple[str, ...]:
        return self.active().get(facet, ())


Span = tuple[int, int]


def plural(count: int, noun: str) -> str:
    """``1 article``, ``2 articles`` (the nouns rjtui counts all take an s)."""
    return f"{count} {noun}{'s' * (count != 1)}"


SCOPE_LABELS = {"article": "all words in an article", "passage": "all words in one passage"}
"""How front ends name the AND in force (``/p`` asks for one passage)."""


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A passage with the offsets of every query hit in its text."""

    id: str
    n: int
    text: str
    highlights: tuple[Span, ...] = ()
    score: float = 0.0
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "n": self.n,
            "text": self.text,
            "highlights": [list(s) for s in self.highlights],
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """A ranked article with its best matching passages (1-3 for display)."""

    meta: ArticleMeta
    score: float
    matched_passages: int
    """How many of the article's passages match the query."""
    passages: tuple[PassageHit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = self.meta.to_json()
        data["score"] = round(self.score, 4)
        data["matched_passages"] = self.matched_passages
        data["passages"] = [p.to_json() for p in self.passages]
        return data


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts of matching articles per value, each computed without its own filter."""

    counts: Mapping[str, Mapping[str, int]]
    """Facet (``FACETS``) -> value -> count, most frequent first."""

    def __getitem__(self, facet: str) -> dict[str, int]:
        return dict(self.counts.get(facet, {}))

    def to_json(self) -> dict[str, dict[str, int]]:
        return {facet: self[facet] for facet in FACETS}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One search: ranked articles, totals, facets, and what the user should be told."""

    query: str
    articles: tuple[ArticleHit, ...]
    total_articles: int
    total_passages: int
    facets: Facets
    elapsed_ms: float
    notice: str | None = None
    """One line when the query was changed before searching (malformed, capped...)."""
    suggestion: str | None = None
    """'Did you mean' query, from the index's own vocabulary."""
    searched: str | None = None
    """The query actually run, when it differs from ``query``."""
    expansion: str | None = None
    """Other spellings searched for an entity the query names ('Kuril Islands: also
    searched Курильские острова, 千島列島'); ``None`` when the search was literal."""
    expanded: tuple[str, ...] = ()
    """Ids of the gazetteer entities the query was widened to."""
    scope: str = "article"
    """Where AND looked for the words: "article" (anywhere in it) or "passage" (``/p``)."""

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS[self.scope]

    @property
    def metadata_match(self) -> bool:
        """Articles matched on metadata alone (``author:panov``): no passage holds a hit."""
        return bool(self.total_articles) and not self.total_passages and bool(self.query)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "searched": self.searched,
            "expansion": self.expansion,
            "expanded_entities": list(self.expanded),
            "scope": self.scope,
            "notice": self.notice,
            "suggestion": self.suggestion,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "total_articles": self.total_articles,
            "total_passages": self.total_passages,
            "facets": self.facets.to_json(),
            "articles": [a.to_json() for a in self.articles],
        }


@dataclass(frozen=True, slots=True)
class PassageMatch:
    """A passage found by passage search / concordance, with its article."""

    article: ArticleMeta
    passage: PassageHit

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article.to_json(), "passage": self.passage.to_json()}


@dataclass(frozen=True, slots=True)
class PassageResult:
    """Passage search: matching passages across the corpus (keyword-in-context)."""

    query: str
    passages: tuple[PassageMatch, ...]
    total_passages: int
    elapsed_ms: float
    notice: str | None = None
    suggestion: str | None = None
    expansion: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "notice": self.notice,
            "expansion": self.expansion,
            "suggestion": self.suggestion,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "total_passages": self.total_passages,
            "passages": [m.to_json() for m in self.passages],
        }


@dataclass(frozen=True, slots=True)
class ArticleView:
    """A whole article for the reader: every passage, each with its hits for a query."""

    meta: ArticleMeta
    passages: tuple[PassageHit, ...]

    @property
    def hit_count(self) -> int:
        return sum(len(p.highlights) for p in self.passages)


class SearchEngine(Protocol):
    """What the CLI and the TUI ask of a search backend (``rjtui.search.Engine``)."""

    def search(
        self,
        query: str,
        filters: Filters = ...,
        *,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
        snippets: int = 3,
        expand: bool | None = None,
    ) -> SearchResult:
        """Ranked articles with their best passages, totals, facets and notices;
        ``sort`` is ``relevance`` or ``date``; an empty query lists every article.
        ``expand`` widens a word naming a gazetteer entity to all its spellings
        (``None``: the config's ``search.expand_entities``; ``False``: literal)."""
        ...

    def facets(
        self, query: str = "", filters: Filters = ..., *, expand: bool | None = None
    ) -> Facets:
        """Counts per facet value over ``query``'s articles."""
        ...

    def search_passages(
        self,
        query: str,
        filters: Filters = ...,
        *,
        limit: int = 200,
        expand: bool | None = None,
    ) -> PassageResult:
        """Matching passages across the corpus, best first (keyword in context)."""
        ...

    def article(
        self, article_id: str, query: str = "", *, expand: bool | None = None
    ) -> ArticleView:
        """A whole article with ``query``'s hits marked; ``KeyError`` if it is gone."""
        ...

    def trends(
        self,
        queries: Sequence[str],
        filters: Filters = ...,
        *,
        by: By | None = None,
        passages: bool = False,
        expand: bool | None = None,
    ) -> Trends:
        """Matching articles (or passages) per year or month for each query."""
        ...

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer the index was tagged with (entity names and kinds)."""
        ...

    def more_like_this(
        self, article_id: str, passage_id: str | None = None, limit: int = 10
    ) -> SearchResult:
        """Articles sharing the most distinctive words of an article or one passage."""
        ...

    def article_ids(self) -> list[str]:
        """Every article id, newest first."""
        ...

    @property
    def empty_corpus_notice(self) -> str | None:
        """What to say when the index holds no article at all, else ``None``."""
        ...

    def line_keys(self, path: str) -> dict[str, tuple[str, ...]]:
        """The line keys (``rjtui.ingest.templates``) of the indexed files in ``path``'s
        folder, as the index counted them: the source view counts the file's templates
        from them, so it shows those of the corpus as the index now holds it."""
        ...

    def prepare_queries(self) -> None:
        """Make now what searches with words need later (to call when the user is idle)."""
        ...

    def refresh(self) -> SearchEngine:
        """Up to date with the index: itself, or a replacement (then close this one)."""
        ...

    def close(self) -> None: ...
