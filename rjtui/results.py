"""What a search returns: plain dataclasses shared by the CLI, the TUI and tests.

Highlights are character offsets into a passage's ``text`` (never markup
strings), so every front end styles hits itself and article text stays data.
The JSON produced by ``SearchResult.to_json`` is the ``rjtui search --json``
contract: keys may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rjtui.corpus import Article

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
class ArticleMeta:
    """Article metadata as stored in the index (no passages)."""

    id: str
    path: str
    title: str
    title_is_fallback: bool = False
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_note: str | None = None
    date: str | None = None
    source: str | None = None
    section: str | None = None
    language: str = "en"
    topics: tuple[str, ...] = ()
    url: str | None = None
    passage_count: int = 0
    words: int = 0
    entities: tuple[str, ...] = ()
    """Gazetteer entity ids its passages mention (tagged at index time)."""

    @classmethod
    def from_article(cls, article: Article, entities: tuple[str, ...] = ()) -> ArticleMeta:
        """The metadata the index keeps for an ingested article."""
        return cls(
            id=article.id,
            path=article.path,
            title=article.title,
            title_is_fallback=article.title_is_fallback,
            subtitle=article.subtitle,
            authors=article.authors,
            author_note=article.author_note,
            date=article.date,
            source=article.source,
            section=article.section,
            language=article.language,
            topics=article.topics,
            url=article.url,
            passage_count=len(article.passages),
            words=article.words,
            entities=entities,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "title_is_fallback": self.title_is_fallback,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "date": self.date,
            "source": self.source,
            "section": self.section,
            "language": self.language,
            "topics": list(self.topics),
            "entities": list(self.entities),
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

    authors: dict[str, int] = field(default_factory=dict)
    topics: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    """Gazetteer entity id -> matching articles that mention it."""

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            "authors": dict(self.authors),
            "topics": dict(self.topics),
            "sources": dict(self.sources),
            "years": dict(self.years),
            "languages": dict(self.languages),
            "entities": dict(self.entities),
        }


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
