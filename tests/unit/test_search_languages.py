"""Russian stemming, Japanese bigrams and mixed-script folding on a small real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjtui.results import Filters
from rjtui.search import Engine
from tests.conftest import engine_over

ARTICLES = {
    "ru_sanctions.txt": (
        "Россия и Япония после санкций\n\n"
        "Токио присоединился к санкциям против Москвы в начале года и заморозил активы "
        "российских банков. Число санкций растёт с каждым месяцем.\n\n"
        "Переговоры о мирном договоре остановлены, а Курильские острова остаются спорными, "
        "и ни одна сторона не готова уступить.\n"
    ),
    "ja_territory.txt": (
        "日露関係の現状\n\n"
        "北方領土問題をめぐる交渉は二〇二二年以降停止しており、両国の対話は長い間途絶えたままである。\n\n"
        "日本政府は対露制裁を強化し、エネルギー協力も見直した。サハリンの事業は続いている。\n"
    ),
    "en_energy.txt": (
        "Energy ties between Tokyo and Moscow\n\n"
        "Japan kept its stake in the Sakhalin gas projects despite the sanctions imposed "
        "on Moscow, and its utilities kept buying liquefied gas.\n\n"
        "The Сold War legacy still shapes the talks on a peace treaty between the two "
        "countries, decades after the war ended.\n"
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with engine_over(tmp_path_factory, ARTICLES) as engine:
        yield engine


def found(engine: Engine, query: str, **options: bool) -> set[str]:
    return {Path(hit.meta.path).name for hit in engine.search(query, **options).articles}


def marked(engine: Engine, query: str) -> list[str]:
    return [
        p.text[s:e]
        for hit in engine.search(query).articles
        for p in hit.passages
        for s, e in p.highlights
    ]


def test_russian_word_form_finds_other_forms(engine):
    assert found(engine, "санкции") == {"ru_sanctions.txt"}
    assert set(marked(engine, "санкции")) == {"санкций", "санкциям"}


def test_russian_phrase_across_inflection(engine):
    assert found(engine, '"мирный договор"', expand=False) == {"ru_sanctions.txt"}
    # widened (the default), the gazetteer's peace treaty is found in English too
    assert found(engine, '"мирный договор"') == {"ru_sanctions.txt", "en_energy.txt"}


def test_japanese_word_inside_a_longer_run(engine):
    assert found(engine, "北方領土") == {"ja_territory.txt"}
    assert marked(engine, "北方領土") == ["北方領土"]


def test_japanese_query_needs_the_characters_adjacent(engine):
    assert found(engine, "領土北方") == set()
    assert found(engine, "制裁") == {"ja_territory.txt"}


def test_english_stemming_and_no_cross_language_leaks(engine):
    assert found(engine, "sanction") == {"en_energy.txt"}
    assert found(engine, "projected") == {"en_energy.txt"}


def test_lookalike_letters_are_folded(engine):
    assert found(engine, '"cold war"') == {"en_energy.txt"}
    assert marked(engine, '"cold war"')[:1] == ["Сold War"]  # Cyrillic С in the text


def test_language_is_a_field_and_a_facet(engine):
    assert engine.search("").facets["languages"] == {"en": 1, "ru": 1, "ja": 1}
    assert found(engine, "language:ja") == {"ja_territory.txt"}
    ru_only = engine.search("", Filters.of(languages=["ru"]))
    assert [Path(h.meta.path).name for h in ru_only.articles] == ["ru_sanctions.txt"]


_PIECES = st.sampled_from(
    ["Japan", "japan's", "the", "of", "Россия", "России", "北方領土", "領", "キーウ", "a", "Cold",
     "Сold", "war", "wars", "ab", " ", "  ", "\n", ".", "-", "\x1e", "1956", "Ⅻ", "straße"]
)  # fmt: skip


@given(pieces=st.lists(_PIECES, max_size=40), data=st.data())
@settings(max_examples=300, deadline=None)
def test_hit_spans_are_the_analyzed_tokens_whose_term_is_wanted(pieces, data):
    """The highlighter's fast scan finds exactly the tokens ``analyze`` yields for the terms."""
    from rjtui.search.analysis import analyze, hit_spans

    text = " ".join(pieces)
    tokens = list(analyze(text))
    known = sorted({t for t, *_ in tokens})
    terms = set(data.draw(st.lists(st.sampled_from(known), max_size=4))) if known else set()
    terms |= set(data.draw(st.lists(st.sampled_from(["japan", "россия", "war", "the", "a"]))))
    assert hit_spans(text, terms) == [(s, e) for t, _, s, e in tokens if t in terms]


_LETTERS = "aAbBiIİıjJkKsSſtTzZéÉßæÆ0129_жЖёЁяЯсСхХωΩςΣǅǆﬁΚκ"


@given(words=st.lists(st.text(_LETTERS, min_size=1, max_size=9), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_hit_spans_skip_no_word_whose_term_is_wanted(words):
    """The highlighter looks only at words whose first letter can start a wanted term
    (a stem keeps its word's first letter, but the Russian stemmer writes the Latin
    letters of a mixed word in Cyrillic). Any word of any case or script, as a term
    of its own, is still found wherever the analyzer finds it."""
    from rjtui.search.analysis import analyze, hit_spans

    text = " ".join(words) + "\n" + "_".join(words)
    tokens = list(analyze(text))
    for term in {t for t, *_ in tokens} - {""}:  # (the Russian stemmer can leave nothing)
        assert hit_spans(text, {term}) == [(s, e) for t, _, s, e in tokens if t == term]


def phrase_runs(tokens, phrase):
    """The reference: runs of ``phrase``'s terms at consecutive positions in the token list."""
    size = len(phrase)
    return [
        (tokens[i][2], tokens[i + size - 1][3])
        for i in range(len(tokens) - size + 1)
        if all(
            tokens[i + j][0] == phrase[j] and tokens[i + j][1] == tokens[i][1] + j
            for j in range(size)
        )
    ]


@given(
    words=st.lists(
        st.sampled_from(["japan", "Japan's", "the", "of", "war", "Cold", "Сold", "a"])
        | st.text(_LETTERS, min_size=1, max_size=5),
        max_size=30,
    ),
    data=st.data(),
)
@settings(max_examples=300, deadline=None)
def test_phrase_spans_are_the_runs_in_the_token_list(words, data):
    """The phrase scan (from each word that can start the phrase, the next indexed words)
    marks exactly the runs of consecutive positions the token list has - stop words
    between the words skipped as the index skips them, runs overlapping."""
    from rjtui.search.analysis import analyze, phrase_spans

    text = " ".join(words)
    tokens = list(analyze(text))
    known = [t for t, *_ in tokens]
    if len(known) >= 2:  # a run the text holds, and a pair drawn at random
        start = data.draw(st.integers(0, len(known) - 2))
        size = data.draw(st.integers(2, min(4, len(known) - start)))
        for phrase in (
            tuple(known[start : start + size]),
            tuple(data.draw(st.lists(st.sampled_from(known), min_size=2, max_size=3))),
        ):
            assert phrase_spans(text, phrase) == phrase_runs(tokens, phrase)


@given(pieces=st.lists(_PIECES, max_size=40), seen=st.lists(_PIECES, max_size=6))
@settings(max_examples=300, deadline=None)
def test_term_positions_group_what_analyze_yields(pieces, seen):
    """The index writer's fast path (no CJK, no value separator) and its fallback give
    each term the positions ``analyze`` yields, and collect the same vocabulary (the
    shortest word per term, the first seen on a tie), into a vocabulary already begun."""
    from rjtui.search.analysis import analyze, term_positions

    text = " ".join(pieces)
    expected: dict[str, list[int]] = {}
    before: dict[str, str] = {}
    list(analyze(" ".join(seen), before))
    want_words, got_words = dict(before), dict(before)
    for term, pos, _start, _end in analyze(text, want_words):
        expected.setdefault(term, []).append(pos)
    assert term_positions(text, got_words) == expected
    assert got_words == want_words


@given(pieces=st.lists(_PIECES, max_size=40))
@settings(max_examples=300, deadline=None)
def test_tokens_are_what_analyze_yields(pieces):
    """The highlighter's token list (C-level for text without CJK or separators) is
    ``analyze``'s, term, position and offsets alike."""
    from rjtui.search.analysis import analyze, tokens

    text = " ".join(pieces)
    assert tokens(text) == list(analyze(text))
