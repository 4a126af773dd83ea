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
from pathlib import Path
from typing import Any

import yaml

from rjtui import yamlsafe
from rjtui.bookmarks.model import CITED, Bookmark, BookmarksFileError, parse_tags
from rjtui.corpus import METADATA_FIELDS
from rjtui.results import ArticleMeta, PassageHit
from rjtui.sanitize import escape_controls, has_controls

FORMAT_VERSION = 1
INLINE_LIST_CHARS = 70

HEADER = (
    "# rjtui bookmarks: the passages you saved. You may edit this file by hand;\n"
    "# keep it valid YAML (rjtui will not overwrite a file it cannot read).\n"
)


_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]  # the base is picked at run time
    """Safe dumper for people: multi-line strings as ``|`` literal blocks, short
    lists of one-line strings (authors, tags) inline as ``[a, b]``."""


def _represent_str(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    # Controls only inside double quotes, where dumps() can escape them (see there).
    style = '"' if has_controls(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.BaseDumper, value: list) -> yaml.SequenceNode:
    inline = all(isinstance(v, str) and "\n" not in v for v in value)
    inline = inline and sum(len(v) + 2 for v in value) <= INLINE_LIST_CHARS
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dumps(bookmarks: list[Bookmark]) -> str:
    """The whole file's text for ``bookmarks`` (what ``loads`` reads back)."""
    document = {"version": FORMAT_VERSION, "bookmarks": [b.to_dict() for b in bookmarks]}
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return HEADER + escape_controls(body)  # C1/bidi left raw by PyYAML, all in "..."


def loads(text: str, source: Path) -> list[Bookmark]:
    """Parse the file's text; ``BookmarksFileError`` naming ``source`` and a line."""
    try:
        data, root = yamlsafe.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BookmarksFileError.at_line(source, mark.line + 1 if mark else 1, problem) from None
    except yamlsafe.YamlRefused as exc:
        raise BookmarksFileError.at_line(source, exc.line, exc.problem) from None
    if data is None:
        if text.strip():  # only comments: someone's file, not ours to replace
            raise BookmarksFileError.at_line(source, 1, _NOT_OURS)
        return []

    def fail(node: yaml.Node | None, message: str) -> BookmarksFileError:
        line = node.start_mark.line + 1 if node is not None else 1
        return BookmarksFileError.at_line(source, line, message)

    if not isinstance(data, dict):
        raise fail(root, "the top level must be a mapping with 'version' and 'bookmarks'")
    if "version" not in data and "bookmarks" not in data:
        raise fail(root, _NOT_OURS)
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise fail(
            _child(root, "version"),
            f"unsupported format version {version!r} (this rjtui reads version {FORMAT_VERSION})",
        )
    entries = data.get("bookmarks") or []
    entries_node = _child(root, "bookmarks")
    if not isinstance(entries, list):
        raise fail(entries_node, "'bookmarks' must be a list")
    bookmarks: list[Bookmark] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        node = entries_node.value[i] if isinstance(entries_node, yaml.SequenceNode) else None

        def fail_at(
            key: tuple[str, ...], msg: str, node: yaml.Node | None = node
        ) -> BookmarksFileError:
            return fail(_child(node, *key), msg)

        bookmark = _entry(entry, fail_at)
        if bookmark.id in seen:
            raise fail(_child(node, "id"), f"duplicate bookmark id {bookmark.id!r}")
        seen.add(bookmark.id)
        bookmarks.append(bookmark)
    return bookmarks


_NOT_OURS = (
    "not a bookmarks file (no 'version' or 'bookmarks' key), so rjtui will not replace it; "
    "point --bookmarks at another file"
)
"""A file rjtui did not write (often one a symlink leads to): replacing it would lose it
once the one backup is refreshed by the next change."""


def _child(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """The node at ``keys`` inside mapping ``node``, or the deepest one that exists
    (a missing key is reported at its parent's line)."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return node
        found = next((v for k, v in node.value if k.value == key), None)
        if found is None:
            return node
        node = found
    return node


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


_TEXT_FIELDS = (
    ("id",),
    ("created",),
    ("note",),
    ("query",),
    ("article", "id"),
    ("article", "path"),
    ("article", "title"),
    ("article", "date"),
    ("article", "source"),
    ("passage", "id"),
)
"""Fields that hold one piece of text: a list or mapping there is refused, never
turned into its ``str()`` (a nested alias list made a 963 MB note)."""


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, dt.date))


def _text(value: Any) -> str:
    """A scalar as text: hand-typed dates and numbers are read as YAML types."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()
