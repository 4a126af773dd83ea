"""``rjtui articles`` and ``rjtui show``: the real CLI in a subprocess."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, SEEDS, rjtui_json, run_rjtui

SUMMARY_KEYS = {
    "id", "path", "language", "title", "subtitle", "authors", "date", "source", "section",
    "topics", "passages", "words",
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_articles() -> list[dict]:
    return rjtui_json("articles", "--json")


def test_articles_json_lists_the_seeds_by_default(seed_articles: list[dict]) -> None:
    assert [a["id"] for a in seed_articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for article in seed_articles:
        assert set(article) >= SUMMARY_KEYS
        assert isinstance(article["authors"], list) and isinstance(article["topics"], list)
        assert article["passages"] > 10 and article["words"] > 1000
        assert Path(article["path"]).is_file()
    first = seed_articles[0]
    assert first["title"].startswith("Russia in Japanese foreign policy at present")
    assert first["authors"] == ["Nazar Kurbanov"]
    assert first["date"] == "2024-04-13"
    assert first["source"] == "New Eastern Outlook"


def test_show_json_has_passages_with_ids_numbers_and_topics() -> None:
    data = rjtui_json("show", "003_670faf91eb021aee", "--json")
    assert data["title"] == "The complete falling out of Russian-Japanese relations"
    assert data["section"] == "Analysis | Asia-Pacific"
    assert len(data["passages"]) == 19
    first = data["passages"][0]
    assert set(first) == {"id", "n", "text", "topics"}
    assert first["n"] == 1 and first["id"].startswith("003_670faf91eb021aee:")
    assert first["text"].startswith("As the war in Ukraine moves into its third year")


def test_show_prints_the_article_readably() -> None:
    proc = run_rjtui("show", "004_bb7320d28d4825d6")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Russo-Japanese Relations: A Skeptical View")
    assert "Chapter 2" in out
    assert "¶1 Japan’s pro-active stance" in out
    assert "¶27 " in out
    assert "Notes" in out and "the-japan-news.com" in out
    assert "\x1b" not in out  # not a terminal: no styling codes


def test_articles_table_without_json() -> None:
    proc = run_rjtui("articles")
    assert proc.returncode == 0, proc.stderr
    assert "5 articles" in proc.stdout
    assert "000_206e5e792e276c3c" in proc.stdout
    assert "2022-03-10" in proc.stdout


def test_corpus_option_is_repeatable_and_skips_are_reported(tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(DATA / "ingest" / "news_byline.txt", one / "news.txt")
    shutil.copy(DATA / "ingest" / "frontmatter.md", two / "kurils.md")
    (two / "empty.txt").write_bytes(b"")
    (two / "blob.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    proc = run_rjtui("--corpus", str(one), "--corpus", str(two), "articles", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [a["id"] for a in data] == ["news", "kurils"]
    assert data[1]["authors"] == ["Kenji Tanaka", "Olga Smirnova"]
    assert proc.stderr.splitlines() == [
        f"rjtui: skipped {two / 'blob.txt'}: binary file (NUL bytes)",
        f"rjtui: skipped {two / 'empty.txt'}: empty file",
    ]


def test_no_articles_is_exit_1_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = run_rjtui("--corpus", str(tmp_path), "articles", "--json")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == f"rjtui: skipped {tmp_path / 'empty.txt'}: empty file"
    assert lines[1].startswith(f"rjtui: no articles loaded from {tmp_path}")
    assert len(lines) == 2
    assert proc.stdout == ""


def test_unknown_article_id_is_exit_1_with_one_line() -> None:
    proc = run_rjtui("show", "no-such-article")
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "rjtui: no article with id 'no-such-article'; 'rjtui articles' lists the ids"
    )


def test_missing_corpus_folder_is_a_config_error(tmp_path: Path) -> None:
    proc = run_rjtui("--corpus", str(tmp_path / "missing"), "articles")
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_boilerplate_regex_in_config_is_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("boilerplate: ['(unclosed']\n")
    proc = run_rjtui("--config", str(config), "articles", "--json")
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert "boilerplate[0] '(unclosed' is not a valid regular expression" in line


def test_hostile_article_text_is_printed_as_plain_text(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(
        b"Title [bold red]not markup[/]\n\nThe envoy said \x1b[2Jthat [link=http://e]talks[/link]"
        b" will continue despite the disputes over the islands and the sanctions.\n"
    )
    proc = run_rjtui("--corpus", str(tmp_path), "show", "x")
    assert proc.returncode == 0, proc.stderr
    assert "Title [bold red]not markup[/]" in proc.stdout
    assert "said that [link=http://e]talks[/link] will" in proc.stdout
    assert "\x1b" not in proc.stdout


def test_show_json_lists_captions_and_every_dropped_line_with_its_reason() -> None:
    data = rjtui_json("show", "003_670faf91eb021aee", "--json")
    assert data["captions"] == ["Ink Drop/ Shutterstock"]
    dropped = {(d["text"], d["reason"]) for d in data["dropped"]}
    assert ("Follow us on social", "share") in dropped
    source = (SEEDS / "003_670faf91eb021aee.txt").read_text().split("\n")
    for entry in data["dropped"]:
        assert set(entry) == {"line", "text", "reason"} and entry["reason"]
        assert source[entry["line"] - 1].strip() == entry["text"]  # the real line number


def test_a_folder_of_saved_pages_and_pdfs_is_a_corpus(tmp_path: Path) -> None:
    from tests.support import reports

    shutil.copytree(DATA / "web", tmp_path / "web")
    (tmp_path / "report.pdf").write_bytes(reports.single_column())
    (tmp_path / "scan.pdf").write_bytes(reports.scanned())
    proc = run_rjtui("--corpus", str(tmp_path), "articles", "--json")
    assert proc.returncode == 0, proc.stderr
    titles = {a["title"] for a in json.loads(proc.stdout)}
    assert reports.TITLE in titles
    assert "Japan-Russia Foreign Ministers' Telephone Talk" in titles
    assert "scan.pdf" in proc.stderr and "no text layer (scanned?)" in proc.stderr
    assert "_files" not in proc.stderr
