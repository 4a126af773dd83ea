"""Pilot tests of the bookmark dialog and the Bookmarks screen.

The screens run in a real Textual app against a real bookmarks file; every
check reads the file back, since what matters is what was saved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, OptionList

from rjtui.bookmarks import BookmarkDraft, BookmarkStore
from rjtui.config import Config
from rjtui.results import ArticleMeta, PassageHit
from rjtui.tui.app import RjtuiApp
from rjtui.tui.screens.bookmarks import BookmarksScreen, ExportFormatDialog
from rjtui.tui.widgets.bookmark_dialog import BookmarkDialog
from rjtui.tui.widgets.reader import Reader
from tests.tui.conftest import SIZE, ready, run, type_ahead, wait_for

ARTICLE = ArticleMeta(
    id="kurbanov-2024",
    path="/corpus/000.txt",
    title="Russia in Japanese foreign policy",
    authors=("Nazar Kurbanov",),
    date="2024-04-13",
    source="New Eastern Outlook",
)
OTHER = ArticleMeta(id="konovalov-2022", path="/c/002.txt", title="A Difficult Balance")
MARKUP = PassageHit(
    id="kurbanov-2024:m", n=2, text="Sanctions [bold]tightened[/bold] [@click=app.quit]x[/]"
)
P5 = PassageHit(id="kurbanov-2024:e", n=5, text="Educational contacts have not been interrupted.")
Q1 = PassageHit(id="konovalov-2022:s", n=1, text="Japan buys LNG from Sakhalin-2.")


class Host(App[None]):
    """A bare app that opens one screen and records what it was dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


@pytest.fixture
def store(tmp_path: Path) -> BookmarkStore:
    store = BookmarkStore(tmp_path / "bookmarks.yaml")
    store.add(ARTICLE, P5, note="education", tags=["soft power"])
    store.add(OTHER, Q1, tags=["energy"])
    store.add(ARTICLE, MARKUP, tags=["sanctions", "energy"])
    return store


def prompts(screen: Screen) -> list[str]:
    listing = screen.query_one("#bookmarks-list", OptionList)
    return [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]


def pilot_test(scenario: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot scenario as a plain test (no async pytest plugin needed)."""

    @functools.wraps(scenario)
    def test(*args: Any, **kwargs: Any) -> None:
        run(functools.partial(scenario, *args, **kwargs))

    return test


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pilot_test
async def test_dialog_shows_the_passage_literally_and_returns_the_draft() -> None:
    dialog = BookmarkDialog(ARTICLE, MARKUP, "sanctions")
    app = Host(dialog)
    async with app.run_test() as pilot:
        text = " ".join(str(w.render()) for w in dialog.query("Static"))
        assert "[bold]tightened[/bold]" in text and "@click=app.quit" in text
        assert "found with: sanctions" in text
        await pilot.press(*"key quote")
        await pilot.press("tab")
        await pilot.press(*"japan, sanctions ,,japan")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [BookmarkDraft(note="key quote", tags=("japan", "sanctions"))]


@pilot_test
async def test_dialog_escape_cancels() -> None:
    app = Host(BookmarkDialog(ARTICLE, P5, ""))
    async with app.run_test() as pilot:
        await pilot.press(*"abc", "escape")
        await pilot.pause()
    assert app.results == [None]


@pilot_test
async def test_screen_groups_by_article_and_opens_the_chosen_passage(
    store: BookmarkStore,
) -> None:
    screen = BookmarksScreen(store)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = prompts(screen)
        assert lines[0].startswith("Russia in Japanese foreign policy")
        assert "¶2" in lines[1] and "[bold]tightened[/bold]" in lines[1]  # reading order
        assert "¶5" in lines[2] and "#soft power" in lines[2] and "education" in lines[2]
        assert lines[3].startswith("A Difficult Balance") and "¶1" in lines[4]
        await pilot.press("down", "j", "enter")  # to the list, on ¶2; j moves to ¶5
        await pilot.pause()
    assert app.results == [(ARTICLE.id, P5.id)]


@pilot_test
async def test_filter_by_tag_and_by_words(store: BookmarkStore) -> None:
    screen = BookmarksScreen(store)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"#energy")  # the filter has focus from the start
        await pilot.pause()
        found = [line for line in prompts(screen) if "¶" in line]
        assert len(found) == 2 and "LNG" in found[0] and "tightened" in found[1]
        filt = screen.query_one("#bookmarks-filter", Input)
        filt.value = "#energy sakhalin"
        await pilot.pause()
        assert sum("¶" in line for line in prompts(screen)) == 1
        filt.value = "nothing-like-this"
        await pilot.pause()
        assert prompts(screen) == ["No bookmarks match the filter."]
        filt.value = "EDUCATIONAL"
        await pilot.press("enter", "enter")  # leave the filter, open the only match
        await pilot.pause()
    assert app.results == [(ARTICLE.id, P5.id)]


@pilot_test
async def test_edit_delete_undo(store: BookmarkStore) -> None:
    screen = BookmarksScreen(store)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "j", "e")  # ¶5, which has a note and tags
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        assert dialog.query_one("#bookmark-note", Input).value == "education"
        assert dialog.query_one("#bookmark-tags", Input).value == "soft power"
        dialog.query_one("#bookmark-note", Input).value = "exchanges continue"
        await pilot.press("tab", "end", *", kept", "enter")
        await settle(pilot)
        edited = next(b for b in store.load() if b.passage.id == P5.id)
        assert (edited.note, edited.tags) == ("exchanges continue", ("soft power", "kept"))
        assert "exchanges continue" in prompts(screen)[2]

        before = [b.id for b in store.load()]
        await pilot.press("d")
        await settle(pilot)
        assert [b.id for b in store.load()] == [i for i in before if i != edited.id]
        assert not any("exchanges continue" in line for line in prompts(screen))
        await pilot.press("u")
        await settle(pilot)
        assert [b.id for b in store.load()] == before
        assert any("exchanges continue" in line for line in prompts(screen))
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


@pytest.mark.parametrize(("fmt", "marker"), [("markdown", "> Educational"), ("bibtex", "@misc{")])
@pilot_test
async def test_export_writes_next_to_the_bookmarks_file(
    store: BookmarkStore, fmt: str, marker: str
) -> None:
    screen = BookmarksScreen(store)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ExportFormatDialog)
        formats = app.screen.query_one(OptionList)
        formats.highlighted = [o.id for o in formats.options].index(fmt)
        await pilot.press("enter")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications]
    suffix = {"markdown": "md", "bibtex": "bib"}[fmt]
    exported = store.path.with_name(f"bookmarks-export.{suffix}")
    assert marker in exported.read_text(encoding="utf-8")
    assert any(str(exported) in n and "3 bookmarks" in n for n in notes)


@pilot_test
async def test_a_broken_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "bookmarks.yaml")
    store.path.write_text("version: 1\nbookmarks:\n- id: [oops\n", encoding="utf-8")
    screen = BookmarksScreen(store)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert prompts(screen)[0].endswith(
            "line 4: did not find expected ',' or ']'; "
            "fix the file by hand (bookmarks are read-only until then)"
        )
        await pilot.press("down", "d", "x", "escape")
        await pilot.pause()
    assert store.path.read_text(encoding="utf-8") == "version: 1\nbookmarks:\n- id: [oops\n"


@pilot_test
async def test_statuses_from_the_corpus_lookup_are_shown(store: BookmarkStore) -> None:
    corpus = {ARTICLE.id: [PassageHit(id="kurbanov-2024:new", n=7, text=P5.text)]}
    screen = BookmarksScreen(store, lookup=corpus.get)
    app = Host(screen)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        lines = prompts(screen)
        assert any("[passage changed]" in line and "tightened" in line for line in lines)
        assert any("¶7 [moved]" in line and "Educational" in line for line in lines)
        assert any("[article missing]" in line and "LNG" in line for line in lines)
        await pilot.press("down", "j", "enter")
        await pilot.pause()
    assert app.results == [(ARTICLE.id, "kurbanov-2024:new")]


# --- in the real explorer ------------------------------------------------------


@pilot_test
async def test_b_bookmarks_the_passage_under_the_cursor_and_B_opens_it(
    tui_config: Config,
) -> None:
    app = RjtuiApp(tui_config, timings=False)
    store = BookmarkStore(tui_config.bookmarks_file)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"sanctions")
        await wait_for(pilot, lambda: app.main.shown_query == "sanctions")
        await pilot.press("enter", "enter")  # search bar -> results -> reader
        reader = app.main.query_one(Reader)
        await wait_for(pilot, lambda: reader.current_passage is not None)
        await pilot.press("j")  # move off the first hit: bookmark what the cursor is on
        article, passage = reader.article, reader.current_passage
        assert article is not None and passage is not None

        await pilot.press("b")
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press("escape")  # cancel saves nothing
        await pilot.pause()
        assert store.load() == []

        await pilot.press("b", *"evidence", "tab", *"japan,sanctions", "enter")
        await wait_for(pilot, lambda: store.passage_ids() == {passage.id})
        (saved,) = store.load()
        assert (saved.article.id, saved.passage.n, saved.passage.text) == (
            article.id,
            passage.n,
            passage.text,
        )
        assert (saved.note, saved.tags, saved.query) == (
            "evidence",
            ("japan", "sanctions"),
            "sanctions",
        )
        await wait_for(pilot, lambda: reader.get_option(passage.id).prompt.plain.startswith("★"))

        await pilot.press("k", "k", "B")  # move away, then open the bookmark from the screen
        assert isinstance(app.screen, BookmarksScreen)
        await settle(pilot)
        assert any("evidence" in line for line in prompts(app.screen))
        await pilot.press("enter", "enter")  # the filter to the list, then open
        await wait_for(
            pilot,
            lambda: reader.current_passage is not None and reader.current_passage.id == passage.id,
        )
        assert app.screen is app.main


# --- keys typed ahead, small terminals (issue 14) -------------------------------


async def open_reader(pilot, query: str) -> Reader:
    await ready(pilot)
    await pilot.press("slash", *query, "enter", "enter")
    reader = pilot.app.main.query_one(Reader)
    await wait_for(pilot, lambda: reader.current_passage and pilot.app.main.focused is reader)
    return reader


@pytest.mark.parametrize("size", [(130, 38), (80, 24), (60, 20)])
@pilot_test
async def test_keys_typed_right_after_b_reach_the_dialog_in_order(
    tui_config: Config, size: tuple[int, int]
) -> None:
    """A fast typist's b, note, tab, tags, enter: nothing lost, tags not glued to the note."""
    app = RjtuiApp(tui_config, timings=False)
    store = BookmarkStore(tui_config.bookmarks_file)
    async with app.run_test(size=size) as pilot:
        reader = await open_reader(pilot, "sanctions")
        passage = reader.current_passage
        type_ahead(app, "b", *"key quote", "tab", *"japan, energy", "enter")
        await wait_for(pilot, lambda: store.passage_ids())
    (saved,) = store.load()
    assert (saved.passage.id, saved.note) == (passage.id, "key quote")
    assert saved.tags == ("japan", "energy")


@pytest.mark.parametrize("size", [(130, 38), (80, 24), (60, 20)])
@pilot_test
async def test_the_dialog_keeps_its_fields_on_screen(
    tui_config: Config, size: tuple[int, int]
) -> None:
    app = RjtuiApp(tui_config, timings=False)
    async with app.run_test(size=size) as pilot:
        await open_reader(pilot, "sanctions")
        await pilot.press("b")
        dialog = app.screen
        assert isinstance(dialog, BookmarkDialog)
        screen = dialog.region
        for name in ("#bookmark-note", "#bookmark-tags", "#bookmark-passage"):
            box = dialog.query_one(name).region
            assert box.height >= 2 and screen.contains_region(box), (name, box, screen)
        await pilot.press(*"typed", "tab", *"seen")
        assert dialog.query_one("#bookmark-note", Input).value == "typed"
        assert dialog.query_one("#bookmark-tags", Input).value == "seen"


@pilot_test
async def test_the_bookmarks_screen_opens_on_its_filter_and_d_e_are_letters_there(
    tui_config: Config,
) -> None:
    app = RjtuiApp(tui_config, timings=False)
    store = BookmarkStore(tui_config.bookmarks_file)
    store.add(ARTICLE, P5, note="education", tags=["soft power"])
    store.add(OTHER, Q1, tags=["energy"])
    before = store.load()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        type_ahead(app, "B", *"educ")  # typed at once: the letters reach the filter
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        screen = app.screen
        await settle(pilot)
        filt = screen.query_one("#bookmarks-filter", Input)
        assert screen.focused is filt and filt.value == "educ"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"de")
        await settle(pilot)
        assert filt.value == "de" and store.load() == before  # d and e typed, nothing deleted
        await pilot.press("backspace", "backspace", "down")
        assert screen.focused is screen.query_one("#bookmarks-list", OptionList)
        target = screen._selected()
        assert target is not None
        type_ahead(app, "e", *" and more", "enter")  # edit: the note typed ahead is kept
        edited = target.note + " and more"
        await wait_for(pilot, lambda: any(b.note == edited for b in store.load()))
        await settle(pilot)
        await pilot.press("d")  # in the list, d deletes
        await settle(pilot)
        assert len(store.load()) == 1
