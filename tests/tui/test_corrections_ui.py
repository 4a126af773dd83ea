"""Pilot tests of the source view (``r``) and corrections (``e``, ``k``, ``x``).

Corrections run against a private data dir (each app builds its own index of the
seeds), so the shared seeds index is never changed; what matters is checked on
screen and in the corrections file.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Input

from rjtui.config import Config
from rjtui.corrections.store import CorrectionStore
from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.correction_form import CorrectionForm
from rjtui.tui.widgets.filter_pane import FacetList
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from rjtui.tui.widgets.source_view import SourceView
from tests.tui.conftest import SIZE, ready, run, tui_config_for, wait_for

SEED_001 = "001_015e008f48361a52"
TITLE = "Russia and Japan: looking for a way out"
POLL = ("Poll conducted", "U.S. wants to dissolve Russia", "24 (22%)")


def private_config(tmp_path: Path) -> Config:
    return tui_config_for(tmp_path / "data", tmp_path / "bookmarks.yaml")


async def search(pilot, query: str) -> None:
    await pilot.press("escape", "slash", *[("space" if c == " " else c) for c in query])
    await wait_for(pilot, lambda: pilot.app.main.shown_query == query)


async def open_001(pilot, query: str = "kishida") -> Reader:
    """Search ``query`` and open 001 from the results in the reader."""
    await search(pilot, query)
    await pilot.press("enter")
    ids = [a.id for a in pilot.app.main.query_one(ResultsList).articles]
    assert SEED_001 in ids, (ids, pilot.app.main.result)
    await pilot.press(*["down"] * ids.index(SEED_001), "enter")
    reader = pilot.app.main.query_one(Reader)
    await wait_for(pilot, lambda: reader.article is not None and reader.article.id == SEED_001)
    return reader


async def open_source(pilot) -> SourceView:
    await pilot.press("r")
    source = pilot.app.main.query_one(SourceView)
    await wait_for(pilot, lambda: source.article is not None and source.has_focus)
    return source


def row(source: SourceView, text: str) -> tuple[int, Text, Text]:
    """``(option index, gutter, text)`` of the source line reading ``text``."""
    for index in range(1, source.option_count):
        gutter, body = (next(iter(column.cells)) for column in source.get_option_at_index(index)
                        .prompt.columns)  # fmt: skip
        if body.plain == text:
            return index, gutter, body
    raise AssertionError(f"no source line {text!r}")


def is_dim(text: Text) -> bool:
    return bool(text.style and getattr(text.style, "dim", False))


def test_r_shows_the_source_with_dropped_lines_dimmed_and_their_reasons(
    tui_config: Config,
) -> None:
    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            reader = await open_001(pilot)
            source = await open_source(pilot)
            assert not reader.display and source.display
            for text in POLL:
                _, gutter, body = row(source, text)
                assert gutter.plain.split(maxsplit=1)[1] == "teaser" and is_dim(body)
            _, gutter, body = row(source, "Rate this article")
            assert gutter.plain.endswith("share") and is_dim(body)
            _, gutter, body = row(source, "Alexander Panov")
            assert gutter.plain.endswith("author") and not is_dim(body)
            _, gutter, _ = row(source, "1. Mainichi Shimbun, May 26, 2014.")
            assert gutter.plain.endswith("note")
            _, gutter, _ = row(source, "the Japanese government at the Opening")
            assert gutter.plain.endswith("caption")
            summary = source.get_option_at_index(0).prompt.plain
            assert summary.startswith("23 lines dropped: 10 teaser, 8 share, 3 navigation")
            # the query's hits are highlighted, and n walks them
            kishida = [line for line in source._source if "Kishida" in line.text]
            assert len(kishida) >= 2 and source.border_subtitle.startswith("hit 1/")
            first = source.current_line
            await pilot.press("n")
            assert source.current_line != first and "Kishida" in source.current_line.text
            assert source.border_subtitle.startswith("hit 2/")
            await pilot.press("N")
            assert source.current_line == first
            await pilot.press("r")  # back to the article
            await wait_for(pilot, lambda: reader.display and reader.has_focus)
            assert not source.display

    run(scenario)


def test_e_corrects_the_fallback_title_and_results_and_facets_follow(tmp_path: Path) -> None:
    async def scenario() -> None:
        app = RjtuiApp(private_config(tmp_path), timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            years = main.query_one("#facet-years", FacetList)
            assert "2014" not in [o.id for o in years.options]
            reader = await open_001(pilot)
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, CorrectionForm))
            form = app.screen
            form.query_one("#correct-title", Input).value = TITLE
            form.query_one("#correct-date", Input).value = "2014-09"
            await pilot.press("enter")
            results = main.query_one(ResultsList)
            await wait_for(pilot, lambda: TITLE in [a.title for a in results.articles])
            assert "2014" in [o.id for o in years.options]
            await wait_for(pilot, lambda: reader.article.title == TITLE)
            header = reader.get_option_at_index(0).prompt.plain
            assert header.startswith(f"{TITLE} ✎") and "2014-09 ✎" in header
            saved = CorrectionStore(app.main.config.corrections_file).load()
            assert [c.fields for c in saved.values()] == [{"title": TITLE, "date": "2014-09"}]
            # a bad date is said on the form, nothing saved; esc cancels
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, CorrectionForm))
            app.screen.query_one("#correct-date", Input).value = "2014-13"
            await pilot.press("enter")
            problem = app.screen.query_one("#correction-problem").render()
            assert "is not a date" in str(problem)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is main)
            again = CorrectionStore(app.main.config.corrections_file).load()
            assert [c.fields for c in again.values()] == [{"title": TITLE, "date": "2014-09"}]

    run(scenario)


def test_k_keeps_a_dropped_line_which_becomes_searchable(tmp_path: Path) -> None:
    async def scenario() -> None:
        app = RjtuiApp(private_config(tmp_path), timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            await search(pilot, '"poll conducted"')
            assert main.result.total_articles == 0
            await open_001(pilot)
            source = await open_source(pilot)
            index, _, _ = row(source, "Poll conducted")
            source.highlighted = index
            await pilot.press("k")
            await wait_for(pilot, lambda: row(source, "Poll conducted")[1].plain.endswith("you"))
            _, gutter, body = row(source, "Poll conducted")
            assert gutter.plain.split(maxsplit=1)[1] == "kept by you" and not is_dim(body)
            assert source.current_line.text == "Poll conducted"  # the cursor stays on it
            await search(pilot, '"poll conducted"')
            assert [a.meta.id for a in main.result.articles] == [SEED_001]
            # x drops it again (undoing the keep): the correction is empty and gone;
            # opening the article again goes back to its source (r is still on)
            await pilot.press("enter", "enter")
            await wait_for(pilot, lambda: source.has_focus)
            source.highlighted = row(source, "Poll conducted")[0]
            await pilot.press("x")
            await wait_for(pilot, lambda: row(source, "Poll conducted")[1].plain.endswith("teaser"))
            assert CorrectionStore(main.config.corrections_file).load() == {}

    run(scenario)


def test_a_broken_corrections_file_leaves_the_app_working_with_one_line(tmp_path: Path) -> None:
    config = private_config(tmp_path)
    broken = "version: 1\ncorrections:\n  - path: [unclosed\n"
    config.corrections_file.parent.mkdir(parents=True)
    config.corrections_file.write_text(broken, encoding="utf-8")

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.main.result.total_articles == 5
            await wait_for(pilot, lambda: app._notifications)
            said = [str(n.message) for n in app._notifications]
            line = next(m for m in said if "corrections.yaml" in m)
            assert "\n" not in line and "line 4" in line and line.endswith("until then)")
            await open_001(pilot)
            source = await open_source(pilot)  # the source view works too
            assert row(source, "Poll conducted")[1].plain.endswith("teaser")
            source.highlighted = row(source, "Poll conducted")[0]
            count = len(app._notifications)
            await pilot.press("k")
            await wait_for(pilot, lambda: len(app._notifications) > count)
            assert "read-only until then" in str(list(app._notifications)[-1].message)
            assert config.corrections_file.read_text(encoding="utf-8") == broken

    run(scenario)


def test_an_article_or_source_arriving_as_the_app_closes_is_dropped(tui_config: Config) -> None:
    """A reader or source worker can finish after the screen's panes are gone (a preview
    timer fired just before quitting): its result is dropped, never a crash."""
    from rjtui.ingest.sourceview import trace_article

    async def scenario() -> None:
        app = RjtuiApp(tui_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            main = app.main
            view = main.engine.article(SEED_001)
            keys = main.engine.line_keys(view.meta.path)
            article, lines = trace_article(view.meta, tui_config, keys)
        main._show_article(view, set(), main._article_asked, None, True, False)
        main._show_source(article, lines, set(), None, True)

    run(scenario)


def test_the_source_view_shows_site_chrome_dropped_as_a_template(tmp_path: Path) -> None:
    """A line repeated across the folder's files is dropped at ingest ("template (in N
    files)"); the source view counts it the same way from the index, not as body."""
    from tests.unit.test_ingest_templates import BLOG, SLOGAN, STORIES, write

    corpus = tmp_path / "blog"
    corpus.mkdir()
    for n in range(4):
        write(corpus, n)
    config = tui_config_for(tmp_path / "data", tmp_path / "bookmarks.yaml", (corpus,))

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await search(pilot, "korsakov")
            await pilot.press("enter", "enter")
            reader = app.main.query_one(Reader)
            await wait_for(pilot, lambda: reader.article is not None)
            assert reader.article.title == STORIES[0][0]
            source = await open_source(pilot)
            for text in (BLOG, SLOGAN):
                _, gutter, body = row(source, text)
                assert gutter.plain.endswith("template (in 4 files)") and is_dim(body)
            summary = source.get_option_at_index(0).prompt.plain
            assert "template (in 4 files)" in summary

    run(scenario)
