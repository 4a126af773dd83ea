"""Crashes and contention: a killed build, a killed writer's locks, parallel workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rjtui.search.indexer
from rjtui.config import Config
from rjtui.search import Engine, layout
from rjtui.session import ensure_index
from tests.conftest import SEEDS


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        body = "\n\n".join(
            f"Paragraph {j} of report {i} on fisheries, gas and the Kuril talks." for j in range(8)
        )
        (folder / f"r{i:04d}.txt").write_text(f"Report {i}\n\n{body}\n", encoding="utf-8")


def cli(*args: str, data: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-m", "rjtui", *args, "--corpus", str(corpus), "--data-dir", str(data)]


def test_killed_rebuild_leaves_the_previous_index_usable(tmp_path: Path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, 3)
    config = Config(corpus=(corpus,), data_dir=data)
    ensure_index(config)
    root = layout.index_root(config)
    live = layout.read_pointer(root).build
    write_corpus(corpus, 300)

    proc = subprocess.Popen(cli("index", "--rebuild", data=data, corpus=corpus), cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not [p for p in root.glob("build-*") if p.name != live]:
        assert proc.poll() is None, "build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert layout.read_pointer(root).build == live
    engine = Engine.open(config)
    assert engine.search("").total_articles == 3
    engine.close()
    report = ensure_index(config)  # the lock died with the process: nothing blocks
    assert not report.read_only and report.articles == 300 and report.added == 297


def test_locks_of_a_killed_writer_do_not_block(tmp_path: Path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    write_corpus(corpus, 2)
    config = Config(corpus=(corpus,), data_dir=data)
    ensure_index(config)
    root = layout.index_root(config)
    build = root / layout.read_pointer(root).build
    holder = (
        "import fcntl, os, sys, time\n"
        "from whoosh.filedb.filestore import FileStorage\n"
        f"fd = os.open({str(root / 'writer.lock')!r}, os.O_RDWR)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        f"writer = FileStorage({str(build)!r}).open_index().writer()\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    assert ensure_index(config).read_only  # really held while it lives
    proc.kill()
    proc.wait()
    assert (build / "MAIN_WRITELOCK").exists()  # the stale lock file is still there

    write_corpus(corpus, 3)
    report = ensure_index(config)
    assert not report.read_only and report.added == 1
    engine = Engine.open(config)
    assert engine.search("").total_articles == 3
    engine.close()


def test_parallel_build_matches_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    serial = Config(corpus=(SEEDS,), data_dir=tmp_path / "serial")
    parallel = Config(corpus=(SEEDS,), data_dir=tmp_path / "parallel")
    ensure_index(serial)
    monkeypatch.setattr(rjtui.search.indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    calls: list[int] = []
    report = ensure_index(parallel, progress=lambda done, total, path: calls.append(done))
    assert report.rebuilt and report.articles == 5
    assert sorted(calls) == [1, 2, 3, 4, 5]
    a, b = Engine.open(serial), Engine.open(parallel)
    assert sorted(a.article_ids()) == sorted(b.article_ids())
    for query in ("japan", '"Cold War"', "sanction*", "sakhalin~", ""):
        ra, rb = a.search(query, limit=50), b.search(query, limit=50)
        assert (ra.total_articles, ra.total_passages) == (rb.total_articles, rb.total_passages)
        assert ra.facets == rb.facets
    assert b.search("sakhalni").suggestion == "sakhalin"
    a.close()
    b.close()


def test_parallel_workers_start_new_segments_and_find_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A worker whose buffer is full writes a segment and starts another (no run merge):
    with a limit every article passes, each is its own segment, and searches agree."""
    serial = Config(corpus=(SEEDS,), data_dir=tmp_path / "serial")
    parallel = Config(corpus=(SEEDS,), data_dir=tmp_path / "parallel")
    ensure_index(serial)
    monkeypatch.setattr(rjtui.search.indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(rjtui.search.indexer, "SEGMENT_MB", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert ensure_index(parallel).articles == 5
    a, b = Engine.open(serial), Engine.open(parallel)
    assert len(list(b._searcher.reader().leaf_readers())) == 5
    for query in ("japan", '"Cold War"', "sanction*", "title:russia", "japan NOT sakhalin"):
        ra, rb = a.search(query, limit=50), b.search(query, limit=50)
        assert ra.total_articles > 0
        assert (ra.total_articles, ra.total_passages) == (rb.total_articles, rb.total_passages)
        assert [h.meta.id for h in ra.articles] == [h.meta.id for h in rb.articles]
        assert ra.facets == rb.facets
    a.close()
    b.close()


def test_parallel_workers_do_not_rerun_the_main_module(tmp_path: Path):
    """``python -m rjtui`` runs the CLI when its __main__ is imported; spawned workers
    must not import it again (each would start another rjtui)."""
    script = tmp_path / "main.py"
    script.write_text(
        "import rjtui.search.indexer, rjtui.session\n"
        "from rjtui.config import Config\n"
        "from pathlib import Path\n"
        "print('MAIN RUN', flush=True)\n"
        "rjtui.search.indexer.PARALLEL_MIN_FILES = 1\n"
        f"config = Config(corpus=(Path({str(SEEDS)!r}),), data_dir=Path({str(tmp_path / 'd')!r}))\n"
        "print(rjtui.session.ensure_index(config).articles, flush=True)\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["MAIN", "RUN", "5"]


def sidecars(config: Config) -> dict[str, object]:
    """The live build's sidecars as read (the article rows by key: their order is the
    order the workers finished in)."""
    root = layout.index_root(config)
    build = root / layout.read_pointer(root).build
    (generation,) = {int(path.stem.rsplit("-", 1)[1]) for path in build.glob("files-*.json")}
    read = {
        kind: layout.read_json(layout.sidecar(build, kind, generation))
        for kind in ("files", "articles", "vocab", "lines")
    }
    read["articles"] = {row["akey"]: row for row in read["articles"]["articles"]}
    return read


def test_parallel_build_writes_the_serial_build_sidecars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Workers hand their line keys over, and the parent keeps them packed until the
    sidecars are written: every sidecar reads the same as a one-process build's, and
    the site chrome (lines shared by the folder's files) was counted across workers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(9):
        body = f"Talks on the Kuril islands, round {i}, ended without a treaty in {2000 + i}."
        chrome = "Northern Desk Daily\n\nSubscribe to our newsletter for more."
        (corpus / f"n{i}.txt").write_text(f"Report {i}\n\n{chrome}\n\n{body}\n", encoding="utf-8")
    serial = Config(corpus=(corpus,), data_dir=tmp_path / "serial")
    parallel = Config(corpus=(corpus,), data_dir=tmp_path / "parallel")
    ensure_index(serial)
    monkeypatch.setattr(rjtui.search.indexer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert ensure_index(parallel).articles == 9
    one, two = sidecars(serial), sidecars(parallel)
    assert len(one["lines"]) == 9 and one["vocab"]
    assert one == two
    engine = Engine.open(parallel)
    assert engine.search('"newsletter"').total_articles == 0  # chrome, counted over both
    assert engine.search("treaty").total_articles == 9
    engine.close()
