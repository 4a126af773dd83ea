"""What a bookmark is, independent of how it is stored or shown.

A bookmark keeps a copy of the article's citation fields and of the passage
text exactly as the user saw it, so it stays meaningful (and exportable) even
when the corpus changes or disappears. The shared ``ArticleMeta`` and
``PassageHit`` types are reused so the TUI can hand a bookmark's article and
passage straight to the reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rjtui.errors import RjtuiError
from rjtui.results import ArticleMeta, PassageHit

CITED = ("id", "title", "authors", "date", "source", "path")
"""The ``ArticleMeta`` fields a bookmark keeps, in file order: what a citation
needs. The rest (counts, topics...) belong to the index and go stale."""


class BookmarksFileError(RjtuiError):
    """The bookmarks file cannot be read or parsed; it is left untouched."""

    @classmethod
    def at_line(cls, source: Path, line: int, problem: str) -> BookmarksFileError:
        """The one line that sends the user to fix their file (never overwritten)."""
        return cls(
            f"{source}: line {line}: {problem}; fix the file by hand "
            "(bookmarks are read-only until then)"
        )


class BookmarkNotFoundError(RjtuiError):
    """An id given by the user names no bookmark in the file."""


@dataclass(frozen=True)
class BookmarkDraft:
    """What the bookmark dialog returns: the user's note and tags, not yet saved."""

    note: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Bookmark:
    """One saved passage with the context needed to cite it."""

    id: str
    created: str
    """ISO 8601 with a zone, e.g. ``2026-11-24T09:50:12+00:00``."""
    article: ArticleMeta
    """Only the ``CITED`` fields are kept in the file."""
    passage: PassageHit
    """Only id, n and text (exactly as shown when saved) are kept in the file."""
    note: str = ""
    tags: tuple[str, ...] = field(default=())
    query: str = ""
    """The search the passage was found with ('' when browsing)."""

    def to_dict(self) -> dict[str, Any]:
        """The file's representation (also the JSON export); optional keys omitted."""
        article = self.article.to_json()
        data: dict[str, Any] = {
            "id": self.id,
            "created": self.created,
            "query": self.query,
            "article": {name: article[name] for name in CITED},
            "passage": {"id": self.passage.id, "n": self.passage.n, "text": self.passage.text},
        }
        if self.note:
            data["note"] = self.note
        if self.tags:
            data["tags"] = list(self.tags)
        return data


def parse_tags(raw: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from a comma-separated string or a list: trimmed, non-empty, first kept.

    One rule for the dialog, the CLI and hand-edited files, so ``"a, b,,a"``
    and ``["a", " b"]`` mean the same thing everywhere.
    """
    parts = raw.split(",") if isinstance(raw, str) else [p for item in raw for p in item.split(",")]
    seen: dict[str, None] = {}
    for part in parts:
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def group_by_article(
    bookmarks: Sequence[Bookmark],
) -> list[tuple[ArticleMeta, list[Bookmark]]]:
    """Bookmarks grouped by article id, articles in order of first bookmark,
    passages in reading order (paragraph number)."""
    groups: dict[str, tuple[ArticleMeta, list[Bookmark]]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.article.id, (bookmark.article, []))[1].append(bookmark)
    return [(meta, sorted(items, key=lambda b: b.passage.n)) for meta, items in groups.values()]
