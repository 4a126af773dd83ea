#!/usr/bin/env python3
"""Ingest benchmark, one core: text articles/s, saved web pages/s, PDF pages/s.

    python bench/ingest_bench.py [--seconds 3]

Each format is ingested in this process, one file after another (the index
builder runs this same function per file), from bytes already in memory, so the
figures are ingest alone, not the disk. Inputs: the seeds and the text fixtures;
the saved web pages in tests/data/web; PDF reports typeset by the test helper
(single and two columns, 3 pages each). Targets (issue 10): text >= 400
articles/s, HTML >= 100 pages/s, PDF >= 20 pages/s, on one core: the rate is judged
per second of this process's CPU time, since on a shared machine the wall-clock rate
also counts the time other processes held the core (both are printed, with the load).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGETS = {"text": 400.0, "html": 100.0, "pdf": 20.0}


def _inputs() -> dict[str, list[tuple[bytes, str, int]]]:
    """format -> [(bytes, kind, pages)]."""
    from rjtui.ingest.pipeline import KINDS
    from tests.support import reports

    data = REPO / "tests" / "data"
    texts = [
        (p.read_bytes(), KINDS[p.suffix], 1)
        for folder in (REPO / "seeds", data / "ingest")
        for p in sorted(folder.iterdir())
        if KINDS.get(p.suffix) in ("text", "markdown")
    ]
    pages = [(p.read_bytes(), "html", 1) for p in sorted((data / "web").glob("*.html"))]
    pdfs = []
    for make in (reports.single_column, reports.two_column):
        pdf = make()
        pdfs.append((pdf, "pdf", reports.page_count(pdf)))
    return {"text": texts, "html": pages, "pdf": pdfs}


def measure(files: list[tuple[bytes, str, int]], seconds: float) -> tuple[float, float, int]:
    """Units (articles or pages) per wall-clock second and per CPU second, over at least
    ``seconds`` of wall-clock time, and the units done."""
    from rjtui.config import load_config
    from rjtui.ingest.pipeline import ingest_bytes

    config = load_config()
    for data, kind, _ in files:  # warm-up: imports, compiled patterns, caches
        ingest_bytes(data, config, article_id="w", path="w", kind=kind)
    units = 0
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for n, (data, kind, pages) in enumerate(files):
            ingest_bytes(data, config, article_id=f"a{n}", path="a", kind=kind)
            units += pages
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return units / wall, units / cpu, units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    unit = {"text": "articles/s", "html": "pages/s", "pdf": "pages/s"}
    print("load average: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
    print(
        f"{'format':<6} {'cpu rate':>10} {'wall rate':>10} {'unit':<11} {'target':>7}  files  done"
    )
    for name, files in _inputs().items():
        wall, cpu, done = measure(files, args.seconds)
        ok = "ok" if cpu >= TARGETS[name] else "BELOW TARGET"
        print(f"{name:<6} {cpu:>10.1f} {wall:>10.1f} {unit[name]:<11} {TARGETS[name]:>7.0f}"
              f"  {len(files):>5}  {done:>5}  {ok}")  # fmt: skip


if __name__ == "__main__":
    main()
