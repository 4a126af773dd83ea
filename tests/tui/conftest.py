"""Fixtures for the explorer tests: a real index on the seeds, and a Pilot helper.

The seeds index is built once per session with the real ``ensure_index`` into
a temporary data dir; each app gets its own bookmarks file so no test sees
another's bookmarks.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rjtui import paths
from rjtui.config import BookmarksConfig, Config, load_config

SIZE = (120, 35)


@pytest.fixture(scope="session")
def tui_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding a built index of the five seed articles."""
    from rjtui.index import ensure_index

    data = tmp_path_factory.mktemp("tui-seeds-data")
    report = ensure_index(tui_config_for(data, data / "unused.yaml"))
    assert report.articles == 5, report
    return data


def tui_config_for(data_dir: Path, bookmarks: Path, corpus: tuple[Path, ...] = ()) -> Config:
    """The packaged config (its topic taxonomy) pointed at ``data_dir``."""
    base = load_config(paths.packaged_config_file())
    return Config(
        corpus=corpus,
        data_dir=data_dir,
        bookmarks=BookmarksConfig(path=bookmarks),
        topics=base.topics,
        topic_min_hits=base.topic_min_hits,
        topic_min_article_hits=base.topic_min_article_hits,
        boilerplate=base.boilerplate,
    )


@pytest.fixture
def tui_config(tui_index_dir: Path, tmp_path: Path) -> Config:
    return tui_config_for(tui_index_dir, tmp_path / "bookmarks.yaml")


async def wait_for(pilot, predicate: Callable[[], object], timeout: float = 15.0) -> None:
    """Let the app run until ``predicate()`` is true (workers are real threads)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate.__doc__ or predicate}")
        await pilot.pause(0.02)


async def ready(pilot) -> None:
    """Wait until the first results are shown and the background index check is over."""
    main = pilot.app.main
    await wait_for(pilot, lambda: main.shown_state is not None and "index_checked" in main.marks)
    await pilot.pause()


def run(scenario) -> None:
    """Run an async Pilot scenario from a plain test function."""
    asyncio.run(scenario())
