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
import contextlib
import importlib.util
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


class TreePeak:
    """Peak resident memory of this process and all its descendants at once (MB),
    sampled from /proc every 20 ms: what a parallel build needs the machine to hold.
    ``peak_mb(children=N)`` can only add up each process's own peak, wherever in the
    build it fell (an upper bound). 0 where there is no /proc."""

    def __init__(self) -> None:
        import threading

        self.mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while True:
            self.mb = max(self.mb, sum(map(_rss_of, _tree(os.getpid()))) / 1024)
            if self._done.wait(0.02):
                return


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (from /proc's per-thread children lists)."""
    found, i = [pid], 0
    while i < len(found):
        for children in Path(f"/proc/{found[i]}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # the process or thread just ended
                found += map(int, children.read_text().split())
        i += 1
    return found


def _rss_of(pid: int) -> int:
    """A process's resident memory in kB (0 once it has ended)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


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
    from rjtui.search import layout
    from rjtui.search.indexer import PARALLEL_MIN_FILES
    from rjtui.session import ensure_index

    config = rjtui_config(corpus, work / "rjtui")
    with TreePeak() as tree:
        report = ensure_index(config, rebuild=True)
    root = layout.index_root(config)
    live = root / layout.read_pointer(root).build  # the previous build is kept for readers
    workers = min(os.cpu_count() or 1, 4) if report.articles >= PARALLEL_MIN_FILES else 1
    return {
        "seconds": report.seconds,
        "articles": report.articles,
        "passages": report.passages,
        "skipped": len(report.skipped),
        "size_mb": dir_mb(live),
        "peak_mb": peak_mb(children=workers),
        "tree_mb": tree.mb,
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


def baseline_search(searcher, parser, query: str, filters: dict) -> int:
    """Stock Whoosh: the query with filter values as extra words, top 10 highlighted."""
    extra = [BASELINE_EXTRA[k](v) for k, vs in filters.items() for v in vs]
    text = " ".join([query.replace("author:", ""), *extra])
    results = searcher.search(parser.parse(text), limit=10)
    for hit in results:
        hit.highlights("content")
    return len(results)


def phase_queries(corpus: Path, work: Path, rounds: int) -> dict:
    """Both engines in one process, interleaved query by query."""
    from whoosh.index import open_dir
    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    from rjtui.results import Filters
    from rjtui.search import Engine

    engine = Engine.open(rjtui_config(corpus, work / "rjtui"))
    engine.search("")  # the article list a front end shows first (open + first query: above)
    searcher = open_dir(str(work / "baseline")).searcher()
    parser = QueryParser("content", searcher.schema)
    parser.add_plugin(FuzzyTermPlugin())

    def run_rjtui(query: str, filters: dict) -> float:
        started = time.perf_counter()
        engine.search(query, Filters.of(**filters), limit=10, snippets=3)
        return (time.perf_counter() - started) * 1000

    def run_baseline(query: str, filters: dict) -> float:
        started = time.perf_counter()
        baseline_search(searcher, parser, query, filters)
        return (time.perf_counter() - started) * 1000

    times: dict[str, dict[str, list[float]]] = {"rjtui": {}, "baseline": {}}
    for _ in range(rounds):
        for label, query, filters in QUERY_MIX:
            key = f"{label}: {query}" + (" +filter" if filters else "")
            times["rjtui"].setdefault(key, []).append(run_rjtui(query, filters))
            times["baseline"].setdefault(key, []).append(run_baseline(query, filters))
    return {"times": times, "peak_mb": peak_mb()}


# --- cold mode: distinct queries, each once, fresh engines, tantivy-py alongside ---------------


def rss_mb() -> float:
    """Resident memory now (MB), from /proc (0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def phase_export(corpus: Path, work: Path) -> dict:
    """Write the passages rjtui indexed (with their article's metadata) for tantivy."""
    from rjtui.search import Engine

    engine = Engine.open(rjtui_config(corpus, work / "rjtui"))
    akeys = engine._evaluator.akeys
    count = 0
    with open(work / "passages.jsonl", "w", encoding="utf-8") as out:
        for docnum, stored in engine._searcher.reader().iter_docs():
            meta = engine._table.metas[akeys[docnum]]
            row = {
                "akey": akeys[docnum],
                "title": meta.title,
                "authors": list(meta.authors),
                "topics": list(meta.topics),
                "body": stored["text"],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return {"passages": count}


def read_passages(work: Path) -> list[dict]:
    with open(work / "passages.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def make_queries(work: Path, seed: int = 11) -> list[tuple[str, str, dict]]:
    """About 200 distinct queries drawn from the indexed passages (same seed, same queries):
    words, word pairs and adjacent-word phrases from random passages, prefixes, fuzzy
    words, title:/author: fields, and words under an author or topic filter."""
    import random
    import re

    from whoosh.analysis import STOP_WORDS

    rng = random.Random(seed)
    rows = read_passages(work)
    word = re.compile(r"[A-Za-z]{4,}")
    picked: dict[str, tuple[str, str, dict]] = {}

    def add(kind: str, query: str, filters: dict | None = None) -> None:
        key = query + json.dumps(filters or {}, sort_keys=True)
        picked.setdefault(key, (kind, query, filters or {}))

    def words_of(text: str) -> list[str]:
        return [w.lower() for w in word.findall(text) if w.lower() not in STOP_WORDS]

    wanted = {"word": 40, "two words": 35, "phrase": 35, "prefix": 20, "fuzzy": 20}
    wanted |= {"field": 25, "filter": 25}
    have = dict.fromkeys(wanted, 0)
    tries = 0
    while any(have[k] < n for k, n in wanted.items()) and tries < 100_000:
        tries += 1
        row = rng.choice(rows)
        ws = words_of(row["body"])
        if len(ws) < 4:
            continue
        kind = rng.choice([k for k, n in wanted.items() if have[k] < n])
        before = len(picked)
        if kind == "word":
            add(kind, rng.choice(ws))
        elif kind == "two words":
            a, b = rng.sample(ws, 2)
            if a != b:
                add(kind, f"{a} {b}")
        elif kind == "phrase":
            tokens = re.findall(r"[A-Za-z]+", row["body"])
            i = rng.randrange(len(tokens) - 1)
            if len(tokens[i]) > 2 and len(tokens[i + 1]) > 2:
                add(kind, f'"{tokens[i]} {tokens[i + 1]}"')
        elif kind == "prefix":
            w = rng.choice(ws)
            add(kind, w[: rng.randint(3, 5)] + "*")
        elif kind == "fuzzy":
            add(kind, rng.choice(ws) + "~")
        elif kind == "field":
            title = words_of(row["title"])
            if rng.random() < 0.5 and title:
                add(kind, "title:" + rng.choice(title))
            elif row["authors"]:
                add(kind, "author:" + rng.choice(row["authors"]).split()[-1].lower())
        elif rng.random() < 0.5 and row["authors"]:
            add(kind, rng.choice(ws), {"authors": [rng.choice(row["authors"])]})
        elif row["topics"]:
            add(kind, rng.choice(ws), {"topics": [rng.choice(row["topics"])]})
        have[kind] += len(picked) - before
    return list(picked.values())


def phase_make_queries(corpus: Path, work: Path) -> dict:
    queries = make_queries(work)
    (work / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    return {"queries": len(queries)}


def load_queries(work: Path) -> list[tuple[str, str, dict]]:
    """The query list the parent wrote (children never load the passages: their memory
    is the engine's own)."""
    return [tuple(q) for q in json.loads((work / "queries.json").read_text(encoding="utf-8"))]


def phase_rjtui_cold(corpus: Path, work: Path) -> dict:
    """A fresh engine, no warm-up: every query once, top 10 with snippets and all facets."""
    started = time.perf_counter()
    from rjtui.results import Filters
    from rjtui.search import Engine

    engine = Engine.open(rjtui_config(corpus, work / "rjtui"))
    opened = time.perf_counter() - started
    started = time.perf_counter()
    engine.prepare_queries()  # as the explorer does before the first keystroke
    prepared = time.perf_counter() - started
    times: dict[str, list[float]] = {}
    hits = 0
    for kind, query, filters in load_queries(work):
        t0 = time.perf_counter()
        result = engine.search(query, Filters.of(**filters), limit=10, snippets=3)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        hits += result.total_articles > 0
    return {
        "times": times,
        "open": opened,
        "prepare": prepared,
        "hits": hits,
        "rss_mb": rss_mb(),
        "peak_mb": peak_mb(),
    }


def tantivy_schema():
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("author", tokenizer_name="default")
    sb.add_text_field("author_raw", fast=True, tokenizer_name="raw")
    sb.add_text_field("topic_raw", fast=True, tokenizer_name="raw")
    sb.add_unsigned_field("akey", stored=True, fast=True)
    return sb.build()


def phase_tantivy_build(corpus: Path, work: Path) -> dict:
    """Index the exported passages (one document each, as rjtui does) with tantivy-py."""
    import tantivy

    target = work / "tantivy"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    rows = read_passages(work)
    started = time.perf_counter()
    with TreePeak() as tree:
        index = tantivy.Index(tantivy_schema(), path=str(target))
        writer = index.writer(heap_size=256_000_000)
        for row in rows:
            doc = tantivy.Document()
            doc.add_unsigned("akey", row["akey"])
            doc.add_text("body", row["body"])
            doc.add_text("title", row["title"])
            for author in row["authors"]:
                doc.add_text("author", author)
                doc.add_text("author_raw", author)
            for topic in row["topics"]:
                doc.add_text("topic_raw", topic)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
    return {
        "seconds": time.perf_counter() - started,
        "cpu": cpu_seconds(),
        "size_mb": dir_mb(target),
        "peak_mb": peak_mb(),
        "tree_mb": tree.mb,
    }


def phase_tantivy_cold(corpus: Path, work: Path) -> dict:
    """tantivy-py on the same queries: top 10 passages, a snippet each, author counts.

    It is flattered: it counts one facet (rjtui counts five, each without its own
    filter, over articles), and it does not group passages into articles."""
    import tantivy

    started = time.perf_counter()
    index = tantivy.Index.open(str(work / "tantivy"))
    schema = index.schema
    searcher = index.searcher()
    opened = time.perf_counter() - started
    fields = {"authors": "author_raw", "topics": "topic_raw"}
    agg = {"authors": {"terms": {"field": "author_raw", "size": 10_000}}}

    def build(query: str, filters: dict):
        if query.endswith("*"):
            q = tantivy.Query.regex_query(schema, "body", query[:-1].lower() + ".*")
        elif query.endswith("~"):
            q = tantivy.Query.fuzzy_term_query(schema, "body", query[:-1].lower(), distance=1)
        else:
            q = index.parse_query(query, ["body", "title"], conjunction_by_default=True)
        for facet, values in filters.items():
            ors = [
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, fields[facet], v))
                for v in values
            ]
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, q), (tantivy.Occur.Must, tantivy.Query.boolean_query(ors))]
            )
        return q

    times: dict[str, list[float]] = {}
    hits = 0
    for kind, query, filters in load_queries(work):
        t0 = time.perf_counter()
        q = build(query, filters)
        result = searcher.search(q, 10, count=True)
        snippets = tantivy.SnippetGenerator.create(searcher, q, schema, "body")
        for _score, address in result.hits:
            snippets.snippet_from_doc(searcher.doc(address)).to_html()
        searcher.aggregate(q, agg)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        hits += result.count > 0
    return {"times": times, "open": opened, "hits": hits, "rss_mb": rss_mb(), "peak_mb": peak_mb()}


def phase_baseline_cold(corpus: Path, work: Path) -> dict:
    """Stock Whoosh (one document per raw file) on the same queries, top 10 highlighted."""
    from whoosh.index import open_dir
    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    started = time.perf_counter()
    searcher = open_dir(str(work / "baseline")).searcher()
    opened = time.perf_counter() - started
    parser = QueryParser("content", searcher.schema)
    parser.add_plugin(FuzzyTermPlugin())
    times: dict[str, list[float]] = {}
    hits = 0
    for kind, query, filters in load_queries(work):
        t0 = time.perf_counter()
        found = baseline_search(searcher, parser, query, filters)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        hits += found > 0
    return {"times": times, "open": opened, "hits": hits, "rss_mb": rss_mb(), "peak_mb": peak_mb()}


def cold_main(args: argparse.Namespace, corpus: Path, work: Path, text_mb: float) -> None:
    """Build each engine once, export rjtui's passages for tantivy, then run every query
    once on a fresh engine per side and print p50/p95/max per query kind, with ratios."""
    load = os.getloadavg()
    saved = work / "rjtui-build.json"
    if args.reuse_build and saved.exists():
        ours = json.loads(saved.read_text())
    else:
        ours = child("rjtui-build", corpus, work)
        saved.write_text(json.dumps(ours))
    if not (work / "passages.jsonl").exists():
        child("export", corpus, work)
    if not (work / "queries.json").exists():  # in a child: peak RSS is inherited over fork
        child("make-queries", corpus, work)
    has_tantivy = importlib.util.find_spec("tantivy") is not None
    tan = child("tantivy-build", corpus, work) if has_tantivy else None
    base = None
    if args.baseline:  # stock Whoosh does not change between runs: its build is kept
        saved = work / "baseline-build.json"
        if not saved.exists():
            saved.write_text(json.dumps(child("baseline-build", corpus, work)))
        base = json.loads(saved.read_text())
    runs = {"rjtui": child("rjtui-cold", corpus, work)}
    if has_tantivy:
        runs["tantivy"] = child("tantivy-cold", corpus, work)
    if base:
        runs["whoosh"] = child("baseline-cold", corpus, work)
    load_after = os.getloadavg()
    sides = list(runs)
    lines = [
        f"corpus: {ours['articles']} articles, {ours['passages']} passages, {text_mb:.1f} MB of "
        f"text; {os.cpu_count()} cores; load average before {load[0]:.2f} / after "
        f"{load_after[0]:.2f}",
        "how: each engine built once; then each side in a fresh process, no warm-up (rjtui: "
        "after prepare_queries, which the explorer runs once its first results show), runs "
        f"{sum(len(t) for t in runs['rjtui']['times'].values())} distinct queries once "
        "(top 10; rjtui: 3 snippets + all 5 facets; tantivy: snippet + author counts; "
        "whoosh: highlights, no facets). Times are wall ms per query. Build peak RSS: "
        "'bound' adds each process's own peak (ru_maxrss), 'sampled' is the most all of a "
        "build's processes held at once (/proc, every 20 ms).",
        "" if has_tantivy else "tantivy-py is not installed (pip install -e '.[bench]'): no ratios",
        "",
        f"{'kind':<12}" + "".join(f"{s + ' p50/p95/max':>26}" for s in sides) + "  p95 ratio",
    ]
    all_times = {s: [t for ts in runs[s]["times"].values() for t in ts] for s in sides}

    def trio(ts: list[float]) -> str:
        return f"{pct(ts, 0.5):7.1f} /{pct(ts, 0.95):7.1f} /{max(ts):7.1f}"

    def ratios(get) -> str:
        out = [f"/tantivy {get('rjtui') / get('tantivy'):.1f}x"] if has_tantivy else []
        if "whoosh" in runs:
            out.append(f"whoosh/ {get('whoosh') / get('rjtui'):.1f}x")
        return ", ".join(out)

    for kind in runs["rjtui"]["times"]:
        ts = {s: runs[s]["times"][kind] for s in sides}
        cells = "".join(f"{trio(ts[s]):>26}" for s in sides)
        lines.append(f"{kind:<12}{cells}  {ratios(lambda s, ts=ts: pct(ts[s], 0.95))}")
    cells = "".join(f"{trio(all_times[s]):>26}" for s in sides)
    lines.append(f"{'all':<12}{cells}  {ratios(lambda s: pct(all_times[s], 0.95))}")
    p50 = ratios(lambda s: pct(all_times[s], 0.5))
    lines += [
        f"{'p50 ratio':<12}{p50}",
        "",
        f"{'':<28}{'rjtui':>12}{'tantivy':>12}{'whoosh':>12}{'rjtui/tantivy':>15}",
    ]
    builds = {"rjtui": ours, "tantivy": tan or {}, "whoosh": base or {}}

    def line(name: str, key: str, fmt: str, src=builds) -> str:
        vals = [src[s].get(key) if src.get(s) else None for s in ("rjtui", "tantivy", "whoosh")]
        cells = "".join(f"{format(v, fmt) if v is not None else '-':>12}" for v in vals)
        ratio = f"{vals[0] / vals[1]:.1f}x" if vals[0] and vals[1] else "-"
        return f"{name:<28}{cells}{ratio:>15}"

    lines += [
        line("full build (s)", "seconds", ".1f"),
        line("build CPU (s)", "cpu", ".1f"),
        line("index size (MB)", "size_mb", ".0f"),
        f"{'index size / text':<28}"
        + "".join(
            f"{builds[s]['size_mb'] / text_mb:>11.2f}x" if builds.get(s) else f"{'-':>12}"
            for s in ("rjtui", "tantivy", "whoosh")
        ),
        line("build peak RSS, bound (MB)", "peak_mb", ".0f"),
        line("build peak RSS, sampled", "tree_mb", ".0f"),
        line("open (s)", "open", ".3f", runs),
        line("then prepare_queries (s)", "prepare", ".3f", runs),
        line("RSS after queries (MB)", "rss_mb", ".0f", runs),
        line("query peak RSS (MB)", "peak_mb", ".0f", runs),
        line("queries with hits", "hits", "d", runs),
    ]
    print("\n".join(lines))


PHASES = {
    "rjtui-build": phase_rjtui_build,
    "rjtui-update": phase_rjtui_update,
    "rjtui-open": phase_rjtui_open,
    "baseline-build": phase_baseline_build,
    "baseline-update": phase_baseline_update,
    "baseline-open": phase_baseline_open,
    "queries": phase_queries,
    "export": phase_export,
    "make-queries": phase_make_queries,
    "tantivy-build": phase_tantivy_build,
    "rjtui-cold": phase_rjtui_cold,
    "tantivy-cold": phase_tantivy_cold,
    "baseline-cold": phase_baseline_cold,
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
    ap.add_argument(
        "--cold",
        action="store_true",
        help="distinct queries, each once, on fresh engines, with tantivy-py (needs .[bench])",
    )
    ap.add_argument(
        "--reuse-build",
        action="store_true",
        help="--cold on the rjtui index the last --cold run built (its build figures too)",
    )
    ap.add_argument(
        "--no-baseline",
        dest="baseline",
        action="store_false",
        help="--cold without stock Whoosh (its single-writer build is slow at 50k)",
    )
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        corpus, work, *extra = args.args
        if args.phase == "queries":
            extra = [int(extra[0])]
        print(json.dumps(PHASES[args.phase](Path(corpus), Path(work), *extra)))
        return

    work = (args.workdir or Path(tempfile.mkdtemp(prefix="rjtui-bench-"))).resolve()
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
    if args.cold:
        cold_main(args, corpus, work, mb)
        return

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
