"""The "did you mean" vocabulary: exactly the words the index holds, built safely.

It is collected by the index writer from what it indexes, never from the
process-wide stemming cache: searches running in another thread while the
index is updated must not break the update, words typed in queries must not
become index words, and a cache that is cleared must not cut the vocabulary.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rjtui.search import Engine, analysis, layout
from rjtui.session import ensure_index
from tests.faults.conftest import make_config, write_good


def vocabulary(config) -> dict[str, str]:
    """The vocabulary sidecar of the live index generation (term -> surface word)."""
    engine = Engine.open(config)
    try:
        build = layout.index_root(config) / layout.read_pointer(layout.index_root(config)).build
        return layout.read_json(layout.sidecar(build, "vocab", engine._generation))
    finally:
        engine.close()


def article(folder: Path, name: str, words: str) -> None:
    (folder / name).write_text(f"Report {name}\n\nTalks in Tokyo on {words} and fishing.\n")


def test_searches_in_another_thread_never_break_an_index_update(tmp_path: Path) -> None:
    """A search thread stems new words while the index worker updates (in the TUI: the
    background update): every update must complete."""
    corpus = tmp_path / "corpus"
    write_good(corpus)
    config = make_config(corpus, tmp_path / "data")
    ensure_index(config)
    stop = threading.Event()

    def search_words() -> None:
        n = 0
        while not stop.is_set():
            analysis.stem(f"querystem{n}")
            n += 1

    searcher = threading.Thread(target=search_words, daemon=True)
    searcher.start()
    try:
        for i in range(20):
            article(corpus, f"a{i}.txt", f"zephyrword{i}")
            report = ensure_index(config)
            assert report.added == 1, report
    finally:
        stop.set()
        searcher.join()


def test_query_words_never_enter_the_vocabulary(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_good(corpus)
    config = make_config(corpus, tmp_path / "data")
    ensure_index(config)
    engine = Engine.open(config)
    try:
        engine.search("quixotically flabbergasting")
    finally:
        engine.close()
    article(corpus, "more.txt", "herring quotas")
    ensure_index(config)
    vocab = vocabulary(config)
    assert vocab.get(analysis.stem("herring")) == "herring"
    leaked = {w for w in vocab.values() if w in ("quixotically", "flabbergasting")}
    assert not leaked, f"query words in the index vocabulary: {leaked}"


@pytest.mark.parametrize("mode", ["build", "update"])
def test_vocabulary_survives_a_cleared_stem_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """The stemming cache is cleared when full (here after a few words, as at 500k
    words in a big corpus): every indexed word is still in the vocabulary."""
    corpus = tmp_path / "corpus"
    write_good(corpus)
    config = make_config(corpus, tmp_path / "data")
    if mode == "update":
        ensure_index(config)
    words = [f"walrus{chr(97 + i)}{chr(97 + j)}" for i in range(10) for j in range(10)]
    for i in range(0, len(words), 10):
        article(corpus, f"w{i:03d}.txt", " ".join(words[i : i + 10]))
    monkeypatch.setattr(analysis, "_STEM_CACHE_MAX", 20)
    ensure_index(config)
    vocab = vocabulary(config)
    missing = [w for w in words if analysis.stem(w) not in vocab]
    assert not missing, f"{len(missing)} indexed words missing, e.g. {missing[:3]}"
