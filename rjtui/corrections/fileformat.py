"""The corrections file: human-readable YAML with a format version, editable by hand.

Reading is lenient where intent is clear (an unquoted date, one author as a
string, a line given as bare text) and strict where it is not; every error
names the file and the line, because the user has to go and fix it by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from rjtui.corrections.model import (
    EDITABLE,
    BadValue,
    Correction,
    Corrections,
    CorrectionsFileError,
    LineRef,
    check_value,
)
from rjtui.handfile import child, dump_yaml, line_of, versioned_entries
from rjtui.handfile import scalar_text as _text

FORMAT_VERSION = 1
HEADER = (
    "# rjtui corrections: your fixes to article metadata and to the lines cleaning kept\n"
    "# or dropped, applied on every ingest. You may edit this file by hand; keep it\n"
    "# valid YAML (rjtui will not overwrite a file it cannot read).\n"
)


def dumps(corrections: Corrections) -> str:
    """The whole file's text (what ``loads`` reads back)."""
    entries = [c.to_dict() for c in corrections.values() if not c.empty]
    return HEADER + dump_yaml({"version": FORMAT_VERSION, "corrections": entries})


def loads(text: str, source: Path) -> Corrections:
    """Parse the file's text; ``CorrectionsFileError`` naming ``source`` and a line."""
    entries = versioned_entries(
        text, source, CorrectionsFileError, key="corrections", version=FORMAT_VERSION
    )
    corrections: Corrections = {}
    for entry, node in entries:

        def fail_at(
            key: tuple[str, ...], msg: str, node: yaml.Node | None = node
        ) -> CorrectionsFileError:
            return CorrectionsFileError.at_line(source, line_of(child(node, *key)), msg)

        correction = _entry(entry, fail_at)
        if correction.path in corrections:
            raise fail_at(("path",), f"a second entry for {correction.path}")
        corrections[correction.path] = correction
    return corrections


Fail = Callable[[tuple[str, ...], str], CorrectionsFileError]


def _entry(entry: Any, fail: Fail) -> Correction:
    if not isinstance(entry, dict):
        raise fail((), "each correction must be a mapping (path, id, fields, ...)")
    path = _text(entry.get("path"))
    if not path:
        raise fail(("path",), "every correction needs the article's 'path'")
    values = entry.get("fields") or {}
    if not isinstance(values, dict):
        raise fail(("fields",), "'fields' must be a mapping of field: value")
    fields: dict[str, Any] = {}
    for name in values:
        if name not in EDITABLE:
            raise fail(("fields",), f"unknown field {name!r} (fields: {', '.join(EDITABLE)})")
    for name in EDITABLE:
        if name not in values:
            continue
        raw = values[name]
        items = raw if isinstance(raw, list) else [raw]
        if not all(v is None or isinstance(v, (str, int, float, dt.date)) for v in items):
            raise fail(("fields", name), f"'fields.{name}' must be text")
        try:
            value = [_text(v) for v in items] if isinstance(raw, list) else _text(raw)
            fields[name] = check_value(name, value)
        except BadValue as exc:
            raise fail(("fields", name), str(exc)) from None
    return Correction(
        path=path,
        id=_text(entry.get("id")),
        content_hash=_text(entry.get("content_hash")),
        made=_text(entry.get("made")),
        fields=fields,
        keep=_lines(entry.get("keep_lines"), "keep_lines", fail),
        drop=_lines(entry.get("drop_lines"), "drop_lines", fail),
    )


def _lines(raw: Any, key: str, fail: Fail) -> tuple[LineRef, ...]:
    """A list of ``{line, text}`` (or bare texts, as a person may type them)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail((key,), f"'{key}' must be a list of lines")
    refs = []
    for item in raw:
        if isinstance(item, dict):
            number, text = item.get("line", 0), _text(item.get("text"))
        else:
            number, text = 0, _text(item) if isinstance(item, (str, int, float)) else ""
        if not text or isinstance(number, bool) or not isinstance(number, int):
            raise fail((key,), f"each of '{key}' needs the line's 'text' (and its 'line' number)")
        refs.append(LineRef(number, text))
    return tuple(refs)
