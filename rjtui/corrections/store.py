"""The correction operations, each one a locked read-modify-replace of the file, and
the cached read ingest uses.

Every change re-reads the file under the lock (``rjtui.handfile``), so two rjtui
processes correcting at once keep both corrections. A file that does not parse
makes every write raise ``CorrectionsFileError`` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from rjtui.corpus import ArticleMeta
from rjtui.corrections.fileformat import dumps, loads
from rjtui.corrections.model import (
    EDITABLE,
    Correction,
    Corrections,
    CorrectionsFileError,
    LineRef,
    check_value,
    corrected_meta,
)
from rjtui.handfile import HandFile


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class CorrectionStore:
    """The corrections file at ``path`` (created on the first change)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = HandFile(
            path, error=CorrectionsFileError, loads=loads, dumps=dumps, empty=dict
        )

    @property
    def backup_path(self) -> Path:
        return self._file.backup_path

    def load(self) -> Corrections:
        """Every correction, by article path; never writes (no file: none)."""
        return self._file.load()

    def get(self, article_path: str) -> Correction | None:
        return self.load().get(article_path)

    def set_fields(
        self, article: ArticleMeta, content_hash: str, values: Mapping[str, Any]
    ) -> Correction:
        """Set fields of ``article`` (values checked first: nothing is written on a bad one)."""
        checked = {name: check_value(name, value) for name, value in values.items()}

        def change(entry: Correction) -> Correction:
            merged = {**entry.fields, **checked}
            return replace(entry, fields={n: merged[n] for n in EDITABLE if n in merged})

        return self._change(article, content_hash, change)

    def keep_line(self, article: ArticleMeta, content_hash: str, ref: LineRef) -> Correction:
        """Keep a line cleaning dropped as body (or undo dropping it by hand)."""
        return self._toggle(article, content_hash, ref, keep=True)

    def drop_line(self, article: ArticleMeta, content_hash: str, ref: LineRef) -> Correction:
        """Drop a line cleaning kept (or undo keeping it by hand)."""
        return self._toggle(article, content_hash, ref, keep=False)

    def clear(self, article_path: str) -> Correction | None:
        """Remove the article's correction; returns it (``None`` if there was none)."""
        return self._file.mutate(lambda corrections: corrections.pop(article_path, None))

    def _toggle(
        self, article: ArticleMeta, content_hash: str, ref: LineRef, *, keep: bool
    ) -> Correction:
        def change(entry: Correction) -> Correction:
            wanted, other = (entry.keep, entry.drop) if keep else (entry.drop, entry.keep)
            same = [r for r in other if r.text == ref.text]
            if same:  # the line was moved the other way by hand: undo that instead
                other = tuple(r for r in other if r is not same[0])
            elif not any(r.text == ref.text and r.line == ref.line for r in wanted):
                wanted = (*wanted, ref)
            kept, dropped = (wanted, other) if keep else (other, wanted)
            return replace(entry, keep=kept, drop=dropped)

        return self._change(article, content_hash, change)

    def _change(self, article: ArticleMeta, content_hash: str, change: Any) -> Correction:
        def mutate(corrections: Corrections) -> Correction:
            entry = corrections.get(article.path) or Correction(
                article.path, article.id, content_hash, _now()
            )
            entry = replace(change(entry), id=article.id, content_hash=content_hash, made=_now())
            corrections[article.path] = entry
            return entry

        return self._file.mutate(mutate)


_cache: dict[Path, tuple[tuple[int, int, int] | None, Corrections, str | None]] = {}


def current(path: Path) -> tuple[Corrections, str | None]:
    """The corrections ingest applies, and the one-line error when the file is broken
    (then none are applied, and nothing is written until it is fixed).

    Read again only when the file's inode, size or mtime changed, so ingesting a
    corpus (in every index worker process) parses it once.
    """
    try:
        st = os.stat(path)
        key: tuple[int, int, int] | None = (st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        key = None
    cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    try:
        corrections, error = CorrectionStore(path).load(), None
    except CorrectionsFileError as exc:
        corrections, error = {}, str(exc)
    _cache[path] = (key, corrections, error)
    return corrections, error


def cite_corrected(
    path: Path, *, warn: Callable[[str], None]
) -> Callable[[ArticleMeta], ArticleMeta]:
    """What an export cites for a bookmark's article: its saved fields with the user's
    corrections applied (a broken corrections file is named through ``warn``)."""
    corrections, error = current(path)
    if error:
        warn(f"{error}; exported without corrections")
    return lambda meta: corrected_meta(meta, corrections)
