"""The filters pane: Topics, Authors, Source, Year and Mentions lists with live counts.

Each row shows whether the filter is active and how many articles the current
query would match with it (the engine computes each facet without its own
filter, so counts say what toggling would give). The pane never changes the
search itself: it posts ``FilterPane.Changed`` and the screen decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjtui.display import clean
from rjtui.results import Facets, Filters
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

COUNT = Style(dim=True)
GROUP = Style(italic=True, dim=True)


def facet_rows(
    facet: str, counts: Mapping[str, int], active: tuple[str, ...], labels: Labels | None = None
) -> list[tuple[str, int]]:
    """The ``(value, count)`` rows to show: active values first, then the top
    values by count (years newest first; labelled values by group, the group of the
    busiest value first), capped at ``MAX_ROWS``."""
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
    rows = [(value, counts.get(value, 0)) for value in active]
    rows += [kv for kv in ranked if kv[0] not in active and kv[1] > 0]
    return rows[: max(MAX_ROWS, len(active))]


def row_text(value: str, count: int, is_active: bool, palette: Palette = PLAIN) -> Text:
    """``●   12 value``: a filled marker and bold name when the filter is on; the
    count comes first so a long name is what gets cut, never the number."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append("● " if is_active else "○ ", palette.active if is_active else COUNT)
    text.append(f"{count:>4} ", COUNT)
    text.append(clean(value), palette.active if is_active else "")
    return text


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
        self.labels: Labels = {}

    def show(self, counts: Mapping[str, int], active: tuple[str, ...]) -> None:
        """Replace the rows, keeping the cursor on the same value when it is still there."""
        keep = self.highlighted_option.id if self.highlighted_option else None
        rows = facet_rows(self.facet, counts, active, self.labels)
        palette = palette_of(self.app)
        options: list[Option] = []
        group = None
        for value, count in rows:
            label = self.labels.get(value)
            if label is not None and label[0] != group:
                group = label[0]
                options.append(Option(Text(group, GROUP), disabled=True))
            name = label[1] if label else value
            options.append(Option(row_text(name, count, value in active, palette), id=value))
        self.set_options(options)
        self.border_subtitle = f"{len(active)} on" if active else ""
        if keep is not None and any(value == keep for value, _ in rows):
            self.highlighted = self.get_option_index(keep)
        elif rows:
            self.highlighted = self.get_option_index(rows[0][0])


class FilterPane(Vertical):
    """The facet lists stacked; posts ``Changed`` when a row is toggled."""

    class Changed(Message):
        """The user toggled ``facet=value``."""

        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def compose(self) -> ComposeResult:
        for facet in TITLES:
            yield FacetList(facet)

    _shown: tuple[Facets, Filters] | None = None

    def on_mount(self) -> None:
        follow_theme(self, self._restyle)

    def _restyle(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, facets: Facets, filters: Filters) -> None:
        """Show fresh counts and which values are on."""
        self._shown = (facets, filters)
        for facet_list in self.query(FacetList):
            facet_list.show(facets[facet_list.facet], filters[facet_list.facet])

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
