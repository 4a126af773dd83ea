"""What a correction is: fields set and lines kept or dropped, for one article file.

An entry is keyed by the article's file path (ids are only unique within one
corpus, and one data dir may serve several); it also records the id and the
content hash of the file when it was made, so a later edit of the file can be
reported. Lines are held by their text (and the line number they had, to pick
among identical lines), so a correction still finds its line after the file
is edited around it; one that no longer finds it is kept and reported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

from rjtui.corpus import METADATA_FIELDS, ArticleMeta, jsonable
from rjtui.handfile import HandFileError

EDITABLE = ("title", "subtitle", "authors", "date", "source", "section", "language")
"""The ``ArticleMeta`` fields a user may correct, in form and file order."""
LIST_FIELDS = frozenset(f.name for f in METADATA_FIELDS if isinstance(f.default, tuple))
LANGUAGES = ("en", "ru", "ja", "other")
"""The values ingest's language detection gives (``ArticleMeta.language``)."""
LINES = "lines"
"""The name ``ArticleMeta.corrected`` lists when lines were kept or dropped by hand."""
KEPT_REASON = "kept by you"
DROPPED_REASON = "dropped by you"

assert set(EDITABLE) <= {f.name for f in METADATA_FIELDS}, "EDITABLE names ArticleMeta fields"

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class CorrectionsFileError(HandFileError):
    """The corrections file cannot be read or parsed; it is left untouched."""

    noun = "corrections"


class BadValue(ValueError):
    """A field value that cannot be a correction (the message is the one line shown)."""


def check_value(name: str, value: Any) -> str | tuple[str, ...] | None:
    """``value`` as field ``name`` holds it: text trimmed, authors a tuple, ``""`` or an
    empty list clearing the field; ``BadValue`` for a date that is no date, an unknown
    language, an empty title."""
    if name not in EDITABLE:
        raise BadValue(f"'{name}' cannot be corrected (only {', '.join(EDITABLE)})")
    if name in LIST_FIELDS:
        items = [value] if isinstance(value, str) else list(value or ())
        return tuple(" ".join(str(v).split()) for v in items if str(v).strip())
    text = " ".join(str(value or "").split())
    if name == "title" and not text:
        raise BadValue("the title cannot be empty")
    if name == "date" and text:
        return check_date(text)
    if name == "language" and text not in LANGUAGES:
        raise BadValue(f"language {text!r} is not one of {', '.join(LANGUAGES)}")
    return text or None


def check_date(text: str) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and a real day of the calendar."""
    match = _DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            match = None
    if not match:
        raise BadValue(f"date {text!r} is not a date; give YYYY-MM-DD, YYYY-MM or YYYY")
    return text


@dataclass(frozen=True)
class LineRef:
    """A source line kept or dropped by hand: its text, and its number when chosen."""

    line: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text}


@dataclass(frozen=True)
class Correction:
    """One article's corrections."""

    path: str
    """The article file (``ArticleMeta.path``): what the entry is looked up by."""
    id: str
    content_hash: str
    """The file's hash when the correction was last changed."""
    made: str
    """When it was last changed (ISO 8601 with a zone)."""
    fields: dict[str, Any] = field(default_factory=dict)
    """Field name -> value (``check_value``'s form), in ``EDITABLE`` order."""
    keep: tuple[LineRef, ...] = ()
    drop: tuple[LineRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The file's entry; empty parts left out."""
        data: dict[str, Any] = {
            "path": self.path,
            "id": self.id,
            "content_hash": self.content_hash,
            "made": self.made,
        }
        if self.fields:
            data["fields"] = {k: jsonable(v) for k, v in self.fields.items()}
        if self.keep:
            data["keep_lines"] = [ref.to_dict() for ref in self.keep]
        if self.drop:
            data["drop_lines"] = [ref.to_dict() for ref in self.drop]
        return data

    @property
    def stamp(self) -> str:
        """Changes whenever the entry does: the index re-ingests the article then."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.blake2b(blob, digest_size=8).hexdigest()

    @property
    def empty(self) -> bool:
        return not (self.fields or self.keep or self.drop)


Corrections = dict[str, Correction]
"""Every correction in a file, by article path, in file order."""


def corrected_meta(meta: ArticleMeta, corrections: Corrections) -> ArticleMeta:
    """``meta`` (a bookmark's saved citation, say) with its article's corrected fields."""
    correction = corrections.get(meta.path)
    if correction is None or not correction.fields:
        return meta
    return replace(meta, **correction.fields, corrected=tuple(correction.fields))
