"""The trends chart, the Mentions pane and literal search in the explorer (real app, Pilot)."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import set_cell_size

from rjtui.config import Config
from rjtui.tui.app import RjtuiApp
from rjtui.tui.screens.trends import TrendsScreen
from rjtui.tui.widgets.filter_pane import FacetList, FilterPane
from rjtui.tui.widgets.status_line import StatusLine
from tests.tui.conftest import SIZE, ready, run, wait_for
from tests.tui.test_explorer import search, status


def test_trends_opens_and_overlays_a_second_query(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            await pilot.press("enter", "T")  # enter: from the search bar to the results
            await wait_for(pilot, lambda: isinstance(app.screen, TrendsScreen))
            screen = app.screen
            await wait_for(pilot, lambda: screen.trends is not None)
            assert [s.query for s in screen.trends.series] == ["japan"]
            await pilot.press("plus", *"sakhalin", "enter")
            await wait_for(pilot, lambda: len(screen.trends.series) == 2)
            first, second = screen.trends.series
            assert (first.query, second.query) == ("japan", "sakhalin")
            engine = app.main.engine
            assert screen.trends.by == "month"  # the seeds span under three years
            for series in screen.trends.series:  # the chart counts what the facet counts
                per_year = Counter()
                for period, n in series.points:
                    per_year[period[:4]] += n
                assert +per_year == engine.facets(series.query)["years"]
            note = str(screen.query_one("#trends-note").render())
            assert "undated" in note and "sakhalin" in note
            await pilot.press("minus")
            await wait_for(pilot, lambda: len(screen.trends.series) == 1)
            await pilot.press("p")
            await wait_for(pilot, lambda: screen.trends.unit == "passages")
            passages = engine.search_passages("japan").total_passages
            assert screen.trends.series[0].total == passages
            await pilot.press("escape")
            assert app.main.trend_queries == ["japan"]

    run(scenario)


def test_mentions_pane_and_literal_search(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            await search(pilot, "kuril")
            line = status(app)
            assert "Kuril Islands: also searched Курильские острова, 千島列島" in line
            assert "to search the literal word only" in line
            mentions = main.query_one("#facet-entities", FacetList)
            rows = [str(o.prompt) for o in mentions.options]
            assert "place" in rows and any("Kuril Islands" in r for r in rows)
            counts = main.result.facets["entities"]
            expected = counts["kuril-islands"]
            assert any(r.endswith("Kuril Islands") and f"{expected}" in r for r in rows)
            # the group of the most mentioned entity comes first, not the alphabet's first
            first_group = [o.id for o in mentions.options[1:]]
            first_group = first_group[: [o.disabled for o in mentions.options[1:]].index(True)]
            assert max(counts[v] for v in first_group) == max(counts.values())
            await pilot.press("alt+e")
            await wait_for(pilot, lambda: main.shown_state.literal)
            line = status(app)
            assert "also searched" not in line and "literal search" in line
            await pilot.press("enter", "e")  # to the results, then the Mentions pane
            assert app.focused is mentions
            await pilot.press("space")
            await wait_for(pilot, lambda: bool(main.shown_state.active("entities")))

    run(scenario)


def test_trends_snapshot(snap_compare, tui_config: Config) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await search(pilot, "japan")
        await pilot.press("enter", "T")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TrendsScreen))
        await wait_for(pilot, lambda: pilot.app.screen.trends is not None)
        await pilot.press("plus", *"sakhalin", "enter")
        await wait_for(pilot, lambda: len(pilot.app.screen.trends.series) == 2)
        await pilot.pause(0.2)

    app = RjtuiApp(tui_config, timings=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
def test_every_filter_list_fits_when_the_pane_opens_on_a_narrow_terminal(
    tui_config: Config, size: tuple[int, int]
) -> None:
    """Below 100 columns the filters open in place of the results: all five lists
    must be on screen (a fifth list pushed them past their minimum heights, and the
    Topics list alone filled the pane), the one ``e``/``a`` jumped to included."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            main = app.main
            await search(pilot, "kuril")
            for key, facet in (("e", "entities"), ("a", "authors")):
                await pilot.press("enter", key)
                await pilot.pause(0.1)
                focused = main.query_one(f"#facet-{facet}", FacetList)
                assert app.focused is focused
                pane = main.query_one(FilterPane).region
                for facet_list in main.query(FacetList):
                    region = facet_list.region
                    assert region.height >= 2, (facet_list.id, region)  # its titled border
                    assert pane.contains_region(region), (facet_list.id, region, pane)
                assert focused.region.height - 2 >= 3  # the list in use shows rows
                await pilot.press("escape", "slash")

    run(scenario)


def test_an_80_column_status_line_shows_the_other_spellings_searched(tui_config: Config) -> None:
    """What a widened search added is what the user most needs to see: it comes before
    the scope and sort, so an 80-column line still shows the other spellings."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await search(pilot, "kuril")
            width = app.main.query_one(StatusLine).content_region.width
            shown = set_cell_size(status(app), width)
            assert "Kuril Islands: also searched Курильские острова" in shown, shown

    run(scenario)
