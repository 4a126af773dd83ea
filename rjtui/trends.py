"""Trends: how many matching articles (or passages) each year or month, for up to four
queries.

Pure counting over article dates, shared by ``rjtui trends`` and the TUI chart.
Periods run without gaps from the first to the last dated match of any series
(a year with nothing is a 0, not a missing point), and per month when that
range is under three years. Undated articles cannot be placed on the axis, so
they are counted apart and always reported; in a month chart so are articles
dated only to the year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

By = Literal["year", "month"]
MAX_SERIES = 4
MONTHLY_UNDER_YEARS = 3


@dataclass(frozen=True)
class Series:
    query: str
    points: tuple[tuple[str, int], ...]
    undated: int
    year_only: int = 0
    """Articles dated only to the year (month charts cannot place them)."""

    @property
    def total(self) -> int:
        return sum(count for _, count in self.points) + self.undated + self.year_only


@dataclass(frozen=True)
class Trends:
    by: By
    series: tuple[Series, ...]
    undated: int
    """Undated articles (or their passages) matching any series, each counted once."""
    unit: str = "articles"
    """What is counted: ``articles`` or ``passages``."""

    def to_json(self) -> dict[str, Any]:
        """The ``rjtui trends --json`` contract."""
        return {
            "by": self.by,
            "unit": self.unit,
            "series": [
                {
                    "query": s.query,
                    "points": [[period, count] for period, count in s.points],
                    "undated": s.undated,
                    "year_only": s.year_only,
                }
                for s in self.series
            ],
            "undated": self.undated,
        }

    def side_note(self) -> str:
        """What the chart cannot show, said in words (never dropped silently)."""
        noun = "article" if self.unit == "articles" else "passage"
        what = f"{self.undated} undated {noun}{'s' * (self.undated != 1)}"
        parts = [f"{what} not on the chart"]
        year_only = sum(s.year_only for s in self.series)
        if year_only:
            parts.append(f"{year_only} dated only to the year")
        return "; ".join(parts)


def choose_by(dates: Sequence[Sequence[str | None]]) -> By:
    """Per year, or per month when every dated match falls within three years."""
    years = [int(d[:4]) for series in dates for d in series if d]
    if years and max(years) - min(years) < MONTHLY_UNDER_YEARS:
        return "month"
    return "year"


def build_trends(
    queries: Sequence[str],
    dates: Sequence[Sequence[str | None]],
    *,
    by: By | None = None,
    undated_keys: int | None = None,
    unit: str = "articles",
) -> Trends:
    """One series per query from the dates of its matching articles (``None``: undated).

    ``undated_keys`` is the number of distinct undated articles across all series
    (the caller knows identities); by default the per-series counts are summed.
    """
    by = by or choose_by(dates)
    width = 4 if by == "year" else 7
    counted: list[tuple[Counter[str], int, int]] = []
    for series in dates:
        counts: Counter[str] = Counter()
        undated = year_only = 0
        for date in series:
            if not date:
                undated += 1
            elif len(date) < width:
                year_only += 1
            else:
                counts[date[:width]] += 1
        counted.append((counts, undated, year_only))
    periods = _periods([p for counts, _, _ in counted for p in counts], by)
    series_out = tuple(
        Series(query, tuple((p, counts[p]) for p in periods), undated, year_only)
        for query, (counts, undated, year_only) in zip(queries, counted, strict=True)
    )
    total_undated = undated_keys if undated_keys is not None else sum(s.undated for s in series_out)
    return Trends(by, series_out, total_undated, unit)


def _periods(found: list[str], by: By) -> list[str]:
    """Every period from the first to the last found, gaps included."""
    if not found:
        return []
    first, last = min(found), max(found)
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
