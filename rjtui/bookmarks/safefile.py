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
import errno
import fcntl
import glob
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from rjtui.rawfile import kind


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


class NotRegularFile(OSError):
    """The target exists and is not a regular file: renaming over it would destroy it
    (``-o /dev/null`` as root once made /dev/null a regular file for the machine)."""


def refuse_non_regular(path: Path) -> None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    what = kind(st.st_mode)
    if what is not None:
        raise NotRegularFile(errno.EINVAL, f"{what}, not a regular file", str(path))


def atomic_write(path: Path, text: str, mode: int | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that it is never seen half-written;
    only a regular file (or nothing) is ever replaced."""
    refuse_non_regular(path)
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


def write_output(path: Path, text: str) -> None:
    """Write an export to ``path``: a regular file (or a new one) atomically; a character
    device or FIFO in place, as a stream (``-o /dev/stdout``, a named pipe), opened
    without blocking so a FIFO nobody reads is an error, not a hang; anything else
    is refused (``NotRegularFile``)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is None or not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        atomic_write(path, text)
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise NotRegularFile(errno.ENXIO, "a FIFO that no program reads", str(path)) from None
        raise
    try:
        os.set_blocking(fd, True)  # a reader is there: let it take the text at its pace
        with os.fdopen(fd, "wb", closefd=False) as stream:
            stream.write(text.encode("utf-8"))
    finally:
        os.close(fd)


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
