"""The real ``rjtui index|search|facets`` commands, in a subprocess, on the seeds."""

from __future__ import annotations

import json

from tests.conftest import SEEDS, rjtui_json, run_rjtui


def test_index_prints_a_one_line_summary_then_updates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00\x00" * 40)
    first = run_rjtui("index", "--corpus", str(corpus))
    assert first.returncode == 0, first.stderr
    summary, *skips = first.stdout.splitlines()
    assert summary.startswith("rebuilt: 2 articles,") and "1 skipped" in summary
    assert len(skips) == 1 and "broken.txt" in skips[0]
    (corpus / sorted(SEEDS.glob("*.txt"))[2].name).write_bytes(
        sorted(SEEDS.glob("*.txt"))[2].read_bytes()
    )
    second = run_rjtui("index", "--corpus", str(corpus))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("updated: 3 articles,") and "(+1 ~0 -0 files)" in second.stdout


def test_search_json_contract():
    data = rjtui_json("search", '"Cold', 'War"', "--json")
    assert data["query"] == '"Cold War"'
    assert data["articles"][0]["id"].startswith("004")
    assert data["total_articles"] >= 2 and data["total_passages"] >= data["total_articles"]
    assert data["notice"] is None and data["elapsed_ms"] > 0
    passage = data["articles"][0]["passages"][0]
    start, end = passage["highlights"][0]
    assert passage["text"][start:end].lower().endswith(("old", "war"))
    assert set(data["facets"]) >= {"authors", "topics", "sources", "years"}


def test_search_filters_and_sort():
    data = rjtui_json("search", "japan", "--author", "Petr Konovalov", "--json")
    assert [a["id"][:3] for a in data["articles"]] == ["002"]
    dated = rjtui_json("search", "--sort", "date", "--limit", "5", "--json")
    dates = [a["date"] for a in dated["articles"] if a["date"]]
    assert dates == sorted(dates, reverse=True)


def test_search_passages_json():
    data = rjtui_json("search", "sakhalin", "--passages", "--json")
    assert data["total_passages"] >= 2
    assert all(m["passage"]["highlights"] for m in data["passages"])


def test_malformed_query_exits_zero_with_a_notice():
    data = rjtui_json("search", '"unbalanced (query', "--json")
    assert "searched the words" in data["notice"]
    proc = run_rjtui("search", '"unbalanced (query')
    assert proc.returncode == 0 and "searched the words" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_rich_table_output_and_suggestion():
    proc = run_rjtui("search", "sakhalni")
    assert proc.returncode == 0, proc.stderr
    assert "did you mean: sakhalin" in proc.stdout
    table = run_rjtui("search", "sakhalin", "--limit", "1")
    assert "Sakhalin" in table.stdout and "articles" in table.stdout


def test_facets_json_counts_articles():
    data = rjtui_json("facets", "--json")
    assert sum(data["languages"].values()) == 5
    narrowed = rjtui_json("facets", "sakhalin", "--json")
    assert sum(narrowed["languages"].values()) < 5


def test_bad_limit_is_a_usage_error():
    proc = run_rjtui("search", "japan", "--limit", "zero")
    assert proc.returncode == 2 and "not a whole number" in proc.stderr


def test_open_before_index_in_json_mode_builds_first(tmp_path):
    proc = run_rjtui("search", "japan", "--json", "--data-dir", str(tmp_path / "fresh"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_articles"] == 5
