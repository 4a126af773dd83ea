"""The search bar: an input that reports the query once typing pauses.

Debouncing here (not in the screen) means the screen only ever hears about
queries worth running; a new keystroke inside the pause restarts the timer.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    """A labelled query input posting ``SearchBar.Changed`` and ``SearchBar.Submitted``."""

    DEBOUNCE = 0.015
    """Seconds of quiet before a query is sent: enough to fold a paste or key
    repeat into one query, short enough to feel instant (the screen also runs
    only one search at a time, so fast typing never queues stale searches)."""

    class Changed(Message):
        """The query text settled on a new value."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class Submitted(Message):
        """Enter pressed: the user wants to go to the results."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("Search", classes="search-label")
        yield Input(placeholder='words  "a phrase"  OR  NOT  prefix*    (enter: go to results)')

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
        self.query_one(Input).focus(scroll_visible)
        return self

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._cancel_timer()
        value = event.value
        self._timer = self.set_timer(self.DEBOUNCE, lambda: self._settle(value))

    def _settle(self, value: str) -> None:
        self._timer = None
        self.post_message(self.Changed(value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._cancel_timer()
            self.post_message(self.Changed(event.value))
        self.post_message(self.Submitted())
