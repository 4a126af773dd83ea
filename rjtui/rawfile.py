"""Reading one corpus file safely: ``stat`` first, never block, never read unbounded.

A corpus folder can hold anything a user (or a mistaken symlink) put there: a
link to ``/dev/zero`` or to a FIFO, a sparse file of many gigabytes. So the
target is ``stat``-ed (through symlinks) before it is opened, and anything
but a regular file of sane size is skipped with a reason, without reading a
byte. The file is then opened non-blocking (it may have been swapped for a
FIFO since the ``stat``), checked again on the open descriptor, and read at
most ``limit + 1`` bytes, hashed on the way: one read per file per index run
gives the change check, the content hash and the bytes to ingest. A core
module: ingest reads articles with it, the index builder (in ``rjtui.search``,
which never imports ingest) its change check, and the config loader its file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from rjtui.errors import RjtuiError

MAX_BYTES = 20_000_000
"""Largest file taken as an article (a bigger one is a log or a dump)."""
_CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the index remembers of a raw file to notice a change."""

    size: int
    mtime_ns: int
    digest: str | None = None
    """Content hash; None when the file was refused without being read."""


@dataclass(frozen=True, slots=True)
class RawFile:
    stamp: Stamp
    data: bytes


class Unreadable(RjtuiError):
    """A file refused before or while reading; ``reason`` says why in a few words and
    ``stamp`` lets the index skip it again, unread, while it is unchanged."""

    def __init__(self, reason: str, stamp: Stamp | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.stamp = stamp


_PSEUDO_FS = frozenset({
    "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs",
    "securityfs", "pstore", "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs",
    "binfmt_misc", "efivarfs", "rpc_pipefs", "nsfs", "autofs",
})  # fmt: skip


@functools.cache
def pseudo_devices() -> frozenset[int]:
    """Devices of the mounted kernel pseudo file systems (/proc, /sys...): their files
    claim size 0 yet produce data, and /proc links back into the whole tree, so the
    corpus walk never enters them and no file on them is read. Empty off Linux."""
    devices = set()
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in lines.splitlines():
        fields, _, tail = line.partition(" - ")
        parts = fields.split()
        if len(parts) > 4 and tail.split()[:1] and tail.split()[0] in _PSEUDO_FS:
            mount = parts[4].encode().decode("unicode_escape")  # octal escapes, e.g. \040
            with contextlib.suppress(OSError):
                devices.add(os.stat(mount).st_dev)
    return frozenset(devices)


def kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)"...), or None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_raw(path: Path, limit: int = MAX_BYTES, what: str = "an article") -> RawFile:
    """The bytes of ``path`` (at most ``limit``) with their stamp; ``Unreadable`` with a
    reason if it is not a regular file of sane size for ``what`` or cannot be read."""
    try:
        return _read(path, limit, what)
    except PermissionError:
        raise Unreadable("unreadable: permission denied") from None
    except OSError as exc:
        raise Unreadable(f"unreadable: {(exc.strerror or str(exc)).lower()}") from None


def _check(st: os.stat_result, limit: int, what: str) -> Stamp:
    stamp = Stamp(st.st_size, st.st_mtime_ns)
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("unreadable: a directory")
    other = kind(st.st_mode)
    if other is not None:
        raise Unreadable(f"not a regular file: {other}", stamp)
    if st.st_dev in pseudo_devices():
        raise Unreadable("not a regular file: a kernel pseudo file (/proc, /sys...)", stamp)
    if st.st_size > limit:
        raise Unreadable(f"too large for {what} ({_mb(st.st_size)})", stamp)
    return stamp


def _mb(size: int) -> str:
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def _read(path: Path, limit: int, what: str) -> RawFile:
    _check(os.stat(path), limit, what)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    fd = os.open(path, flags)  # never blocks, even if a FIFO replaced the file just now
    try:
        stamp = _check(os.fstat(fd), limit, what)  # the file actually opened
        digest = hashlib.blake2b(digest_size=16)
        data = bytearray()
        while len(data) <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
            digest.update(chunk)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the stat
        raise Unreadable(f"too large for {what} (over {_mb(limit)})", stamp)
    return RawFile(Stamp(stamp.size, stamp.mtime_ns, digest.hexdigest()), bytes(data))
