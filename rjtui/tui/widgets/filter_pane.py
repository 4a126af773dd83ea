"""The filters pane: Topics, Authors, Source, Year and Mentions lists with live counts.

Each row shows whether the filter is active and how many articles the current
query would match with it (the engine computes each facet without its own
filter, so counts say what toggling would give). The pane never changes the
search itself: it posts ``FilterPane.Changed`` and the screen decides.

Names are shown whole (a long one wraps under itself) and each box is as tall
as its rows, the pane scrolling when together they do not fit. Articles
lacking an author, source or date are the "(unknown)" row, listed last. A
topic that nearly every result has (``BROAD`` of them or more) narrows
nothing, so it is listed after the others, dimmed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.display import clean
from rjtui.results import UNKNOWN, Facets, Filters
from rjtui.tui.palette import PLAIN, Palette, follow_theme, palette_of

TITLES = {
    "topics": "Topics",
    "authors": "Authors",
    "sources": "Source",
    "years": "Year",
    "entities": "Mentions",
}
"""The facets (``rjtui.results.FACETS``) the pane shows, in display order, with titles."""
Labels = Mapping[str, tuple[str, str]]
"""Value -> (group, display name): Mentions shows entity names grouped by kind."""
MAX_ROWS = 60
"""Rows per list: the busiest values plus every active one (a 10k corpus has
hundreds of authors; a longer list is noise and slows every keystroke)."""

BROAD = 0.9
"""A topic on at least this share of the results is listed last, dimmed."""
COUNT = Style(dim=True)
INDENT = 7
"""Columns before a name (marker and count): a wrapped name continues under it."""
GROUP = Style(italic=True, dim=True)


def is_broad(facet: str, count: int, total: int) -> bool:
    """A topic nearly every result has: filtering on it would narrow nothing."""
    return facet == "topics" and total > 0 and count >= BROAD * total


def facet_rows(
    facet: str,
    counts: Mapping[str, int],
    active: tuple[str, ...],
    labels: Labels | None = None,
    total: int = 0,
) -> list[tuple[str, int]]:
    """The ``(value, count)`` rows to show: active values first, then the top
    values by count (years newest first; labelled values by group, the group of the
    busiest value first), then topics on nearly all ``total`` results and
    "(unknown)"; capped at ``MAX_ROWS``."""
    if labels:
        rows = [(v, counts.get(v, 0)) for v in active]
        rows += sorted(
            ((v, n) for v, n in counts.items() if v not in active and n > 0),
            key=lambda kv: (-kv[1], labels.get(kv[0], ("", kv[0]))[1].casefold()),
        )[: max(0, MAX_ROWS - len(active))]
        rank: dict[str, int] = {}  # groups in the order of their busiest (or active) row
        for value, _ in rows:
            rank.setdefault(labels.get(value, ("~", value))[0], len(rank))
        return sorted(rows, key=lambda kv: rank[labels.get(kv[0], ("~", kv[0]))[0]])
    if facet == "years":
        ranked = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    else:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    rest = [kv for kv in ranked if kv[0] not in active and kv[1] > 0]
    rest.sort(key=lambda kv: (kv[0] == UNKNOWN, is_broad(facet, kv[1], total)))  # stable
    rows = [(value, counts.get(value, 0)) for value in active] + rest
    return rows[: max(MAX_ROWS, len(active))]


def row_text(
    value: str, count: int, is_active: bool, palette: Palette = PLAIN, *, dim: bool = False
) -> Text:
    """``●   12 value``: a filled marker and bold name when the filter is on, the
    whole row dim for a topic that narrows nothing. A long name wraps under
    itself (``INDENT``), so it is read whole."""
    text = Text(end="", overflow="fold")
    text.append("● " if is_active else "○ ", palette.active if is_active else COUNT)
    text.append(f"{count:>4} ", COUNT)
    text.append(clean(value), palette.active if is_active else COUNT if dim else "")
    return text


def hang(text: Text, width: int) -> Text:
    """``text`` wrapped to ``width`` with every line after the first indented to
    ``INDENT`` columns (rich wraps flush left)."""
    if width <= INDENT + 4 or text.cell_len <= width:
        return text
    head = text[:INDENT]
    lines = text[INDENT:].wrap(_CONSOLE, width - INDENT)
    out = head + lines[0]
    for line in lines[1:]:
        out.append("\n" + " " * INDENT)
        out.append_text(line)
    out.rstrip()
    return out


_CONSOLE = Console(width=200, legacy_windows=False)


class FacetList(OptionList):
    """One facet's values; space or enter toggles the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle filter"),
        Binding("enter", "select", "Toggle filter", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, facet: str) -> None:
        super().__init__(id=f"facet-{facet}", classes="facet-list")
        self.facet = facet
        self.border_title = TITLES[facet]
        self._shown: tuple[Mapping[str, int], tuple[str, ...], int] | None = None
        self._drawn: tuple[object, ...] = ()
        """What the rows were made from (shown, width, palette, labels)."""
        self._width = 0
        self.labels: Labels = {}

    def on_resize(self) -> None:
        """Re-wrap the names to the new width."""
        width = self.scrollable_content_region.width
        if width != self._width and self._shown is not None:
            self._width = width
            self.show(*self._shown)

    def show(self, counts: Mapping[str, int], active: tuple[str, ...], total: int = 0) -> None:
        """Replace the rows, keeping the cursor on the same value when it is still there.

        Rows that would come out the same are kept: most keystrokes leave some
        lists as they were, and rebuilding one costs its layout and repaint."""
        palette = palette_of(self.app)
        width = self.scrollable_content_region.width
        drawn = (counts, active, total, width, palette, self.labels)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._shown = (counts, active, total)
        keep = self.highlighted_option.id if self.highlighted_option else None
        rows = facet_rows(self.facet, counts, active, self.labels, total)
        options: list[Option] = []
        group = None
        for value, count in rows:
            label = self.labels.get(value)
            if label is not None and label[0] != group:
                group = label[0]
                options.append(Option(Text(group, GROUP), disabled=True))
            name = label[1] if label else value
            dim = value not in active and is_broad(self.facet, count, total)
            row = row_text(name, count, value in active, palette, dim=dim)
            options.append(Option(hang(row, width), id=value))
        self.set_options(options)
        self.border_subtitle = f"{len(active)} on" if active else ""
        if keep is not None and any(value == keep for value, _ in rows):
            self.highlighted = self.get_option_index(keep)
        elif rows:
            self.highlighted = self.get_option_index(rows[0][0])

    def laid_out_height(self) -> int | None:
        """The rows this box will take for the rows it has (its height is auto, between
        its min and max), or ``None`` when its height does not follow them (on a narrow
        terminal the lists share the pane)."""
        styles = self.styles
        if styles.height is None or not styles.height.is_auto:
            return None
        tall = self.virtual_size.height + styles.gutter.height
        low = styles.min_height.cells if styles.min_height else None
        high = styles.max_height.cells if styles.max_height else None
        return max(low or 0, min(high or tall, tall))


class FilterPane(VerticalScroll, can_focus=False):
    """The facet lists stacked, scrolling together; posts ``Changed`` when a row is
    toggled."""

    class Changed(Message):
        """The user toggled ``facet=value``."""

        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def compose(self) -> ComposeResult:
        for facet in TITLES:
            yield FacetList(facet)

    _shown: tuple[Facets, Filters, int] | None = None

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _restyle(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def show(
        self,
        facets: Facets,
        filters: Filters,
        total: int = 0,
        *,
        then: Callable[[], object] | None = None,
    ) -> None:
        """Show fresh counts and which values are on (``total``: the results' count), and
        call ``then`` once every list shows them.

        The lists that will be in view change at once, those below it in the next frame,
        after the results are drawn: Year and Mentions, below the fold at 120x35, were
        more than half of this pane's time on a keystroke at 10k articles. Where each
        list will be comes from the heights of those above it for their new rows."""
        self._shown = shown = (facets, filters, total)
        lists = list(self.query(FacetList))
        bottom = self.scroll_offset.y + self.scrollable_content_region.height
        top: float = lists[0].virtual_region.y if lists else 0
        for i, facet_list in enumerate(lists):
            if top >= bottom:
                self.call_after_refresh(self._show_later, shown, lists[i:], then)
                return
            facet_list.show(facets[facet_list.facet], filters[facet_list.facet], total)
            height = facet_list.laid_out_height()
            top = top + height if height is not None else float("-inf")
        if then is not None:
            then()

    def _show_later(
        self,
        shown: tuple[Facets, Filters, int],
        lists: list[FacetList],
        then: Callable[[], object] | None,
    ) -> None:
        if shown is not self._shown:
            return  # a newer show has them
        facets, filters, total = shown
        for facet_list in lists:
            facet_list.show(facets[facet_list.facet], filters[facet_list.facet], total)
        if then is not None:
            then()

    def set_labels(self, facet: str, labels: Labels) -> None:
        """Display names (and groups) for one facet's values, e.g. entity ids."""
        self.query_one(f"#facet-{facet}", FacetList).labels = labels

    def focus_facet(self, facet: str) -> None:
        self.query_one(f"#facet-{facet}", FacetList).focus()

    @on(OptionList.OptionSelected)
    def _toggled(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, FacetList) and event.option.id is not None:
            self.post_message(self.Changed(event.option_list.facet, event.option.id))
