"""The top passages that rank articles are exactly the reference's: the fast selection
(``rjtui.search.engine._best``) against ``heapq.nlargest``, ties in dict order."""

from __future__ import annotations

import heapq
from operator import itemgetter

from hypothesis import given
from hypothesis import strategies as st

from rjtui.search.engine import _best

# Few distinct scores (term frequencies are small integers), so ties cross the cut.
scores = st.dictionaries(
    st.integers(0, 10**6), st.sampled_from([0.0, 0.5, 1.25, 1.25 + 2.5, 2.5, 3.0]), max_size=80
)


@given(scores, st.integers(-1, 90))
def test_best_is_nlargest_with_ties_in_dict_order(hits, n):
    assert _best(hits, n) == heapq.nlargest(max(n, 0), hits.items(), key=itemgetter(1))
