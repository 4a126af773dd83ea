"""The search history behind ↑/↓ in the search bar, kept in the data dir.

One query a line, most recent first, no duplicates, at most ``LIMIT``.
Recording re-reads the file under its lock and merges, so two explorers open
at once both keep their queries. A history file that cannot be read (not a
regular file, too big, not UTF-8) is left alone: the session's queries are
still recalled, nothing is written over it, and ``problem`` says why once.
Queries are data typed by the user; control characters are stripped on the
way in and out so a hand-edited file cannot put escapes on the screen.
"""

from __future__ import annotations

from pathlib import Path

from rjtui.paths import ensure_private_dir
from rjtui.rawfile import Unreadable, read_raw
from rjtui.safefile import atomic_write, lock_path, locked, remove_stale_temps
from rjtui.sanitize import strip_controls

LIMIT = 200
"""Queries kept: months of use, and a file of a few kilobytes."""
MAX_FILE_BYTES = 1_000_000
"""Far above ``LIMIT`` lines of any sane query; a bigger file is not ours to read."""
FILE_MODE = 0o600
"""Queries can be private research: the file is readable by the user alone."""


def _clean(query: str) -> str:
    return " ".join(strip_controls(query).split())


def merged(query: str, entries: list[str]) -> list[str]:
    """``query`` first, then ``entries`` without it, at most ``LIMIT``."""
    query = _clean(query)
    rest = [e for e in entries if e != query]
    return ([query] if query else []) + rest[: LIMIT - bool(query)]


class SearchHistory:
    """The history file at ``path`` and this session's view of it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[str] = []
        """Most recent first."""
        self.problem: str | None = None
        """Why the file is left alone, if it is (then nothing is written)."""

    def _read(self) -> list[str]:
        try:
            raw = read_raw(self.path, MAX_FILE_BYTES, "a search history")
        except Unreadable as exc:
            if not self.path.exists() and not self.path.is_symlink():
                return []
            self.problem = f"search history {self.path}: {exc}; it is not written"
            return []
        try:
            text = raw.data.decode("utf-8")
        except UnicodeDecodeError:
            self.problem = f"search history {self.path}: not UTF-8; it is not written"
            return []
        lines = [_clean(line) for line in text.splitlines()]
        seen: dict[str, None] = dict.fromkeys(line for line in lines if line)
        return list(seen)[:LIMIT]

    def load(self) -> list[str]:
        """Read the file (blocking: call from a worker); returns the entries."""
        self.entries = self._read()
        return self.entries

    def record(self, query: str) -> None:
        """Put ``query`` first, in memory and (blocking) on disk."""
        self.entries = merged(query, self.entries)
        if self.problem is not None or not _clean(query):
            return
        ensure_private_dir(self.path.parent)
        with locked(lock_path(self.path)):
            remove_stale_temps(self.path)
            on_disk = self._read()
            if self.problem is not None:
                return
            atomic_write(self.path, "".join(f"{e}\n" for e in merged(query, on_disk)), FILE_MODE)
