"""The data dir and everything rjtui creates in it are private to the user.

It was created 0755 (the README promises 0700), and so were ``exports/`` and
its 0644 files; a world-writable data dir was accepted without a word. Now
every folder rjtui creates is 0700, every file it writes there 0600
(backups included), and a data dir others can write draws one warning line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rjtui.tui.app import RjtuiApp
from tests.conftest import run_rjtui
from tests.faults.conftest import make_config, write_good
from tests.tui.conftest import SIZE, ready, run, wait_for


@pytest.fixture(autouse=True)
def common_umask():
    """The common default umask: what made the data dir 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_data_dir_and_what_is_in_it_are_private(tmp_path: Path) -> None:
    corpus = write_good(tmp_path / "corpus").parent
    data = tmp_path / "new" / "data"
    where = ["--corpus", str(corpus), "--data-dir", str(data)]
    for _ in range(2):  # the second add writes the backup
        proc = run_rjtui(*where, "bookmarks", "add", "good", "1", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    created = [data, *(p for p in data.rglob("*") if p.is_dir())]
    assert {str(p): oct(mode(p)) for p in created if mode(p) != 0o700} == {}
    for name in ("bookmarks.yaml", "bookmarks.yaml.bak"):
        assert mode(data / name) == 0o600, (name, oct(mode(data / name)))
    assert "warning" not in proc.stderr


def test_tui_exports_are_private(tmp_path: Path) -> None:
    config = make_config(write_good(tmp_path / "corpus").parent, tmp_path / "data")

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            app.main.action_export()
            exports = config.resolved_data_dir / "exports"
            await wait_for(pilot, lambda: exports.is_dir() and any(exports.iterdir()))
            (file,) = exports.iterdir()
            assert mode(exports) == 0o700, oct(mode(exports))
            assert mode(file) == 0o600, oct(mode(file))

    run(scenario)


def test_a_data_dir_others_can_write_is_warned_about_once(tmp_path: Path) -> None:
    corpus = write_good(tmp_path / "corpus").parent
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777)
    proc = run_rjtui("--corpus", str(corpus), "--data-dir", str(data), "bookmarks", "list")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"rjtui: warning: everyone can write to the data dir {data}; run: chmod 700 {data}"
    ], proc.stderr
