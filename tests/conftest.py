"""Shared fixtures: every test runs with its own data dir and config lookup.

Nothing a test does may touch the developer's real ~/.local/share/rjtui or
~/.config/rjtui, so the autouse fixture below points both at tmp folders and
moves the working directory away from the repo's config.yaml.
"""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data dir and config home for each test; returns the data dir."""
    data_dir = tmp_path / "rjtui-data"
    monkeypatch.setenv("RJTUI_DATA_DIR", str(data_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("RJTUI_CONFIG", raising=False)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return data_dir


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_config(tmp_path_factory: pytest.TempPathFactory):
    """The packaged config over the seed articles, with a data dir of its own.

    Session-scoped (the autouse data dir is per test), for the shared index below.
    """
    from rjtui import paths
    from rjtui.config import load_config, with_overrides

    data = tmp_path_factory.mktemp("seeds-data")
    return with_overrides(load_config(paths.packaged_config_file()), corpus=[SEEDS], data_dir=data)


@pytest.fixture(scope="session")
def seeds_engine(seeds_config):
    """ONE index of the seeds, built once and shared by every read-only test."""
    from rjtui.search import Engine
    from rjtui.session import ensure_index

    ensure_index(seeds_config)
    engine = Engine.open(seeds_config)
    yield engine
    engine.close()


@contextmanager
def engine_over(tmp_path_factory: pytest.TempPathFactory, articles: dict[str, str]):
    """An engine over a small corpus written from ``{file name: text}``, every file indexed."""
    from rjtui.config import Config
    from rjtui.search import Engine
    from rjtui.session import ensure_index

    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    config = Config(corpus=(corpus,), data_dir=tmp_path_factory.mktemp("data"))
    report = ensure_index(config)
    assert report.articles == len(articles), report.skipped
    engine = Engine.open(config)
    try:
        yield engine
    finally:
        engine.close()


def run_rjtui(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run the real ``rjtui`` command in a subprocess (same interpreter)."""
    return subprocess.run(
        [sys.executable, "-m", "rjtui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def rjtui_json(*args: str) -> object:
    """Run ``rjtui ... --json`` and parse stdout, failing loudly with stderr."""
    proc = run_rjtui(*args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
