"""Bookmarks: the passages a researcher saves, kept in a YAML file they own.

This is the only user-authored data in rjtui, so the package is split by the
promise each part keeps: ``model`` (what a bookmark is), ``fileformat`` (the
hand-editable YAML, with line numbers in every error), ``store`` (the
operations, each a locked, atomic, fsynced replace through ``rjtui.safefile``),
``anchor`` (finding a passage again after re-ingest) and ``export``
(citations). None of it imports Whoosh or Textual: re-anchoring takes a lookup
callable instead of an index.
"""

from rjtui.bookmarks.anchor import (
    Anchored,
    AnchorStatus,
    Lookup,
    engine_lookup,
    find_article,
    reanchor,
)
from rjtui.bookmarks.export import EXPORT_FORMATS, export_path, export_text
from rjtui.bookmarks.model import (
    Bookmark,
    BookmarkDraft,
    BookmarkNotFoundError,
    BookmarksFileError,
    group_by_article,
    parse_tags,
)
from rjtui.bookmarks.store import BookmarkStore

__all__ = [
    "EXPORT_FORMATS",
    "AnchorStatus",
    "Anchored",
    "Bookmark",
    "BookmarkDraft",
    "BookmarkNotFoundError",
    "BookmarkStore",
    "BookmarksFileError",
    "Lookup",
    "engine_lookup",
    "export_path",
    "export_text",
    "find_article",
    "group_by_article",
    "parse_tags",
    "reanchor",
]
