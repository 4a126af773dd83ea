#!/usr/bin/env python3
"""Explorer benchmark: start-up and search-as-you-type latency, headless.

    python bench/tui_bench.py [--articles 10000] [--runs 3] [--keystrokes 30]

Makes a deterministic corpus with ``bench/make_corpus.py`` (or uses
``--corpus DIR``), builds its index once, then measures in fresh child
processes (so imports are counted the way a user pays for them):

* launch -> first paint, and launch -> first results shown, split into the
  app's imports, the engine's imports (a worker started at mount, so they
  overlap the first paint; negative means done before it), opening the index
  and the first search with its rendering;
* keystroke -> results updated (p50/p95) while typing a query one key at a time
  and waiting for each key's results (the results list, status line and filter
  lists in view; those below the filter pane's view follow a frame later), after
  the background index check ends; with the engine's own time for those searches
  (the rest is the explorer's).

Targets: first paint <= 0.7 s, first results <= 1.0 s at 10k articles (issue 5),
keystroke p95 <= 100 ms (issue 14). Only the standard library is imported at
module level.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = Path(__file__).resolve().parent / "make_corpus.py"
TYPED = "japan sanctions energy kuril islands treaty"
SIZE = (120, 35)


def _config(corpus: Path, data: Path):
    from rjtui.config import Config

    return Config(corpus=(corpus,), data_dir=data)


def _wall_marks(marks: dict[str, float]) -> dict[str, float]:
    """Child ``perf_counter`` marks as wall-clock times the parent can compare."""
    offset = time.time() - time.perf_counter()
    return {name: value + offset for name, value in marks.items()}


async def _until(predicate, timeout: float = 120.0) -> None:
    import asyncio

    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the explorer did not get there in time")
        await asyncio.sleep(0.001)


def child_startup(corpus: Path, data: Path) -> dict[str, float]:
    """Start the explorer, wait for its first results, report the milestones."""
    import asyncio

    started = time.perf_counter()
    from rjtui.tui.app import RjtuiApp

    imported = time.perf_counter()

    async def run() -> dict[str, float]:
        app = RjtuiApp(_config(corpus, data))
        async with app.run_test(size=SIZE) as pilot:
            main = app.main
            await _until(lambda: "first_results" in main.marks)
            marks = dict(main.marks)
            engine_ms = main.result.elapsed_ms if main.result else float("nan")
            await _until(lambda: "index_checked" in main.marks)
            await pilot.press("q")
        return {"started": started, "app_imported": imported, **marks}, engine_ms

    marks, engine_ms = asyncio.run(run())
    return {**_wall_marks(marks), "first_search_engine_ms": engine_ms}


def child_keys(corpus: Path, data: Path, keystrokes: int) -> dict[str, list[float]]:
    """Type ``keystrokes`` characters; milliseconds from each key to its results
    (``latencies``), and the engine's time for each of those searches (``engine``).

    Keys go straight to the app's message queue, as a terminal's would: Pilot's
    ``press`` also waits for the process to look idle, which would time the
    harness rather than the explorer.
    """
    import asyncio

    from textual import events

    from rjtui.tui.app import RjtuiApp

    async def run() -> dict[str, list[float]]:
        app = RjtuiApp(_config(corpus, data))
        latencies, engine = [], []
        async with app.run_test(size=SIZE):
            main = app.main
            await _until(lambda: "index_checked" in main.marks and main.shown_state is not None)
            app.post_message(events.Key("slash", "/"))  # launch focuses the results: / searches
            await _until(lambda: main.query_one("SearchBar").has_focus_within)
            text = ""
            for char in (TYPED * 4)[:keystrokes]:
                text += char
                before = time.perf_counter()
                app.post_message(events.Key("space" if char == " " else char, char))
                await _until(lambda t=text: main.results_query == t)
                latencies.append((time.perf_counter() - before) * 1000)
                engine.append(main.result.elapsed_ms if main.result else float("nan"))
                await asyncio.sleep(0.05)  # a fast typist's gap; lets the app settle
        return {"latencies": latencies, "engine": engine}

    return asyncio.run(run())


def _child(*args: str) -> object:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(corpus: Path, data: Path, runs: int, keystrokes: int) -> dict[str, float]:
    """Median start-up figures over ``runs`` launches, plus keystroke percentiles."""
    rows: dict[str, list[float]] = {}
    for _ in range(runs):
        launch = time.time()
        marks = _child("--child-startup", str(corpus), str(data))
        assert isinstance(marks, dict)
        figures = {
            "launch -> first paint": marks["first_paint"] - launch,
            "launch -> first results": marks["first_results"] - launch,
            "  app imports (python + textual + rjtui.tui)": marks["app_imported"] - launch,
            "  paint -> engine imported (worker from mount)": marks["imported"]
            - marks["first_paint"],
            "  index open": marks["index_open"] - marks["imported"],
            "  first search + render": marks["first_results"] - marks["index_open"],
            "    of which engine search": marks["first_search_engine_ms"] / 1000,
        }
        for name, seconds in figures.items():
            rows.setdefault(name, []).append(seconds * 1000)
    summary = {name: statistics.median(values) for name, values in rows.items()}
    keys = _child("--child-keys", str(corpus), str(data), str(keystrokes))
    assert isinstance(keys, dict)
    latencies, engine = keys["latencies"], keys["engine"]
    summary["keystroke -> results p50"] = _percentile(latencies, 0.5)
    summary["keystroke -> results p95"] = _percentile(latencies, 0.95)
    summary["keystroke -> results max"] = max(latencies)
    summary["  engine search per keystroke p50"] = _percentile(engine, 0.5)
    summary["  engine search per keystroke p95"] = _percentile(engine, 0.95)
    return summary


TARGETS = {
    "launch -> first paint": 700,
    "launch -> first results": 1000,
    "keystroke -> results p95": 100,
}


def table(summary: dict[str, float], articles: int) -> str:
    lines = [f"{'explorer, ' + str(articles) + ' articles':<50} {'ms':>8}  target"]
    for name, ms in summary.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target} {'ok' if ms <= target else 'MISSED'}"
        lines.append(f"{name:<50} {ms:8.1f}  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child-startup":
        print(json.dumps(child_startup(Path(argv[1]), Path(argv[2]))))
        return 0
    if argv and argv[0] == "--child-keys":
        print(json.dumps(child_keys(Path(argv[1]), Path(argv[2]), int(argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of making one")
    parser.add_argument("--work", type=Path, help="keep the corpus and index here (reused)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keystrokes", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rjtui-tui-bench-") as tmp:
        work = args.work or Path(tmp)
        corpus = args.corpus or work / f"corpus-{args.articles}"
        if not corpus.is_dir():
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(corpus), "--articles", str(args.articles)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        articles = sum(1 for p in corpus.rglob("*") if p.is_file())
        data = work / f"data-{corpus.name}"
        from rjtui.session import ensure_index

        built = time.perf_counter()
        report = ensure_index(_config(corpus, data))
        print(f"index ready: {report.articles} articles in {time.perf_counter() - built:.1f} s")
        print(table(measure(corpus, data, args.runs, args.keystrokes), articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
