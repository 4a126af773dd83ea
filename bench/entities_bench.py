#!/usr/bin/env python3
"""What the gazetteer costs: tagging at index time and entity expansion at query time.

    python bench/entities_bench.py [--articles 2000] [--workdir DIR] [--rounds 5] [--reuse-build]

On a corpus from bench/make_corpus.py it builds the index twice, each in a fresh
process (single writer, so CPU seconds compare like with like): as shipped, and
with passage tagging switched off (``EntityMatcher.tag`` patched to tag nothing,
here only). Then it runs search_bench's query mix plus entity queries against
the tagged index with expansion on and off (``expand=False``), interleaved (each
side first in alternate rounds, so neither always pays the cold reads), and
prints p50/p95 for each; ``--reuse-build`` skips the builds and queries the
tagged index a previous run left in ``--workdir``. The headline build and query
targets at 10k articles are search_bench.py's; this isolates the share of them
that names cost.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from search_bench import MAKE_CORPUS, QUERY_MIX, cpu_seconds, pct, rjtui_config  # noqa: E402

ENTITY_MIX = [
    ("entity word", "kuril", {}),
    ("entity word", "Курилы", {}),
    ("entity phrase", "Northern Territories", {}),
    ("entity kanji", "北方領土", {}),
    ("entity field", "entity:sakhalin-2", {}),
    ("entity filter", "gas", {"entities": ["sakhalin"]}),
]


def phase_build(corpus: Path, work: Path, tagging: str) -> dict:
    from rjtui.entities import EntityMatcher
    from rjtui.search import indexer
    from rjtui.session import ensure_index

    indexer.PARALLEL_MIN_FILES = 10**9  # one process: CPU seconds of this process only
    if tagging == "off":
        EntityMatcher.tag = lambda self, text, positions: ()  # type: ignore[method-assign]
    started = cpu_seconds()
    report = ensure_index(rjtui_config(corpus, work / f"data-{tagging}"), rebuild=True)
    return {
        "cpu": cpu_seconds() - started,
        "seconds": report.seconds,
        "articles": report.articles,
        "passages": report.passages,
    }


def phase_queries(corpus: Path, work: Path, rounds: str) -> dict:
    from rjtui.results import Filters
    from rjtui.search import Engine

    engine = Engine.open(rjtui_config(corpus, work / "data-on"))
    engine.search("")
    times: dict[str, dict[str, list[float]]] = {"on": {}, "off": {}}
    modes = [("on", True), ("off", False)]
    for n in range(int(rounds)):
        for label, query, filters in [*QUERY_MIX, *ENTITY_MIX]:
            key = f"{label}: {query}" + (" +filter" if filters else "")
            # Each side goes first in every other round: the first run of a word reads
            # its postings and fills the caches the other side then finds.
            for mode, expand in modes[:: 1 if n % 2 else -1]:
                started = time.perf_counter()
                engine.search(query, Filters.of(**filters), limit=10, snippets=3, expand=expand)
                times[mode].setdefault(key, []).append((time.perf_counter() - started) * 1000)
    gazetteer = engine.gazetteer
    return {
        "times": times,
        "entities": len(gazetteer),
        "variants": sum(len(e.variants) for e in gazetteer.entities),
    }


PHASES = {"build": phase_build, "queries": phase_queries}


def child(phase: str, corpus: Path, work: Path, arg: str) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, str(corpus), str(work), arg]
    path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path}, cwd=work
    )
    if proc.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report_builds(corpus: Path, work: Path) -> None:
    builds: dict[str, list[dict]] = {"on": [], "off": []}
    for _ in range(2):  # alternate, keep each side's best: the machine is shared
        for tagging in ("off", "on"):
            builds[tagging].append(child("build", corpus, work, tagging))
    on = min(builds["on"], key=lambda b: b["cpu"])
    off = min(builds["off"], key=lambda b: b["cpu"])
    print(f"corpus: {on['articles']} articles, {on['passages']} passages")
    print(f"build CPU (s)        tagging on {on['cpu']:7.1f}   off {off['cpu']:7.1f}", end="")
    print(f"   cost {100 * (on['cpu'] / off['cpu'] - 1):+.1f}%")
    per = (on["cpu"] - off["cpu"]) / max(on["passages"], 1) * 1e6
    print(f"tagging per passage  {per:.0f} µs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument(
        "--reuse-build", action="store_true", help="query the index a previous run built"
    )
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        corpus, work, extra = args.args
        print(json.dumps(PHASES[args.phase](Path(corpus), Path(work), extra)))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="rjtui-entities-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if not corpus.exists():
        make = [sys.executable, str(MAKE_CORPUS), str(corpus), "--articles", str(args.articles)]
        subprocess.run(make, check=True, capture_output=True)
    if not (args.reuse_build and (work / "data-on").is_dir()):
        report_builds(corpus, work)
    q = child("queries", corpus, work, str(args.rounds))
    print(f"gazetteer: {q['entities']} entities, {q['variants']} variants")
    print(f"\n{'query (ms)':44} {'expand on p50/p95':>20} {'off p50/p95':>16}")
    alls: dict[str, list[float]] = {"on": [], "off": []}
    for key in q["times"]["on"]:
        cells = []
        for mode in ("on", "off"):
            values = q["times"][mode][key]
            alls[mode] += values
            cells.append(f"{statistics.median(values):6.1f} / {pct(values, 0.95):6.1f}")
        print(f"{key[:44]:44} {cells[0]:>20} {cells[1]:>16}")
    print(
        f"{'all queries':44} {statistics.median(alls['on']):6.1f} / {pct(alls['on'], 0.95):6.1f}"
        f"    {statistics.median(alls['off']):6.1f} / {pct(alls['off'], 0.95):6.1f}"
    )


if __name__ == "__main__":
    main()
