"""The status line: result totals and timing, the sort order, and what the
user should know about the query (a notice, a 'did you mean' with its key).

Query text and suggestions can contain anything the user typed or the index
holds, so the line is built as ``Text`` like article text, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from rjtui.display import clean
from rjtui.results import SearchResult, plural
from rjtui.tui.palette import PLAIN, Palette, follow_theme, palette_of
from rjtui.tui.render import META


def status_text(
    result: SearchResult,
    *,
    sort: str,
    timings: bool,
    accept_key: str,
    context: str = "",
    literal_key: str = "",
    literal: bool = False,
    palette: Palette = PLAIN,
) -> Text:
    """``N articles · M passages``, then what the user must see (other spellings
    searched, context, notice, suggestion), then ``X ms · sort``: a narrow terminal
    cuts the end first."""
    articles, passages = result.total_articles, result.total_passages
    out = Text(end="", no_wrap=True, overflow="ellipsis")
    out.append(f"{plural(articles, 'article')} · ")
    out.append(
        "metadata match, no passage" if result.metadata_match else plural(passages, "passage")
    )
    if result.expansion:  # what was searched besides the words typed: first, never cut
        out.append(" · ")
        out.append(clean(result.expansion), palette.suggestion)
        out.append(f" — {literal_key} to search the literal word only", META)
    elif literal:
        out.append(" · literal search", palette.suggestion)
        out.append(f" ({literal_key} widens names)", META)
    if result.query.strip() and not result.query.startswith("like:"):
        out.append(f" · {result.scope_label}", META)
    if context:
        out.append(" · ")
        out.append(clean(context), palette.suggestion)
    if result.notice:
        out.append(" · ")
        out.append(clean(result.notice), palette.notice)
    if result.suggestion:
        out.append(" · did you mean ")
        out.append(clean(result.suggestion), palette.suggestion)
        out.append(f"? {accept_key} accepts", META)
    if timings:
        out.append(f" · {result.elapsed_ms:.0f} ms")
    out.append(f" · sort: {sort} (s)", META)
    return out


class StatusLine(Static):
    """One line under the panes.

    Its size never depends on its text (one row, the screen's width: app.tcss), so
    an update repaints the line without a layout pass: a layout after every search
    made Textual repaint every pane's scrollbar, and so every pane.
    """

    _shown: Callable[[], Text] | None = None
    """Makes the text on show, so a theme change can make it again."""

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _show(self, make: Callable[[], Text]) -> None:
        self._shown = make
        self.update(make(), layout=False)

    def _restyle(self) -> None:
        if self._shown is not None:
            self.update(self._shown(), layout=False)

    def show_result(
        self,
        result: SearchResult,
        *,
        sort: str,
        timings: bool,
        accept_key: str,
        context: str = "",
        literal_key: str = "",
        literal: bool = False,
    ) -> None:
        self._show(
            lambda: status_text(
                result,
                sort=sort,
                timings=timings,
                accept_key=accept_key,
                context=context,
                literal_key=literal_key,
                literal=literal,
                palette=palette_of(self.app),
            )
        )

    def show_message(self, message: str, *, error: bool = False) -> None:
        """A plain message such as 'Opening index…' or a one-line error."""
        self._show(
            lambda: Text(clean(message), palette_of(self.app).error if error else META, end="")
        )
