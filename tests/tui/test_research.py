"""Pilot tests of the explorer as a researcher uses it (issue 14), at 130x38, 80x24 and
60x20, on the real seeds index."""

from __future__ import annotations

import csv
import io
import re

import pytest
from rich.text import Text
from textual.widgets import OptionList

from rjtui.config import Config
from rjtui.tui.app import RjtuiApp
from rjtui.tui.screens.concordance import ConcordanceScreen
from rjtui.tui.screens.help import HelpScreen
from rjtui.tui.widgets.filter_chips import FilterChips
from rjtui.tui.widgets.filter_pane import FacetList, FilterPane
from rjtui.tui.widgets.reader import HEADER_ROWS, Reader
from rjtui.tui.widgets.results_list import ResultsList
from rjtui.tui.widgets.search_bar import SearchBar
from rjtui.tui.widgets.source_view import SourceView
from rjtui.tui.widgets.status_line import StatusLine
from tests.tui.conftest import ready, run, type_ahead, wait_for

SIZES = [(130, 38), (80, 24), (60, 20)]


def status(app: RjtuiApp) -> str:
    return str(app.main.query_one(StatusLine).render())


async def search(pilot, query: str) -> None:
    await pilot.press("slash", *[("space" if c == " " else c) for c in query], "enter")
    await wait_for(pilot, lambda: pilot.app.main.shown_query == query)


async def read(pilot, query: str) -> Reader:
    """Search ``query`` and open the first result in the reader."""
    await search(pilot, query)
    await pilot.press("enter")
    reader = pilot.app.main.query_one(Reader)
    await wait_for(pilot, lambda: pilot.app.main.focused is reader and reader.article)
    return reader


@pytest.mark.parametrize("size", SIZES)
def test_launch_focuses_the_results_so_keys_work_at_once(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            main = app.main
            assert main.focused is main.query_one(ResultsList)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            assert main.query_one(SearchBar).value == ""  # '?' was not typed as a query
            await pilot.press("escape", "slash")
            assert main.query_one(SearchBar).has_focus_within

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_results_border_shows_the_cursor_position(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            results = app.main.query_one(ResultsList)
            assert results.border_subtitle == "1/5"
            await pilot.press("j", "j")
            assert results.border_subtitle == "3/5"

    run(scenario)


def test_every_no_op_says_why_in_the_status_line(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(130, 38)) as pilot:
            await ready(pilot)
            await pilot.press("c")
            assert "type one first" in status(app)
            await pilot.press("left_square_bracket")
            assert "already at the first result" in status(app)
            await pilot.press("end", "right_square_bracket")
            assert "already at the last result" in status(app)

    run(scenario)


@pytest.mark.parametrize("size", [(130, 38), (100, 30)])
def test_resting_cursor_previews_the_article_at_its_best_passage(tui_config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await search(pilot, "abe sakhalin")
            main, results = app.main, app.main.query_one(ResultsList)
            reader = main.query_one(Reader)

            def previewed() -> bool:  # (the launch's own preview may land first under load)
                return reader.article is not None and reader.article.id == results.current.id

            await wait_for(pilot, previewed)
            assert reader.current_passage.id == results.best_passage
            assert main.focused is results  # a preview does not take the focus
            await pilot.press("j", "k", "j")  # moving fast: one preview when it rests
            await wait_for(pilot, lambda: reader.article.id == results.current.id)
            assert str(reader.border_title) == reader.article.title[: len(str(reader.border_title))]

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_reader_top_bottom_and_no_wrap(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            reader = await read(pilot, "sakhalin")
            await pilot.press("G")
            assert reader.highlighted == reader.option_count - 1
            await pilot.press("j")  # no wrap at the bottom
            assert reader.highlighted == reader.option_count - 1
            await pilot.press("g")
            assert reader.highlighted == HEADER_ROWS and reader.scroll_y == 0  # header shows
            await pilot.press("k")  # no wrap at the top
            assert reader.highlighted == HEADER_ROWS and reader.scroll_y == 0
            await pilot.press("end", "home")
            assert reader.highlighted == HEADER_ROWS and reader.scroll_y == 0
            await pilot.press("end", "pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
            await pilot.press("pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
            assert reader.scroll_y == 0

    run(scenario)


def test_n_past_the_last_hit_says_so_then_opens_the_next_result(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(130, 38)) as pilot:
            await ready(pilot)
            await search(pilot, "crimea")
            await pilot.press("escape", "slash", *"sakhalin", "enter", "enter")
            main = app.main
            reader = main.query_one(Reader)
            await wait_for(pilot, lambda: main.focused is reader and reader.article)
            first = reader.article.id
            hits = int(str(reader.border_subtitle).split("/")[1].split()[0])
            for _ in range(hits - 1):
                await pilot.press("n")
            assert str(reader.border_subtitle).startswith(f"hit {hits}/{hits}")
            await pilot.press("n")
            assert "last hit in this article" in status(app)
            assert reader.article.id == first
            await pilot.press("n")
            await wait_for(pilot, lambda: reader.article.id != first)
            assert str(reader.border_subtitle).startswith("hit 1/")
            assert main.query_one(ResultsList).position == 1

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_z_maximises_the_reader(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            reader = await read(pilot, "kuril")
            await pilot.press("z")
            await pilot.pause()
            # the whole width, not more: a wider pane loses its right border and text
            assert size[0] - 2 <= reader.region.width and reader.region.right <= size[0]
            await pilot.press("r")  # the source view takes the zoomed reader's place
            source = app.main.query_one(SourceView)
            await wait_for(pilot, lambda: source.display and source.has_focus)
            await pilot.pause()
            assert app.main.maximized is source
            assert size[0] - 2 <= source.region.width and source.region.right <= size[0]
            await pilot.press("r")
            await wait_for(pilot, lambda: reader.display and reader.has_focus)
            await pilot.pause()
            assert app.main.maximized is reader and reader.region.width >= size[0] - 2
            await pilot.press("z")
            await pilot.pause()
            assert app.main.maximized is None

    run(scenario)


def test_resize_keeps_the_passage_under_the_cursor(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(130, 38)) as pilot:
            await ready(pilot)
            reader = await read(pilot, "sanctions")
            await pilot.press("G", "k", "k")
            cursor = reader.highlighted
            for size in ((80, 24), (60, 20), (130, 38)):
                await pilot.resize_terminal(*size)
                await pilot.pause(0.3)
                assert reader.highlighted == cursor
                top, height = reader.scroll_y, reader.scrollable_content_region.height
                line = reader._index_to_line[cursor]
                assert top <= line < top + height, (size, top, line, height)

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_concordance_one_line_per_hit_sorted_and_exported(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await search(pilot, "kuril")
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, ConcordanceScreen))
            screen = app.screen
            await wait_for(pilot, lambda: screen.lines)
            view = screen.query_one(OptionList)
            engine_hits = sum(
                len(m.passage.highlights)
                for m in app.main.engine.search_passages("kuril", limit=200).passages
            )
            assert view.option_count == len(screen.lines) == engine_hits
            columns = {
                view.get_option_at_index(i).prompt.plain.index("Kuril")
                for i in range(view.option_count)
            }
            assert len(columns) == 1  # the keyword column does not move
            await pilot.press("greater_than_sign")
            rights = [[w.casefold() for w in re.findall(r"\w+", x.right)] for x in screen.lines]
            assert rights == sorted(rights) and rights[0] != rights[-1]
            await pilot.resize_terminal(100, 30)
            await pilot.pause(0.3)
            assert view.option_count == engine_hits  # survives the resize
            exports = tui_config.resolved_data_dir / "exports"
            before = set(exports.glob("*.tsv"))
            await pilot.press("x")
            await wait_for(pilot, lambda: set(exports.glob("*.tsv")) - before)
            (path,) = set(exports.glob("concordance-*.tsv")) - before
            rows = list(csv.reader(io.StringIO(path.read_text("utf-8")), delimiter="\t"))
            assert rows[0] == ["article", "title", "n", "left", "keyword", "right"]
            assert [r[5] for r in rows[1:]] == [line.right for line in screen.lines]

    run(scenario)


@pytest.mark.parametrize("size", [(130, 38), (60, 20)])
def test_help_lists_every_screens_keys_and_scrolls_with_j_k(tui_config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            text = str(app.screen.query_one("Static").render())
            for needle in ("Bookmarks (B)", "Undo", "Concordance (c)", "Sort by right", "Zoom"):
                assert needle in text, needle
            body = app.screen.query_one("#help-body")
            await pilot.press("j", "j", "j")
            assert body.scroll_y == 3
            await pilot.press("k")
            assert body.scroll_y == 2

    run(scenario)


@pytest.mark.parametrize(("size", "palette_shown"), [((130, 38), True), ((80, 24), False)])
def test_footer_never_overlaps_its_keys(tui_config: Config, size, palette_shown) -> None:
    """Below 100 columns the docked ^p key hid overflowing keys and left letters after it."""

    async def scenario() -> None:
        from textual.widgets._footer import FooterKey

        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)

            def shown() -> bool | None:  # the footer recomposes when bindings change: query
                # afresh; mid-recompose the key is not there yet (None: not shown either way)
                keys = app.main.query(FooterKey).filter(".-command-palette")
                return keys.first().display if keys else None

            await wait_for(pilot, lambda: shown() is palette_shown)
            await pilot.pause(0.2)
            assert shown() is palette_shown
            if palette_shown:  # it reaches the edge: no cell after it for a key's letter
                key = app.main.query(FooterKey).filter(".-command-palette").first()
                assert key.region.right == size[0]

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_up_and_down_walk_the_search_history_kept_in_the_data_dir(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await search(pilot, "abe sakhalin")
            await search(pilot, "crimea kuril")
            await search(pilot, "abe sakhalin")  # again: moves to the top, not listed twice
            bar = app.main.query_one(SearchBar)
            await pilot.press("slash", "ctrl+u", *"putin")  # ctrl+u: clear the line
            await pilot.press("up")
            assert bar.value == "abe sakhalin"
            await wait_for(pilot, lambda: app.main.shown_query == "abe sakhalin")  # searched
            await pilot.press("up")
            assert bar.value == "crimea kuril"
            await pilot.press("up")  # nothing older: it says so and stays
            assert bar.value == "crimea kuril"
            assert any("No earlier search" in str(n.message) for n in app._notifications)
            await pilot.press("down", "down")  # past the newest: what was being typed
            assert bar.value == "putin"
            await pilot.press("escape")
            await app.workers.wait_for_complete()
        history = tui_config.history_file.read_text(encoding="utf-8").splitlines()
        assert history == ["putin", "abe sakhalin", "crimea kuril"]

        app = RjtuiApp(tui_config, timings=False)  # a new session recalls the last one's
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.press("slash", "up")
            assert app.main.query_one(SearchBar).value == "putin"

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_the_byline_stays_pinned_while_reading(tui_config: Config, size) -> None:
    """Title on the border, authors · date · source on the top row once the header
    has scrolled away; the cursor's passage never starts under that row."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            reader = await read(pilot, "kuril")
            article = reader.article
            assert article is not None and article.authors and article.date
            pinned = f"{', '.join(article.authors)} · {article.date} · {article.source}"
            assert reader.border_title == article.title
            seen_pinned = False
            for _ in range(len(reader.options)):
                await pilot.press("j")
                top = reader.render_line(0).text
                if reader.scroll_offset.y > 0 and reader.pinned is not None:
                    seen_pinned = True
                    assert top.strip() == pinned, top
                    cursor_row = reader._index_to_line[reader.highlighted] - reader.scroll_y
                    assert cursor_row >= 1
            assert seen_pinned
            await pilot.press("g")
            assert reader.render_line(0).text.startswith(article.title[:20])

    run(scenario)


def rows(facet_list: OptionList) -> list[Text]:
    return [facet_list.get_option_at_index(i).prompt for i in range(facet_list.option_count)]


@pytest.mark.parametrize("size", SIZES)
def test_filters_show_whole_names_in_boxes_sized_to_them(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            main = app.main
            await pilot.press("t")  # below 100 columns the pane opens over the results
            pane = main.query_one(FilterPane)
            for facet in ("topics", "authors", "sources", "years"):
                listing = main.query_one(f"#facet-{facet}", FacetList)
                counts = app.main.result.facets[facet]
                shown = [" ".join(r.plain[7:].split()) for r in rows(listing)]
                assert sorted(shown) == sorted(counts), facet  # every value, whole
                assert not any("…" in r.plain for r in rows(listing))
                lines = sum(len(r.plain.splitlines()) for r in rows(listing))
                if size[0] >= 100:  # narrow: every list shares the pane (test_trends_ui)
                    assert listing.outer_size.height == lines + 2, facet  # as tall as its rows
                assert listing.region.width <= pane.region.width
            topics = main.query_one("#facet-topics", FacetList)
            assert any("\n" in r.plain for r in rows(topics)) == (size[0] >= 100)  # wrapped

    run(scenario)


def test_unknown_is_a_bucket_that_filters(tui_config: Config) -> None:
    """3 of the 5 seeds have no date and no source, 2 no author: each facet says so."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(130, 38)) as pilot:
            await ready(pilot)
            main = app.main
            facets = main.result.facets
            assert (facets["years"]["(unknown)"], facets["sources"]["(unknown)"]) == (3, 3)
            assert facets["authors"]["(unknown)"] == 2
            years = main.query_one("#facet-years", FacetList)
            assert rows(years)[-1].plain.endswith("(unknown)")  # listed last
            years.focus()
            await pilot.press("end", "space")
            await wait_for(pilot, lambda: main.shown_state.filters == (("years", "(unknown)"),))
            articles = main.query_one(ResultsList).articles
            assert len(articles) == 3 and not any(a.date for a in articles)

    run(scenario)


def test_a_topic_on_nearly_every_result_is_listed_last_and_dimmed(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(130, 38)) as pilot:
            await ready(pilot)
            topics = app.main.query_one("#facet-topics", FacetList)
            total = app.main.result.total_articles
            counts = [int(r.plain[2:6]) for r in rows(topics)]
            broad = [c >= 0.9 * total for c in counts]
            assert broad == sorted(broad) and any(broad) and not all(broad)  # broad ones last
            for row, is_broad in zip(rows(topics), broad, strict=True):
                name_style = row.get_style_at_offset(app.console, len(row.plain) - 1)
                assert bool(name_style.dim) == is_broad

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_filter_chips_show_what_narrows_and_remove_it(tui_config: Config, size) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            main = app.main
            chips = main.query_one(FilterChips)
            assert not chips.display  # no filter, no row
            await pilot.press("t", "space", "a", "space")
            await wait_for(pilot, lambda: len(main.shown_state.filters) == 2)
            (topic, author) = [value for _, value in main.shown_state.filters]
            await pilot.press("slash", "escape")  # leave the filters: the overlay closes
            await pilot.pause()
            assert not main.query_one(FilterPane).display or size[0] >= 100
            assert chips.display and chips.region.height >= 1
            text = str(chips.render())
            assert f"Topic: {topic}" in text and f"Author: {author}" in text
            chips.focus()
            await pilot.press("right", "x")  # the second chip: the author
            await wait_for(pilot, lambda: main.shown_state.filters == (("topics", topic),))
            await pilot.press("backspace")
            await wait_for(pilot, lambda: main.shown_state.filters == ())
            assert not chips.display

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_a_query_typed_right_after_slash_reaches_the_search_bar(tui_config: Config, size) -> None:
    """``/`` then the query at typing speed: the letters are the query's, not the
    results list's keys (``s`` sorted by date, ``a`` opened the Authors filter);
    and after enter, the next key is the results', not the query's ("kurilj")."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            type_ahead(app, "slash", *"abe sakhalin")
            await wait_for(pilot, lambda: app.main.shown_query == "abe sakhalin")
            assert app.main.query_one(SearchBar).value == "abe sakhalin"
            assert "sort: relevance" in status(app)
            # enter, then j at once: j is a results key, not a letter of the query
            await pilot.press("slash", "ctrl+u")
            type_ahead(app, *"crimea kuril", "enter", "j")
            results = app.main.query_one(ResultsList)
            await wait_for(pilot, lambda: app.main.shown_query == "crimea kuril")
            await pilot.pause(0.3)
            assert app.main.query_one(SearchBar).value == "crimea kuril"
            assert results.has_focus
            # in the search bar / is a letter: "/p" asks for the words in one passage
            await pilot.press("slash", "ctrl+u", *"abe sakhalin", "space", "slash", "p")
            await wait_for(pilot, lambda: app.main.shown_query == "abe sakhalin /p")

    run(scenario)


@pytest.mark.parametrize("size", SIZES)
def test_enter_typed_ahead_of_the_results_opens_one_of_them(tui_config: Config, size) -> None:
    """``/kuril`` enter enter at typing speed: the second enter lands on the results
    before kuril's are shown, and opened the article under the cursor of the list
    before (the newest seed, which does not mention the Kurils); it opens kuril's
    first result once it is shown."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            results = app.main.query_one(ResultsList)
            before = results.articles[0].id
            type_ahead(app, "slash", *"kuril", "enter", "enter")
            await wait_for(pilot, lambda: app.main.shown_query == "kuril")
            first = results.articles[0].id
            assert first != before  # else the test shows nothing
            reader = app.main.query_one(Reader)  # (wide, it may preview the list before)
            await wait_for(pilot, lambda: reader.has_focus and reader.article is not None)
            await pilot.pause(0.3)
            assert reader.article.id == first

    run(scenario)
