"""The concordance: every hit of the query, one line each, keyword in context.

Lines come from ``rjtui.concordance`` (the same as ``rjtui concordance``):
fixed columns - left context right-aligned, the keyword, right context, the
title, ¶ - so the keyword column stays put whatever its length; ``<`` / ``>``
sort by the words left / right of it (AntConc's 1L / 1R), ``x`` writes the
lines as TSV into the data dir's exports, and a resize re-lays the columns.
``enter`` opens the passage in the reader.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.concordance import ConcordanceLine, Sort, concordance_lines, delimited, sort_lines
from rjtui.display import clean
from rjtui.paths import ensure_private_dir
from rjtui.results import Filters, PassageResult, SearchEngine, plural
from rjtui.safefile import atomic_write
from rjtui.tui.palette import PLAIN, Palette, palette_of
from rjtui.tui.render import META
from rjtui.tui.serial import problem

LIMIT = 200
"""Passages searched; each may give several lines."""
TITLE_WIDTH = 24
CONTEXT_CHARS = 80
"""Context kept per side; the columns show what fits."""


def concordance_row(
    line: ConcordanceLine, context: int, keyword: int, palette: Palette = PLAIN
) -> Text:
    """Fixed columns: ``left`` (right-aligned) ``KEYWORD`` ``right``  ``title`` ``¶n``."""
    row = Text(end="", no_wrap=True, overflow="ellipsis")
    row.append(clean(line.left)[-context:].rjust(context) + " ")
    word = clean(line.keyword)
    word = word if len(word) <= keyword else word[: keyword - 1] + "…"
    row.append(word, palette.hit)
    row.append(" " * (keyword - len(word)) + " ")
    row.append(clean(line.right)[:context].ljust(context))
    title = clean(line.title)
    title = title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
    row.append(f"  {title.ljust(TITLE_WIDTH)} ¶{line.n}", META)
    return row


class ConcordanceScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with ``(article_id, passage_id)`` when a line is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("less_than_sign", "sort('left')", "Sort by left context"),
        Binding("greater_than_sign", "sort('right')", "Sort by right context"),
        Binding("x", "export", "Export TSV"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(
        self,
        engine: SearchEngine,
        query: str,
        filters: Filters,
        exports: Path | None = None,
        *,
        expand: bool | None = None,
    ) -> None:
        super().__init__()
        self._engine = engine
        self._query = query
        self._filters = filters
        self._expand = expand
        self._exports = exports
        self._lines: list[ConcordanceLine] = []
        self._order: list[ConcordanceLine] = []
        self._sort: Sort = "rank"
        self._total = 0

    def compose(self) -> ComposeResult:
        lines = OptionList(Option(Text("Searching…", META), disabled=True), id="concordance")
        lines.border_title = f"Concordance: {clean(self._query)}"
        lines.border_subtitle = "enter opens · < > sort · x export · esc closes"
        yield lines

    def on_mount(self) -> None:
        self._search()

    @work(thread=True, exclusive=True)
    def _search(self) -> None:
        try:
            result = self._engine.search_passages(
                self._query, self._filters, limit=LIMIT, expand=self._expand
            )
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        self.app.call_from_thread(self._show, result)

    def _show(self, result: PassageResult) -> None:
        self._lines = concordance_lines(result, CONTEXT_CHARS)
        self._total = result.total_passages
        self._render_lines()
        if result.notice:
            self.notify(clean(result.notice), severity="warning")
        self.query_one(OptionList).focus()

    @property
    def lines(self) -> list[ConcordanceLine]:
        """The lines in the order shown."""
        return sort_lines(self._lines, self._sort)

    def _render_lines(self) -> None:
        """Lay the columns out for the current width and order, keeping the cursor's line."""
        view = self.query_one(OptionList)
        shown = self.lines
        keyword = min(24, max((len(line.keyword) for line in shown), default=8))
        # left + keyword + right + title column (2 + TITLE + " ¶nnn") + separators
        width = view.scrollable_content_region.width or 100
        context = max(8, (width - keyword - TITLE_WIDTH - 10) // 2)
        current = view.highlighted_option.id if view.highlighted_option else None
        options = [
            Option(concordance_row(line, context, keyword, palette_of(self.app)), id=str(i))
            for i, line in enumerate(shown)
        ]
        self._order = shown
        view.set_options(options or [Option(Text("No hits.", META), disabled=True)])
        if options:
            view.highlighted = int(current) if current and current.isdigit() else 0
        sort = "" if self._sort == "rank" else f" · sorted by {self._sort} context"
        count = plural(len(shown), "hit") if shown else "none"
        passages = plural(self._total, "passage")
        view.border_title = f"Concordance: {clean(self._query)} · {count} in {passages}{sort}"

    def on_resize(self) -> None:
        if self._lines:
            self.call_after_refresh(self._render_lines)

    def action_sort(self, by: Sort) -> None:
        self._sort = "rank" if self._sort == by else by
        self._render_lines()
        self.query_one(OptionList).highlighted = 0 if self._lines else None

    def action_export(self) -> None:
        if not self._lines or self._exports is None:
            self.notify("Nothing to export.", timeout=3)
            return
        self._write(self._exports, delimited(self.lines, "tsv"))

    @work(thread=True, group="export")
    def _write(self, folder: Path, text: str) -> None:
        path = folder / time.strftime(
            f"concordance-%Y%m%d-%H%M%S-{time.monotonic_ns() % 10**6:06d}.tsv"
        )
        try:  # private, atomic and 0600 like every export (context is control-free already)
            ensure_private_dir(folder)
            atomic_write(path, text, 0o600)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Export failed: {exc}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"Concordance exported to {path}")

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or -1)
        if 0 <= index < len(self._order):
            line = self._order[index]
            self.dismiss((line.article, line.passage))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
