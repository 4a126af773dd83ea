"""Differential: rjtui's evaluator finds exactly the passages Whoosh's own searcher finds.

The evaluator reads rjtui's posting blocks directly (``rjtui.search.postings``);
Whoosh's matchers read the same files through ``PackedLeafMatcher``. Both run
on the same parsed queries over a real index built with tiny blocks (so every
posting list spans several blocks) and then updated (so a segment has deleted
documents), and must agree on the match set of every query.

Whoosh's searcher is passage-level, so queries run with ``/p`` (words in one
passage) over the body; a NOT standing alone (an article fact in rjtui, with
no passage to show) has no Whoosh counterpart and is left out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS

BODY_WORDS = [
    "japan", "russia", "russian", "japanese", "islands", "kuril", "treaty", "peace",
    "energy", "sakhalin", "war", "cold", "northern", "territories", "sanctions",
    "cooperation", "minister", "prime", "abe", "putin", "economic", "security",
    "policy", "relations", "tokyo", "moscow", "china", "gas", "fishing", "soviet",
]  # fmt: skip
PHRASES = [
    "Cold War", "Northern Territories", "peace treaty", "prime minister",
    "Kuril Islands", "Soviet Union", "foreign policy", "Russia and Japan",
]  # fmt: skip


@pytest.fixture(scope="module")
def small_block_engine(tmp_path_factory: pytest.TempPathFactory):
    """The seeds indexed with 3 postings a block, then one article changed and one added."""
    from rjtui import paths
    from rjtui.config import load_config, with_overrides
    from rjtui.search import Engine, postings
    from rjtui.session import ensure_index

    base = tmp_path_factory.mktemp("differential")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    config = with_overrides(
        load_config(paths.packaged_config_file()), corpus=[corpus], data_dir=base / "data"
    )
    patch = pytest.MonkeyPatch()
    patch.setattr(postings, "BLOCK_POSTINGS", 3)
    try:
        ensure_index(config)
        first = sorted(corpus.glob("*.txt"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\n\nJapan and Russia again.\n")
        text = sorted(corpus.glob("*.txt"))[1].read_text(encoding="utf-8")
        Path(corpus / "zz-copy.txt").write_text(text.replace("Japan", "Nippon"), "utf-8")
        ensure_index(config)
    finally:
        patch.undo()
    engine = Engine.open(config)
    yield engine
    engine.close()


def test_the_fixture_has_multi_block_lists_and_deleted_documents(small_block_engine):
    from rjtui.search.postings import extent, read_blocks

    reader = small_block_engine._searcher.reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    assert len(leaves) >= 2
    assert any(leaf.deleted_docs_set for leaf in leaves)
    leaf = leaves[0]
    terminfo = leaf._terms.term_info("body", b"japan")
    blocks = read_blocks(leaf._terms._postfile, *extent(terminfo), True)
    assert len(blocks) > 3
    assert all(b.count == 3 for b in blocks[:-1])


def _query_text(draw) -> str:
    atoms = st.one_of(
        st.sampled_from(BODY_WORDS),
        st.sampled_from(PHRASES).map(lambda p: f'"{p}"'),
        st.sampled_from(BODY_WORDS).map(lambda w: w[:4] + "*"),
        st.sampled_from(BODY_WORDS).map(lambda w: w + "~"),
    )
    parts = draw(st.lists(atoms, min_size=1, max_size=4))
    ops = draw(st.lists(st.sampled_from(["", "AND", "OR", "NOT", "AND NOT"]), min_size=3))
    out = [parts[0]]
    for op, part in zip(ops, parts[1:], strict=False):
        out += [op, part] if op else [part]
    if draw(st.booleans()) and len(parts) > 2:
        out = ["(", *out[:3], ")", *out[3:]]
    return re.sub(r"\s+", " ", " ".join(out)).replace("( ", "(").replace(" )", ")")


@given(text=st.composite(_query_text)())
@example(text="russian NOT japan AND NOT russia OR japan")  # a NOT-only part inside an OR
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_evaluator_match_sets_equal_whoosh_searcher(small_block_engine, text):
    engine = small_block_engine
    parsed = engine._builder.parse(text + " /p")
    if parsed.query is None:
        return
    assume(not _lone_not(parsed.query))
    theirs = set(parsed.query.docs(engine._searcher))
    match = engine._evaluator.run(parsed.query, "passage")
    assert set(match.hits) == theirs, (text, parsed.query)
    akeys = engine._evaluator.akeys
    assert match.articles == {akeys[d] for d in theirs}


def _lone_not(q) -> bool:
    """A NOT that is not one part of an AND (it selects articles, not passages)."""
    from whoosh import query as wq

    if isinstance(q, wq.Not):
        return True
    if isinstance(q, wq.And):
        return any(_lone_not(c.query if isinstance(c, wq.Not) else c) for c in q.subqueries)
    return any(_lone_not(c) for c in q.children())


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrases_match_whoosh_and_are_found(small_block_engine, phrase):
    engine = small_block_engine
    parsed = engine._builder.parse(f'"{phrase}"')
    ours = set(engine._evaluator.run(parsed.query).hits)
    assert ours == set(parsed.query.docs(engine._searcher))
    if phrase in ("Cold War", "Northern Territories", "peace treaty"):
        assert ours  # the seeds hold these: the check above is not vacuous


# --- article-level AND (the default): each part anywhere in the article -------------------


def _and_text(draw) -> str:
    atoms = st.one_of(
        st.sampled_from(BODY_WORDS),
        st.sampled_from(PHRASES).map(lambda p: f'"{p}"'),
        st.sampled_from(BODY_WORDS).map(lambda w: w[:4] + "*"),
        st.sampled_from(BODY_WORDS).map(lambda w: w + "~"),
    )
    parts = draw(st.lists(atoms, min_size=2, max_size=3, unique=True))
    text = draw(st.sampled_from([" ", " AND "])).join(parts)
    if draw(st.booleans()):
        text += f" NOT {draw(atoms)}"
    return text


@given(text=st.composite(_and_text)())
@example(text="japan russia")  # most articles hold both: the few others are dropped
@example(text="sakhalin japan")  # a rare word: its articles' passages are walked
@example(text='japan "Cold War" NOT sanctions')
@example(text='japan russia NOT "Cold War"')  # NOT kept the passages but lost their cover
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_article_and_equals_whoosh_parts_combined_by_article(small_block_engine, text):
    """Each part's passages come from Whoosh's own searcher; the articles are those
    holding every part (less those holding a NOT part), the passages shown are every
    part's passages in them, each scored by the sum of its parts' scores times the
    share of parts it holds - and the engine's totals say the same."""
    from whoosh import query as wq

    engine = small_block_engine
    evaluator = engine._evaluator
    akeys = evaluator.akeys
    q = engine._builder.parse(text).query
    assume(isinstance(q, wq.And))
    positives = [c for c in q.subqueries if not isinstance(c, wq.Not)]
    negatives = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
    found = [set(c.docs(engine._searcher)) for c in positives]
    articles = set.intersection(*({akeys[d] for d in docs} for docs in found))
    articles -= {akeys[d] for c in negatives for d in c.docs(engine._searcher)}
    hits = {d for docs in found for d in docs if akeys[d] in articles}

    match = evaluator.run(q, "article")
    assert match.articles == articles, text
    assert set(match.hits) == hits, text
    scores = [evaluator.run(c, "passage").hits for c in positives]
    for d in hits:
        held = sum(d in docs for docs in found)
        assert match.cover.get(d, 1) == held
        expected = sum(s.get(d, 0.0) for s in scores) * held / len(positives)
        assert match.hits[d] == pytest.approx(expected, rel=1e-9)
    result = engine.search(text, expand=False)  # the parse above, not widened to entity tags
    assert (result.total_articles, result.total_passages) == (len(articles), len(hits))


def test_restricting_a_match_to_articles_keeps_exactly_their_passages_in_order(
    small_block_engine,
):
    """``Match.within`` (filters, NOT, an article-level AND) keeps the hits of the
    chosen articles, in passage order with their scores, and no other."""
    from rjtui.search.matchset import keys_mask

    evaluator = small_block_engine._evaluator
    akeys = evaluator.akeys
    match = evaluator.run(small_block_engine._builder.parse("japan").query)
    ranked = sorted(match.articles)
    cases = {
        "all but one": frozenset(ranked[1:]),
        "one": frozenset(ranked[:1]),
        "half": frozenset(ranked[::2]),
    }
    for name, articles in cases.items():
        expected = [(d, s) for d, s in match.hits.items() if akeys[d] in articles]
        assert expected, name
        got = match.within(keys_mask(articles, evaluator.article_slots), evaluator.akey_array)
        assert list(got.hits.items()) == expected, name
        assert got.articles == articles, name


def test_word_matches_are_kept_for_the_next_search_within_a_byte_budget(small_block_engine):
    """A word's scored match is built once and re-used (typing re-runs finished words);
    the cache holds no more than its budget, and always the last match put."""
    from rjtui.search.evaluate import Lru

    engine = small_block_engine
    q = engine._builder.parse("japan").query
    first = engine._evaluator.run(q)
    assert first.hits and engine._evaluator.run(q) is first
    lru: Lru[str, str] = Lru(100)
    lru.put("a", "A", 60)
    lru.put("b", "B", 30)
    assert lru.get("a") == "A"  # now the most recent: "b" goes first
    lru.put("c", "C", 30)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == ("A", None, "C")
    lru.put("huge", "H", 500)
    assert (lru.get("a"), lru.get("c"), lru.get("huge")) == (None, None, "H")


def test_a_widened_word_is_kept_whole_when_its_parts_would_evict_each_other(
    small_block_engine, monkeypatch
):
    """``japan OR entity:japan`` is kept as one match: with a budget that holds it but
    not both its parts, searching it again evaluates nothing (before, each part
    evicted the other and every search of a common entity word started cold)."""
    from whoosh import query as wq

    from rjtui.search.evaluate import Evaluator, Lru

    engine = small_block_engine
    q = engine._parse("japan", expand=True).query
    assert isinstance(q, wq.Or)  # widened to the entity
    whole = Evaluator(engine._searcher).run(q)
    parts = [Evaluator(engine._searcher).run(c) for c in q.subqueries]
    size = whole.nbytes
    sizes = [p.nbytes for p in parts]
    assert size < sum(sizes)  # the parts overlap
    evaluator = Evaluator(engine._searcher)
    evaluator._leaf_matches = Lru(size)
    first = evaluator.run(q)
    built: list[str] = []
    term_match = Evaluator._term_match
    monkeypatch.setattr(
        Evaluator, "_term_match", lambda self, f, t, b: built.append(t) or term_match(self, f, t, b)
    )
    again = evaluator.run(q)
    assert built == []
    assert again is first and list(first.hits.items()) == list(whole.hits.items())
