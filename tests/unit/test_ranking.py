"""The top passages that rank articles are exactly the reference's: the fast selection
(``rjtui.search.matchset.top``) against ``heapq.nlargest``, ties in passage order."""

from __future__ import annotations

import heapq
from operator import itemgetter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from rjtui.search.matchset import top

# Few distinct scores (term frequencies are small integers), so ties cross the cut.
scores = st.lists(st.sampled_from([0.0, 0.5, 1.25, 1.25 + 2.5, 2.5, 3.0]), max_size=80)


@given(scores, st.integers(-1, 90))
def test_top_is_nlargest_with_ties_in_passage_order(values, n):
    expected = heapq.nlargest(max(n, 0), enumerate(values), key=itemgetter(1))
    assert top(np.array(values, dtype=np.float64), n).tolist() == [i for i, _ in expected]
