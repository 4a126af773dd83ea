"""Fixtures for the explorer tests: a real index on the seeds, and a Pilot helper.

The seeds index is the session-wide one from ``tests/conftest.py`` (built with
the real ``ensure_index``); each app gets its own bookmarks file so no test
sees another's bookmarks.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from rjtui import paths
from rjtui.config import BookmarksConfig, Config, load_config

SIZE = (120, 35)


def tui_config_for(data_dir: Path, bookmarks: Path, corpus: tuple[Path, ...] = ()) -> Config:
    """The packaged config (its topic taxonomy) over ``corpus`` (default: the
    seeds), with its own data dir and bookmarks file."""
    base = load_config(paths.packaged_config_file())
    return dataclasses.replace(
        base, corpus=corpus, data_dir=data_dir, bookmarks=BookmarksConfig(path=bookmarks)
    )


@pytest.fixture
def tui_config(seeds_engine: object, seeds_config: Config, tmp_path: Path) -> Config:
    """The shared seeds index (built once per session) with a private bookmarks file,
    and no search history left by an earlier test (it lives in the shared data dir)."""
    seeds_config.history_file.unlink(missing_ok=True)
    return dataclasses.replace(
        seeds_config, bookmarks=BookmarksConfig(path=tmp_path / "bookmarks.yaml")
    )


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


def type_ahead(app, *keys: str) -> None:
    """Send ``keys`` the way a fast typist does: all at once, without waiting for
    the app to handle one before the next (``pilot.press`` waits after each)."""
    for key in keys:
        key = "space" if key == " " else key
        character = {"tab": "\t", "enter": "\r", "space": " "}.get(key)
        event = events.Key(key, character if character else key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def run(scenario) -> None:
    """Run an async Pilot scenario from a plain test function."""
    asyncio.run(scenario())
