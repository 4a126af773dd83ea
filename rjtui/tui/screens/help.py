"""The help screen: every key binding, grouped by where it works.

Built from the widgets' own ``BINDINGS`` so it can never drift from what the
keys actually do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rjtui.tui.palette import PLAIN, Palette, palette_of

HelpSection = tuple[str, Sequence[BindingType]]


def help_text(
    sections: Iterable[HelpSection],
    key_display: Callable[[Binding], str],
    palette: Palette = PLAIN,
) -> Text:
    """Sections of ``key  description`` rows; ``key_display`` formats a binding's key."""
    out = Text(end="")
    for title, bindings in sections:
        rows: dict[str, list[str]] = {}
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = ", ".join(key_display(Binding(k, "")) for k in binding.key.split(","))
            rows.setdefault(binding.description, []).append(keys)
        if not rows:
            continue
        if out:
            out.append("\n\n")
        out.append(title, Style(bold=True, underline=True))
        for description, all_keys in rows.items():
            out.append("\n")
            out.append(" / ".join(all_keys).rjust(16), palette.key)
            out.append(f"  {description}")
    return out


class HelpScreen(ModalScreen[None]):
    """A modal listing every binding; esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
        Binding("g,home", "scroll(-1000)", "Top", show=False),
        Binding("G,end", "scroll(1000)", "Bottom", show=False),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "esc closes"
            yield Static(help_text(self._sections, self.app.get_key_display, palette_of(self.app)))

    def action_scroll(self, lines: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
