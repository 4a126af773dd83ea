"""A field's terms read straight from a segment's term table are Whoosh's own.

``rjtui.search.termlist`` reads the records of Whoosh 3's term table a block at
a time and unpacks only each term's document frequency; what it yields must be
exactly what Whoosh's ``iter_field`` yields, for every field and any starting
point, whatever the block size (records split across blocks, or longer than one).
"""

from __future__ import annotations

import random

import pytest

from rjtui.search.termlist import field_terms


def whoosh_terms(leaf, fieldname: str, start: bytes) -> list[tuple[bytes, int]]:
    return [(term, info.doc_frequency()) for term, info in leaf.iter_field(fieldname, start)]


@pytest.mark.parametrize("block", [16, 97, 4096, 64 << 10])
def test_field_terms_are_whoosh_iter_field(seeds_engine, block: int) -> None:
    reader = seeds_engine._searcher.reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    rng = random.Random(block)
    checked = 0
    for leaf in leaves:
        for fieldname in sorted(leaf.indexed_field_names()):
            if fieldname not in leaf.schema:
                continue
            every = whoosh_terms(leaf, fieldname, b"")
            starts = {
                b"",
                b"\xff",
                *(t[:n] for t, _ in rng.sample(every, min(30, len(every))) for n in (1, 2, 3, 9)),
            }
            for start in sorted(starts):
                found = field_terms(leaf, fieldname, start, block=block)
                assert found is not None
                assert list(found) == whoosh_terms(leaf, fieldname, start), (fieldname, start)
                checked += 1
    assert checked > 100


def test_a_field_the_segment_lacks_has_no_fast_path(seeds_engine) -> None:
    leaf, _ = seeds_engine._searcher.reader().leaf_readers()[0]
    assert field_terms(leaf, "no such field", b"") is None
