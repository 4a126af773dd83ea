"""Query semantics on a small corpus made for them: prefixes from the literal text,
article-level AND across languages, and what the engine says about empty answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjtui.search import Engine
from tests.conftest import engine_over

ARTICLES = {
    "ru_kurils.txt": (
        "Курилы и мирный договор\n\n"
        "Южные Курилы остаются главным препятствием на пути к мирному договору.\n\n"
        "Курильские острова посещают японские делегации без виз.\n"
    ),
    "ru_course.txt": (
        "Интервью о дипломатии\n\n"
        "Мы в курсе всех переговоров, сказал министр.\n\n"
        "Курс рубля к иене снизился после санкций.\n"
    ),
    "en_split.txt": (
        "Gas and islands\n\n"
        "Sakhalin gas still reaches Japanese utilities every winter.\n\n"
        "A long paragraph about trade with many other words in it.\n\n"
        "The islands dispute is older than any gas contract.\n"
    ),
    "en_together.txt": (
        "Islands near Sakhalin\n\n"
        "Trade routes pass the islands north of Hokkaido.\n\n"
        "The islands and Sakhalin form one maritime region for fishermen.\n"
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    with engine_over(tmp_path_factory, ARTICLES) as engine:
        yield engine


def literal(engine: Engine, query: str, **options):
    """Search the words as typed: these tests are about where AND and NOT look, and the
    gazetteer would widen "sakhalin islands" to every mention of Sakhalin."""
    return engine.search(query, expand=False, **options)


def names(engine: Engine, query: str) -> list[str]:
    return [Path(hit.meta.path).name for hit in literal(engine, query, limit=50).articles]


def marked(engine: Engine, query: str) -> set[str]:
    return {
        p.text[s:e].lower()
        for hit in literal(engine, query, limit=50).articles
        for p in hit.passages
        for s, e in p.highlights
    }


def test_prefix_is_expanded_from_what_was_typed_not_its_stem(engine):
    assert set(names(engine, "Курил*")) == {"ru_kurils.txt"}
    assert "курсе" not in marked(engine, "Курил*")
    assert {"курилы", "курильские"} <= marked(engine, "Курил*")


def test_prefix_that_is_a_whole_word_still_finds_its_forms(engine):
    assert set(names(engine, "Курс*")) == {"ru_course.txt"}
    assert "sakhalin" in marked(engine, "sakhal*")


def test_words_in_separate_passages_meet_in_the_article(engine):
    assert set(names(engine, "sakhalin islands")) == {"en_split.txt", "en_together.txt"}
    assert set(names(engine, "sakhalin islands /p")) == {"en_together.txt"}
    assert set(names(engine, "sakhalin AND islands")) == {"en_split.txt", "en_together.txt"}


def test_the_passage_where_words_meet_comes_first(engine):
    result = literal(engine, "sakhalin islands", limit=50, snippets=3)
    assert Path(result.articles[0].meta.path).name == "en_together.txt"
    first = result.articles[0].passages[0].text.lower()
    assert "sakhalin" in first and "islands" in first
    split = next(h for h in result.articles if h.meta.path.endswith("en_split.txt"))
    assert {p.n for p in split.passages} == {1, 3}  # both passages, each with its word


def test_title_words_count_for_article_and(engine):
    # "maritime" only in a passage, "islands" in the title and passages: still one article
    assert names(engine, "title:islands maritime") == ["en_together.txt"]


def test_status_scope_is_reported(engine):
    assert engine.search("sakhalin islands").scope == "article"
    assert engine.search("sakhalin islands /P").scope == "passage"
    assert engine.search("sakhalin islands /p").query == "sakhalin islands /p"


def test_not_in_article_scope_drops_the_whole_article(engine):
    assert set(names(engine, "islands NOT sakhalin")) == set()
    assert set(names(engine, "islands NOT sakhalin /p")) == {"en_split.txt", "en_together.txt"}
