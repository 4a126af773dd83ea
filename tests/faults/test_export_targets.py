"""Where ``bookmarks export -o`` and the bookmarks file may write.

Atomic replace is for regular files: renaming over ``/dev/null`` (as root) made
it a 0600 regular file for the whole machine. A character device or FIFO is
written in place, a FIFO nobody reads is one line (never a hang), anything
else is refused. And a bookmarks path that leads (through a symlink) to a
file rjtui did not write is refused, never replaced: its one backup would be
refreshed by the next change and the original lost.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.faults.conftest import make_config, write_good


def cli(tmp_path: Path, bookmarks: Path, *args: str, timeout: float = 30):
    config = make_config(write_good(tmp_path / "corpus").parent, tmp_path / "data")
    argv = [sys.executable, "-m", "rjtui", "--corpus", str(config.corpus[0])]
    argv += ["--data-dir", str(config.data_dir), "--bookmarks", str(bookmarks), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=tmp_path)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A bookmarks file with one bookmark (written by the real command)."""
    path = tmp_path / "bookmarks.yaml"
    proc = cli(tmp_path, path, "bookmarks", "add", "good", "1", "--note", "a note")
    assert proc.returncode == 0, proc.stderr
    return path


def char_device(tmp_path: Path) -> Path:
    """A null device of our own where we may make one (root), else the system's: after
    the fix both are written in place; before it, the system's would be destroyed."""
    if os.geteuid() == 0:
        node = tmp_path / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    return Path("/dev/null")


def test_export_to_a_character_device_writes_in_place(tmp_path: Path, saved: Path) -> None:
    device = char_device(tmp_path)
    proc = cli(tmp_path, saved, "bookmarks", "export", "--format", "json", "-o", str(device))
    assert proc.returncode == 0, proc.stderr
    mode = os.stat(device).st_mode
    assert stat.S_ISCHR(mode), f"{device} is no longer a device: {oct(mode)}"


def test_export_to_a_fifo_streams_to_its_reader(tmp_path: Path, saved: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        proc = cli(tmp_path, saved, "bookmarks", "export", "--format", "json", "-o", str(fifo))
    finally:
        if reader.is_alive():  # unblock our reader if the export never opened the FIFO
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced"
    assert b'"note": "a note"' in received[0], received


def test_export_to_a_fifo_nobody_reads_is_one_line(tmp_path: Path, saved: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = cli(tmp_path, saved, "bookmarks", "export", "--format", "json", "-o", str(fifo))
    assert proc.returncode == 1 and "no program reads" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_over_a_socket_is_refused(tmp_path: Path, saved: Path) -> None:
    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    try:
        proc = cli(tmp_path, saved, "bookmarks", "export", "--format", "json", "-o", str(path))
    finally:
        sock.close()
    assert proc.returncode == 1 and "socket, not a regular file" in proc.stderr, proc.stderr
    assert stat.S_ISSOCK(os.stat(path).st_mode)


@pytest.mark.parametrize(
    "original",
    ["title: my reading notes\nitems: [one, two]\n", "# only a comment, by hand\n"],
    ids=["mapping", "comments"],
)
def test_a_symlinked_target_that_is_not_a_bookmarks_file_is_never_replaced(
    tmp_path: Path, original: str
) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(original, encoding="utf-8")
    link = tmp_path / "bookmarks.yaml"
    link.symlink_to(notes)
    for _ in range(2):
        proc = cli(tmp_path, link, "bookmarks", "add", "good", "1")
        assert proc.returncode == 1 and "not a bookmarks file" in proc.stderr, proc.stderr
    assert notes.read_text(encoding="utf-8") == original
    assert link.is_symlink()
