"""Facet counts and filters from per-value bitsets equal a plain count over the articles."""

from __future__ import annotations

from collections import Counter
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from rjtui.results import FACETS, Filters, facet_values
from rjtui.search.matchset import keys_mask
from rjtui.search.table import ArticleTable

AUTHORS = ["Maria Tanaka", "maria tanaka", "Ivan Petrov", "Ken Sato", "Anna Ivanova"]
TOPICS = ["energy", "security", "fisheries", "Energy"]
SOURCES = ["", "RIAC", "The Diplomat"]


@st.composite
def tables(draw):
    keys = draw(st.sets(st.integers(0, 300), min_size=1, max_size=60))
    rows = []
    for akey in sorted(keys):
        rows.append(
            {
                "akey": akey,
                "id": f"a{akey}",
                "authors": draw(st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True)),
                "topics": draw(st.lists(st.sampled_from(TOPICS), max_size=3, unique=True)),
                "source": draw(st.sampled_from(SOURCES)),
                "date": draw(st.sampled_from(["", "2019-05-01", "2022-01-09", "2024-12-31"])),
                "language": draw(st.sampled_from(["en", "ru", "ja"])),
            }
        )
    return rows


def reference(rows, matched, filters: Filters) -> dict[str, dict[str, int]]:
    values = {row["akey"]: facet_values(row) for row in rows}
    active = filters.active()

    def passes(akey: int, facet: str) -> bool:
        mine = {v.casefold() for v in values[akey][facet]}
        return any(v.casefold() in mine for v in active[facet])

    out = {}
    for facet in FACETS:
        keys = [
            k
            for k in values
            if (matched is None or k in matched)
            and all(passes(k, other) for other in active if other != facet)
        ]
        counts = Counter(v for k in keys for v in values[k][facet])
        out[facet] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


@given(data=st.data(), rows=tables())
@settings(max_examples=200, deadline=None)
def test_bitset_facets_and_filters_equal_a_plain_count(data, rows):
    """Either way of counting a facet (popcounts of packed bits for few values, a
    ``bincount`` over pairs for many) gives the plain count."""
    by_bits = data.draw(st.booleans())
    with patch("rjtui.search.table.BITS_PER_PAIR", 10**9 if by_bits else -1):
        table = ArticleTable(rows)
        table.prepare()
    counted_by_bits = {facet for facet, rows in table._bits.items() if len(rows)}
    assert counted_by_bits == ({f for f in FACETS if table._pairs[f][2]} if by_bits else set())
    keys = [row["akey"] for row in rows]
    matched = data.draw(st.none() | st.frozensets(st.sampled_from(keys)))
    filters = Filters.of(
        authors=data.draw(st.lists(st.sampled_from(AUTHORS), max_size=2)),
        topics=data.draw(st.lists(st.sampled_from(TOPICS), max_size=2)),
        years=data.draw(st.lists(st.sampled_from(["2019", "2024", "1999"]), max_size=1)),
    )
    mask = None if matched is None else keys_mask(matched, table.slots)
    facets = table.facets(mask, filters)
    assert {f: facets[f] for f in FACETS} == reference(rows, matched, filters)
    expected_allowed = None
    if filters.active():
        values = {row["akey"]: facet_values(row) for row in rows}
        expected_allowed = frozenset(
            k
            for k in keys
            if all(
                {v.casefold() for v in values[k][f]} & {v.casefold() for v in vs}
                for f, vs in filters.active().items()
            )
        )
    assert table.allowed(filters) == expected_allowed
