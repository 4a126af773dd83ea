"""Markdown files: YAML front matter as metadata, and markup reduced to plain text.

Front matter is the most reliable metadata a corpus can have, so it wins over
the heuristics. Broken front matter does not lose the article: the body is
ingested with heuristic metadata and the YAML error is kept as a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from rjtui.ingest.dates import parse_date
from rjtui.ingest.metadata import Metadata
from rjtui.ingest.names import normalise_name
from rjtui.ingest.textutil import squash
from rjtui.sanitize import strip_controls

_FENCE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_LINE = re.compile(r"^[\w-]+\s*:", re.MULTILINE)
_KEYS = {
    "title": "title", "subtitle": "subtitle", "author": "authors", "authors": "authors",
    "date": "date", "published": "date", "source": "source", "publication": "source",
    "url": "url", "link": "url", "topics": "topics", "tags": "topics", "section": "section",
    "category": "section", "language": "language", "lang": "language",
}  # fmt: skip
_LANGUAGES = {"en", "ru", "ja", "other"}
_MARKUP = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"<[^>\n]{1,200}>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE), r"\1"),  # headings
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE), ""),  # rules
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), "• "),  # list items
)


class _FrontMatterLoader(yaml.SafeLoader):
    """The safe loader, except that a date-shaped value that is no date ("2021-13-45")
    stays text for ``_date`` to judge, instead of a ``ValueError`` that lost the file."""

    def timestamp_or_text(self, node: Any) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.timestamp_or_text
)


def split_front_matter(text: str) -> tuple[Metadata, str, tuple[str, ...]]:
    """``(metadata, body, warnings)``; no front matter gives empty metadata."""
    match = _FENCE.match(text)
    if not match or not _KEY_LINE.search(match["yaml"]):
        return Metadata(), text, ()
    body = text[match.end() :]
    try:
        if _has_aliases(match["yaml"]):  # "billion laughs": aliases can expand without bound
            return Metadata(), body, ("front matter ignored: YAML aliases are not allowed",)
        data = yaml.load(match["yaml"], Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        return Metadata(), body, (f"front matter ignored: invalid YAML{where}",)
    except (ValueError, TypeError, AttributeError):  # a tag PyYAML cannot build: "!!int abc"
        return Metadata(), body, ("front matter ignored: a value YAML cannot read",)
    if not isinstance(data, dict):
        return Metadata(), body, ("front matter ignored: not a mapping of keys",)
    return _metadata(data), body, ()


def _has_aliases(text: str) -> bool:
    """Parser events only: aliases are seen without ever being expanded. An alias is
    written ``*name``: without a ``*`` there is none, and the YAML is parsed once, not twice."""
    return "*" in text and any(
        isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, yaml.SafeLoader)
    )


def _metadata(data: dict[Any, Any]) -> Metadata:
    meta = Metadata()
    for key, value in data.items():
        field = _KEYS.get(str(key).lower())
        if field is None or value is None:
            continue
        if field == "authors":
            names = value if isinstance(value, list) else str(value).split(" and ")
            meta.fill(authors=tuple(normalise_name(_text(n)) for n in names if _text(n)))
        elif field == "topics":
            items = value if isinstance(value, list) else [value]
            meta.fill(topics=tuple(_text(t) for t in items if _text(t)))
        elif field == "date":
            meta.fill(date=_date(value))
        elif field == "language":
            lang = _text(value).lower()[:2]
            meta.fill(language=lang if lang in _LANGUAGES else "other")
        else:
            meta.fill(**{field: _text(value) or None})
    return meta


def _text(value: object) -> str:
    """A scalar YAML value as one clean line (YAML is user data like any other)."""
    if isinstance(value, dict | list):
        return ""
    return squash(strip_controls(str(value)))


def _date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return parse_date(_text(value))


def strip_markup(body: str) -> str:
    """Markdown body as plain text lines (headings, links, emphasis, lists)."""
    for pattern, replacement in _MARKUP:
        body = pattern.sub(replacement, body)
    return body
