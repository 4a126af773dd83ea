"""The row of active filters above the results: what narrows the search, at every width.

Below 100 columns the filters pane is an overlay that closes when focus leaves
it; without this row an active filter would then be invisible and the results
silently narrowed. Each filter is a chip (``Topic: sanctions ×``); with the row
focused, ←/→ pick one and ``x`` or backspace removes it. The row posts
``FilterChips.Removed`` and the screen decides, as with the filters pane. It
is hidden while no filter is on.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from rjtui.display import clean
from rjtui.tui.palette import follow_theme, palette_of

LABELS = {
    "topics": "Topic",
    "authors": "Author",
    "sources": "Source",
    "years": "Year",
    "languages": "Language",
    "entities": "Mention",
}
"""The singular label of each facet on its chips."""


class FilterChips(Widget, can_focus=True):
    """The active ``(facet, value)`` filters as chips; ``x``/backspace removes one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Previous filter", show=False),
        Binding("right,l", "move(1)", "Next filter", show=False),
        Binding("x,backspace,delete", "remove", "Remove filter"),
    ]

    class Removed(Message):
        """The user removed the filter ``facet=value``."""

        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.filters: tuple[tuple[str, str], ...] = ()
        self._cursor = 0

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _restyle(self) -> None:
        self.refresh()

    def show(self, filters: tuple[tuple[str, str], ...]) -> None:
        """Show the active filters (oldest first); hidden when there are none.

        Called after every search: unchanged filters cost nothing (a layout pass
        of the whole screen is what the row would cost per keystroke)."""
        if filters == self.filters and self.display == bool(filters):
            return
        self.filters = filters
        self._cursor = min(self._cursor, max(len(filters) - 1, 0))
        self.display = bool(filters)
        self.refresh(layout=True)

    def render(self) -> Text:
        palette = palette_of(self.app)
        out = Text("Filters ", style="dim", end="")
        for i, (facet, value) in enumerate(self.filters):
            chip = f" {LABELS.get(facet, facet)}: {clean(value)} × "
            selected = self.has_focus and i == self._cursor
            out.append(chip, palette.current_hit if selected else palette.hit)
            out.append(" ")
        if self.has_focus:
            out.append("←/→ x removes", style="dim")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.filters:
            self._cursor = (self._cursor + step) % len(self.filters)
            self.refresh()

    def action_remove(self) -> None:
        if self.filters:
            facet, value = self.filters[self._cursor]
            self.post_message(self.Removed(facet, value))
