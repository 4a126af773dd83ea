"""The bookmarks file: human-readable YAML that survives hand editing.

Writing: a comment header, ``version``, then one mapping per bookmark, with
multi-line text as literal blocks so a person can read and edit it. Reading
is lenient where intent is clear (missing optional keys, unquoted dates,
tags as a comma-separated string) and strict where it is not; every error
names the file and the line, because the user has to go and fix it by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from rjtui.bookmarks.model import CITED, Bookmark, BookmarksFileError, parse_tags
from rjtui.corpus import METADATA_FIELDS
from rjtui.handfile import child, dump_yaml, line_of, versioned_entries
from rjtui.handfile import scalar_text as _text
from rjtui.results import ArticleMeta, PassageHit

FORMAT_VERSION = 1

HEADER = (
    "# rjtui bookmarks: the passages you saved. You may edit this file by hand;\n"
    "# keep it valid YAML (rjtui will not overwrite a file it cannot read).\n"
)


def dumps(bookmarks: list[Bookmark]) -> str:
    """The whole file's text for ``bookmarks`` (what ``loads`` reads back)."""
    document = {"version": FORMAT_VERSION, "bookmarks": [b.to_dict() for b in bookmarks]}
    return HEADER + dump_yaml(document)


def loads(text: str, source: Path) -> list[Bookmark]:
    """Parse the file's text; ``BookmarksFileError`` naming ``source`` and a line."""
    entries = versioned_entries(
        text, source, BookmarksFileError, key="bookmarks", version=FORMAT_VERSION
    )
    bookmarks: list[Bookmark] = []
    seen: set[str] = set()
    for entry, node in entries:

        def fail_at(
            key: tuple[str, ...], msg: str, node: yaml.Node | None = node
        ) -> BookmarksFileError:
            return BookmarksFileError.at_line(source, line_of(child(node, *key)), msg)

        bookmark = _entry(entry, fail_at)
        if bookmark.id in seen:
            raise fail_at(("id",), f"duplicate bookmark id {bookmark.id!r}")
        seen.add(bookmark.id)
        bookmarks.append(bookmark)
    return bookmarks


Fail = Callable[[tuple[str, ...], str], BookmarksFileError]


def _entry(entry: Any, fail: Fail) -> Bookmark:
    if not isinstance(entry, dict):
        raise fail((), "each bookmark must be a mapping (id, created, article, passage, ...)")
    article = entry.get("article")
    passage = entry.get("passage")
    if not isinstance(article, dict):
        raise fail(("article",), "'article' must be a mapping with at least 'id'")
    if not isinstance(passage, dict):
        raise fail(("passage",), "'passage' must be a mapping with at least 'text'")
    for keys in _TEXT_FIELDS:
        holder = entry if len(keys) == 1 else entry.get(keys[0])
        if isinstance(holder, dict) and not _is_scalar(holder.get(keys[-1])):
            raise fail(keys, f"'{'.'.join(keys)}' must be text")
    bookmark_id = _text(entry.get("id"))
    if not bookmark_id:
        raise fail(("id",), "every bookmark needs an 'id'")
    cited = _cited(article, fail)
    text = passage.get("text")
    if not isinstance(text, str) or not text.strip():
        raise fail(("passage", "text"), "'passage.text' must be the saved passage text")
    n = passage.get("n", 0)
    if isinstance(n, bool) or not isinstance(n, int):
        raise fail(("passage", "n"), "'passage.n' must be a whole number")
    tags = entry.get("tags") or []
    if not isinstance(tags, (str, list)) or not all(map(_is_scalar, _as_list(tags))):
        raise fail(("tags",), "'tags' must be a list of words (or a comma-separated string)")
    return Bookmark(
        id=bookmark_id,
        created=_text(entry.get("created")),
        article=cited,
        passage=PassageHit(id=_text(passage.get("id")), n=n, text=text),
        note=_text(entry.get("note")),
        tags=parse_tags([_text(t) for t in tags] if isinstance(tags, list) else tags),
        query=_text(entry.get("query")),
    )


def _cited(article: dict[str, Any], fail: Fail) -> ArticleMeta:
    """The article's ``CITED`` fields, typed as ``ArticleMeta`` declares them: a
    list field accepts one string, text fields accept dates and numbers."""
    values: dict[str, Any] = {}
    for field in METADATA_FIELDS:
        if field.name not in CITED:
            continue
        raw = article.get(field.name)
        if isinstance(field.default, tuple):
            items = [raw] if isinstance(raw, str) else raw or []
            if not isinstance(items, list) or not all(map(_is_scalar, items)):
                message = f"'article.{field.name}' must be a list of names"
                raise fail(("article", field.name), message)
            values[field.name] = tuple(_text(x) for x in items if _text(x))
        elif _text(raw):
            values[field.name] = _text(raw)
    if "id" not in values:
        raise fail(("article", "id"), "'article.id' is missing")
    values.setdefault("path", "")
    values.setdefault("title", values["id"])
    return ArticleMeta(**values)


_ONE_TEXT = ("str", "str | None")
_TEXT_FIELDS = (
    *((f.name,) for f in fields(Bookmark) if f.type == "str"),
    *(("article", f.name) for f in METADATA_FIELDS if f.name in CITED and f.type in _ONE_TEXT),
    *(("passage", f.name) for f in fields(PassageHit) if f.type == "str"),
)
"""Fields that hold one piece of text, derived from the dataclasses: a list or mapping
there is refused, never turned into its ``str()`` (a nested alias list made a 963 MB note)."""


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, dt.date))
