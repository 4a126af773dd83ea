"""Crash-safe file replacement and inter-process locking.

The bookmarks file must survive ``kill -9`` and concurrent rjtui processes,
so a change is never written in place: it goes to a temporary file in the
same folder (same filesystem, so the rename is atomic), is flushed and
fsynced, then renamed over the original, and the folder is fsynced so the
rename itself is durable. A reader therefore sees the old or the new file,
never a partial one. Writers serialise on ``flock`` of a sidecar lock file
(never the data file itself, which is replaced and so cannot hold a lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if missing).

    The kernel drops the lock when the process dies, so a killed writer
    never leaves the file locked.
    """
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that it is never seen half-written."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temporaries left by writers that were killed before their rename.

    Call only while holding the lock, when no other writer can be mid-write.
    """
    pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(_temp_prefix(path)) + "*.tmp")
    for leftover in glob.glob(pattern):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)
