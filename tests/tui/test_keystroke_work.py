"""Per-keystroke work: panes whose content a search leaves unchanged are not rebuilt.

Rebuilding them is what made typing slow at 10k articles (bench/tui_bench.py
measures the latency; these tests check the panes are kept, and still change
when they must).
"""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from rjtui.config import Config
from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.filter_pane import FacetList
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.search_bar import SearchBar
from tests.tui.conftest import SIZE, ready, run, wait_for
from tests.tui.test_explorer import search


def test_the_footer_is_rebuilt_only_when_its_keys_change(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            await pilot.pause()
            keys = list(app.main.query(FooterKey))
            assert keys
            bar = app.main.query_one(SearchBar)
            bar.set_value("kuril")  # results again, no suggestion, same focus: the same keys
            await wait_for(pilot, lambda: app.main.shown_query == "kuril")
            await pilot.pause()
            assert all(a is b for a, b in zip(keys, app.main.query(FooterKey), strict=True))
            bar.set_value("sanctoins")  # a suggestion: its key appears

            def accept_shown() -> bool:
                return any(k.action == "accept_suggestion" for k in app.main.query(FooterKey))

            await wait_for(pilot, accept_shown)

    run(scenario)


def test_filter_lists_keep_their_rows_when_a_search_leaves_counts_alone(
    tui_config: Config,
) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            topics = app.main.query_one("#facet-topics", FacetList)
            rows = list(topics.options)
            assert rows
            await pilot.press("space")  # "japan ": the same articles, the same counts
            await wait_for(pilot, lambda: app.main.shown_query == "japan ")
            assert all(a is b for a, b in zip(rows, topics.options, strict=True))
            await search(pilot, "kuril")  # other counts: new rows
            assert [o.prompt for o in topics.options] != [o.prompt for o in rows]

    run(scenario)


def test_the_open_articles_hits_follow_the_query_once_results_rest(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            await pilot.press("enter", "enter")  # search bar -> results -> open
            reader = app.main.query_one(Reader)
            await wait_for(pilot, lambda: reader.article is not None)

            def hit_words() -> set[str]:
                view = reader._view
                assert view is not None
                return {
                    p.text[start:end].lower() for p in view.passages for start, end in p.highlights
                }

            assert hit_words() and all(w.startswith("japan") for w in hit_words())
            await search(pilot, "russia")
            await wait_for(pilot, lambda: all(w.startswith("russ") for w in hit_words() or ["-"]))

    run(scenario)
