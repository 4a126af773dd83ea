"""The status line: result totals and timing, the sort order, and what the
user should know about the query (a notice, a 'did you mean' with its key).

Query text and suggestions can contain anything the user typed or the index
holds, so the line is built as ``Text`` like article text, never as markup.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from rjtui.results import SearchResult, plural
from rjtui.tui.render import META, clean

NOTICE = Style(color="#e5a50a", bold=True)
SUGGESTION = Style(color="#6fa8dc", bold=True)
ERROR = Style(color="#e06c75", bold=True)


def status_text(
    result: SearchResult,
    *,
    sort: str,
    timings: bool,
    accept_key: str,
    context: str = "",
    literal_key: str = "",
    literal: bool = False,
) -> Text:
    """``N articles · M passages``, then what the user must see (context, notice,
    suggestion), then ``X ms · sort``: a narrow terminal cuts the end first."""
    articles, passages = result.total_articles, result.total_passages
    out = Text(end="", no_wrap=True, overflow="ellipsis")
    out.append(f"{plural(articles, 'article')} · ")
    out.append(
        "metadata match, no passage" if result.metadata_match else plural(passages, "passage")
    )
    if result.query.strip() and not result.query.startswith("like:"):
        out.append(f" · {result.scope_label}", META)
    if context:
        out.append(" · ")
        out.append(clean(context), SUGGESTION)
    if result.notice:
        out.append(" · ")
        out.append(clean(result.notice), NOTICE)
    if result.expansion:
        out.append(" · ")
        out.append(clean(result.expansion), SUGGESTION)
        out.append(f" — {literal_key} to search the literal word only", META)
    elif literal:
        out.append(" · literal search", SUGGESTION)
        out.append(f" ({literal_key} widens names)", META)
    if result.suggestion:
        out.append(" · did you mean ")
        out.append(clean(result.suggestion), SUGGESTION)
        out.append(f"? {accept_key} accepts", META)
    if timings:
        out.append(f" · {result.elapsed_ms:.0f} ms")
    out.append(f" · sort: {sort} (s)", META)
    return out


class StatusLine(Static):
    """One line under the panes."""

    def show_result(self, result: SearchResult, **options: Any) -> None:
        """``options``: the keyword arguments of :func:`status_text`."""
        self.update(status_text(result, **options))

    def show_message(self, message: str, *, error: bool = False) -> None:
        """A plain message such as 'Opening index…' or a one-line error."""
        self.update(Text(clean(message), ERROR if error else META, end=""))
