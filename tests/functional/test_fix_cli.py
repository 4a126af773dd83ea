"""``rjtui fix`` and ``rjtui show --source``: the real CLI in subprocesses, on the seeds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS, rjtui_json, run_rjtui

SEED_001 = "001_015e008f48361a52"
TITLE = "Russia and Japan: looking for a way out"
POLL = ("Poll conducted", "U.S. wants to dissolve Russia", "24 (22%)")


def test_the_issue_steps_on_the_seeds(data_dir: Path) -> None:
    added = run_rjtui("bookmarks", "add", SEED_001, "3")  # saved before the correction
    assert added.returncode == 0, added.stderr
    fixed = run_rjtui("fix", "001", "--title", TITLE, "--date", "2014-09-01")
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith(f"{SEED_001}: corrected title, date (")

    found = rjtui_json("search", 'title:"way out"', "--json")
    assert [a["id"] for a in found["articles"]] == [SEED_001]
    listed = {a["id"]: a for a in rjtui_json("articles", "--json")}
    assert listed[SEED_001]["title"] == TITLE
    assert listed[SEED_001]["title_is_fallback"] is False
    assert listed[SEED_001]["corrected"] == ["title", "date"]

    bibtex = run_rjtui("bookmarks", "export", "--format", "bibtex")
    assert bibtex.returncode == 0, bibtex.stderr
    assert "title = {{Russia and Japan: looking for a way out}}" in bibtex.stdout
    assert "year = {2014}" in bibtex.stdout
    markdown = run_rjtui("bookmarks", "export", "--format", "markdown").stdout
    assert f"## {TITLE}" in markdown and "2014-09-01." in markdown

    source = rjtui_json("show", "001", "--source", "--json")
    by_text = {line["text"]: line for line in source["lines"]}
    for text in POLL:
        assert (by_text[text]["status"], by_text[text]["reason"]) == ("dropped", "teaser")
    assert by_text["Alexander Panov"]["status"] == "author"
    assert source["summary"].startswith("23 lines dropped: 10 teaser, 8 share")
    assert {line["status"] for line in source["lines"]} <= {
        "body", "title", "author", "date", "source", "caption", "note", "dropped", "metadata",
    }  # fmt: skip

    entries = rjtui_json("fix", "--list", "--json")["corrections"]
    assert [(e["id"], e["fields"], e["problems"]) for e in entries] == [
        (SEED_001, {"title": TITLE, "date": "2014-09-01"}, [])
    ]
    saved = (data_dir / "corrections.yaml").read_text(encoding="utf-8")
    assert "version: 1" in saved and f"id: {SEED_001}" in saved


def test_a_bad_date_or_an_unknown_id_is_one_line_and_exit_2(data_dir: Path) -> None:
    for args in (["fix", "001", "--date", "2014-13-01"], ["fix", "999", "--title", "x"]):
        proc = run_rjtui(*args)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("rjtui: ")
    assert not (data_dir / "corrections.yaml").exists()
    dropped = run_rjtui("fix", "001", "--drop-line", "5")  # the byline: metadata
    assert dropped.returncode == 2 and "correct the field instead" in dropped.stderr


def test_lines_kept_and_a_vanished_line_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = corpus / f"{SEED_001}.txt"
    shutil.copy(SEEDS / source.name, source)
    other = tmp_path / "mine.yaml"
    options = ["--corpus", str(corpus), "--corrections", str(other)]
    assert rjtui_json("search", '"Poll conducted"', "--json", *options)["total_articles"] == 0
    kept = run_rjtui("fix", "001", "--keep-line", "85", *options)
    assert kept.returncode == 0, kept.stderr
    assert rjtui_json("search", '"Poll conducted"', "--json", *options)["total_articles"] == 1
    assert "Poll conducted" in other.read_text(encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8").replace("Poll conducted", ""))
    entry = rjtui_json("fix", "001", "--list", "--json", *options)["corrections"][0]
    assert entry["problems"] == [
        "the file was edited since this correction (fields still apply)",
        "correction not applied: the line to keep (line 85 “Poll conducted”) "
        "is no longer in the file",
    ]
    assert entry["keep_lines"] == [{"line": 85, "text": "Poll conducted"}]


def test_two_fix_commands_at_once_keep_both(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    options = ["--corpus", str(corpus)]
    assert run_rjtui("index", *options).returncode == 0
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rjtui", "fix", seed, "--source", f"Source {seed}", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("001", "002", "003")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    rows = {a["id"][:3]: a["source"] for a in rjtui_json("articles", "--json", *options)}
    assert [rows[s] for s in ("001", "002", "003")] == [
        f"Source {s}" for s in ("001", "002", "003")
    ]
    assert (
        len(json.loads(run_rjtui("fix", "--list", "--json", *options).stdout)["corrections"]) == 3
    )


def test_clear_takes_the_correction_back_out_of_the_file_and_the_index(data_dir: Path) -> None:
    assert run_rjtui("fix", "001", "--author", "A. Panov", "--author", "B. Co").returncode == 0
    assert rjtui_json("facets", "--json")["authors"].get("B. Co") == 1
    listed = rjtui_json("fix", "001", "--list", "--json")["corrections"]
    assert listed[0]["fields"] == {"authors": ["A. Panov", "B. Co"]}
    cleared = run_rjtui("fix", "001", "--clear")
    assert cleared.returncode == 0 and "cleared" in cleared.stdout
    assert "B. Co" not in rjtui_json("facets", "--json")["authors"]
    assert rjtui_json("fix", "--list", "--json")["corrections"] == []
    assert "cleared" not in run_rjtui("fix", "001", "--clear").stdout  # nothing left
