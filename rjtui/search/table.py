"""The in-memory table of article metadata: filters, facet counts, date order.

Whoosh's own facets re-read per-document values for every query; at 10k
articles that costs more than the search. Article metadata is small, so it is
kept here (loaded from the JSON sidecar written with each index generation)
and filters and facet counts become set operations on article keys.
Facet counts follow the rule the filter panes need: each facet is counted
over the query with every filter applied *except its own*, filters AND across
facets and OR within one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Any

from rjtui.results import ArticleMeta, Facets

FACETS = ("authors", "topics", "sources", "years", "languages", "entities")
FACETS_CACHE = 32
"""Recent facet counts kept: typing and toggling filters repeat the same match sets."""


@dataclass(frozen=True)
class Filters:
    """Selected facet values; empty tuples mean 'no filter on that facet'."""

    authors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    """Gazetteer entity ids the article mentions (the Mentions facet)."""

    @classmethod
    def of(cls, **values: Iterable[object]) -> Filters:
        """Normalise any iterables (years may be ints) into a ``Filters``."""
        unknown = set(values) - set(FACETS)
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(**{k: tuple(str(v) for v in vals) for k, vals in values.items()})

    def active(self) -> dict[str, tuple[str, ...]]:
        return {f: getattr(self, f) for f in FACETS if getattr(self, f)}


def meta_to_row(akey: int, meta: ArticleMeta) -> dict[str, Any]:
    """The sidecar row for one article."""
    row = meta.to_json()
    row.update(
        akey=akey,
        author_note=meta.author_note,
        url=meta.url,
        passage_count=meta.passage_count,
        words=meta.words,
    )
    return row


def row_to_meta(row: Mapping[str, Any]) -> ArticleMeta:
    return ArticleMeta(
        id=row["id"],
        path=row["path"],
        title=row["title"],
        title_is_fallback=row["title_is_fallback"],
        subtitle=row["subtitle"],
        authors=tuple(row["authors"]),
        author_note=row["author_note"],
        date=row["date"],
        source=row["source"],
        section=row["section"],
        language=row["language"],
        topics=tuple(row["topics"]),
        url=row["url"],
        passage_count=row["passage_count"],
        words=row["words"],
        entities=tuple(row.get("entities", ())),
    )


def row_facet_values(row: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The values an article (a sidecar row) contributes to each facet."""
    return {
        "authors": tuple(row["authors"]),
        "topics": tuple(row["topics"]),
        "sources": (row["source"],) if row["source"] else (),
        "years": (row["date"][:4],) if row["date"] else (),
        "languages": (row["language"],),
        "entities": tuple(row.get("entities", ())),
    }


class _Metas(dict[int, ArticleMeta]):
    """``ArticleMeta`` objects made on first access: opening the index stays cheap."""

    def __init__(self, rows: dict[int, Mapping[str, Any]]) -> None:
        super().__init__()
        self._rows = rows

    def __missing__(self, akey: int) -> ArticleMeta:
        meta = self[akey] = row_to_meta(self._rows[akey])
        return meta


class ArticleTable:
    """Article metadata keyed by the integer ``akey`` stored with every passage.

    Only what the first screen needs is built on open (ids, date order); facet
    value lists and the inverted indexes for filters are built when first used.
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._rows = {int(row["akey"]): row for row in rows}
        self.metas = _Metas(self._rows)
        self.by_id: dict[str, int] = {row["id"]: akey for akey, row in self._rows.items()}
        self.all_keys = frozenset(self._rows)
        self.newest_first: list[int] = sorted(
            self._rows,
            key=lambda k: (self._rows[k]["date"] or "", self._rows[k]["id"]),
            reverse=True,
        )
        self._rank = {k: i for i, k in enumerate(self.newest_first)}
        self._facets_cache: dict[tuple[frozenset[int] | None, Filters], Facets] = {}

    @cached_property
    def _values(self) -> dict[str, dict[int, tuple[str, ...]]]:
        values: dict[str, dict[int, tuple[str, ...]]] = {f: {} for f in FACETS}
        for akey, row in self._rows.items():
            for facet, found in row_facet_values(row).items():
                values[facet][akey] = found
        return values

    @cached_property
    def _inverted(self) -> dict[str, dict[str, set[int]]]:
        inverted: dict[str, dict[str, set[int]]] = {f: {} for f in FACETS}
        for facet, by_key in self._values.items():
            for akey, found in by_key.items():
                for value in found:
                    inverted[facet].setdefault(value.casefold(), set()).add(akey)
        return inverted

    def dates(self, keys: Iterable[int]) -> list[str | None]:
        """The date of each article in ``keys`` (``None`` for an undated one)."""
        return [self._rows[k]["date"] for k in keys]

    def article_id(self, akey: int) -> str:
        return self._rows[akey]["id"]

    def passage_count(self, akey: int) -> int:
        return self._rows[akey]["passage_count"]

    def __len__(self) -> int:
        return len(self._rows)

    @cached_property
    def _totals(self) -> dict[str, Counter[str]]:
        return {facet: self._tally(facet, self.all_keys) for facet in FACETS}

    def _tally(self, facet: str, keys: Iterable[int]) -> Counter[str]:
        return Counter(chain.from_iterable(map(self._values[facet].__getitem__, keys)))

    def _count(self, facet: str, keys: frozenset[int]) -> Counter[str]:
        """Value counts over ``keys``; a large set is counted as all minus the rest."""
        if len(keys) * 2 <= len(self.all_keys):
            return self._tally(facet, keys)
        counts = self._totals[facet] - self._tally(facet, self.all_keys - keys)
        return counts

    def by_date(self, keys: Iterable[int]) -> list[int]:
        """``keys`` newest first (undated articles last)."""
        return sorted(keys, key=self._rank.__getitem__)

    def _passing(self, facet: str, values: tuple[str, ...]) -> set[int]:
        inverted = self._inverted[facet]
        out: set[int] = set()
        for value in values:
            out |= inverted.get(value.casefold(), set())
        return out

    def allowed(self, filters: Filters) -> frozenset[int] | None:
        """Articles passing every filter; ``None`` when there is no filter at all."""
        active = filters.active()
        if not active:
            return None
        sets = [self._passing(f, v) for f, v in active.items()]
        return frozenset(set.intersection(*sets))

    def facets(self, matched: frozenset[int] | None, filters: Filters) -> Facets:
        """Counts per facet value over ``matched`` (``None``: every article)."""
        key = (matched, filters)
        cached = self._facets_cache.get(key)
        if cached is not None:
            return cached
        base = self.all_keys if matched is None else matched
        active = {f: self._passing(f, v) for f, v in filters.active().items()}
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            keys: Iterable[int] = base
            for other, passing in active.items():
                if other != facet:
                    keys = passing.intersection(keys)
            counter = self._count(facet, frozenset(keys))
            counts[facet] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        result = Facets(**counts)
        if len(self._facets_cache) >= FACETS_CACHE:
            self._facets_cache.pop(next(iter(self._facets_cache)))
        self._facets_cache[key] = result
        return result
