"""Cross-language search through the gazetteer, on a small real three-language index."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rjtui.config import Config, SearchConfig
from rjtui.search import Engine
from rjtui.session import ensure_index

ARTICLES = {
    "en_kurils.txt": (
        "Title: Talks on the Kuril Islands\nDate: 2019-01-22\n\n"
        "The Kurils were the subject of the summit between the two leaders, who met again "
        "to discuss the islands.\n\n"
        "Fishing quotas for the coming season were agreed separately.\n"
    ),
    "ru_kurils.txt": (
        "Title: Учения на островах\nDate: 2021-06-10\n\n"
        "На Курильских островах прошли военные учения, в которых участвовали корабли флота.\n\n"
        "В Москве заявили, что учения носят плановый характер.\n"
    ),
    "ja_kurils.txt": (
        "Title: 北の島々\nDate: 2021-08-01\n\n"
        "千島列島の周辺で漁業をめぐる協議が行われた。\n\n"
        "両国の外務省は声明を発表した。\n"
    ),
    "en_other.txt": (
        "Title: Energy ties\nDate: 2020-03-03\n\n"
        "Gas from Sakhalin reached Japanese utilities again, and Gazprom said so.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("entities-corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def open_engine(corpus: Path, data: Path, **search: bool) -> Engine:
    config = Config(corpus=(corpus,), data_dir=data, search=SearchConfig(**search))
    ensure_index(config)
    return Engine.open(config)


@pytest.fixture(scope="module")
def engine(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    engine = open_engine(corpus, tmp_path_factory.mktemp("entities-data"))
    yield engine
    engine.close()


def marked(result) -> dict[str, set[str]]:
    """Article id -> the highlighted strings of its shown passages."""
    return {
        hit.meta.id: {p.text[a:b] for p in hit.passages for a, b in p.highlights}
        for hit in result.articles
    }


def test_an_english_word_finds_the_russian_and_japanese_articles(engine: Engine) -> None:
    result = engine.search("kuril")
    found = marked(result)
    assert set(found) == {"en_kurils", "ru_kurils", "ja_kurils"}
    assert "Kurils" in found["en_kurils"]
    assert "Курильских островах" in found["ru_kurils"]
    assert "千島列島" in found["ja_kurils"]
    assert result.expanded == ("kuril-islands",)
    assert result.expansion == "Kuril Islands: also searched Курильские острова, 千島列島"


def test_a_japanese_or_russian_name_finds_the_other_languages(engine: Engine) -> None:
    assert {h.meta.id for h in engine.search("千島列島").articles} == {
        "en_kurils",
        "ru_kurils",
        "ja_kurils",
    }
    result = engine.search("Курильские острова")  # unquoted words spelling a variant
    assert {h.meta.id for h in result.articles} == {"en_kurils", "ru_kurils", "ja_kurils"}
    assert result.expansion.startswith("Kuril Islands: also searched Kuril Islands, 千島列島")


def test_entity_field_matches_exactly_the_tagged_passages(engine: Engine) -> None:
    result = engine.search_passages("entity:kuril-islands", limit=50)
    found = {(m.article.id, m.passage.n) for m in result.passages}
    assert found == {("en_kurils", 1), ("ru_kurils", 1), ("ja_kurils", 1)}
    for match in result.passages:
        assert match.passage.entities and "kuril-islands" in match.passage.entities
        assert match.passage.highlights  # the variant that made the tag is marked
    assert {h.meta.id for h in engine.search("entity:gazprom").articles} == {"en_other"}
    assert engine.search("entity:gazprom").expansion is None  # nothing was widened


def test_an_unknown_entity_id_is_said(engine: Engine) -> None:
    result = engine.search("entity:atlantis")
    assert result.total_articles == 0
    assert "no entity atlantis in the gazetteer" in (result.notice or "")


def test_literal_search_per_query_and_by_config(
    engine: Engine, corpus: Path, tmp_path: Path
) -> None:
    literal = engine.search("千島列島", expand=False)
    assert {h.meta.id for h in literal.articles} == {"ja_kurils"}
    assert literal.expansion is None and literal.expanded == ()
    off = open_engine(corpus, tmp_path / "data", expand_entities=False)
    try:
        result = off.search("千島列島")
        assert {h.meta.id for h in result.articles} == {"ja_kurils"}
        assert result.expansion is None
        assert {h.meta.id for h in off.search("千島列島", expand=True).articles} == {
            "en_kurils",
            "ru_kurils",
            "ja_kurils",
        }
    finally:
        off.close()


def test_not_stays_literal(engine: Engine) -> None:
    ids = {h.meta.id for h in engine.search("учения NOT kuril").articles}
    assert ids == {"ru_kurils"}


def test_a_config_variant_is_searched_after_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    base = Config(corpus=(corpus,), data_dir=tmp_path / "d")
    ensure_index(base)
    from rjtui.config import EntityConfig

    config = dataclasses.replace(
        base, entities={"kuril-islands": EntityConfig(en=("northern isles",))}
    )
    report = ensure_index(config)  # the gazetteer is part of the index fingerprint
    assert report.rebuilt
    engine = Engine.open(config)
    try:
        assert "kuril-islands" in engine.search("northern isles").expanded
    finally:
        engine.close()
