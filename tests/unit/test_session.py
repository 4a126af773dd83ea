"""The engine lifecycle outside any screen: open or build, update, swap, close."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rjtui.config import Config
from rjtui.search import Engine
from rjtui.session import Session, ensure_index
from tests.unit.test_index import write_article


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(folder, "a.txt", "Fisheries near Hokkaido", "Salmon quotas were agreed.")
    write_article(folder, "b.txt", "Gas from Sakhalin", "The pipeline talks stalled.")
    return folder


@pytest.fixture
def config(corpus: Path, data_dir: Path) -> Config:
    return Config(corpus=(corpus,), data_dir=data_dir)


def test_open_finds_no_index_then_build_opens_one(config: Config) -> None:
    with Session(config) as session:
        assert not session.try_open() and not session.is_open
        with pytest.raises(RuntimeError):
            session.engine  # noqa: B018 - the property is what is tested
        report = session.build()
        assert (report.articles, report.rebuilt, session.opened) == (2, True, 1)
        assert session.engine.search("salmon").total_articles == 1
    with Session(config) as again:
        assert again.try_open() and again.engine.search("").total_articles == 2


def test_rebuild_swaps_the_engine_and_closes_the_old_one(config: Config) -> None:
    with Session(config) as session:
        session.build()
        engine = session.engine
        old = session._current
        assert isinstance(old, Engine)
        session.build(rebuild=True)
        assert session.opened == 2 and session._current is not old
        assert old._searcher.is_closed  # closed at the swap, not left for the GC
        assert engine.search("pipeline").total_articles == 1  # the same handle follows


def test_update_follows_changed_files(config: Config, corpus: Path) -> None:
    with Session(config) as session:
        session.build()
        write_article(corpus, "c.txt", "Visa-free exchanges", "Islanders visited graves.")
        report = session.update()
        assert report.added == 1 and session.opened == 1  # refreshed in place
        assert session.engine.search("graves").total_articles == 1


def test_engine_refresh_returns_a_new_engine_after_a_rebuild(config: Config) -> None:
    ensure_index(config)
    engine = Engine.open(config)
    assert engine.refresh() is engine
    ensure_index(config, rebuild=True)
    fresh = engine.refresh()
    assert fresh is not engine and fresh.search("salmon").total_articles == 1
    engine.close()
    fresh.close()


def test_calls_from_threads_never_meet_a_closed_engine(config: Config) -> None:
    """Workers keep searching while rebuilds swap engines under them."""
    with Session(config) as session:
        session.build()
        engine = session.engine
        errors: list[BaseException] = []
        stop = threading.Event()

        def search() -> None:
            while not stop.is_set():
                try:
                    assert engine.search("salmon").total_articles == 1
                except BaseException as exc:
                    errors.append(exc)
                    return

        workers = [threading.Thread(target=search) for _ in range(3)]
        for worker in workers:
            worker.start()
        for _ in range(3):
            session.build(rebuild=True)
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        assert errors == [] and session.opened == 4


def test_prepare_queries_loads_the_vocabulary_a_first_fuzzy_search_needs(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explorer calls ``prepare_queries`` in the background after its first results:
    the first fuzzy word (or "did you mean") must then not read the vocabulary."""
    from rjtui.search import layout

    with Session(config) as session:
        session.build()
        session.prepare_queries()
        reads: list[Path] = []
        read_json = layout.read_json
        monkeypatch.setattr(layout, "read_json", lambda p: reads.append(p) or read_json(p))
        assert session.engine.search("salmn~").total_articles == 1
        assert session.engine.search("salmn").suggestion == "salmon"
        assert reads == []


def test_prepared_tables_are_kept_out_of_full_collections_until_the_index_closes(
    config: Config,
) -> None:
    """A full garbage collection walked every reference the engine's tables hold
    (~50 ms at 10k articles, ~250 ms at 50k, inside whichever search it fell on):
    once prepared they are frozen out of it. Swapping or closing the index thaws
    them, so an old index's cycles can still be collected."""
    import gc

    gc.unfreeze()  # whatever an earlier test left
    with Session(config) as session:
        session.build()
        assert gc.get_freeze_count() == 0
        session.prepare_queries()
        assert gc.get_freeze_count() > 0
        session.build(rebuild=True)  # a new engine: the old one is closed
        assert gc.get_freeze_count() == 0
        session.prepare_queries()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
