"""The top passages that rank articles, and the article scores drawn from them, are
exactly the reference's: the fast selection (``rjtui.search.matchset.top``) against
``heapq.nlargest``, ties in passage order, and the vectorised article scores
(``rjtui.search.engine.article_scores``) against a Python step per passage."""

from __future__ import annotations

import heapq
from collections import defaultdict
from operator import itemgetter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from rjtui.search.engine import _article_score, article_scores
from rjtui.search.matchset import top

# Few distinct scores (term frequencies are small integers), so ties cross the cut.
scores = st.lists(st.sampled_from([0.0, 0.5, 1.25, 1.25 + 2.5, 2.5, 3.0]), max_size=80)


# Many distinct scores as well (sums over several words): ``top`` finds its cut by a
# sort or by a partition depending on how many distinct values a sample shows.
distinct = st.lists(st.floats(0, 10, allow_nan=False) | st.sampled_from([1.25, 2.5]), max_size=300)


@given(scores | distinct, st.integers(-1, 320))
def test_top_is_nlargest_with_ties_in_passage_order(values, n):
    expected = heapq.nlargest(max(n, 0), enumerate(values), key=itemgetter(1))
    assert top(np.array(values, dtype=np.float64), n).tolist() == [i for i, _ in expected]


def reference_scores(akeys, ordered_scores, titles, words):
    """The ranking as it was written first: group the passages per article, best first."""
    grouped = defaultdict(list)
    for akey, score in zip(akeys, ordered_scores, strict=True):
        grouped[akey].append(score)
    return {akey: _article_score(found, titles[akey], words) for akey, found in grouped.items()}


@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.sampled_from([0.5, 1.25, 2.5, 3.0, 7.75])), max_size=60
    ),
    st.lists(st.integers(0, 3), min_size=13, max_size=13),
    st.integers(0, 4),
)
def test_article_scores_are_the_python_reference(passages, titles, words):
    """Same articles, same order (that of their best passage), the same floats - the
    sums of the next four passages run in the same order - for articles with one
    passage or many (more than five: the rest count nothing), with and without title hits."""
    passages.sort(key=itemgetter(1), reverse=True)  # best first, as ``top`` gives them
    akeys = [a for a, _ in passages]
    ordered = [s for _, s in passages]
    got = article_scores(
        np.array(akeys, dtype=np.intp), np.array(ordered), np.array(titles, dtype=np.intp), words
    )
    expected = reference_scores(akeys, ordered, titles, words)
    assert list(got.items()) == list(expected.items())
