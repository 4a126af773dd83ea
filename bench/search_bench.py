#!/usr/bin/env python3
"""Benchmark rjtui's search engine against stock Whoosh on the same generated corpus.

    python bench/search_bench.py [--articles 10000] [--workdir DIR] [--rounds 5]

Builds a corpus with bench/make_corpus.py, then measures, for rjtui
and for a baseline (stock single-writer Whoosh, one document per raw file, a
plain StemmingAnalyzer schema, no ingest) in the same run and interleaved: full
index time, a one-file update, query latency over a fixed mix (including
snippets, and for rjtui all facet counts - the baseline computes no facets, so
it is flattered), index size, open time and peak memory. Each measured phase
runs in a fresh child process so peak memory and cold caches are its own.
Queries run in ``--rounds`` passes over the mix: later passes hit rjtui's
posting and match caches (as re-typed queries, paging and filter toggles do
in the TUI), so the first pass is also reported on its own. Full builds
alternate between the two sides and each side's best is kept, because the
machine is shared; CPU seconds are printed as the load-independent figure.
Prints a table with ratios and the issue's targets; exit status is 0 even
when a target is missed (this reports, it does not gate).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = Path(__file__).resolve().parent / "make_corpus.py"

# (label, query, filters); the baseline runs the query with filters as extra words.
QUERY_MIX = [
    ("word", "japan", {}),
    ("word", "sakhalin", {}),
    ("two words", "energy cooperation", {}),
    ("two words", "peace treaty", {}),
    ("phrase", '"Cold War"', {}),
    ("phrase", '"Northern Territories"', {}),
    ("prefix", "anan*", {}),
    ("prefix", "sanction*", {}),
    ("fuzzy", "sakhalin~", {}),
    ("fuzzy", "diplomacy~", {}),
    ("field", "title:russia", {}),
    ("field", "author:tanaka", {}),
    ("author filter", "japan", {"authors": ["Maria Tanaka"]}),
    ("topic filter", "sanctions", {"topics": ["energy"]}),
]
BASELINE_EXTRA = {"authors": lambda v: f'"{v}"', "topics": lambda v: v.split()[0]}


def peak_mb(children: int = 1) -> float:
    """Peak resident memory (MB): this process plus ``children`` times its largest child
    (an upper bound when several worker processes run at once)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children * kids) / 1024


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: robust on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# --- phases (each runs in its own child process) -------------------------------------------


def rjtui_config(corpus: Path, data: Path):
    from rjtui import paths
    from rjtui.config import load_config, with_overrides

    return with_overrides(load_config(paths.packaged_config_file()), corpus=[corpus], data_dir=data)


def phase_rjtui_build(corpus: Path, work: Path) -> dict:
    from rjtui.search import store
    from rjtui.search.indexer import PARALLEL_MIN_FILES
    from rjtui.session import ensure_index

    config = rjtui_config(corpus, work / "rjtui")
    report = ensure_index(config, rebuild=True)
    root = store.index_root(config)
    live = root / store.read_pointer(root).build  # the previous build is kept for readers
    workers = min(os.cpu_count() or 1, 4) if report.articles >= PARALLEL_MIN_FILES else 1
    return {
        "seconds": report.seconds,
        "articles": report.articles,
        "passages": report.passages,
        "skipped": len(report.skipped),
        "size_mb": dir_mb(live),
        "peak_mb": peak_mb(children=workers),
        "cpu": cpu_seconds(),
    }


def phase_rjtui_update(corpus: Path, work: Path) -> dict:
    from rjtui.session import ensure_index

    report = ensure_index(rjtui_config(corpus, work / "rjtui"))
    return {"seconds": report.seconds, "changed": report.changed, "peak_mb": peak_mb()}


def phase_rjtui_open(corpus: Path, work: Path) -> dict:
    started = time.perf_counter()
    from rjtui.search import Engine

    imported = time.perf_counter()
    engine = Engine.open(rjtui_config(corpus, work / "rjtui"))
    opened = time.perf_counter()
    engine.search("japan", limit=10)
    first = time.perf_counter() - started
    return {
        "import": imported - started,
        "open": opened - imported,
        "first_result": first,
        "peak_mb": peak_mb(),
    }


def baseline_schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        content=TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )


def baseline_doc(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return {"path": str(path), "title": title, "content": text}


def phase_baseline_build(corpus: Path, work: Path) -> dict:
    from whoosh.index import create_in

    target = work / "baseline"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    started = time.perf_counter()
    ix = create_in(str(target), baseline_schema())
    writer = ix.writer()
    count = 0
    for path in sorted(corpus.rglob("*.txt")):
        writer.add_document(**baseline_doc(path))
        count += 1
    writer.commit()
    return {
        "seconds": time.perf_counter() - started,
        "articles": count,
        "cpu": cpu_seconds(),
        "size_mb": dir_mb(target),
        "peak_mb": peak_mb(),
    }


def phase_baseline_update(corpus: Path, work: Path, changed: str) -> dict:
    from whoosh.index import open_dir

    started = time.perf_counter()
    ix = open_dir(str(work / "baseline"))
    writer = ix.writer()
    writer.update_document(**baseline_doc(Path(changed)))
    writer.commit()
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def phase_baseline_open(corpus: Path, work: Path) -> dict:
    started = time.perf_counter()
    from whoosh.index import open_dir
    from whoosh.qparser import QueryParser

    imported = time.perf_counter()
    searcher = open_dir(str(work / "baseline")).searcher()
    opened = time.perf_counter()
    searcher.search(QueryParser("content", searcher.schema).parse("japan"), limit=10)
    return {
        "import": imported - started,
        "open": opened - imported,
        "first_result": time.perf_counter() - started,
        "peak_mb": peak_mb(),
    }


def phase_queries(corpus: Path, work: Path, rounds: int) -> dict:
    """Both engines in one process, interleaved query by query."""
    from whoosh.index import open_dir
    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    from rjtui.search import Engine

    engine = Engine.open(rjtui_config(corpus, work / "rjtui"))
    engine.search("")  # the article list a front end shows first (open + first query: above)
    searcher = open_dir(str(work / "baseline")).searcher()
    parser = QueryParser("content", searcher.schema)
    parser.add_plugin(FuzzyTermPlugin())

    def run_rjtui(query: str, filters: dict) -> float:
        started = time.perf_counter()
        engine.search(query, limit=10, snippets=3, **filters)
        return (time.perf_counter() - started) * 1000

    def run_baseline(query: str, filters: dict) -> float:
        extra = [BASELINE_EXTRA[k](v) for k, vs in filters.items() for v in vs]
        text = " ".join([query.replace("author:", ""), *extra])
        started = time.perf_counter()
        results = searcher.search(parser.parse(text), limit=10)
        for hit in results:
            hit.highlights("content")
        return (time.perf_counter() - started) * 1000

    times: dict[str, dict[str, list[float]]] = {"rjtui": {}, "baseline": {}}
    for _ in range(rounds):
        for label, query, filters in QUERY_MIX:
            key = f"{label}: {query}" + (" +filter" if filters else "")
            times["rjtui"].setdefault(key, []).append(run_rjtui(query, filters))
            times["baseline"].setdefault(key, []).append(run_baseline(query, filters))
    return {"times": times, "peak_mb": peak_mb()}


PHASES = {
    "rjtui-build": phase_rjtui_build,
    "rjtui-update": phase_rjtui_update,
    "rjtui-open": phase_rjtui_open,
    "baseline-build": phase_baseline_build,
    "baseline-update": phase_baseline_update,
    "baseline-open": phase_baseline_open,
    "queries": phase_queries,
}


def child(phase: str, corpus: Path, work: Path, *extra: str) -> dict:
    """Run one phase in a fresh interpreter and return its JSON result."""
    cmd = [sys.executable, __file__, "--phase", phase, str(corpus), str(work), *extra]
    path = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "PYTHONPATH": path}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work)
    if proc.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- report -------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(
    name: str, ours: float, base: float, fmt: str, target: str = "", higher_better: bool = False
) -> str:
    """One table line; the ratio is always 'times better than the baseline' (>1 is better)."""
    base_s = format(base, fmt)
    better = (ours / base if higher_better else base / ours) if base and ours else 0.0
    ratio = f"{better:.2f}x" if better else "-"
    return f"{name:<28}{format(ours, fmt):>12}{base_s:>12}{ratio:>10}  {target}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5, help="timed passes over the query mix")
    ap.add_argument("--build-runs", type=int, default=2, help="full builds per side (best kept)")
    ap.add_argument("--workdir", type=Path, help="keep corpus and indexes here (default: temp)")
    ap.add_argument("--make-corpus", type=Path, default=MAKE_CORPUS)
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        corpus, work, *extra = args.args
        if args.phase == "queries":
            extra = [int(extra[0])]
        print(json.dumps(PHASES[args.phase](Path(corpus), Path(work), *extra)))
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix="rjtui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.chmod(work, 0o700)
    corpus = work / "corpus"
    if not corpus.is_dir():
        subprocess.run(
            [sys.executable, str(args.make_corpus), str(corpus), "--articles", str(args.articles)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    mb = dir_mb(corpus)
    print(f"corpus: {args.articles} articles, {mb:.1f} MB, {os.cpu_count()} cores", flush=True)

    builds = [(child("baseline-build", corpus, work), child("rjtui-build", corpus, work))]
    for _ in range(args.build_runs - 1):  # alternate, keep each side's best: the machine is shared
        builds.append((child("baseline-build", corpus, work), child("rjtui-build", corpus, work)))
    base_build = min((b for b, _ in builds), key=lambda b: b["seconds"])
    ours_build = min((o for _, o in builds), key=lambda o: o["seconds"])
    changed = sorted(corpus.rglob("*.txt"))[len(list(corpus.rglob("*.txt"))) // 2]
    with open(changed, "a", encoding="utf-8") as fh:
        fh.write("\nAn added closing paragraph about Sakhalin gas exports.\n")
    ours_update = child("rjtui-update", corpus, work)
    base_update = child("baseline-update", corpus, work, str(changed))
    opens = [(child("rjtui-open", corpus, work), child("baseline-open", corpus, work))]
    opens.append((child("rjtui-open", corpus, work), child("baseline-open", corpus, work)))
    queries = child("queries", corpus, work, str(args.rounds))

    ours_q = [t for ts in queries["times"]["rjtui"].values() for t in ts]
    base_q = [t for ts in queries["times"]["baseline"].values() for t in ts]
    ours_cold = [ts[0] for ts in queries["times"]["rjtui"].values()]
    base_cold = [ts[0] for ts in queries["times"]["baseline"].values()]
    ours_rate = ours_build["articles"] / ours_build["seconds"]
    base_rate = base_build["articles"] / base_build["seconds"]
    ours_peak = max(
        [o["peak_mb"] for _, o in builds] + [ours_update["peak_mb"], queries["peak_mb"]]
    )
    base_peak = max(base_build["peak_mb"], base_update["peak_mb"])
    lines = [
        f"{'metric':<28}{'rjtui':>12}{'baseline':>12}{'better':>10}  target (rjtui)",
        row("full build (s)", ours_build["seconds"], base_build["seconds"], ".1f"),
        row("build rate (articles/s)", ours_rate, base_rate, ".1f", ">= 1.5x", higher_better=True),
        row("build CPU (s, all processes)", ours_build["cpu"], base_build["cpu"], ".1f"),
        row("one-file update (s)", ours_update["seconds"], base_update["seconds"], ".2f", "<= 1 s"),
        row("query p50 (ms)", pct(ours_q, 0.5), pct(base_q, 0.5), ".1f", "<= 30 ms"),
        row("query p95 (ms)", pct(ours_q, 0.95), pct(base_q, 0.95), ".1f", "<= 100 ms"),
        row("query max (ms)", max(ours_q), max(base_q), ".1f", "<= 300 ms"),
        row("first-round p50 (ms)", pct(ours_cold, 0.5), pct(base_cold, 0.5), ".1f"),
        row("first-round p95 (ms)", pct(ours_cold, 0.95), pct(base_cold, 0.95), ".1f"),
        row(
            "import (s, median of 2)",
            statistics.median(o["import"] for o, _ in opens),
            statistics.median(b["import"] for _, b in opens),
            ".3f",
        ),
        row(
            "open (s, median of 2)",
            statistics.median(o["open"] for o, _ in opens),
            statistics.median(b["open"] for _, b in opens),
            ".3f",
            "<= 0.3 s",
        ),
        row(
            "open + first query (s)",
            statistics.median(o["first_result"] for o, _ in opens),
            statistics.median(b["first_result"] for _, b in opens),
            ".3f",
        ),
        row("index size (MB)", ours_build["size_mb"], base_build["size_mb"], ".1f"),
        row("peak memory (MB)", ours_peak, base_peak, ".0f", "<= 500 MB"),
        f"indexed: {ours_build['articles']} articles, {ours_build['passages']} passages, "
        f"{ours_build['skipped']} skipped (baseline: {base_build['articles']} documents)",
        "",
        f"{'query form (ms, p50 / max)':<46}{'rjtui':>16}{'baseline':>16}",
    ]
    for key, ts in queries["times"]["rjtui"].items():
        bs = queries["times"]["baseline"][key]
        lines.append(
            f"{key:<46}{pct(ts, 0.5):>8.1f} /{max(ts):>6.1f}{pct(bs, 0.5):>8.1f} /{max(bs):>6.1f}"
        )
    print("\n".join(lines))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
