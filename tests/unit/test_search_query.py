"""Query parsing guard rails and the bounded edit distance behind fuzzy terms."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjtui.search.query import (
    MAX_QUERY_CHARS,
    Vocabulary,
    edit_distance,
    malformation,
    plain_terms,
)
from rjtui.search.schema import PackedPositions


def osa_reference(a: str, b: str) -> int:
    """Textbook optimal-string-alignment distance (full dynamic programme)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@settings(max_examples=1000, deadline=None)
@given(st.text("abcd", max_size=8), st.text("abcd", max_size=8), st.integers(0, 3))
def test_edit_distance_matches_the_reference_up_to_its_limit(a, b, limit):
    expected = osa_reference(a, b)
    assert edit_distance(a, b, limit) == (expected if expected <= limit else limit + 1)


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("sakhalni", "sakhalin", 2) == 1


def test_malformation_reasons():
    assert malformation('"cold war') == "unbalanced quotes"
    assert malformation("(japan") == "unbalanced brackets"
    assert malformation("japan)") == "unbalanced brackets"
    assert "nothing to combine" in malformation("japan AND")
    assert "two operators" in malformation("japan AND OR russia")
    assert "nothing after" in malformation("title:")
    for fine in ("japan", '"cold war"', "(a OR b) AND NOT c", "NOT russia", "sak*", "year:2022"):
        assert malformation(fine) is None, fine


def test_plain_terms_strip_syntax():
    assert plain_terms('("cold war" AND title:japan*') == "cold war title japan"


PIECES = [*'ab "()*~:^[]{}-+\\/!?', "AND", "OR", "NOT", "title:", "сан", "北方", "japan"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_input_returns_a_result_never_an_exception(seeds_engine, text):
    result = seeds_engine.search(text, limit=3)
    assert result.total_articles >= len(result.articles)
    assert len(result.searched or "") <= MAX_QUERY_CHARS


def _near_cases(alphabet: str, *more: st.SearchStrategy) -> Callable:
    """Vocabularies, a term, an edit distance and a prefix length (and ``more``)."""
    return given(
        st.lists(st.text(alphabet, min_size=1, max_size=7), min_size=1, max_size=40),
        st.text(alphabet, min_size=1, max_size=7),
        st.integers(0, 2),
        st.integers(0, 2),
        *more,
    )


@settings(max_examples=500, deadline=None)
@_near_cases("abc")
def test_vocabulary_near_finds_exactly_the_words_within_the_distance(words, term, dist, prefix):
    """The cheap piece filter in front of the edit distance never loses a true match."""
    vocabulary = Vocabulary({w: w for w in words})
    expected = {
        (edit_distance(term, w, dist), w)
        for w in words
        if w.startswith(term[:prefix]) and edit_distance(term, w, dist) <= dist
    }
    assert sorted(vocabulary.near(term, dist, prefix)) == sorted(expected)


def _near_one_by_one(vocabulary, term, maxdist, prefix, scan):
    """``Vocabulary.near`` as it was written first: every candidate glanced at in turn."""
    from rjtui.search.query import _pieces

    head = term[:prefix]
    first, middles, last = _pieces(term, maxdist)
    letters = [term[0]] if prefix else sorted({k[0] for k in vocabulary._buckets})
    for letter in letters:
        for length in range(len(term) - maxdist, len(term) + maxdist + 1):
            for candidate in vocabulary._buckets.get((letter, length), ()):
                if not scan.glance():
                    return
                if not candidate.startswith(head) or not (
                    candidate.startswith(first)
                    or candidate.endswith(last)
                    or any(m in candidate for m in middles)
                ):
                    continue
                if not scan.take():
                    return
                dist = edit_distance(term, candidate, maxdist)
                if dist <= maxdist:
                    yield dist, candidate


@settings(max_examples=500, deadline=None)
@_near_cases("ab.c", st.integers(0, 6))
def test_vocabulary_near_spends_a_scan_as_one_candidate_at_a_time_would(
    words, term, dist, prefix, limit
):
    """Whole buckets are filtered by one regex while the scan lasts; where it runs out
    the same candidates are found, in the same order, and the scan ends in the same
    state (``.`` checks the regex escapes what it is built from)."""
    from rjtui.search.query import Scan

    vocabulary = Vocabulary({w: w for w in words})
    ours, theirs = Scan(limit), Scan(limit)
    got = list(vocabulary.near(term, dist, prefix, ours))
    assert got == list(_near_one_by_one(vocabulary, term, dist, prefix, theirs))
    assert (ours.left, ours.cut) == (theirs.left, theirs.cut)


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=50, unique=True).map(sorted))
@settings(max_examples=300)
def test_packed_positions_round_trip(positions):
    fmt = PackedPositions()
    encoded = fmt.encode(positions)
    assert fmt.decode_positions(encoded) == positions
    assert fmt.decode_frequency(encoded) == len(positions)
