"""An empty corpus is a normal state, not an error.

A new user's folder holds no articles yet (or only files that were skipped):
``search`` and ``facets`` answer zero results with a line saying the corpus has
no articles and which folders were read, and the explorer shows the same line
instead of an exception name.
"""

from __future__ import annotations

import json
from pathlib import Path

from rjtui.search import Engine
from rjtui.session import ensure_index
from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.status_line import StatusLine
from tests.conftest import run_rjtui
from tests.faults.conftest import make_config
from tests.tui.conftest import SIZE, ready, run


def empty_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"")  # a file that is skipped: still no articles
    return folder


def test_search_and_facets_on_an_empty_corpus(tmp_path: Path) -> None:
    corpus = empty_corpus(tmp_path)
    where = ["--corpus", str(corpus), "--data-dir", str(tmp_path / "data")]
    index = run_rjtui(*where, "index", cwd=tmp_path)
    assert index.returncode == 0, index.stderr
    for args in (["search", "sakhalin"], ["search", ""], ["facets"], ["facets", "kuril"]):
        proc = run_rjtui(*where, *args, cwd=tmp_path)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Error" not in proc.stderr, proc.stderr
        expected = f"the corpus has no articles (folders read: {corpus})"
        assert expected in " ".join(proc.stdout.split()), (args, proc.stdout)  # wrapped at 80
    data = json.loads(run_rjtui(*where, "search", "--json", "sakhalin", cwd=tmp_path).stdout)
    assert data["total_articles"] == 0 and "no articles" in data["notice"], data


def test_the_explorer_on_an_empty_corpus_says_so(tmp_path: Path) -> None:
    config = make_config(empty_corpus(tmp_path), tmp_path / "data")
    ensure_index(config)
    engine = Engine.open(config)
    assert engine.search("kuril").total_articles == 0
    engine.close()

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            line = str(app.main.query_one(StatusLine).render())
            assert "the corpus has no articles" in line, line
            assert "NotImplementedError" not in line, line

    run(scenario)
