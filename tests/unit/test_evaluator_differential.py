"""The custom evaluator finds exactly what Whoosh's own Searcher finds.

``rjtui.search.evaluate`` re-implements Whoosh's boolean matching on bulk-read
posting blocks and leans on ~30 private Whoosh names. Hypothesis draws small
random corpora and random queries (words, phrases, prefixes, fuzzy terms,
AND/OR/NOT), parses each with rjtui's own parser, and runs the *same* parsed
query through both: the sets of matching passages must be equal.

Compared in passage scope (``/p``: AND within one passage, Whoosh's own
meaning) and on body text only. Article scope (the default AND: the words
anywhere in one article) and metadata fields (``title:``..., indexed on an
article's first passage and applied to the whole article) differ from Whoosh
on purpose.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjtui.config import Config
from rjtui.search import Engine
from rjtui.session import ensure_index
from tests.unit.test_index import write_article

WORDS = (
    "salmon", "quota", "kuril", "island", "islands", "treaty", "gas", "pipeline",
    "sanction", "sanctions", "fishing", "border", "talks", "summit", "energy", "ministry",
)  # fmt: skip
"""A small vocabulary, so random queries hit often; plurals exercise stemming."""

paragraph = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(
    lambda words: " ".join(words).capitalize() + "."
)
article = st.tuples(st.sampled_from(WORDS), st.lists(paragraph, min_size=1, max_size=4))
corpus = st.lists(article, min_size=2, max_size=6)


def _typo(word: str) -> str:
    return word[:2] + word[3:] if len(word) > 4 else word + "x"


leaf = st.one_of(
    st.sampled_from((*WORDS, "absent")),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f'"{p[0]} {p[1]}"'),
    st.sampled_from(WORDS).map(lambda w: w[:3] + "*"),
    st.sampled_from(WORDS).map(lambda w: _typo(w) + "~"),
)
query = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"({p[0]} AND {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} OR {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} NOT {p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} {p[1]}"),
    ),
    max_leaves=4,
)


def build(folder: Path, articles: list[tuple[str, list[str]]]) -> Engine:
    corpus_dir = folder / "corpus"
    corpus_dir.mkdir()
    for i, (title_word, paragraphs) in enumerate(articles):
        write_article(corpus_dir, f"{i:02d}.txt", f"Report on {title_word} {i}", *paragraphs)
    config = Config(corpus=(corpus_dir,), data_dir=folder / "data")
    assert ensure_index(config).articles == len(articles)
    return Engine.open(config)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=corpus, queries=st.lists(query, min_size=4, max_size=10))
def test_evaluator_match_sets_equal_whoosh_searcher(
    articles: list[tuple[str, list[str]]], queries: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = build(Path(folder), articles)
        try:
            compared = 0
            for text in queries:
                q = engine._builder.parse(text).query
                if q is None:
                    continue
                ours = set(engine._evaluator.run(q, scope="passage").hits)
                theirs = set(engine._searcher.docs_for_query(q))
                assert ours == theirs, (text, repr(q))
                compared += 1
            assert compared  # every drawn query parses to something
        finally:
            engine.close()
