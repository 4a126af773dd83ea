"""The Textual application ``rjtui`` opens, and ``run_app`` the CLI calls.

Only Textual and the small rjtui modules are imported here; the search engine
(Whoosh) is imported by the main screen's start-up worker after the first
paint, which is what makes the explorer appear at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from rjtui.config import Config
from rjtui.sanitize import strip_controls
from rjtui.tui.screens.main import MainScreen


class RjtuiApp(App[None]):
    """The explorer: one main screen plus modal helpers (help, concordance, bookmarks)."""

    CSS_PATH = "app.tcss"
    TITLE = "rjtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False),
        # Ctrl-C quits, as in every terminal tool (Textual's default only says "press
        # ctrl+q"), even mid-indexing: the build runs aside, so nothing is lost.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, config: Config, *, timings: bool = True) -> None:
        super().__init__()
        self.config = config
        self._timings = timings

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification as plain, control-free text, whatever ``markup`` the
        caller passed (``Widget.notify`` passes True): messages carry file names,
        error text and queries, and '[link=...]' or '[/]' in a corpus file name must
        not become a hyperlink, an action or a MarkupError that crashes the app."""
        super().notify(
            strip_controls(message),
            title=strip_controls(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen:
        return MainScreen(self.config, timings=self._timings)

    @property
    def main(self) -> MainScreen:
        """The main screen (the bottom of the stack), whatever modal is open."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every explorer action in the command palette, next to Textual's own."""
        main = self.main
        yield SystemCommand("Search", "Focus the search bar (/)", main.action_focus_search)
        yield SystemCommand(
            "Toggle sort", "Sort results by relevance or by date (s)", main.action_toggle_sort
        )
        yield SystemCommand(
            "Clear filters",
            "Turn off every topic, author, source and year filter",
            main.action_clear_filters,
        )
        yield SystemCommand(
            "Concordance", "Keyword in context for the current query (c)", main.action_concordance
        )
        yield SystemCommand("Open bookmarks", "Browse saved passages (B)", main.action_bookmarks)
        yield SystemCommand(
            "Export results",
            "Save the current results as JSON in the data dir",
            main.action_export,
        )
        yield SystemCommand(
            "Rebuild index",
            "Re-read the whole corpus into a fresh index",
            main.action_rebuild_index,
        )
        yield SystemCommand("Help", "Every key binding (?)", main.action_help)
        yield from super().get_system_commands(screen)


def run_app(config: Config) -> int:
    """Run the explorer until the user quits; the exit code for the CLI."""
    app = RjtuiApp(config)
    app.run()
    return app.return_code or 0
