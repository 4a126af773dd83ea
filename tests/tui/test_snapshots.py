"""Snapshots of the main screens (pytest-textual-snapshot), on the seeds index.

Timings are off in the status line and every scenario waits for its results,
so the pictures depend only on the seeds and the code.
Update after a deliberate change: ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.widgets import Input

from rjtui.config import Config
from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.reader import Reader
from tests.tui.conftest import SIZE, ready, wait_for


def typed(query: str, *then: str):
    """A ``run_before`` that waits for start-up, searches ``query``, presses ``then``."""

    async def run_before(pilot) -> None:
        await ready(pilot)
        main = pilot.app.main
        for field in main.query(Input):  # a blinking cursor made the pictures flaky
            field.cursor_blink = False
        await pilot.press("slash", *[("space" if c == " " else c) for c in query])
        await wait_for(pilot, lambda: main.shown_query == query)
        if then:
            await pilot.press(*then)
        reader = main.query_one(Reader)
        if "enter" in then:
            await wait_for(pilot, lambda: reader.article is not None)
        await pilot.pause(0.2)

    return run_before


def test_results_for_a_query(snap_compare, tui_config: Config) -> None:
    app = RjtuiApp(tui_config, timings=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=typed("kuril islands"))


def test_reader_on_the_second_hit(snap_compare, tui_config: Config) -> None:
    app = RjtuiApp(tui_config, timings=False)
    run_before = typed("sanctions", "enter", "enter", "n")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, tui_config: Config) -> None:
    app = RjtuiApp(tui_config, timings=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=typed("", "escape", "question_mark"))


def test_80x24_reader(snap_compare, tui_config: Config) -> None:
    app = RjtuiApp(tui_config, timings=False)
    run_before = typed("japan", "enter", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_results_with_the_preview_at_its_best_passage(snap_compare, tui_config: Config) -> None:
    """The results cursor rests: the reader previews the article at its best passage."""
    app = RjtuiApp(tui_config, timings=False)

    async def run_before(pilot) -> None:
        await typed("abe sakhalin", "enter")(pilot)
        reader = pilot.app.main.query_one(Reader)
        await wait_for(pilot, lambda: reader.article is not None)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(130, 38), run_before=run_before)


def test_concordance_sorted_right(snap_compare, tui_config: Config) -> None:
    app = RjtuiApp(tui_config, timings=False)

    async def run_before(pilot) -> None:
        await typed("kuril", "enter", "c")(pilot)
        await wait_for(pilot, lambda: getattr(pilot.app.screen, "lines", None))
        await pilot.press("greater_than_sign")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(130, 38), run_before=run_before)
