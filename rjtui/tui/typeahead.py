"""Modal screens that keep the keys typed ahead of them.

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

from typing import ClassVar, TypeVar

from textual import events
from textual.screen import ModalScreen

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
