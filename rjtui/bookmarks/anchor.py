"""Finding a bookmark's passage again after the corpus is re-ingested.

Passage ids hash the passage text, so any edit (or an ingest improvement)
changes them. A bookmark is matched, in order, by its passage id, by exactly
the same text (whitespace-normalised) in the same article, then by the most
similar text there (difflib ratio at least ``SIMILARITY_THRESHOLD``). When
nothing matches it is *kept*, marked "passage changed", with its saved text:
a researcher's evidence is never dropped because the source moved.

The corpus is reached through a ``Lookup`` callable so this module needs no
index and is tested with plain lists.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from rjtui.bookmarks.model import Bookmark
from rjtui.results import ArticleView

SIMILARITY_THRESHOLD = 0.6


class PassageLike(Protocol):
    """Any passage record (``Passage`` from ingest, ``PassageHit`` from search)."""

    @property
    def id(self) -> str: ...
    @property
    def n(self) -> int: ...
    @property
    def text(self) -> str: ...


Lookup = Callable[[str], Sequence[PassageLike] | None]
"""article id -> the article's current passages, or ``None`` if it is gone."""


class ArticleSource(Protocol):
    """What re-anchoring needs from the search engine (``rjtui.search.Engine``)."""

    def article(self, article_id: str) -> ArticleView: ...


def find_article(engine: ArticleSource, article_id: str) -> ArticleView | None:
    """The article as indexed now, or ``None`` if the corpus no longer has it
    (``Engine.article`` raises ``KeyError`` for an unknown id)."""
    try:
        return engine.article(article_id)
    except KeyError:
        return None


def engine_lookup(engine: ArticleSource) -> Lookup:
    """A ``Lookup`` backed by the search engine, for the CLI and the TUI."""

    def lookup(article_id: str) -> Sequence[PassageLike] | None:
        view = find_article(engine, article_id)
        return None if view is None else view.passages

    return lookup


class AnchorStatus(StrEnum):
    """How a bookmark was found; the value is what the user is shown."""

    SAME = "ok"
    MOVED = "moved"
    """Same text under a new passage id or position."""
    EDITED = "text edited"
    """Found by closest text: the passage was edited since it was saved."""
    CHANGED = "passage changed"
    """Not found in its article; the saved text is all there is."""
    ARTICLE_GONE = "article missing"
    """The article is no longer in the corpus."""


@dataclass(frozen=True)
class Anchored:
    """A bookmark with where its passage is now (``passage`` is None if lost)."""

    bookmark: Bookmark
    status: AnchorStatus
    passage: PassageLike | None

    @property
    def passage_id(self) -> str:
        """The id to open in the reader: the current one, else the saved one."""
        return self.passage.id if self.passage is not None else self.bookmark.passage.id

    @property
    def relocated(self) -> bool:
        """True when the file's passage id or number is out of date."""
        saved = self.bookmark.passage
        return self.passage is not None and (self.passage.id, self.passage.n) != (
            saved.id,
            saved.n,
        )


def normalise(text: str) -> str:
    """Whitespace-insensitive form used for exact-text matching."""
    return " ".join(text.split())


def anchor(bookmark: Bookmark, passages: Sequence[PassageLike] | None) -> Anchored:
    """Locate ``bookmark`` among its article's current ``passages``."""
    if passages is None:
        return Anchored(bookmark, AnchorStatus.ARTICLE_GONE, None)
    saved = normalise(bookmark.passage.text)
    by_id = next((p for p in passages if p.id == bookmark.passage.id), None)
    if by_id is not None:
        same = normalise(by_id.text) == saved
        return Anchored(bookmark, AnchorStatus.SAME if same else AnchorStatus.EDITED, by_id)
    exact = next((p for p in passages if normalise(p.text) == saved), None)
    if exact is not None:
        return Anchored(bookmark, AnchorStatus.MOVED, exact)
    closest = _closest(saved, passages)
    if closest is not None:
        return Anchored(bookmark, AnchorStatus.EDITED, closest)
    return Anchored(bookmark, AnchorStatus.CHANGED, None)


def _closest(saved: str, passages: Sequence[PassageLike]) -> PassageLike | None:
    """The most similar passage with ratio >= threshold (cheap bounds first)."""
    best, best_ratio = None, SIMILARITY_THRESHOLD
    for passage in passages:
        matcher = difflib.SequenceMatcher(None, saved, normalise(passage.text), autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = passage, ratio
    return best


def reanchor(bookmarks: Sequence[Bookmark], lookup: Lookup) -> list[Anchored]:
    """Anchor every bookmark, asking ``lookup`` once per article."""
    cache: dict[str, Sequence[PassageLike] | None] = {}
    anchored = []
    for bookmark in bookmarks:
        article_id = bookmark.article.id
        if article_id not in cache:
            cache[article_id] = lookup(article_id)
        anchored.append(anchor(bookmark, cache[article_id]))
    return anchored
