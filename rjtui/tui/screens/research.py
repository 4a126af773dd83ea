"""The main screen's research tools: bookmarks, concordance, trends and export.

The base class of ``MainScreen`` (on top of ``Reading``), kept in its own module
so that screen stays about searching. Each tool opens its own screen or runs a
thread worker, and what it picks (a bookmark, a concordance line) opens in the
reader. Bookmarks and exports are written in workers, which report back through
``call_from_thread``.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from textual import work

from rjtui.errors import RjtuiError
from rjtui.paths import ensure_private_dir
from rjtui.results import ArticleMeta, PassageHit, SearchResult
from rjtui.safefile import atomic_write
from rjtui.sanitize import escape_controls
from rjtui.tui.screens.concordance import ConcordanceScreen
from rjtui.tui.screens.reading import Reading
from rjtui.tui.serial import problem
from rjtui.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from rjtui.bookmarks.model import BookmarkDraft
    from rjtui.results import SearchEngine
    from rjtui.tui.query_state import QueryState

EXPORTED = 20
"""Results an export of a search writes: its first 20 (the list loads fewer at a time)."""


class ResearchTools(Reading):
    """``b``/``B`` bookmarks, ``c`` concordance, ``T``/``+`` trends, export."""

    result: SearchResult | None
    """The results on screen (what export writes)."""
    shown_state: QueryState | None
    """The query they are for (``None`` before the first)."""
    _similar_to: str | None
    """Set while the results are articles similar to this one (not a search)."""
    trend_queries: list[str]
    """Queries pinned for the trends chart (``+``), oldest first."""

    def action_bookmark(self) -> None:
        """Bookmark the passage under the reader's cursor (with a note and tags)."""
        from rjtui.tui.widgets.bookmark_dialog import BookmarkDialog

        reader = self.query_one(Reader)
        article, passage = reader.article, reader.current_passage
        if article is None or passage is None:
            return

        def save(draft: BookmarkDraft | None) -> None:
            if draft is not None:
                self._save_bookmark(article, passage, draft, self.state.text)

        self.app.push_screen(BookmarkDialog(article, passage, self.state.text), save)

    @work(thread=True, group="bookmarks")
    def _save_bookmark(
        self, article: ArticleMeta, passage: PassageHit, draft: BookmarkDraft, query: str
    ) -> None:
        try:
            self._store().add(article, passage, note=draft.note, tags=draft.tags, query=query)
        except RjtuiError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._bookmarked, passage.id)

    def _bookmarked(self, passage_id: str) -> None:
        self.query_one(Reader).mark_bookmarked(passage_id)
        self.notify("Bookmarked.", timeout=2)

    def action_bookmarks(self) -> None:
        """Browse bookmarks; the chosen one opens in the reader."""
        from rjtui.bookmarks import engine_lookup
        from rjtui.corrections.store import cite_corrected
        from rjtui.tui.screens.bookmarks import BookmarksScreen

        try:
            store = self._store()
        except RjtuiError as exc:
            self.notify(str(exc), severity="error")
            return
        lookup = engine_lookup(self.engine) if self.engine is not None else None
        cite = cite_corrected(self.config.corrections_file, warn=self._warn)
        screen = BookmarksScreen(store, lookup=lookup, cite=cite)
        self.app.push_screen(screen, self._open_passage)

    def _warn(self, line: str) -> None:
        self.notify(line, severity="warning", timeout=8)

    def action_concordance(self) -> None:
        if not self.state.text.strip():
            self.say("the concordance lists a query's hits: type one first (/)")
        elif self.engine is not None:
            exports = self.config.resolved_data_dir / "exports"
            screen = ConcordanceScreen(
                self.engine, self.state.text, self.state.chosen, exports, expand=self.state.expand()
            )
            self.app.push_screen(screen, self._open_passage)

    def action_trends(self) -> None:
        """Chart the current query per year, with the queries pinned before."""
        if self.engine is None:
            return
        from rjtui.tui.screens.trends import TrendsScreen

        queries = [q for q in self.trend_queries if q != self.state.text] + [self.state.text]
        screen = TrendsScreen(self.engine, queries, self.state.chosen, expand=self.state.expand())
        self.app.push_screen(screen, self._trends_closed)

    def _trends_closed(self, queries: list[str] | None) -> None:
        if queries is not None:
            self.trend_queries = queries

    def action_pin_trend(self) -> None:
        """Keep the current query for the next trends chart (``+``)."""
        from rjtui.trends import MAX_SERIES

        query = self.state.text
        if query not in self.trend_queries:
            self.trend_queries = [*self.trend_queries, query][-MAX_SERIES:]
        shown = query.strip() or "(all articles)"
        count = len(self.trend_queries)
        self.notify(f"Pinned for trends ({count} of {MAX_SERIES}): {shown}", timeout=3)

    def action_export(self) -> None:
        """Write the current results as JSON into the data dir (a search's first
        ``EXPORTED``, searched again when the list holds fewer)."""
        if self.result is not None:
            state = self.shown_state if self._similar_to is None else None
            self._export(self.result, self.engine, state)

    @work(thread=True, group="export")
    def _export(
        self, result: SearchResult, engine: SearchEngine | None, state: QueryState | None
    ) -> None:
        folder = self.config.resolved_data_dir / "exports"
        path = folder / time.strftime("results-%Y%m%d-%H%M%S.json")
        try:
            if engine and state and len(result.articles) < min(EXPORTED, result.total_articles):
                result = engine.search(state.text, **state.search_kwargs(), limit=EXPORTED)
            ensure_private_dir(folder)
            text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
            atomic_write(path, escape_controls(text), 0o600)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Export failed: {exc}", severity="error")
            return
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Results exported to {path}")
