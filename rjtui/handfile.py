"""A YAML file the user may edit by hand and rjtui rewrites: bookmarks, corrections.

Both need the same guarantees, so they share this code rather than copies of
it: the file is ``stat``-ed before it is read (a FIFO or device never blocks
or floods), read bounded, and parsed with every expansion bounded
(``rjtui.yamlsafe``); every change re-reads it under a lock and replaces it
through ``rjtui.safefile`` (temp, fsync, rename, rolling ``.bak``). A file that
does not parse raises the owner's error naming the file and the line, before
anything is written: the file is read-only until the user fixes that line.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

import yaml

from rjtui import yamlsafe
from rjtui.errors import RjtuiError
from rjtui.paths import ensure_private_dir
from rjtui.rawfile import Unreadable, read_raw
from rjtui.safefile import (
    backup_path,
    lock_path,
    locked,
    remove_stale_temps,
    replace_keeping_backup,
)
from rjtui.sanitize import escape_controls, has_controls

T = TypeVar("T")
R = TypeVar("R")

MAX_FILE_BYTES = 64_000_000
"""Far above any real hand-kept file (tens of thousands of entries)."""
NEW_FILE_MODE = 0o600
"""A new file is private; an existing file keeps the mode the user gave it."""


class HandFileError(RjtuiError):
    """The file cannot be read, parsed or saved; it is left untouched."""

    noun = "the entries"
    """What the file holds, plural, for messages ("bookmarks")."""

    @classmethod
    def at_line(cls, source: Path, line: int, problem: str) -> Self:
        """The one line that sends the user to fix their file (never overwritten)."""
        return cls(
            f"{source}: line {line}: {problem}; fix the file by hand "
            f"({cls.noun} are read-only until then)"
        )


INLINE_LIST_CHARS = 70

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]  # the base is picked at run time
    """Safe dumper for people: multi-line strings as ``|`` literal blocks, short
    lists of one-line strings (authors, tags) inline as ``[a, b]``."""


def _represent_str(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    # Controls only inside double quotes, where dump_yaml() can escape them (see there).
    style = '"' if has_controls(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.BaseDumper, value: list) -> yaml.SequenceNode:
    inline = all(isinstance(v, str) and "\n" not in v for v in value)
    inline = inline and sum(len(v) + 2 for v in value) <= INLINE_LIST_CHARS
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(document: Any) -> str:
    """``document`` as YAML a person can read and edit (what ``parse_yaml`` reads back)."""
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return escape_controls(body)  # C1/bidi left raw by PyYAML, all in "..."


def parse_yaml(text: str, source: Path, error: type[HandFileError]) -> tuple[Any, Any]:
    """``(data, root node)`` of ``text``; ``error`` naming ``source`` and a line when it
    is not YAML or expands beyond its bounds."""
    try:
        return yamlsafe.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error.at_line(source, mark.line + 1 if mark else 1, problem) from None
    except yamlsafe.YamlRefused as exc:
        raise error.at_line(source, exc.line, exc.problem) from None


def versioned_entries(
    text: str, source: Path, error: type[HandFileError], *, key: str, version: int
) -> list[tuple[Any, yaml.Node | None]]:
    """The entries of a file ``{version: N, key: [entry, ...]}``, each with its node
    (for error lines). A file with neither key, or only comments, is someone else's
    (often one a symlink leads to): it is refused, since replacing it would lose it
    once the one backup is refreshed by the next change."""
    data, root = parse_yaml(text, source, error)
    not_ours = (
        f"not a {error.noun} file (no 'version' or '{key}' key), so rjtui will not "
        f"replace it; point --{key} at another file"
    )

    def fail(node: yaml.Node | None, message: str) -> HandFileError:
        return error.at_line(source, line_of(node), message)

    if data is None:
        if text.strip():
            raise fail(None, not_ours)
        return []
    if not isinstance(data, dict):
        raise fail(root, f"the top level must be a mapping with 'version' and '{key}'")
    if "version" not in data and key not in data:
        raise fail(root, not_ours)
    found = data.get("version", version)
    if found != version:
        raise fail(
            child(root, "version"),
            f"unsupported format version {found!r} (this rjtui reads version {version})",
        )
    entries = data.get(key) or []
    node = child(root, key)
    if not isinstance(entries, list):
        raise fail(node, f"'{key}' must be a list")
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(entries)
    return list(zip(entries, nodes, strict=True))


def child(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
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


def scalar_text(value: Any) -> str:
    """A scalar as text: hand-typed dates and numbers are read as YAML types."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


class HandFile(Generic[T]):
    """The file at ``path`` holding a ``T`` (``loads``/``dumps`` give its format)."""

    def __init__(
        self,
        path: Path,
        *,
        error: type[HandFileError],
        loads: Callable[[str, Path], T],
        dumps: Callable[[T], str],
        empty: Callable[[], T],
    ) -> None:
        self.path = path
        self.error = error
        self._loads = loads
        self._dumps = dumps
        self._empty = empty

    @property
    def real_path(self) -> Path:
        """The file itself, symlinks followed: writes replace it, not a link to it,
        so a file symlinked into a synced folder stays where it is."""
        return self.path.resolve()

    @property
    def backup_path(self) -> Path:
        """The previous version of the file, refreshed before every change."""
        return backup_path(self.real_path)

    @property
    def lock_path(self) -> Path:
        return lock_path(self.real_path)

    def load(self) -> T:
        """The contents; never writes (a missing file means ``empty()``)."""
        text = self.read_text()
        return self._empty() if text is None else self._loads(text, self.path)

    def read_text(self) -> str | None:
        """The file's text (``None`` when there is none yet), ``stat``-ed first."""
        noun = self.error.noun
        try:
            data = read_raw(self.path, MAX_FILE_BYTES, f"a {noun} file").data
        except Unreadable as exc:
            if not os.path.exists(self.path):  # none yet (or a link to one to be created)
                return None
            raise self.error(f"{self.path}: cannot read {noun} ({exc.reason})") from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise self.error.at_line(self.path, line, "not UTF-8 text") from None

    def mutate(self, change: Callable[[T], R]) -> R:
        """Lock, re-read, apply ``change`` in memory, back up, replace atomically."""
        try:
            target = self.real_path
            ensure_private_dir(target.parent)
            with locked(self.lock_path):
                remove_stale_temps(target)
                old_text = self.read_text()
                value = self._empty() if old_text is None else self._loads(old_text, self.path)
                result = change(value)
                mode = NEW_FILE_MODE
                if old_text is not None:
                    mode = stat.S_IMODE(os.stat(target).st_mode)
                replace_keeping_backup(target, self._dumps(value), old_text, mode)
        except OSError as exc:
            raise self.error(
                f"{self.path}: cannot save {self.error.noun} ({exc.strerror or exc}); "
                "the file is unchanged"
            ) from None
        return result
