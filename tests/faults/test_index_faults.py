"""Index safety and a hostile data dir: pickles from strangers, damaged or old
indexes, a pointer that looked empty, a full disk.

Whoosh's table of contents is a pickle, so opening someone else's index runs
their code: the tests plant a real booby-trapped pickle and prove it never
runs. Damage is made on a real index on disk, then the real ``rjtui`` command
must repair it by rebuilding (the data dir is ours, so that is always safe) or
say in one line what to do. A full disk is simulated by injecting ``ENOSPC``
(always) and, where mounting is allowed, with a real, small tmpfs.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import pathlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rjtui import cli
from rjtui.config import Config
from rjtui.search import Engine, IndexMissing, UnsafeIndexDir, layout
from rjtui.session import ensure_index
from tests.conftest import run_rjtui
from tests.faults.conftest import GOOD_WORD, make_config, synthetic_corpus, write_good


def live_build(config: Config) -> Path:
    root = layout.index_root(config)
    pointer = layout.read_pointer(root)
    assert pointer is not None
    return root / pointer.build


def search_json(config: Config, query: str) -> dict:
    """``rjtui search --json`` on ``config``'s corpus and data dir (exit 0 required)."""
    where = ["--corpus", str(config.corpus[0]), "--data-dir", str(config.data_dir)]
    proc = run_rjtui(*where, "search", "--json", query)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "", proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def built(config: Config) -> Config:
    """``config`` with a real index of its one good article."""
    assert ensure_index(config).articles == 1
    return config


# --- a stranger's pickle is never unpickled -----------------------------------------------


class _Trap:
    """Unpickling this creates ``marker``: the stand-in for an attacker's code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


def plant_trap(build: Path, marker: Path) -> None:
    """Rewrite the live table of contents with a pickle that runs code when read."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(build))
    toc = TOC.read(storage, "MAIN")
    toc.segments = [*toc.segments, _Trap(marker)]
    storage.delete_file(TOC._filename("MAIN", toc.generation))
    toc.write(storage, "MAIN")


def make_unsafe(folder: Path, how: str) -> None:
    if how == "other-owner":
        if os.geteuid() != 0:
            pytest.skip("only root can give a folder to another user")
        os.chown(folder, 65534, 65534)
    else:
        folder.chmod({"group-writable": 0o770, "world-writable": 0o777}[how])


@pytest.mark.parametrize("how", ["group-writable", "world-writable", "other-owner"])
@pytest.mark.parametrize("which", ["build", "root", "index"])
def test_unsafe_index_dir_is_never_unpickled(
    built: Config, tmp_path: Path, how: str, which: str
) -> None:
    """The trap fires when Whoosh reads the folder (checked first, so the test can
    fail), then the folder is made unsafe and nothing may read it."""
    from whoosh.filedb.filestore import FileStorage

    build = live_build(built)
    marker = tmp_path / "pwned"
    plant_trap(build, marker)
    FileStorage(str(build), readonly=True).open_index()  # what Engine.open does first
    assert marker.is_dir(), "the planted pickle did not run: this test proves nothing"
    marker.rmdir()

    folder = {"build": build, "root": build.parent, "index": build.parent.parent}[which]
    make_unsafe(folder, how)
    with pytest.raises(UnsafeIndexDir, match="not private to you"):
        Engine.open(built)
    with pytest.raises(UnsafeIndexDir, match=f"chmod 700 {folder}"):
        ensure_index(built)
    assert not marker.exists(), "a stranger's pickle was loaded"


def test_index_folders_are_created_private(built: Config) -> None:
    build = live_build(built)
    for folder in (build, build.parent, build.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, (folder, oct(folder.stat().st_mode))


# --- damaged and outdated indexes are rebuilt -------------------------------------------


def truncate_toc(build: Path) -> None:
    toc = max(build.glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes()[:20])


def segment_files(build: Path) -> list[Path]:
    """Whoosh's segment files (terms, postings, stored fields, columns), never none:
    a damage helper that finds nothing to damage would make its test vacuous."""
    files = [p for p in build.glob("MAIN_*.*") if p.stat().st_size > 0]
    assert files, f"no segment files in {sorted(p.name for p in build.iterdir())}"
    return files


def truncate_segments(build: Path) -> None:
    for seg in segment_files(build):
        seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 3])


def scribble(start: float, end: float) -> Callable[[Path], None]:
    """Same size, garbage from ``start`` to ``end`` (fractions of each segment file):
    what bit rot or a bad sector looks like."""

    def damage(build: Path) -> None:
        for seg in segment_files(build):
            data = bytearray(seg.read_bytes())
            a, b = int(len(data) * start), int(len(data) * end)
            data[a:b] = b"\xff" * (b - a)
            seg.write_bytes(bytes(data))

    return damage


def break_sidecar(kind: str) -> Callable[[Path], None]:
    def damage(build: Path) -> None:
        for path in build.glob(f"{kind}-*.json"):
            path.write_text('{"articles": [', encoding="utf-8")

    return damage


def garble_pointer(build: Path) -> None:
    (build.parent / "current").write_text("\x00garbage", encoding="utf-8")


def older_schema(build: Path) -> None:
    current = build.parent / "current"
    data = json.loads(current.read_text(encoding="utf-8"))
    current.write_text(json.dumps({**data, "schema": data["schema"] - 1}), encoding="utf-8")


def delete_build(build: Path) -> None:
    shutil.rmtree(build)


DAMAGE = [
    pytest.param(truncate_toc, id="truncated-toc"),
    pytest.param(truncate_segments, id="truncated-segment"),
    pytest.param(break_sidecar("articles"), id="broken-article-table"),
    pytest.param(break_sidecar("files"), id="broken-file-table"),
    pytest.param(break_sidecar("vocab"), id="broken-vocabulary"),
    pytest.param(garble_pointer, id="garbled-pointer"),
    pytest.param(older_schema, id="older-schema"),
    pytest.param(delete_build, id="build-deleted"),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_is_rebuilt_by_the_next_search(
    built: Config, damage: Callable[[Path], None]
) -> None:
    """The next ``rjtui search`` repairs the index by itself and finds the article."""
    damage(live_build(built))
    data = search_json(built, GOOD_WORD)
    assert [a["id"] for a in data["articles"]] == ["good"], data
    engine = Engine.open(built)  # and the repaired index opens for the TUI too
    assert engine.search(GOOD_WORD).total_articles == 1
    engine.close()


@pytest.mark.xfail(
    strict=True,
    reason="index: no checksums: garbage inside a segment can give silently empty results "
    "(a Whoosh error now ends as one line, not a traceback)",
)
def test_garbage_in_a_segment_never_gives_silently_wrong_results(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    """Garbage over each tenth of the segment in turn: every search must either find
    the article (repaired) or fail with one line, never answer 'no results'."""
    argv = ["--corpus", str(config.corpus[0]), "--data-dir", str(config.data_dir)]
    wrong: dict[int, str] = {}
    for tenth in range(10):
        shutil.rmtree(config.resolved_data_dir, ignore_errors=True)
        ensure_index(config)
        scribble(tenth / 10, (tenth + 1) / 10)(live_build(config))
        try:
            code = cli.main([*argv, "search", "--json", GOOD_WORD])
        except Exception as exc:  # what a user would see as a traceback
            wrong[tenth] = f"crash: {exc!r}"
            continue
        out, err = capsys.readouterr()
        if code == 0 and json.loads(out)["total_articles"] == 0:
            wrong[tenth] = "silently no results"
        elif code != 0 and len(err.strip().splitlines()) != 1:
            wrong[tenth] = f"not one line: {err!r}"
    assert not wrong, wrong


def test_older_schema_is_named_until_rebuilt(built: Config) -> None:
    """Opening (as the TUI does first) names the problem and the fix in one line."""
    older_schema(live_build(built))
    with pytest.raises(IndexMissing, match="another rjtui version; run: rjtui index"):
        Engine.open(built)
    assert ensure_index(built).rebuilt


# --- a pointer that only looked missing ----------------------------------------------------


def test_unreadable_pointer_never_deletes_the_live_index(
    built: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Out of file descriptors, the index looks absent (Whoosh's ``exists_in`` says
    False the same way): rebuilding aside is fine, deleting what readers use is not."""
    reader = Engine.open(built)
    old = live_build(built)
    real_read_text = pathlib.Path.read_text

    def out_of_fds(self: Path, *args, **kwargs):
        if self.name == "current":
            raise OSError(errno.EMFILE, "Too many open files", str(self))
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_text", out_of_fds)
    ensure_index(built)
    monkeypatch.undo()
    assert old.is_dir(), "the live index was deleted because it looked empty"
    assert reader.search("sakhalinn").suggestion == "sakhalin"  # the vocabulary loads lazily
    reader.close()


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Call with a folder: from then on, opening a file under it for writing fails
    with ENOSPC (Whoosh and rjtui both write through ``open``)."""
    real_open = builtins.open

    def install(folder: Path) -> None:
        def full_open(file, mode="r", *args, **kwargs):
            writing = any(flag in mode for flag in "wax+")
            path = Path(os.fspath(file)) if isinstance(file, (str, os.PathLike)) else None
            if writing and path and path.resolve().is_relative_to(folder.resolve()):
                raise OSError(errno.ENOSPC, "No space left on device", os.fspath(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", full_open)
        monkeypatch.setattr(io, "open", full_open)

    return install


@pytest.mark.parametrize("rebuild", [False, True], ids=["update", "rebuild"])
def test_full_disk_is_one_line_and_the_index_survives(
    built: Config,
    disk_full: Callable[[Path], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    rebuild: bool,
) -> None:
    """``rjtui index`` on a full disk: exit 1 with one line naming the cause and the fix;
    the previous index still opens, and once there is room the update completes."""
    corpus = built.corpus[0]
    (corpus / "new.txt").write_text("Tokyo talks\n\nFishing quotas near Hokkaido were agreed.\n")
    argv = ["--corpus", str(corpus), "--data-dir", str(built.data_dir), "index"]
    disk_full(built.resolved_data_dir)
    code = cli.main([*argv, "--rebuild"] if rebuild else argv)
    monkeypatch.undo()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1, err
    assert "No space left on device" in err[0] and "disk is full" in err[0], err
    engine = Engine.open(built)
    assert engine.search("").total_articles == 1
    assert engine.search(GOOD_WORD).total_articles == 1
    engine.close()
    assert search_json(built, "hokkaido")["total_articles"] == 1  # room again: next run


def test_full_disk_leaves_no_lock_in_a_long_running_process(
    built: Config, disk_full: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI keeps running after a failed update (and Textual keeps the failed worker's
    error, so its traceback and frames stay alive): once there is room, it must update."""
    (built.corpus[0] / "new.txt").write_text("Tokyo talks\n\nFishing quotas near Hokkaido.\n")
    disk_full(built.resolved_data_dir)
    with pytest.raises(OSError, match="No space left") as info:
        ensure_index(built)
    monkeypatch.undo()
    assert info.value.errno == errno.ENOSPC  # the error is kept, as a failed worker's is
    assert ensure_index(built).articles == 2


MiB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """A real tmpfs of a given size (optional: skipped where mounting is not allowed)."""
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); ENOSPC is injected")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def index_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def rjtui_index(config: Config, *extra: str) -> subprocess.CompletedProcess:
    where = ["--corpus", str(config.corpus[0]), "--data-dir", str(config.data_dir)]
    return run_rjtui(*where, "index", *extra)


@pytest.fixture
def tight_disk(tmp_path: Path, small_disk: Callable[[int], Path]) -> Config:
    """A real disk holding the index, then filled up (a ballast file) until only half
    an index of room is left: a rebuild (written aside) cannot fit, a small update can."""
    corpus = synthetic_corpus(tmp_path / "corpus", 120)
    probe = make_config(corpus, tmp_path / "probe")
    ensure_index(probe)
    size = index_bytes(live_build(probe))
    disk = small_disk(4 * size + MiB)
    config = make_config(corpus, disk / "data")
    proc = rjtui_index(config)
    assert proc.returncode == 0, proc.stderr
    st = os.statvfs(disk)
    ballast = st.f_bavail * st.f_frsize - size // 2
    with open(disk / "ballast", "wb") as fh:
        fh.truncate(0)
        fh.write(b"\0" * ballast)
    return config


def test_real_full_disk_rebuild_keeps_the_previous_index(tight_disk: Config) -> None:
    proc = rjtui_index(tight_disk, "--rebuild")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "No space left on device" in proc.stderr and "disk is full" in proc.stderr
    assert search_json(tight_disk, "kuril")["total_articles"] == 40


def test_real_full_disk_is_usable_again_after_a_failed_rebuild(tight_disk: Config) -> None:
    assert rjtui_index(tight_disk, "--rebuild").returncode == 1
    write_good(tight_disk.corpus[0])
    proc = rjtui_index(tight_disk)
    assert proc.returncode == 0, proc.stderr
    assert search_json(tight_disk, GOOD_WORD)["total_articles"] == 1


def test_tui_survives_a_full_disk_during_its_background_update(
    built: Config, disk_full: Callable[[Path], None]
) -> None:
    """The explorer opens the existing index, then its background update hits a full
    disk: it must keep showing the index as it was and say why in a notification."""
    import asyncio

    from rjtui.tui.app import RjtuiApp

    (built.corpus[0] / "new.txt").write_text("Tokyo talks\n\nFishing quotas near Hokkaido.\n")

    async def scenario() -> None:
        app = RjtuiApp(built, timings=False)
        async with app.run_test(size=(120, 35)) as pilot:
            disk_full(built.resolved_data_dir)  # after start-up imports, before the update
            for _ in range(400):
                if "index_checked" in app.main.marks or not app.is_running:
                    break
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            assert app.is_running, "the app crashed on a full disk"
            assert app.main.result is not None and app.main.result.total_articles == 1
            messages = [n.message for n in app._notifications]
            assert any("No space left on device" in m for m in messages), messages

    try:
        asyncio.run(scenario())
    except Exception as exc:  # a crash: one line, not a 1,000-line traceback
        pytest.fail(f"the app crashed: {exc!r}", pytrace=False)
