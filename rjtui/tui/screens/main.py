"""The main screen: search bar, filters, results and reader, wired by messages.

The screen is the only place that talks to the search engine (with its bases:
``ResearchTools`` in research.py, ``Reading`` in reading.py, ``Correcting`` in
correcting.py, each one group of keys and workers). Every engine call is
blocking, so each runs in a thread worker; one search runs at a time, searches
carry a generation number, and a result whose generation is no longer current
is dropped, so a slow stale search can never overwrite a newer one.
Any exception from the core becomes one line on screen, never a traceback.
Panes post messages (``SearchBar.Changed``, ``FilterPane.Changed``,
``ResultsList.Selected``...) and the screen answers by calling their public
``show`` methods.

``rjtui.search`` (Whoosh) and ``rjtui.session`` are imported inside the start-up
worker (started at mount, so the imports overlap the first paint), never at
module level.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Event

from rjtui.config import Config
from rjtui.display import corpus_name
from rjtui.history import SearchHistory
from rjtui.results import ArticleMeta, SearchEngine, SearchResult
from rjtui.session import Session
from rjtui.tui.query_state import QueryState
from rjtui.tui.screens.concordance import ConcordanceScreen
from rjtui.tui.screens.correcting import Correcting
from rjtui.tui.screens.help import HelpScreen, HelpSection
from rjtui.tui.screens.research import ResearchTools
from rjtui.tui.serial import problem
from rjtui.tui.typeahead import HeldKeys
from rjtui.tui.widgets.filter_chips import FilterChips
from rjtui.tui.widgets.filter_pane import FacetList, FilterPane
from rjtui.tui.widgets.footer import KeysFooter
from rjtui.tui.widgets.index_progress import IndexProgress
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from rjtui.tui.widgets.search_bar import SearchBar
from rjtui.tui.widgets.source_view import SourceView
from rjtui.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from rjtui.search.indexer import IndexReport

PAGE = 5
"""Results loaded per page; the list asks for more a screen before they run out.

Small, because every result loaded costs its snippets (the engine) and their
layout (the list) on every keystroke, and at 120x35 one result with its
snippets nearly fills the list: 20 at a time cost ~30 ms of a keystroke at 10k
articles."""

ACCEPT_KEY = "ctrl+y"
LITERAL_KEY = "alt+e"


class MainScreen(ResearchTools):
    """Search, filter, read. Keys that depend on context hide when they do nothing."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", priority=True),
        # enter in the search bar moves to the results as soon as it is read (priority),
        # so keys typed right after it (j, enter) are the results', not the query's
        Binding("enter", "to_results", "Go to results", priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "back", "Back / clear filter", show=False),
        Binding("t", "focus_facet('topics')", "Topics", show=False),
        Binding("a", "focus_facet('authors')", "Authors", show=False),
        Binding("s", "toggle_sort", "Sort", show=False),
        Binding("right_square_bracket", "step_result(1)", "Next result"),
        Binding("left_square_bracket", "step_result(-1)", "Prev result", show=False),
        Binding("z", "zoom", "Zoom reader"),
        Binding("m", "more_like_this", "Similar"),
        Binding("c", "concordance", "Concordance"),
        Binding("T", "trends", "Trends"),
        Binding("plus", "pin_trend", "Pin query for trends", show=False),
        Binding("e", "focus_facet('entities')", "Mentions", show=False),
        Binding(
            LITERAL_KEY, "toggle_literal", "Literal / widened names", show=False, priority=True
        ),
        # b and B open modals as soon as they are read (priority), so the keys typed
        # right after them go to the modal (see tui/typeahead.py).
        Binding("b", "bookmark", "Bookmark", priority=True),
        Binding("B", "bookmarks", "Bookmarks", show=False, priority=True),
        Binding(ACCEPT_KEY, "accept_suggestion", "Accept suggestion"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, config: Config, *, timings: bool = True) -> None:
        super().__init__()
        self.config = config
        self.timings = timings
        """Show search times in the status line (off for deterministic snapshots)."""
        self.session = Session(config)
        """The index and its engine (opened by the start-up worker)."""
        self.state = QueryState()
        self.result: SearchResult | None = None
        self.shown_state: QueryState | None = None
        """The query whose results are on screen in every pane (what tests wait for)."""
        self.results_state: QueryState | None = None
        """The query whose results list, status line and filter lists in view are on
        screen (the lists below the filter pane's view follow a frame later): what the
        benchmark times a keystroke to."""
        self.marks: dict[str, float] = {}
        """``time.perf_counter()`` of start-up milestones, read by the benchmark."""
        self._generation = 0
        self._searching = False
        self._similar_to: str | None = None
        """Title of the article whose similar articles are listed, if any."""
        self._held = HeldKeys(self)
        """Keys typed after enter in the search bar, until its results are shown."""
        self._awaited: str | None = None
        """The query whose results release them (once the bar has read it)."""
        self.trend_queries: list[str] = []
        """Queries pinned for the trends chart (``+``), oldest first."""

    @property
    def engine(self) -> SearchEngine | None:
        """The session's engine once the index is open (safe to call from workers)."""
        return self.session.engine if self.session.is_open else None

    @property
    def shown_query(self) -> str | None:
        """The query text whose results are on screen in every pane."""
        return self.shown_state.text if self.shown_state else None

    @property
    def results_query(self) -> str | None:
        """The query text whose results are drawn (``results_state``)."""
        return self.results_state.text if self.results_state else None

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield SearchBar(SearchHistory(self.config.history_file), id="search")
        yield FilterChips(id="chips")
        with Horizontal(id="panes"):
            yield FilterPane(id="filters")
            yield ResultsList(id="results")
            yield Reader(id="reader")
            yield SourceView(id="source")
        yield IndexProgress(id="index-progress")
        yield StatusLine(id="status")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(StatusLine).show_message("Opening the index…")
        self.query_one(ResultsList).focus()  # so ?, q and every key work at once; / searches
        self.call_after_refresh(self._painted)
        self._start()

    def _painted(self) -> None:
        self.marks["first_paint"] = time.perf_counter()

    # --------------------------------------------------------------- start-up

    def _start(self, *, rebuild: bool = False) -> None:
        self.query_one(IndexProgress).open_index(self.session, self.marks, rebuild=rebuild)

    @on(IndexProgress.Building)
    def _building(self, event: IndexProgress.Building) -> None:
        self.query_one(StatusLine).show_message(event.title)

    @on(IndexProgress.Opened)
    def _index_opened(self, event: IndexProgress.Opened) -> None:
        engine = self.engine
        if engine is not None:  # Mentions lists entity names by kind, not ids
            names = {e.id: (e.kind, e.name) for e in engine.gazetteer.entities}
            self.query_one(FilterPane).set_labels("entities", names)
        self._search()
        self.check_corrections_file()
        if event.report is not None:
            self._report_skipped(event.report)

    @on(IndexProgress.Updated)
    def _index_updated(self, event: IndexProgress.Updated) -> None:
        report = event.report
        if report.added or report.changed or report.removed:
            changes = f"{report.added} added, {report.changed} changed, {report.removed} removed"
            self.notify(f"Index updated: {changes}", timeout=4)
            self._search()
        self._report_skipped(report)

    @on(IndexProgress.Failed)
    def _index_failed(self, event: IndexProgress.Failed) -> None:
        if event.fatal:
            self._fail(event.message)
        else:
            self.notify(event.message, severity="warning", timeout=8)

    def _fail(self, message: str) -> None:
        self.query_one(StatusLine).show_message(message, error=True)
        self.notify(message, severity="error", timeout=10)

    def _report_skipped(self, report: IndexReport) -> None:
        if report.skipped:
            count = len(report.skipped)
            path, reason = report.skipped[0]
            first = f"{corpus_name(path, self.config.corpus_dirs)}: {reason}"
            self.notify(
                f"{count} file{'s' * (count != 1)} skipped (first: {first})",
                severity="warning",
                timeout=8,
            )

    # ----------------------------------------------------------------- search

    def _search(self) -> None:
        """Search for the current state. One search runs at a time: a request made
        while one runs makes the running one stale, and when it ends the latest
        state is searched (typing fast costs one search per pause, not per key)."""
        self._similar_to = None
        self._generation += 1
        self._kick_search()

    def _kick_search(self) -> None:
        if not self._searching and self.engine is not None:
            self._searching = True
            self._run_search(self.engine, self.state, self._generation)

    @work(thread=True, group="search")
    def _run_search(self, engine: SearchEngine, state: QueryState, generation: int) -> None:
        try:
            result = engine.search(state.text, **state.search_kwargs(), limit=PAGE)
        except Exception as exc:
            self.app.call_from_thread(self._search_ended, None, state, generation, problem(exc))
            return
        self.app.call_from_thread(self._search_ended, result, state, generation, None)

    def _search_ended(
        self, result: SearchResult | None, state: QueryState, generation: int, error: str | None
    ) -> None:
        self._searching = False
        if generation != self._generation:  # stale: drop it, search what is wanted now
            if self._similar_to is None:
                self._kick_search()
        elif error is not None:
            self._fail(error)
        elif result is not None:
            self._show_result(result, state)
        self.query_one(IndexProgress).results_shown()

    def _show_result(self, result: SearchResult, state: QueryState) -> None:
        self.result = result
        self.query_one(ResultsList).show(result)
        self.query_one(FilterChips).show(state.filters)
        self._show_status()
        self.query_one(FilterPane).show(
            result.facets,
            state.chosen,
            result.total_articles,
            then=lambda: self._shown_everywhere(state),
        )
        self.results_state = state
        self.marks.setdefault("first_results", time.perf_counter())
        self.refresh_bindings()
        self.follow_query_later()

    def _shown_everywhere(self, state: QueryState) -> None:
        """Every pane shows ``state``'s results, the filter lists below view included."""
        self.shown_state = state
        self._release_if_shown()

    def say(self, reason: str) -> None:
        """Tell why a key did nothing, in the status line (until the next result)."""
        if self.result is None:
            self.query_one(StatusLine).show_message(reason)
        else:
            self._show_status(reason)

    def _show_status(self, said: str = "") -> None:
        if self.result is None:
            return
        context = f"similar to {self._similar_to} · esc returns" if self._similar_to else ""
        context = " · ".join(part for part in (said, context) if part)
        self.query_one(StatusLine).show_result(
            self.result,
            sort=self.state.effective_sort,
            timings=self.timings,
            accept_key=self.app.get_key_display(Binding(ACCEPT_KEY, "")),
            context=context,
            literal_key=self.app.get_key_display(Binding(LITERAL_KEY, "")),
            literal=self.state.literal,
        )

    def _set_state(self, state: QueryState) -> None:
        self.state = state
        self._search()

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        if event.value != self.state.text:
            self._set_state(self.state.with_text(event.value))

    def action_to_results(self) -> None:
        """Enter in the search bar: focus leaves it at once, and the keys typed after
        enter wait for the results of the query typed before it, then go to them."""
        self._held.hold(self.query_one(ResultsList))
        self.query_one(SearchBar).when_typed(self._release_when_shown)

    def _release_when_shown(self) -> None:
        """The bar has read every key typed before enter: once its query's results are
        on screen (now, or when they come), the held keys go to the results."""
        self._awaited = self.query_one(SearchBar).value
        self._release_if_shown()

    def _release_if_shown(self) -> None:
        if self._awaited is not None and self.shown_query == self._awaited:
            self._awaited = None
            self._held.release()

    def _forward_event(self, event: Event) -> None:
        if not self._held.take(event):
            super()._forward_event(event)

    @on(FilterPane.Changed)
    @on(FilterChips.Removed)
    def _filter_toggled(self, event: FilterPane.Changed | FilterChips.Removed) -> None:
        self._set_state(self.state.toggled(event.facet, event.value))

    @on(ResultsList.NeedMore)
    def _more_results(self, event: ResultsList.NeedMore) -> None:
        if self.engine is not None and self._similar_to is None:
            self._load_page(self.engine, self.state, self._generation, event.offset)

    @work(thread=True, group="page")
    def _load_page(
        self, engine: SearchEngine, state: QueryState, generation: int, offset: int
    ) -> None:
        try:
            result = engine.search(state.text, **state.search_kwargs(), limit=PAGE, offset=offset)
        except Exception as exc:
            self.app.call_from_thread(self._fail, problem(exc))
            return
        self.app.call_from_thread(self._append_page, result, generation)

    def _append_page(self, result: SearchResult, generation: int) -> None:
        if generation == self._generation:
            self.query_one(ResultsList).show(result, append=True)

    def action_more_like_this(self) -> None:
        """Articles similar to the open passage (in the reader) or article."""
        reader = self.query_one(Reader)
        meta: ArticleMeta | None
        if self.focused is reader and reader.article is not None:
            meta, passage = reader.article, reader.current_passage
        else:
            meta, passage = self.query_one(ResultsList).current or reader.article, None
        if meta is not None and self.engine is not None:
            self._generation += 1
            self._similar_to = meta.title
            passage_id = passage.id if passage else None
            self._run_similar(self.engine, meta.id, passage_id, self._generation)

    @work(thread=True, exclusive=True, group="similar")
    def _run_similar(
        self, engine: SearchEngine, article_id: str, passage_id: str | None, generation: int
    ) -> None:
        try:
            result = engine.more_like_this(article_id, passage_id=passage_id)
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        self.app.call_from_thread(self._show_similar, result, generation)

    def _show_similar(self, result: SearchResult, generation: int) -> None:
        if generation != self._generation:
            return
        self.result = result
        results = self.query_one(ResultsList)
        results.show(result, empty="No similar articles.")
        results.focus()
        self._show_status()

    # ------------------------------------------------------------------ other

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_zoom(self) -> None:
        """Give the whole screen to the reader, or give the panes back."""
        if self.maximized is not None:
            self.minimize()
            return
        reader = self.query_one(Reader)
        if reader.article is None:
            self.say("nothing to read yet: open an article with enter")
            return
        pane = self.reading_pane()
        self.maximize(pane)
        pane.focus()

    def on_descendant_focus(self) -> None:
        """Below 100 columns the results and the reader take turns: the reader shows
        from opening an article until focus goes elsewhere."""
        if not isinstance(self.focused, (Reader, SourceView)):
            self.remove_class("-reading")

    def action_focus_facet(self, facet: str) -> None:
        """Focus a filter list; on a narrow terminal the filters pane opens over
        the results until focus leaves it."""
        self.add_class("-filters-open")
        self.query_one(FilterPane).focus_facet(facet)

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._close_filters_if_unfocused)

    def _close_filters_if_unfocused(self) -> None:
        if not self.query_one(FilterPane).has_focus_within:
            self.remove_class("-filters-open")

    def action_toggle_literal(self) -> None:
        """Search the words as typed, or widen entity names again."""
        self._set_state(self.state.with_literal_toggled())

    def action_toggle_sort(self) -> None:
        self._set_state(self.state.with_next_sort())
        if not self.state.text.strip():
            self.notify("An empty query always lists newest first.", timeout=3)

    def action_back(self) -> None:
        """Step back one level: leave the search bar, leave 'similar', drop the
        newest filter, then go from the reader or the filters to the results."""
        if self.query_one(SearchBar).has_focus_within:
            self.query_one(ResultsList).focus()
        elif self._similar_to is not None:
            self._search()
        elif self.state.filters:
            self._set_state(self.state.without_last_filter())
        elif not self.query_one(ResultsList).has_focus:
            self.query_one(ResultsList).focus()

    def action_clear_filters(self) -> None:
        if self.state.filters:
            self._set_state(QueryState(text=self.state.text, sort=self.state.sort))

    def action_accept_suggestion(self) -> None:
        if self.result is not None and self.result.suggestion:
            self.query_one(SearchBar).set_value(self.result.suggestion)

    def action_rebuild_index(self) -> None:
        self.query_one(StatusLine).show_message("Rebuilding the index…")
        self._start(rebuild=True)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        from rjtui.tui.screens.bookmarks import BookmarksScreen
        from rjtui.tui.widgets.bookmark_dialog import BookmarkDialog

        return [
            ("Everywhere", [*self.BINDINGS, *self.app.BINDINGS]),
            ("Search bar (/)", SearchBar.BINDINGS),
            ("Results", ResultsList.BINDINGS),
            ("Reader", [*Reader.BINDINGS, *Correcting.BINDINGS]),
            ("Source view (r)", SourceView.BINDINGS),
            ("Filters", FacetList.BINDINGS),
            ("Filter chips (tab)", FilterChips.BINDINGS),
            ("Concordance (c)", ConcordanceScreen.BINDINGS),
            ("Bookmarks (B)", BookmarksScreen.BINDINGS),
            ("Bookmark dialog (b)", BookmarkDialog.BINDINGS),
            ("Help (?)", HelpScreen.BINDINGS),
            ("Moving around", [Binding("tab,shift+tab", "", "Next / previous pane")]),
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing right now (the footer shows the rest)."""
        if not self.is_mounted:
            return True
        enabled = self.correcting_enabled(action)
        if enabled is not None:
            return enabled
        reader = self.query_one(Reader)
        if action == "bookmark":
            return self.focused is reader and reader.current_passage is not None
        if action == "bookmarks":  # a priority key: never steal B from the search bar
            return not self.query_one(SearchBar).has_focus_within
        if action == "to_results":  # a priority key: enter is the other panes' too
            return self.query_one(SearchBar).has_focus_within
        if action == "focus_search":  # a priority key: in the bar, / is typed ("/p")
            return not self.query_one(SearchBar).has_focus_within
        if action in ("step_result", "more_like_this"):
            return bool(self.result and self.result.articles) or reader.article is not None
        if action == "concordance":
            return self.engine is not None
        if action == "accept_suggestion":
            return bool(self.result and self.result.suggestion)
        return True
