#!/usr/bin/env python3
"""Corrections (issue #11): what a correction costs, on a generated corpus.

    python bench/corrections_bench.py [--articles 2000] [--corrections 500] [--workdir DIR]

Prints: one locked write to corrections.yaml (p50/max, with the file holding
``--corrections`` entries); the index update after one correction (only that
article is re-ingested) against an update with nothing changed (every file's
correction stamp is checked); a whole-corpus ingest with and without the
corrections (their cost when applied on every ingest); and tracing one
article's source (``show ID --source``, ``r`` in the reader). Reports, never gates.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from make_corpus import make_corpus  # noqa: E402

from rjtui.config import Config, CorrectionsConfig  # noqa: E402
from rjtui.corrections.model import LineRef  # noqa: E402
from rjtui.corrections.store import CorrectionStore  # noqa: E402
from rjtui.ingest import load_corpus  # noqa: E402
from rjtui.ingest.sourceview import trace_article  # noqa: E402
from rjtui.session import Session  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corrections", type=int, default=500)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rjtui-corrections-bench-"))
    corpus = work / "corpus"
    if not corpus.is_dir():
        make_corpus(corpus, args.articles)
    fixes = work / "corrections.yaml"
    fixes.unlink(missing_ok=True)
    config = Config(
        corpus=(corpus,), data_dir=work / "data", corrections=CorrectionsConfig(path=fixes)
    )
    with Session(config) as session:
        print(f"indexed: {session.build(rebuild=True).articles} articles")
        plain = load_corpus(config).articles
        store = CorrectionStore(fixes)
        writes = []
        for article in plain[: args.corrections]:
            title = f"Corrected: {article.title[:40]}"
            writes.append(
                timed(lambda a=article, t=title: store.set_fields(a, a.content_hash, {"title": t}))
            )
        session.update()  # the corrections so far reach the index
        print(f"corrections.yaml: {len(store.load())} entries, {fixes.stat().st_size // 1024} kB")
        print(f"one locked write (read, change, backup, replace): p50 "
              f"{statistics.median(writes):.1f} ms, max {max(writes):.1f} ms")  # fmt: skip
        nothing = [timed(session.update) for _ in range(3)]
        print(f"index update, nothing changed: {statistics.median(nothing):.0f} ms")
        target = plain[-1]
        _, lines = trace_article(target, config, session.engine.line_keys(target.path))
        dropped = next((line for line in lines if line.status == "dropped"), None)
        one = []
        for i in range(3):
            store.set_fields(target, target.content_hash, {"date": f"2014-0{i + 1}"})
            started = time.perf_counter()
            report = session.update()
            one.append((time.perf_counter() - started) * 1000)
            assert report.changed == 1, report
        print(f"index update after one correction (1 article re-ingested): "
              f"{statistics.median(one):.0f} ms")  # fmt: skip
        if dropped is not None:
            store.keep_line(target, target.content_hash, LineRef(dropped.line, dropped.text))
            print(f"  after keeping a dropped line: {timed(session.update):.0f} ms")
        engine = session.engine

        def trace() -> object:  # what r and show --source do: the folder's keys, then ingest
            return trace_article(target, config, engine.line_keys(target.path))

        traces = [timed(trace) for _ in range(5)]
    with_fixes = timed(lambda: load_corpus(config))
    without = timed(lambda: load_corpus(Config(corpus=(corpus,), data_dir=work / "data")))
    print(f"whole-corpus ingest: {without:.0f} ms without corrections, {with_fixes:.0f} ms "
          f"with {args.corrections} ({(with_fixes - without) / without:+.1%})")  # fmt: skip
    print(f"trace one article's source (r, fix; its folder's line keys read from the index): "
          f"{statistics.median(traces):.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
