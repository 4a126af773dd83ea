"""Pilot tests of the explorer's flows on a real index of the seed articles."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.text import Text
from textual.events import MouseScrollDown

from rjtui.config import Config
from rjtui.results import UNKNOWN
from rjtui.tui.app import RjtuiApp
from rjtui.tui.palette import palette_of
from rjtui.tui.screens.help import HelpScreen
from rjtui.tui.screens.main import PAGE
from rjtui.tui.screens.research import EXPORTED
from rjtui.tui.widgets.filter_pane import FacetList, FilterPane
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from rjtui.tui.widgets.search_bar import SearchBar
from rjtui.tui.widgets.status_line import StatusLine
from tests.tui.conftest import SIZE, ready, run, wait_for


def status(app: RjtuiApp) -> str:
    return str(app.main.query_one(StatusLine).render())


def prompts(widget) -> list[Text]:
    return [widget.get_option_at_index(i).prompt for i in range(widget.option_count)]


async def search(pilot, query: str) -> None:
    await pilot.press("escape", "slash", *[("space" if c == " " else c) for c in query])
    await wait_for(pilot, lambda: pilot.app.main.shown_query == query)


def test_empty_query_lists_every_article_newest_first(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            articles = app.main.query_one(ResultsList).articles
            assert len(articles) == 5
            dates = [a.date or "" for a in articles]
            assert dates == sorted(dates, reverse=True)
            assert "5 articles" in status(app) and "sort: date" in status(app)

    run(scenario)


def test_typing_a_query_shows_matching_results_with_hits_highlighted(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "kuril")
            results = app.main.query_one(ResultsList)
            assert 0 < len(results.articles) < 5
            hit = palette_of(app).hit
            for prompt in prompts(results):
                hits = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == hit]
                assert hits and all(h.lower().startswith("kuril") for h in hits)
            assert f"{len(results.articles)} articles" in status(app)
            assert "sort: relevance" in status(app)

    run(scenario)


def test_a_theme_change_restyles_hits_topics_and_active_filters(tui_config: Config) -> None:
    """Colours come from the theme: switching it re-renders what is on screen."""

    def styles(widget) -> set:
        return {span.style for prompt in prompts(widget) for span in prompt.spans}

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "kuril")
            main = app.main
            await pilot.press("escape", "t", "space")
            await wait_for(pilot, lambda: main.state.filters != ())
            await wait_for(pilot, lambda: main.shown_state == main.state)
            main.query_one(ResultsList).focus()
            await pilot.press("enter")
            reader = main.query_one(Reader)
            await wait_for(pilot, lambda: reader.article is not None)
            panes = (main.query_one(ResultsList), reader, main.query_one("#facet-topics"))
            before = palette_of(app)
            assert all(
                before.hit in styles(pane) or before.active in styles(pane) for pane in panes
            )
            app.theme = "nord" if app.theme != "nord" else "gruvbox"
            await pilot.pause(0.2)
            after = palette_of(app)
            assert after.hit != before.hit and after.active != before.active
            for pane in panes:
                seen = styles(pane)
                assert before.hit not in seen and before.active not in seen
                assert after.hit in seen or after.active in seen

    run(scenario)


def counts(facet_list: FacetList) -> dict[str, int]:
    """``value -> count`` as displayed (rows read ``○ count value``)."""
    rows = (p.plain.split(maxsplit=2) for p in prompts(facet_list))
    return {" ".join(value.split()): int(count) for _, count, value in rows}  # unwrapped


def year_counts(articles) -> dict[str, int]:
    return dict(Counter(a.date[:4] if a.date else UNKNOWN for a in articles))


def author_counts(articles) -> dict[str, int]:
    return dict(Counter(name for a in articles for name in a.authors or [UNKNOWN]))


def test_topic_then_author_filter_narrow_results_and_update_counts(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            topics = main.query_one("#facet-topics", FacetList)
            authors = main.query_one("#facet-authors", FacetList)
            years = main.query_one("#facet-years", FacetList)
            everything = main.query_one(ResultsList).articles
            assert counts(years) == year_counts(everything)
            await pilot.press("escape", "t", "end")  # the last topic (on nearly every article)
            assert main.focused is topics
            topic = topics.highlighted_option.id
            expected = counts(topics)[topic]
            await pilot.press("space")
            await wait_for(pilot, lambda: main.shown_state.filters == (("topics", topic),))
            results = main.query_one(ResultsList).articles
            assert len(results) == expected
            assert all(topic in a.topics for a in results)
            assert prompts(topics)[0].plain.startswith("● ")  # active, listed first
            assert counts(years) == year_counts(results)  # counts follow the filter
            assert counts(authors) == author_counts(results)
            await pilot.press("a")
            assert main.focused is authors
            author = authors.highlighted_option.id
            await pilot.press("space")
            await wait_for(pilot, lambda: len(main.shown_state.filters) == 2)
            narrowed = main.query_one(ResultsList).articles
            assert narrowed and all(author in a.authors and topic in a.topics for a in narrowed)
            assert len(narrowed) == counts(authors)[author]
            assert counts(years) == year_counts(narrowed)
            await pilot.press("escape")  # esc drops the newest filter first
            await wait_for(pilot, lambda: main.shown_state.filters == (("topics", topic),))
            await pilot.press("escape")
            await wait_for(pilot, lambda: main.shown_state.filters == ())
            assert len(main.query_one(ResultsList).articles) == 5

    run(scenario)


def test_reader_walks_hits_and_moves_to_next_result(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            results = app.main.query_one(ResultsList)
            first, second = results.articles[0], results.articles[1]
            await pilot.press("enter", "enter")  # search bar -> results -> open
            reader = app.main.query_one(Reader)
            await wait_for(pilot, lambda: reader.article is not None)
            assert reader.article.id == first.id and app.main.focused is reader
            total = int(reader.border_subtitle.split("/")[1].split(" ")[0])
            assert total > 2 and reader.border_subtitle.startswith(f"hit 1/{total}")
            await pilot.press("n", "n")
            assert reader.border_subtitle.startswith(f"hit 3/{total}")
            passage = reader.current_passage
            assert passage is not None and passage.highlights
            await pilot.press("N")
            assert reader.border_subtitle.startswith(f"hit 2/{total}")
            await pilot.press("j")
            assert "¶" in reader.border_subtitle
            await pilot.press("right_square_bracket")
            await wait_for(pilot, lambda: reader.article.id == second.id)
            assert app.main.focused is reader

    run(scenario)


def test_help_screen_lists_every_binding(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("escape", "question_mark")
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("#help-body Static").render())
            for description in ("Next hit", "Toggle filter", "Concordance", "Bookmark", "Sort"):
                assert description in text
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)

    run(scenario)


def test_command_palette_runs_toggle_sort(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "japan")
            assert app.main.state.sort == "relevance"
            await pilot.press("ctrl+p", *"toggle sort")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.main.shown_state.sort == "date")
            assert "sort: date" in status(app)

    run(scenario)


def test_malformed_query_shows_a_notice_not_a_traceback(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, '"japan (')
            assert app.main.result.notice
            assert app.main.result.notice in status(app)

    run(scenario)


def test_did_you_mean_is_accepted_by_one_key(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "sanctoins")
            suggestion = app.main.result.suggestion
            assert suggestion and "did you mean" in status(app)
            await pilot.press("ctrl+y")
            await wait_for(pilot, lambda: app.main.shown_query == suggestion)
            assert app.main.query_one(SearchBar).value == suggestion
            assert app.main.query_one(ResultsList).articles

    run(scenario)


def test_80x24_results_and_reader_take_turns(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            main = app.main
            for widget in (SearchBar, ResultsList, StatusLine):
                region = main.query_one(widget).region
                assert region.width >= 10 and region.height >= 1, widget
            results, reader = main.query_one(ResultsList), main.query_one(Reader)
            assert results.region.height >= 10 and results.region.width >= 70
            assert not reader.display  # one pane at a time below 100 columns
            await pilot.press("enter")
            await wait_for(pilot, lambda: reader.display and main.focused is reader)
            assert reader.region.width >= 70 and not results.display
            await pilot.press("escape")
            await wait_for(pilot, lambda: results.display and not reader.display)
            assert not main.query_one(FilterPane).display
            await pilot.press("escape", "t")
            assert main.query_one(FilterPane).display
            assert main.focused is main.query_one("#facet-topics")
            await pilot.press("escape")  # no filter to drop: leave the pane
            await pilot.pause()
            assert not main.query_one(FilterPane).display

    run(scenario)


def test_concordance_line_opens_its_passage(tui_config: Config) -> None:
    async def scenario() -> None:
        from textual.widgets import OptionList

        from rjtui.tui.screens.concordance import ConcordanceScreen

        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "kuril")
            await pilot.press("escape", "c")
            assert isinstance(app.screen, ConcordanceScreen)
            lines = app.screen.query_one(OptionList)
            await wait_for(pilot, lambda: lines.option_count > 1)
            assert "kuril" in lines.get_option_at_index(0).prompt.plain.lower()
            await pilot.press("j", "enter")
            reader = app.main.query_one(Reader)
            await wait_for(pilot, lambda: reader.current_passage is not None)
            assert "kuril" in reader.current_passage.text.lower()

    run(scenario)


def test_more_like_this_lists_other_articles(tui_config: Config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            results = app.main.query_one(ResultsList)
            source = results.articles[0]
            await pilot.press("escape", "m")
            await wait_for(pilot, lambda: "similar to" in status(app))
            assert source.id not in [a.id for a in results.articles]
            await pilot.press("escape")
            await wait_for(pilot, lambda: "similar to" not in status(app))

    run(scenario)


def test_first_run_builds_the_index_with_a_progress_bar(tmp_path) -> None:
    from textual.widgets import Label

    from tests.tui.conftest import tui_config_for

    config = tui_config_for(tmp_path / "fresh-data", tmp_path / "bookmarks.yaml")

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            label = app.main.query_one("#index-progress-label", Label)
            assert "Indexing 5/5" in str(label.render())
            assert len(app.main.query_one(ResultsList).articles) == 5

    run(scenario)


def test_the_work_after_opening_the_index_waits_for_the_first_results(
    tui_config: Config,
) -> None:
    """Making the query matcher and checking the index against the corpus run in the
    background: started before the first results, they took the CPU from them."""

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            marks = app.main.marks
            assert marks["index_open"] < marks["first_results"] < marks["checking"]
            assert marks["checking"] < marks["index_checked"]

    run(scenario)


def test_skipped_files_are_reported_with_their_count(tmp_path) -> None:
    from tests.tui.conftest import tui_config_for

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "Japan and Russia\n\nA paragraph about the Kuril Islands and Japan.\n", encoding="utf-8"
    )
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    config = tui_config_for(tmp_path / "data", tmp_path / "bookmarks.yaml", corpus=(corpus,))

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await wait_for(pilot, lambda: app._notifications)
            messages = [n.message for n in app._notifications]
            assert any(m.startswith("2 files skipped") for m in messages), messages
            assert len(app.main.query_one(ResultsList).articles) == 1

    run(scenario)


def test_palette_rebuilds_the_index_and_exports_results(tmp_path) -> None:
    import json

    from textual.widgets import Label

    from tests.tui.conftest import tui_config_for

    config = tui_config_for(tmp_path / "data", tmp_path / "bookmarks.yaml")

    async def palette(pilot, command: str) -> None:
        await pilot.press("ctrl+p", *command)
        await pilot.pause(0.3)
        await pilot.press("enter")

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            label = main.query_one("#index-progress-label", Label)
            label.update("")
            opened = main.session.opened
            await palette(pilot, "rebuild index")
            await wait_for(pilot, lambda: main.session.opened > opened)
            await wait_for(pilot, lambda: main.shown_state is not None and main.result.articles)
            assert "Indexing 5/5" in str(label.render())
            await search(pilot, "kuril")
            await palette(pilot, "export results")
            exports = config.resolved_data_dir / "exports"
            await wait_for(pilot, lambda: exports.is_dir() and any(exports.iterdir()))
            (path,) = exports.iterdir()
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["query"] == "kuril"
            assert [a["id"] for a in data["articles"]] == [
                a.id for a in main.query_one(ResultsList).articles
            ]

    run(scenario)


@pytest.fixture(scope="module")
def config45(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """45 generated articles: more than the list loads at once (the index is built by
    the first app that opens it)."""
    from bench.make_corpus import make_corpus
    from tests.tui.conftest import tui_config_for

    tmp = tmp_path_factory.mktemp("paged")
    make_corpus(tmp / "corpus", 45)
    return tui_config_for(tmp / "data", tmp / "bookmarks.yaml", corpus=(tmp / "corpus",))


def test_results_load_ahead_of_the_view_as_it_scrolls_and_the_cursor_moves(
    config45: Config,
) -> None:
    """Pages are small, so what the list shows must never be the end of what is
    loaded: a screen of rows stays loaded below the view whether the mouse wheel
    scrolls it (the cursor stays put) or the cursor moves, and the results scrolled
    into view come with their snippets."""
    config = config45

    def loaded_ahead(results: ResultsList) -> bool:
        """The loaded rows end a screen below the view (or every result is loaded)."""
        view = results.scrollable_content_region.height
        below = results.virtual_size.height - results.scroll_offset.y - view
        return below >= view or len(results.articles) == app.main.result.total_articles

    app = RjtuiApp(config, timings=False)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            results = app.main.query_one(ResultsList)
            assert PAGE <= len(results.articles) < app.main.result.total_articles == 45
            await wait_for(pilot, lambda: loaded_ahead(results))
            while len(results.articles) < 45:  # every article, newest first, by the cursor
                before = len(results.articles)
                await pilot.press("end")
                await wait_for(pilot, lambda n=before: len(results.articles) > n)
            ids = [a.id for a in results.articles]
            assert len(set(ids)) == 45
            dates = [a.date or "" for a in results.articles]
            assert dates == sorted(dates, reverse=True)
            await search(pilot, "japan")
            await pilot.press("enter")  # to the results, cursor on the first
            total = app.main.result.total_articles
            assert len(results.articles) < total
            while len(results.articles) < total:
                before = len(results.articles)
                await pilot._post_mouse_events([MouseScrollDown], results, offset=(4, 4), times=5)
                assert results.position == 0  # the wheel scrolled, the cursor stayed
                await wait_for(pilot, lambda: loaded_ahead(results))
                if len(results.articles) == before:  # the view is not yet near their end
                    assert results.scroll_offset.y < results.max_scroll_y
            hit = palette_of(app).hit
            for prompt in prompts(results):  # every result's snippets, hits marked
                marked = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == hit]
                assert "japan" in {m.lower() for m in marked}

    run(scenario)


def test_export_writes_a_searchs_first_results_however_few_are_loaded(config45: Config) -> None:
    import json

    async def scenario() -> None:
        app = RjtuiApp(config45, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            loaded = [a.id for a in app.main.query_one(ResultsList).articles]
            assert len(loaded) < EXPORTED < app.main.result.total_articles
            app.main.action_export()
            exports = config45.resolved_data_dir / "exports"
            await wait_for(pilot, lambda: exports.is_dir() and any(exports.iterdir()))
            (path,) = exports.iterdir()
            data = json.loads(path.read_text(encoding="utf-8"))
            ids = [a["id"] for a in data["articles"]]
            assert len(ids) == EXPORTED and ids[: len(loaded)] == loaded
            assert data["total_articles"] == 45

    run(scenario)


def test_filter_lists_in_view_change_with_the_results_and_the_rest_a_frame_later(
    config45: Config,
) -> None:
    """The lists below the pane's view may wait for the next frame (the results are drawn
    first), but no list in view ever shows old counts: not when the pane is scrolled, nor
    when a list above changes height and moves one that waited into view."""
    from rjtui.results import Filters
    from rjtui.tui.widgets.filter_pane import facet_rows

    def shown(facet_list: FacetList) -> list[tuple[str, int]]:
        return [(o.id, int(o.prompt.plain.split()[1])) for o in facet_list.options if o.id]

    def wanted(facet_list: FacetList, result) -> list[tuple[str, int]]:
        counts = result.facets[facet_list.facet]
        return facet_rows(facet_list.facet, counts, (), facet_list.labels, result.total_articles)

    async def scenario() -> None:
        app = RjtuiApp(config45, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            pane = main.query_one(FilterPane)
            engine = main.engine
            assert engine is not None

            def in_view() -> list[FacetList]:
                top = pane.scroll_offset.y
                bottom = top + pane.scrollable_content_region.height
                return [
                    f
                    for f in pane.query(FacetList)
                    if top < f.virtual_region.bottom and f.virtual_region.y < bottom
                ]

            stale_in_view: list[str] = []
            waited: list[str] = []
            show_later = pane._show_later

            def drawn_then_shown(shown_now, lists: list[FacetList], then) -> None:
                """The frame with the results is drawn: the lists that waited are out of it."""
                waited.extend(f.facet for f in lists)
                stale_in_view.extend(f.facet for f in lists if f in in_view())
                show_later(shown_now, lists, then)

            pane._show_later = drawn_then_shown
            for scrolled in (False, True):
                if scrolled:
                    pane.scroll_end(animate=False)
                    await pilot.pause()
                    assert pane.scroll_offset.y > 0
                # lng: the Authors box shrinks from full to 3 rows, and the boxes below rise
                for query in ("japan", "sanctions", "lng", "kuril", "japan"):
                    result = engine.search(query)
                    pane.show(result.facets, Filters(), result.total_articles)
                    await pilot.pause()
                    assert all(shown(f) == wanted(f, result) for f in pane.query(FacetList))
                    assert stale_in_view == []
            assert waited  # some lists did wait for the frame
            for query in ("lng", "japan"):  # a search is shown once every list shows it
                main.query_one(SearchBar).set_value(query)
                await wait_for(pilot, lambda q=query: main.shown_query == q)
                assert main.results_query == query
                assert all(shown(f) == wanted(f, main.result) for f in pane.query(FacetList))

    run(scenario)
