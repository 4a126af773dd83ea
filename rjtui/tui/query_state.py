"""What the user is asking for: query text, active filters and sort order.

Kept as one immutable value, separate from the widgets, so the screen can
compare "the search I started" with "what the user wants now" and drop stale
results, and so ``esc`` can undo filters in the order they were added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rjtui.results import Filters

SORTS: tuple[str, ...] = ("relevance", "date")


@dataclass(frozen=True, slots=True)
class QueryState:
    text: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    """Active ``(facet, value)`` pairs, oldest first."""
    sort: str = "relevance"
    literal: bool = False
    """Search the words as typed: do not widen entity names to their other spellings."""

    def active(self, facet: str) -> tuple[str, ...]:
        """The active values of one facet."""
        return tuple(value for name, value in self.filters if name == facet)

    def toggled(self, facet: str, value: str) -> QueryState:
        """This state with ``facet=value`` switched on or off."""
        pair = (facet, value)
        if pair in self.filters:
            return replace(self, filters=tuple(f for f in self.filters if f != pair))
        return replace(self, filters=(*self.filters, pair))

    def without_last_filter(self) -> QueryState:
        """Undo the most recently added filter (``esc`` steps back one at a time)."""
        return replace(self, filters=self.filters[:-1])

    def with_text(self, text: str) -> QueryState:
        return replace(self, text=text)

    def with_literal_toggled(self) -> QueryState:
        return replace(self, literal=not self.literal)

    def with_next_sort(self) -> QueryState:
        return replace(self, sort=SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])

    @property
    def effective_sort(self) -> str:
        """An empty query lists every article, so it is always newest first."""
        return self.sort if self.text.strip() else "date"

    @property
    def chosen(self) -> Filters:
        """The active filters as the engine takes them."""
        grouped: dict[str, list[str]] = {}
        for facet, value in self.filters:
            grouped.setdefault(facet, []).append(value)
        return Filters.of(**grouped)

    def expand(self) -> bool | None:
        """``Engine`` keyword ``expand``: literal, or the config's default."""
        return False if self.literal else None

    def search_kwargs(self) -> dict[str, Any]:
        """Engine arguments for ``Engine.search`` besides the query text."""
        return {"filters": self.chosen, "sort": self.effective_sort, "expand": self.expand()}
