"""The one safe-write module: every file rjtui owns is replaced whole and durably."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rjtui.safefile import (
    atomic_write,
    backup_path,
    lock_path,
    locked,
    remove_stale_temps,
    replace_keeping_backup,
)
from rjtui.search import layout


def fsynced_kinds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record whether each fsync'd descriptor was a file or a folder."""
    kinds: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        kinds.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    return kinds


def test_index_sidecars_fsync_the_file_and_then_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = tmp_path / "build"
    build.mkdir()
    kinds = fsynced_kinds(monkeypatch)
    name = "caf\udce9.txt"  # a file name that is not UTF-8 round-trips
    layout.write_json(build / "files-3.json", {name: {"size": 1}})
    assert kinds == ["file", "dir"]
    assert layout.read_json(build / "files-3.json") == {name: {"size": 1}}
    assert [p.name for p in build.iterdir()] == ["files-3.json"]  # no temporary left


def test_replace_keeping_backup_rolls_the_previous_text(tmp_path: Path) -> None:
    target = tmp_path / "corrections.yaml"
    replace_keeping_backup(target, "one\n", None, 0o600)
    assert not backup_path(target).exists()
    replace_keeping_backup(target, "two\n", "one\n", 0o640)
    assert target.read_text() == "two\n" and backup_path(target).read_text() == "one\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "bookmarks.yaml"
    atomic_write(target, "old\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in target.parent.iterdir()] == ["bookmarks.yaml"]


def test_stale_temporaries_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.yaml"
    leftover = tmp_path / ".bookmarks.yaml.abc123.tmp"
    other = tmp_path / ".notes.yaml.abc123.tmp"
    leftover.write_text("half")
    other.write_text("someone else's")
    remove_stale_temps(target)
    assert not leftover.exists() and other.exists()


def test_a_held_lock_is_reported_to_a_non_blocking_caller(tmp_path: Path) -> None:
    lock = lock_path(tmp_path / "writer")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from rjtui.safefile import locked\n"
            f"with locked(Path({str(lock)!r})):\n"
            "    print('held', flush=True); sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with locked(lock, blocking=False) as held:
            assert held is False
    finally:
        holder.communicate("", timeout=30)
    with locked(lock, blocking=False) as held:  # the holder exited: the kernel dropped it
        assert held is True
