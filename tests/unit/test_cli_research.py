"""The command line as a researcher uses it (issue 14, item 8, and the concordance twin):
real ``rjtui`` subprocesses on the seeds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import rjtui_json, run_rjtui


def one_error_line(proc, code: int = 2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("rjtui: ") and "Traceback" not in proc.stderr
    return lines[0]


def test_counts_use_the_singular_for_one() -> None:
    proc = run_rjtui("search", "author:konovalov sakhalin")
    assert proc.returncode == 0, proc.stderr
    assert "1 article," in proc.stdout and "1 articles" not in proc.stdout
    listing = run_rjtui("--corpus", str(_one_seed_corpus()), "articles")
    assert "1 article" in listing.stdout and "1 articles" not in listing.stdout


def _one_seed_corpus() -> Path:
    from tests.conftest import SEEDS

    folder = Path.cwd() / "one"
    folder.mkdir(exist_ok=True)
    seed = sorted(SEEDS.glob("*.txt"))[2]
    (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.mark.parametrize("given", ["Panov", "panov", "alexander panov", "ALEXANDER"])
def test_author_matches_case_insensitively_on_a_unique_part(given: str) -> None:
    data = rjtui_json("search", "japan", "--author", given, "--json")
    assert {a["authors"][0] for a in data["articles"]} == {"Alexander Panov"}
    assert data["total_articles"] == len(
        rjtui_json("search", "japan author:panov", "--json")["articles"]
    )


def test_topic_and_source_match_on_a_unique_part() -> None:
    topics = rjtui_json("facets", "--json")["topics"]
    energy = next(t for t in topics if "energy" in t)
    data = rjtui_json("search", "--topic", "ENERGY", "--limit", "50", "--json")
    assert data["total_articles"] == topics[energy]
    sources = rjtui_json("facets", "--json")["sources"]
    name = next(iter(sources))
    data = rjtui_json("search", "--source", name.split()[-1].lower(), "--json")
    assert data["total_articles"] == sources[name]


def test_unknown_filter_value_is_one_line_exit_2_with_the_closest() -> None:
    line = one_error_line(run_rjtui("search", "--topic", "sanktions"))
    assert "--topic 'sanktions' matches nothing" in line and "closest: sanctions" in line
    line = one_error_line(run_rjtui("search", "--author", "konovalow"))
    assert "closest: Petr Konovalov" in line


def test_ambiguous_filter_value_names_the_candidates() -> None:
    line = one_error_line(run_rjtui("facets", "--author", "ov"))
    assert "ambiguous" in line and "Konovalov" in line and "Panov" in line


def test_year_is_validated() -> None:
    line = one_error_line(run_rjtui("search", "--year", "abc"))
    assert line == "rjtui: --year: not a year: 'abc' (e.g. 2016) (see: rjtui search --help)"
    line = one_error_line(run_rjtui("search", "--year", "1999"))
    assert "no article dated 1999" in line and "2022" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search", "x", "--limit", "0"), "rjtui: --limit: must be ≥ 1 (see: rjtui search --help)"),
        (("search", "--sort", "size"), "rjtui: --sort: invalid choice: 'size'"),
        (("concordance", "x", "--width", "-3"), "rjtui: --width: must be ≥ 0"),
        (("nosuchcommand",), "rjtui: COMMAND: invalid choice: 'nosuchcommand'"),
    ],
)
def test_argument_errors_are_one_line_with_a_help_hint(args, expected) -> None:
    line = one_error_line(run_rjtui(*args))
    assert line.startswith(expected) and line.endswith("--help)")
    assert "usage:" not in line


def test_show_accepts_a_unique_id_prefix() -> None:
    data = rjtui_json("show", "002", "--json")
    assert data["id"].startswith("002_")
    line = one_error_line(run_rjtui("show", "00"))
    assert "beginning of 5 ids" in line


def test_passages_show_titles() -> None:
    proc = run_rjtui("search", "sakhalin", "--passages", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    titles = {a["title"] for a in rjtui_json("search", "sakhalin", "--json")["articles"]}
    assert any(t[:30] in proc.stdout for t in titles)


def test_empty_result_says_no_matches_with_the_suggestion() -> None:
    proc = run_rjtui("search", "sakhalni")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:2] == ["no matches", "did you mean: sakhalin"]
    assert "┃" not in proc.stdout and "│" not in proc.stdout  # no empty table frame
    assert run_rjtui("search", "qqqzzzxx").stdout.strip() == "no matches"


def test_corpus_errors_name_the_option(tmp_path: Path) -> None:
    line = one_error_line(run_rjtui("--corpus", str(tmp_path / "missing"), "search", "x"))
    assert (
        line == f"rjtui: --corpus {tmp_path / 'missing'}: does not exist; give a folder of articles"
    )
    afile = tmp_path / "a.txt"
    afile.write_text("x")
    line = one_error_line(run_rjtui("--corpus", str(afile), "articles"))
    assert f"--corpus {afile}: is not a folder" in line and "config" not in line


# --- rjtui concordance ---------------------------------------------------------------------


def test_concordance_json_shape_one_line_per_hit() -> None:
    data = rjtui_json("concordance", "kuril", "--json")
    assert data["query"] == "kuril"
    passages = rjtui_json("search", "kuril", "--passages", "--limit", "200", "--json")
    hits = sum(len(m["passage"]["highlights"]) for m in passages["passages"])
    assert len(data["lines"]) == hits > passages["total_passages"] / 2
    for line in data["lines"]:
        assert set(line) == {"article", "title", "n", "left", "keyword", "right"}
        assert line["keyword"].lower().startswith("kuril")
        assert len(line["left"]) <= 40 and len(line["right"]) <= 40
        assert "\n" not in line["left"] + line["right"]


def test_concordance_phrase_keyword_is_the_phrase_as_written() -> None:
    data = rjtui_json("concordance", '"Northern Territories"', "--literal", "--json")
    assert data["lines"]
    assert {line["keyword"].lower() for line in data["lines"]} == {"northern territories"}
    # widened (the default), the keywords are the entity's spellings, each whole
    widened = rjtui_json("concordance", '"Northern Territories"', "--json")
    keywords = {line["keyword"].lower() for line in widened["lines"]}
    assert "northern territories" in keywords and "southern kuriles" in keywords
    assert len(widened["lines"]) > len(data["lines"])


def test_concordance_sorts_by_right_and_left_context() -> None:
    def words(text: str) -> list[str]:
        import re

        return [w.casefold() for w in re.findall(r"\w+", text)]

    right = rjtui_json("concordance", "kuril", "--sort", "right", "--json")["lines"]
    keys = [words(line["right"]) for line in right]
    assert keys == sorted(keys) and len(right) > 3
    left = rjtui_json("concordance", "kuril", "--sort", "left", "--width", "25", "--json")["lines"]
    keys = [words(line["left"])[::-1] for line in left]
    assert keys == sorted(keys)
    assert all(len(line["left"]) <= 25 for line in left)


@pytest.mark.parametrize(("flag", "delimiter"), [("--tsv", "\t"), ("--csv", ",")])
def test_concordance_exports_tsv_and_csv(flag: str, delimiter: str) -> None:
    proc = run_rjtui("concordance", "sakhalin", flag)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout), delimiter=delimiter))
    assert rows[0] == ["article", "title", "n", "left", "keyword", "right"]
    data = rjtui_json("concordance", "sakhalin", "--json")
    assert [r[4] for r in rows[1:]] == [line["keyword"] for line in data["lines"]]
    assert all(len(r) == 6 for r in rows)


def test_concordance_table_has_fixed_columns() -> None:
    proc = run_rjtui("concordance", "sakhalin", "--width", "30")
    assert proc.returncode == 0, proc.stderr
    data = rjtui_json("concordance", "sakhalin", "--width", "30", "--json")
    lines = proc.stdout.splitlines()[: len(data["lines"])]
    for out, line in zip(lines, data["lines"], strict=True):
        assert out.index(line["keyword"]) == 31  # 30 columns of left context and a space
    assert proc.stdout.splitlines()[-1].startswith(f"{len(data['lines'])} hits")
