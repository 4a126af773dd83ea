"""The search bar: an input that reports the query once typing pauses.

Debouncing here (not in the screen) means the screen only ever hears about
queries worth running; a new keystroke inside the pause restarts the timer.

↑/↓ walk the search history, most recent first, as a shell does: ↓ past the
newest brings back what was being typed. A query is recorded when the user
leaves the bar with it (enter, esc, tab), not at every pause in typing, so the
history holds the searches made, not their prefixes. The file is read and
written in workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label

from rjtui.history import SearchHistory


class SearchBar(Horizontal):
    """A labelled query input posting ``SearchBar.Changed``."""

    DEBOUNCE = 0.001
    """Seconds of quiet before a query is sent: a timer, not none, so the keys already
    queued (a paste, key repeat) fold into one query; barely any, because the screen
    runs one search at a time with only the newest query waiting, so fast typing
    never queues stale searches, and a longer pause only added to every key's
    latency (15 ms of a keystroke p95 of 104 ms at 10k articles)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "recall(1)", "Earlier search", show=False),
        Binding("down", "recall(-1)", "Later search", show=False),
    ]

    class Changed(Message):
        """The query text settled on a new value."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, history: SearchHistory, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.history = history
        self._recalled: int | None = None
        """The history entry shown (0: the most recent), None while typing."""
        self._draft = ""
        """What was typed before ↑, brought back by ↓ past the newest entry."""

    def compose(self) -> ComposeResult:
        yield Label("Search", classes="search-label")
        yield Input(placeholder='words  "a phrase"  OR  NOT  prefix*    (enter: go to results)')

    def on_mount(self) -> None:
        self._load_history()

    @work(thread=True, group="history")
    def _load_history(self) -> None:
        self.history.load()
        if self.history.problem:
            self.app.call_from_thread(self.notify, self.history.problem, severity="warning")

    @work(thread=True, group="history")
    def _record(self, query: str) -> None:
        try:
            self.history.record(query)
        except OSError as exc:
            message = f"search history not saved: {exc.strerror or exc}"
            self.app.call_from_thread(self.notify, message, severity="warning")

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def set_value(self, value: str) -> None:
        """Replace the query (e.g. an accepted suggestion) and report it at once."""
        self._cancel_timer()
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = value
        field.cursor_position = len(value)
        self.post_message(self.Changed(value))

    def focus(self, scroll_visible: bool = True) -> SearchBar:
        """Focus the input at once, not when the queue gets to it (``Widget.focus``):
        the letters typed right after ``/`` are the query's, not keys of the pane
        that had focus (``s`` sorted, ``a`` opened the Authors filter)."""
        self.screen.set_focus(self.query_one(Input), scroll_visible)
        return self

    def action_recall(self, step: int) -> None:
        """Show an earlier (``1``) or later (``-1``) search from the history."""
        entries = self.history.entries
        at = -1 if self._recalled is None else self._recalled
        target = at + step
        if target >= len(entries):
            self.notify("No earlier search in the history.", timeout=2)
            return
        if target < -1 or (target == -1 and self._recalled is None):
            return
        if self._recalled is None:
            self._draft = self.value
        self.set_value(self._draft if target == -1 else entries[target])
        self._recalled = None if target == -1 else target

    @on(Input.Blurred)
    def _left(self) -> None:
        """Leaving the bar with a query makes it the newest in the history."""
        query = self.value.strip()
        entries = self.history.entries
        self._recalled = None
        if query and (not entries or entries[0] != " ".join(query.split())):
            self._record(query)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._recalled = None
        self._cancel_timer()
        value = event.value
        self._timer = self.set_timer(self.DEBOUNCE, lambda: self._settle(value))

    def _settle(self, value: str) -> None:
        self._timer = None
        self.post_message(self.Changed(value))

    def when_typed(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the input has read the keys already sent to it, with
        the query they make sent (enter: go to the results of what was typed)."""

        def settled() -> None:
            if self._timer is not None:
                self._cancel_timer()
                self.post_message(self.Changed(self.value))
            callback()

        self.query_one(Input).call_later(settled)
