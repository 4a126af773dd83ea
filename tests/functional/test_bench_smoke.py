"""The benchmarks run end to end on a tiny corpus, so they cannot rot."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def run_bench(script: str, *args: str) -> str:
    """Run ``bench/<script>`` end to end; its printed figures (it must succeed)."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_search_bench_prints_the_table(tmp_path):
    out = run_bench(
        "search_bench.py",
        "--articles",
        "12",
        "--rounds",
        "1",
        "--build-runs",
        "1",
        "--workdir",
        str(tmp_path / "bench"),
    )
    for label in ("full build", "one-file update", "query p50", "query p95", "peak memory"):
        assert label in out
    assert re.search(r"indexed: 1[0-2] articles, \d+ passages", out)
    assert 'phrase: "Cold War"' in out


def test_cold_search_bench_prints_figures_per_query_kind(tmp_path):
    """``--cold``: distinct queries once on fresh engines, p50/p95/max per kind, sizes and
    memory (tantivy-py is a bench-only extra: without it the table says so)."""
    out = run_bench(
        "search_bench.py",
        "--cold",
        "--articles",
        "12",
        "--workdir",
        str(tmp_path / "bench"),
    )
    for kind in ("word", "two words", "phrase", "prefix", "fuzzy", "field", "filter", "all"):
        assert re.search(rf"^{kind} +[\d.]+ / +[\d.]+ / +[\d.]+", out, re.M), kind
    for label in ("index size / text", "RSS after queries (MB)", "build peak RSS", "load average"):
        assert label in out
    assert re.search(r"runs (\d+) distinct queries once", out)


def test_corrections_bench_prints_every_figure(tmp_path):
    """bench/corrections_bench.py end to end on a small corpus (it once broke unseen
    when the source view started taking the folder's line keys)."""
    out = run_bench(
        "corrections_bench.py",
        "--articles",
        "30",
        "--corrections",
        "10",
        "--workdir",
        str(tmp_path / "bench"),
    )
    for label in ("one locked write", "index update after one correction", "trace one article"):
        assert label in out, out
