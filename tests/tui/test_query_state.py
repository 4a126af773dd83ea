"""What the user asks for: toggling filters, stepping back, sort order."""

from __future__ import annotations

from rjtui.results import Filters
from rjtui.tui.query_state import QueryState


def test_toggle_adds_then_removes_and_esc_undoes_newest_first() -> None:
    state = QueryState("japan").toggled("topics", "energy").toggled("authors", "Ann")
    assert state.chosen == Filters.of(topics=["energy"], authors=["Ann"])
    assert state.chosen.active() == {"authors": ("Ann",), "topics": ("energy",)}
    assert state.toggled("topics", "oil").chosen["topics"] == ("energy", "oil")
    assert state.without_last_filter().filters == (("topics", "energy"),)
    assert state.toggled("topics", "energy").filters == (("authors", "Ann"),)


def test_empty_query_is_always_newest_first() -> None:
    assert QueryState("").with_next_sort().effective_sort == "date"
    assert QueryState("").effective_sort == "date"
    assert QueryState("oil").effective_sort == "relevance"
    assert QueryState("oil").with_next_sort().search_kwargs()["sort"] == "date"
    assert QueryState("oil").with_next_sort().with_next_sort().sort == "relevance"


def test_literal_search_is_a_toggle_the_engine_sees() -> None:
    state = QueryState("kuril")
    assert state.search_kwargs()["expand"] is None  # the config decides
    assert state.with_literal_toggled().search_kwargs()["expand"] is False
    assert state.with_literal_toggled().with_literal_toggled() == state
