"""The bookmark operations, each one a locked read-modify-replace of the file.

Every change re-reads the file under the lock rather than trusting an
in-memory copy, so two rjtui processes (or a hand edit made while rjtui runs)
never overwrite each other. A file that does not parse makes every write
raise ``BookmarksFileError`` before anything is written: the store is
effectively read-only until the user fixes the reported line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import secrets
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from rjtui.bookmarks.anchor import Anchored, Lookup, reanchor
from rjtui.bookmarks.fileformat import dumps, loads
from rjtui.bookmarks.model import (
    Bookmark,
    BookmarkNotFoundError,
    BookmarksFileError,
    parse_tags,
)
from rjtui.paths import ensure_private_dir
from rjtui.rawfile import Unreadable, read_raw
from rjtui.results import ArticleMeta, PassageHit
from rjtui.safefile import (
    backup_path,
    lock_path,
    locked,
    remove_stale_temps,
    replace_keeping_backup,
)

T = TypeVar("T")

MAX_FILE_BYTES = 64_000_000
"""Far above any real bookmarks file (tens of thousands of passages)."""
NEW_FILE_MODE = 0o600
"""A new bookmarks file is private; an existing file keeps the mode the user gave it."""


class BookmarkStore:
    """The bookmarks file at ``path`` (created on the first change)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._removed_at: dict[str, int] = {}
        """Where each bookmark removed through this store was, for undo."""

    @property
    def real_path(self) -> Path:
        """The file itself, symlinks followed: writes replace it, not a link to it,
        so a bookmarks file symlinked into a synced folder stays where it is."""
        return self.path.resolve()

    @property
    def backup_path(self) -> Path:
        """The previous version of the file, refreshed before every change."""
        return backup_path(self.real_path)

    @property
    def lock_path(self) -> Path:
        return lock_path(self.real_path)

    def load(self) -> list[Bookmark]:
        """All bookmarks in file order; never writes (a missing file means none)."""
        text = self._read_text()
        return [] if text is None else loads(text, self.path)

    def passage_ids(self) -> set[str]:
        """Saved passage ids, for marking bookmarked passages in the reader."""
        return {b.passage.id for b in self.load()}

    def add(
        self,
        article: ArticleMeta,
        passage: PassageHit,
        *,
        note: str = "",
        tags: Sequence[str] = (),
        query: str = "",
    ) -> Bookmark:
        """Save ``passage`` of ``article``; returns the bookmark once it is on disk."""

        def change(bookmarks: list[Bookmark]) -> Bookmark:
            taken = {b.id for b in bookmarks}
            bookmark = Bookmark(
                id=_new_id(taken),
                created=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                article=article,
                passage=PassageHit(id=passage.id, n=passage.n, text=passage.text),
                note=note.strip(),
                tags=parse_tags(tags),
                query=query.strip(),
            )
            bookmarks.append(bookmark)
            return bookmark

        return self._mutate(change)

    def update(
        self,
        bookmark_id: str,
        *,
        note: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Bookmark:
        """Change a bookmark's note and/or tags (``None`` leaves a field as is)."""

        def change(bookmarks: list[Bookmark]) -> Bookmark:
            i = self._index(bookmarks, bookmark_id)
            old = bookmarks[i]
            bookmarks[i] = dataclasses.replace(
                old,
                note=old.note if note is None else note.strip(),
                tags=old.tags if tags is None else parse_tags(tags),
            )
            return bookmarks[i]

        return self._mutate(change)

    def remove(self, bookmark_id: str) -> Bookmark:
        """Delete a bookmark and return it, so the caller can offer undo."""

        def change(bookmarks: list[Bookmark]) -> Bookmark:
            i = self._index(bookmarks, bookmark_id)
            self._removed_at[bookmark_id] = i
            return bookmarks.pop(i)

        return self._mutate(change)

    def restore(self, bookmark: Bookmark) -> None:
        """Undo a removal: back where it was (or by creation time if unknown)."""

        def change(bookmarks: list[Bookmark]) -> None:
            if any(b.id == bookmark.id for b in bookmarks):
                return
            at = self._removed_at.pop(bookmark.id, None)
            if at is None:
                at = next(
                    (i for i, b in enumerate(bookmarks) if b.created > bookmark.created),
                    len(bookmarks),
                )
            bookmarks.insert(at, bookmark)

        self._mutate(change)

    def reanchor(self, lookup: Lookup) -> list[Anchored]:
        """Anchor every bookmark in the current corpus and record relocations.

        A bookmark found under a new passage id or number gets that id and
        number written back (its saved text is kept), so the reader marks it
        and the next lookup is direct. Nothing is dropped, whatever happens.
        """
        anchored = reanchor(self.load(), lookup)
        moves = {
            a.bookmark.id: (a.bookmark.passage.id, a.passage)
            for a in anchored
            if a.relocated and a.passage is not None
        }
        if moves:

            def change(bookmarks: list[Bookmark]) -> None:
                for i, b in enumerate(bookmarks):
                    old_id, now = moves.get(b.id, (None, None))
                    if now is not None and b.passage.id == old_id:
                        passage = PassageHit(id=now.id, n=now.n, text=b.passage.text)
                        bookmarks[i] = dataclasses.replace(b, passage=passage)

            self._mutate(change)
        return anchored

    def _index(self, bookmarks: list[Bookmark], bookmark_id: str) -> int:
        for i, bookmark in enumerate(bookmarks):
            if bookmark.id == bookmark_id:
                return i
        raise BookmarkNotFoundError(
            f"no bookmark {bookmark_id!r} in {self.path}; see 'rjtui bookmarks list'"
        )

    def _read_text(self) -> str | None:
        """The file's text, ``stat``-ed first: a FIFO or device never blocks or floods."""
        try:
            data = read_raw(self.path, MAX_FILE_BYTES, "a bookmarks file").data
        except Unreadable as exc:
            if not os.path.exists(self.path):  # none yet (or a link to one to be created)
                return None
            raise BookmarksFileError(f"{self.path}: cannot read bookmarks ({exc.reason})") from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise BookmarksFileError.at_line(self.path, line, "not UTF-8 text") from None

    def _mutate(self, change: Callable[[list[Bookmark]], T]) -> T:
        """Lock, re-read, apply ``change`` in memory, back up, replace atomically."""
        try:
            target = self.real_path
            ensure_private_dir(target.parent)
            with locked(self.lock_path):
                remove_stale_temps(target)
                old_text = self._read_text()
                bookmarks = [] if old_text is None else loads(old_text, self.path)
                result = change(bookmarks)
                mode = NEW_FILE_MODE
                if old_text is not None:
                    mode = stat.S_IMODE(os.stat(target).st_mode)
                replace_keeping_backup(target, dumps(bookmarks), old_text, mode)
        except OSError as exc:
            raise BookmarksFileError(
                f"{self.path}: cannot save bookmarks ({exc.strerror or exc}); the file is unchanged"
            ) from None
        return result


def _new_id(taken: set[str]) -> str:
    """``bm-`` and 8 random hex digits, unique within the file."""
    while True:
        candidate = f"bm-{secrets.token_hex(4)}"
        if candidate not in taken:
            return candidate
