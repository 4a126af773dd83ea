"""Index lifecycle: first build, incremental updates, rebuild triggers, safety of the folder."""

from __future__ import annotations

import dataclasses
import fcntl
import os
import stat
from pathlib import Path

import pytest

import rjtui.ingest
from rjtui.config import Config
from rjtui.search import Engine, IndexMissing, UnsafeIndexDir, layout
from rjtui.session import ensure_index

FILLER = " Officials from both countries met again in the autumn to review the arrangement."


def write_article(folder: Path, name: str, title: str, *paragraphs: str) -> Path:
    """A small raw article; paragraphs are padded to the length ingest keeps as body text."""
    body = "\n\n".join(p + FILLER for p in paragraphs)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_article(
        folder, "a.txt", "Fisheries near Hokkaido", "Salmon quotas were agreed in Moscow."
    )
    write_article(folder, "b.txt", "Gas from Sakhalin", "The pipeline talks stalled in winter.")
    return folder


@pytest.fixture
def config(corpus: Path, data_dir: Path) -> Config:
    return Config(corpus=(corpus,), data_dir=data_dir)


def names(engine: Engine, query: str) -> set[str]:
    return {Path(h.meta.path).name for h in engine.search(query, limit=100).articles}


def test_first_use_builds_then_nothing_to_do(config, data_dir):
    first = ensure_index(config)
    assert (first.articles, first.added, first.rebuilt, first.read_only) == (2, 2, True, False)
    assert first.passages >= 2
    again = ensure_index(config)
    assert (again.articles, again.added, again.changed, again.removed) == (2, 0, 0, 0)
    assert not again.rebuilt
    root = layout.index_root(config)
    assert root.is_relative_to(data_dir)
    for folder in (root.parent, root):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_incremental_add_change_remove(config, corpus):
    ensure_index(config)
    engine = Engine.open(config)
    assert names(engine, "salmon") == {"a.txt"}

    write_article(corpus, "c.txt", "Visa-free exchanges", "Islanders visited their family graves.")
    write_article(corpus, "a.txt", "Fisheries near Hokkaido", "Crab quotas replaced the old deal.")
    (corpus / "b.txt").unlink()
    report = ensure_index(config)
    assert (report.added, report.changed, report.removed, report.rebuilt) == (1, 1, 1, False)
    assert report.articles == 2

    engine.refresh()
    assert names(engine, "graves") == {"c.txt"}
    assert names(engine, "crab") == {"a.txt"}
    assert names(engine, "salmon") == set()
    assert names(engine, "pipeline") == set()
    assert engine.search("").total_articles == 2
    assert engine.facets()["languages"] == {"en": 2}
    engine.close()


def test_touched_but_identical_file_is_not_reindexed(config, corpus):
    ensure_index(config)
    path = corpus / "a.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    report = ensure_index(config)
    assert (report.added, report.changed, report.removed) == (0, 0, 0)


def test_refresh_is_cheap_and_safe_when_nothing_changed(config):
    ensure_index(config)
    engine = Engine.open(config)
    before = engine.search("salmon").total_passages
    engine.refresh()
    assert engine.search("salmon").total_passages == before
    engine.close()


def test_bad_files_are_skipped_with_a_reason(config, corpus):
    (corpus / "binary.txt").write_bytes(b"\x00\xff\xfe garbage \x00" * 50)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    report = ensure_index(config)
    assert report.articles == 2
    skipped = dict(report.skipped)
    assert {Path(p).name for p in skipped} == {"binary.txt", "empty.txt"}
    assert all(reason.strip() for reason in skipped.values())
    again = ensure_index(config)  # still reported, not re-read
    assert dict(again.skipped) == skipped


def test_ingest_version_change_rebuilds(config, monkeypatch):
    ensure_index(config)
    bumped = dataclasses.replace(rjtui.ingest.LOADER, version=rjtui.ingest.LOADER.version + 1)
    monkeypatch.setattr(rjtui.ingest, "LOADER", bumped)
    assert ensure_index(config).rebuilt


def test_topic_config_change_rebuilds(config):
    ensure_index(config)
    changed = Config(
        corpus=config.corpus,
        data_dir=config.data_dir,
        topics={"fish": ("salmon",)},
        topic_min_article_hits=1,
    )
    report = ensure_index(changed)
    assert report.rebuilt
    engine = Engine.open(changed)
    assert "fish" in engine.facets()["topics"]
    engine.close()


def test_explicit_rebuild_replaces_the_build_folder(config):
    ensure_index(config)
    root = layout.index_root(config)
    before = layout.read_pointer(root).build
    assert ensure_index(config, rebuild=True).rebuilt
    after = layout.read_pointer(root).build
    assert after != before and (root / after).is_dir()


def test_open_without_index_raises_index_missing(config):
    with pytest.raises(IndexMissing, match="rjtui index"):
        Engine.open(config)


def test_progress_is_reported_from_the_calling_thread(config):
    calls: list[tuple[int, int, str]] = []
    ensure_index(config, progress=lambda done, total, path: calls.append((done, total, path)))
    assert [c[0] for c in calls] == [1, 2]
    assert {c[1] for c in calls} == {2}
    assert {Path(c[2]).name for c in calls} == {"a.txt", "b.txt"}


def test_second_writer_reads_only(config):
    ensure_index(config)
    root = layout.index_root(config)
    fd = os.open(root / "writer.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        report = ensure_index(config, rebuild=True)
    finally:
        os.close(fd)
    assert report.read_only and not report.rebuilt
    assert report.articles == 2
    engine = Engine.open(config)
    assert names(engine, "salmon") == {"a.txt"}
    engine.close()


def test_index_folder_writable_by_others_is_refused(config):
    ensure_index(config)
    root = layout.index_root(config)
    root.chmod(0o777)
    with pytest.raises(UnsafeIndexDir, match="chmod 700"):
        Engine.open(config)
    with pytest.raises(UnsafeIndexDir):
        ensure_index(config)
    root.chmod(0o700)
    Engine.open(config).close()


def test_fast_article_key_column_read_matches_whoosh(config, corpus):
    """The bulk read of the article-key column equals Whoosh's own per-document reader,
    including after updates (several segments, deleted documents)."""
    ensure_index(config)
    write_article(corpus, "c.txt", "Visa-free exchanges", "Islanders visited family graves.")
    write_article(corpus, "a.txt", "Fisheries near Hokkaido", "Crab quotas replaced the old deal.")
    ensure_index(config)
    engine = Engine.open(config)
    evaluator = engine._evaluator
    reader = engine._searcher.reader()
    slow = [v for leaf, _ in reader.leaf_readers() for v in leaf.column_reader("akey")]
    assert list(evaluator.akeys) == slow
    live = sorted(d for docs in evaluator.docs_by_akey.values() for d in docs)
    assert live == sorted(reader.all_doc_ids())
    engine.close()


def test_writer_buffer_spilled_to_disk_gives_the_same_index(config, corpus, monkeypatch):
    """Past its memory limit the grouped posting pool writes sorted runs that are merged
    at commit: the postings come out exactly as when everything fit in memory."""
    import rjtui.search.indexer
    import rjtui.search.writer

    def postings() -> list[tuple]:
        engine = Engine.open(config)
        found = list(engine._searcher.reader().iter_postings())
        engine.close()
        return found

    write_article(corpus, "c.txt", "Visa-free exchanges", "Islanders visited family graves.")
    ensure_index(config, rebuild=True)
    in_memory = postings()
    monkeypatch.setattr(rjtui.search.indexer, "WRITER_LIMIT_MB", 1)
    monkeypatch.setattr(rjtui.search.writer, "_POSTING_BYTES", 200_000)  # a run every ~5
    monkeypatch.setattr(rjtui.search.writer, "_POSITION_POSTING_BYTES", 200_000)
    spilled: list[int] = []
    save = rjtui.search.writer.GroupedPostingPool.save
    monkeypatch.setattr(
        rjtui.search.writer.GroupedPostingPool,
        "save",
        lambda pool: (spilled.append(len(pool._terms)), save(pool)),
    )
    ensure_index(config, rebuild=True)
    assert len([n for n in spilled if n]) > 3
    assert postings() == in_memory
