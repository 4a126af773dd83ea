"""The concordance: every passage matching the query, keyword in context.

One line per passage with the first hit centred, so a term's uses across the
corpus can be scanned down a column; enter opens that passage in the reader.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.results import PassageMatch, PassageResult
from rjtui.tui.render import META, clean, kwic
from rjtui.tui.serial import problem

LIMIT = 200
TITLE_WIDTH = 30


def concordance_line(match: PassageMatch, context: int) -> Text:
    """``left context HIT right context  Title ¶n``."""
    line = kwic(match.passage, context=context)
    line.append(f"  {clean(match.article.title)[:TITLE_WIDTH]} ¶{match.passage.n}", META)
    return line


class ConcordanceScreen(ModalScreen[tuple[str, str] | None]):
    """Dismissed with ``(article_id, passage_id)`` when a line is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, engine: Any, query: str, filters: dict[str, Any]) -> None:
        super().__init__()
        self._engine = engine
        self._query = query
        self._filters = filters
        self._matches: dict[str, PassageMatch] = {}

    def compose(self) -> ComposeResult:
        lines = OptionList(Option(Text("Searching…", META), disabled=True), id="concordance")
        lines.border_title = f"Concordance: {clean(self._query)}"
        lines.border_subtitle = "enter opens · esc closes"
        yield lines

    def on_mount(self) -> None:
        self._search()

    @work(thread=True, exclusive=True)
    def _search(self) -> None:
        try:
            result = self._engine.search_passages(self._query, **self._filters, limit=LIMIT)
        except Exception as exc:
            self.app.call_from_thread(self.notify, problem(exc), severity="error")
            return
        self.app.call_from_thread(self._show, result)

    def _show(self, result: PassageResult) -> None:
        lines = self.query_one(OptionList)
        # Room for the title column (TITLE_WIDTH + "  " + " ¶nnn"), the hit and padding.
        context = max(12, (lines.scrollable_content_region.width - TITLE_WIDTH - 22) // 2)
        self._matches = {m.passage.id: m for m in result.passages}
        options = [Option(concordance_line(m, context), id=m.passage.id) for m in result.passages]
        lines.set_options(options or [Option(Text("No passages match.", META), disabled=True)])
        if options:
            lines.highlighted = 0
        shown = f"{len(options)} of {result.total_passages}" if options else "none"
        lines.border_title = f"Concordance: {clean(self._query)} · {shown}"
        if result.notice:
            self.notify(clean(result.notice), severity="warning")
        lines.focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        match = self._matches.get(event.option.id or "")
        if match is not None:
            self.dismiss((match.article.id, match.passage.id))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
