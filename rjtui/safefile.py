"""Every file rjtui owns is written here: locked, atomic, durable, with a backup.

A change is never written in place: it goes to a temporary file in the same
folder (same filesystem, so the rename is atomic), is flushed and fsynced,
renamed over the original, and the folder is fsynced so the rename itself is
durable. A reader therefore sees the old or the new file, never a partial one,
whatever ``kill -9`` or a power cut interrupts. Writers serialise on ``flock``
of a lock file (never the data file itself, which is replaced and so cannot
hold a lock); the kernel drops the lock when its process dies.

Users: the index pointer and sidecars (``rjtui.search.layout``) and the
bookmarks file (``rjtui.bookmarks.store``); a hand-editable file such as a
future corrections file uses ``lock_path``/``replace_keeping_backup`` the same
way bookmarks do.
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


def lock_path(path: Path) -> Path:
    """The lock file writers of ``path`` serialise on."""
    return path.with_name(path.name + ".lock")


def backup_path(path: Path) -> Path:
    """The previous version of ``path``, refreshed before every change."""
    return path.with_name(path.name + ".bak")


@contextlib.contextmanager
def locked(lock_file: Path, *, blocking: bool = True) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``lock_file`` (created mode 0600 if missing).

    Yields True once held, or False at once when ``blocking`` is off and another
    process holds it.
    """
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
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


def atomic_write(path: Path, text: str, mode: int | None = None, *, errors: str = "strict") -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that it is never seen half-written;
    only a regular file (or nothing) is ever replaced.

    ``errors="surrogatepass"`` lets text carrying file names that are not UTF-8
    (``os.fsdecode`` gives lone surrogates) round-trip instead of failing.
    """
    refuse_non_regular(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    os.close(fd)  # written through open(), like every other file (tests simulate ENOSPC there)
    try:
        with open(tmp, "wb") as handle:
            handle.write(text.encode("utf-8", errors))
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


BACKUP_MODE = 0o600
"""A backup is always private, whatever mode the user gave the file itself."""


def replace_keeping_backup(path: Path, text: str, previous: str | None, mode: int) -> None:
    """Write ``previous`` (what ``path`` held, if anything) to its backup, then ``text``
    to ``path`` (with ``mode``). Call under ``locked(lock_path(path))`` after
    re-reading ``previous``."""
    if previous is not None:
        atomic_write(backup_path(path), previous, BACKUP_MODE)
    atomic_write(path, text, mode)


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
    """Delete temporaries left by writers of ``path`` killed before their rename.

    Call only while holding the lock, when no other writer can be mid-write.
    """
    pattern = os.path.join(glob.escape(str(path.parent)), glob.escape(_temp_prefix(path)) + "*.tmp")
    for leftover in glob.glob(pattern):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)
