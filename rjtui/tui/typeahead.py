"""Modal screens that keep the keys typed ahead of them, and keys held for results.

A researcher types ``b``, the note, tab and the tags without waiting for the
dialog to draw. Textual routes each key to whatever has focus when the key is
read, so the letters after ``b`` reach a dialog that has no focused field yet,
and the bare screen drops them. A ``TypeAheadModal`` queues every key that
reaches it before it is mounted and, once its first field has focus, replays
them in order. The replay runs without yielding, so no newer key can overtake
them. The key that opens such a modal must be a priority binding: the modal is
then pushed as soon as that key is read, before the next key is routed.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget

ResultT = TypeVar("ResultT")


class TypeAheadModal(ModalScreen[ResultT]):
    """Focuses ``FIRST_FOCUS`` on mount, then replays the keys typed ahead into it."""

    FIRST_FOCUS: ClassVar[str]
    """The selector of the widget that has focus when the modal opens."""

    def __init__(self) -> None:
        super().__init__()
        self._typed_ahead: list[events.Key] | None = []
        """Keys read before the modal was mounted (None once they are replayed)."""

    @property
    def typing_ahead(self) -> bool:
        """True until the modal is mounted and the keys typed ahead are replayed."""
        return self._typed_ahead is not None

    def queue_key(self, key: str) -> None:
        """Keep ``key`` in its place among the keys typed ahead (for priority
        bindings, which Textual runs as soon as a key is read)."""
        if self._typed_ahead is not None:
            self._typed_ahead.append(events.Key(key, None))

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self._typed_ahead is not None:
            self._typed_ahead.append(event)
            return
        super()._forward_event(event)

    def on_mount(self) -> None:
        """(Textual runs every class's ``on_mount``: subclasses need not call this.)"""
        self.set_focus(self.query_one(self.FIRST_FOCUS))
        typed, self._typed_ahead = self._typed_ahead or [], None
        for key in typed:
            self.replay_key(key)

    def replay_key(self, key: events.Key) -> None:
        """Hand one key typed ahead to the focused widget (override for keys the
        modal binds with priority)."""
        if self.focused is not None:
            self.focused._forward_event(events.Key(key.key, key.character))


class HeldKeys:
    """Keys held back by a screen until what they act on is on screen, then handed,
    in order, to whatever has focus.

    Enter in the search bar moves to the results at once, but the results of the
    query just typed arrive later: ``/kuril`` enter enter, typed at once, opened the
    article under the cursor of the list before, and a ``j`` moved a cursor about
    to be reset. ``hold`` takes focus away (Textual hands a key to the focused
    widget, or to the screen when none has focus), and the screen gives the keys it
    is handed to ``take``; ``release`` focuses the widget they are meant for and
    replays them, when the results of the typed query are shown, or after
    ``TIMEOUT`` in case they never come (no index yet, a failed search)."""

    TIMEOUT = 2.0

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._keys: list[events.Key] | None = None
        self._timer: Timer | None = None
        self._target: Widget | None = None

    def hold(self, target: Widget) -> None:
        """Hold the keys read from now on, for ``target``."""
        self._target = target
        self._screen.set_focus(None)
        if self._keys is None:
            self._keys = []
            self._timer = self._screen.set_timer(self.TIMEOUT, self.release)

    def take(self, event: events.Event) -> bool:
        """Keep ``event`` if keys are being held (True: the screen must not route it)."""
        if self._keys is None or not isinstance(event, events.Key):
            return False
        self._keys.append(events.Key(event.key, event.character))
        return True

    def release(self) -> None:
        """Focus the target and hand it the held keys, in order, without yielding."""
        keys, self._keys = self._keys, None
        if keys is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._target is not None and self._screen.focused is None:
            self._screen.set_focus(self._target)
        for key in keys:
            if self._screen.focused is not None:
                self._screen.focused._forward_event(key)
