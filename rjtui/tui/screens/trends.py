"""The trends chart: matching articles per year (or month) for up to four queries.

Opened with ``T`` on the current query (plus any pinned earlier with ``+`` on
the main screen); inside, ``+`` asks for another query to overlay and ``-``
drops the last one. Counting runs in a worker (``Engine.trends``); the chart is
a ``PlotextPlot`` from textual-plotext. Undated articles cannot be placed on a
time axis, so the line under the chart always says how many there are.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual_plotext import PlotextPlot

from rjtui.display import clean
from rjtui.results import Filters, SearchEngine
from rjtui.trends import MAX_SERIES, Trends
from rjtui.tui.render import META
from rjtui.tui.serial import problem

MAX_TICKS = 8
"""Period labels on the x axis (the rest are implied by the spacing)."""


def series_label(query: str) -> str:
    return clean(query) or "(all articles)"


def legend(trends: Trends) -> Text:
    """``■ kuril 12 · ■ sakhalin 3 · 2 undated articles not on the chart``."""
    out = Text(end="")
    for s in trends.series:
        out.append(f"{series_label(s.query)} ", "bold")
        out.append(f"{sum(n for _, n in s.points)} · ", META)
    out.append(trends.side_note(), META)
    return out


class TrendsScreen(ModalScreen[list[str]]):
    """Dismissed with the queries charted (the main screen keeps them for next time)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("plus", "ask", "Add a query"),
        Binding("minus", "drop", "Drop the last query"),
        Binding("p", "toggle_unit", "Articles / passages"),
    ]

    def __init__(
        self,
        engine: SearchEngine,
        queries: list[str],
        filters: Filters,
        *,
        expand: bool | None = None,
    ) -> None:
        super().__init__()
        self._engine = engine
        self.queries = list(queries)[-MAX_SERIES:]
        self._filters = filters
        self._expand = expand
        self.passages = False
        """Count matching passages instead of articles (``p``)."""
        self.trends: Trends | None = None
        """The counts on screen (tests read them)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="trends"):
            yield PlotextPlot(id="trends-plot")
            yield Static(Text("Counting…", META), id="trends-note")
            yield Input(
                placeholder="query to add (enter adds, esc cancels)", id="trends-add", disabled=True
            )

    def on_mount(self) -> None:
        self.query_one("#trends", Vertical).border_title = "Trends"
        self._count(list(self.queries))

    @work(thread=True, exclusive=True)
    def _count(self, queries: list[str]) -> None:
        try:
            trends = self._engine.trends(
                queries, self._filters, passages=self.passages, expand=self._expand
            )
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        self.app.call_from_thread(self._show, trends)

    def _show(self, trends: Trends) -> None:
        wanted = (self.queries, "passages" if self.passages else "articles")
        if ([s.query for s in trends.series], trends.unit) != wanted:
            return  # changed meanwhile: its own count follows
        self.trends = trends
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        periods = [p for p, _ in trends.series[0].points] if trends.series else []
        xs = [float(x) for x in range(1, len(periods) + 1)]
        for s in trends.series:
            plt.plot(xs, [n for _, n in s.points], label=series_label(s.query), marker="braille")
        step = max(1, -(-len(periods) // MAX_TICKS))
        plt.xticks(xs[::step], periods[::step])
        top = max((n for s in trends.series for _, n in s.points), default=0)
        ystep = max(1, -(-top // 5))
        plt.yticks(list(range(0, top + ystep, ystep)))  # counts: whole numbers only
        plt.ylim(0, max(top, 1))
        plt.title(f"matching {trends.unit} per {trends.by}")
        plot.refresh()
        box = self.query_one("#trends", Vertical)
        box.border_title = f"Trends · {len(trends.series)} of {MAX_SERIES} queries"
        box.border_subtitle = "+ add · - drop · p articles/passages · esc close"
        self.query_one("#trends-note", Static).update(legend(trends))

    def action_ask(self) -> None:
        if len(self.queries) >= MAX_SERIES:
            self.notify(f"At most {MAX_SERIES} queries; - drops the last one.", timeout=3)
            return
        field = self.query_one("#trends-add", Input)
        field.disabled, field.display = False, True  # disabled until now: it would take "+"
        field.focus()

    @on(Input.Submitted, "#trends-add")
    def _added(self, event: Input.Submitted) -> None:
        event.input.value = ""
        event.input.disabled, event.input.display = True, False
        self.add(event.value)

    def add(self, query: str) -> None:
        """Overlay ``query`` (ignored when already charted or the chart is full)."""
        if query in self.queries or len(self.queries) >= MAX_SERIES:
            return
        self.queries.append(query)
        self._count(list(self.queries))

    def action_toggle_unit(self) -> None:
        self.passages = not self.passages
        self._count(list(self.queries))

    def action_drop(self) -> None:
        if len(self.queries) > 1:
            self.queries.pop()
            self._count(list(self.queries))

    def action_close(self) -> None:
        field = self.query_one("#trends-add", Input)
        if field.display:
            field.disabled, field.display = True, False
            return
        self.dismiss(self.queries)
