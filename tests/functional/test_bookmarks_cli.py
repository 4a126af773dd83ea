"""``rjtui bookmarks ...`` end to end: the real CLI in a subprocess, a real index.

The shared seeds index (``seeds_config``) serves via ``--data-dir``; each test
keeps its own bookmarks file (``--bookmarks``). Re-anchoring is checked by editing a
copy of a seed, re-indexing, and listing again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from rjtui import paths
from rjtui.bookmarks import engine_lookup
from rjtui.config import Config, load_config, with_overrides
from rjtui.results import ArticleView
from tests.conftest import SEEDS, run_rjtui


def _config(data_dir: Path, corpus: Path) -> Config:
    """What the CLI subprocess sees (the packaged config), so both share one index."""
    base = load_config(paths.packaged_config_file())
    return with_overrides(base, corpus=[corpus], data_dir=data_dir)


def _article(data_dir: Path, corpus: Path) -> ArticleView:
    """The newest article of ``corpus``, indexed into ``data_dir``."""
    from rjtui.search import Engine
    from rjtui.session import ensure_index

    config = _config(data_dir, corpus)
    ensure_index(config)
    engine = Engine.open(config)
    try:
        return engine.article(engine.article_ids()[0])
    finally:
        engine.close()


@pytest.fixture
def seeds_view(seeds_engine: Any) -> ArticleView:
    return seeds_engine.article(seeds_engine.article_ids()[0])


@pytest.fixture
def cli(seeds_config: Config, seeds_engine: Any, tmp_path: Path):
    """``rjtui bookmarks ARGS`` on the shared seeds index, with this test's bookmarks."""
    bookmarks = tmp_path / "mine" / "bookmarks.yaml"

    def run(*args: str, corpus: Path = SEEDS, data: Path | None = None):
        return run_rjtui(
            "bookmarks",
            *args,
            "--data-dir",
            str(data or seeds_config.data_dir),
            "--corpus",
            str(corpus),
            "--bookmarks",
            str(bookmarks),
        )

    run.bookmarks = bookmarks
    return run


def test_engine_lookup_gives_passages_or_none(seeds_engine: Any, seeds_view: ArticleView) -> None:
    lookup = engine_lookup(seeds_engine)
    assert lookup(seeds_view.meta.id) == seeds_view.passages
    assert lookup("no-such-article") is None


def test_add_list_remove_export(cli, seeds_view: ArticleView) -> None:
    view = seeds_view
    assert cli("list").stdout.startswith("No bookmarks yet")
    added = cli("add", view.meta.id, "2", "--note", "key point", "--tag", "a", "--tag", "b,c")
    assert added.returncode == 0, added.stderr
    first = added.stdout.strip()
    second = cli("add", view.meta.id, "1").stdout.strip()
    assert first.startswith("bm-") and second.startswith("bm-") and first != second

    listing = cli("list")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert lines[0].startswith(f"{view.meta.id}  {view.meta.title[:30]}")
    assert lines[1].startswith(f"  {second}  ¶1 ") and lines[2].startswith(f"  {first}  ¶2 ")
    assert "#a  #b  #c  — key point" in lines[2]
    assert lines[-1] == f"2 bookmarks in {cli.bookmarks}"

    data = json.loads(cli("list", "--json").stdout)
    assert data["file"] == str(cli.bookmarks)
    row = next(r for r in data["bookmarks"] if r["id"] == first)
    passage = view.passages[1]
    assert row["passage"] == {"id": passage.id, "n": 2, "text": passage.text}
    assert row["status"] == "ok" and row["current_passage"] == {"id": passage.id, "n": 2}
    assert row["article"]["title"] == view.meta.title and row["tags"] == ["a", "b", "c"]

    md = cli("export", "--format", "markdown")
    assert md.returncode == 0 and f"> {passage.text[:40]}" in md.stdout
    out = cli.bookmarks.parent / "out.bib"
    bib = cli("export", "--format", "bibtex", "-o", str(out))
    assert bib.returncode == 0 and bib.stdout == ""
    assert out.read_text(encoding="utf-8").count("@") == 1

    removed = cli("remove", first)
    assert removed.returncode == 0 and removed.stdout.startswith(f"Removed {first} (¶2 of ")
    assert [r["id"] for r in json.loads(cli("list", "--json").stdout)["bookmarks"]] == [second]


def test_bad_input_is_one_line_and_loses_nothing(cli, seeds_view: ArticleView) -> None:
    view = seeds_view
    assert cli("add", view.meta.id, "1").returncode == 0
    saved = cli.bookmarks.read_text(encoding="utf-8")
    for args, message in [
        (("add", "no-such-article", "1"), "no article with id 'no-such-article'"),
        (("add", view.meta.id, "999"), f"has passages 1-{len(view.passages)}, not 999"),
        (("remove", "bm-00000000"), "no bookmark 'bm-00000000'"),
        (("export", "--format", "yaml", "-o", str(cli.bookmarks)), "the bookmarks file itself"),
    ]:
        proc = cli(*args)
        assert proc.returncode == 1, args
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
    assert cli.bookmarks.read_text(encoding="utf-8") == saved

    broken = saved.replace("version: 1", "version: 1\n  bad indent: [")
    cli.bookmarks.write_text(broken, encoding="utf-8")
    for args in (("list",), ("add", view.meta.id, "1"), ("export", "--format", "json")):
        proc = cli(*args)
        assert proc.returncode == 1
        assert (
            proc.stderr.startswith(f"rjtui: {cli.bookmarks}: line ") and "read-only" in proc.stderr
        )
        assert proc.stderr.count("\n") == 1
    assert cli.bookmarks.read_text(encoding="utf-8") == broken


def test_add_takes_a_unique_beginning_of_an_id_as_show_and_fix_do(cli) -> None:
    added = cli("add", "001", "2")
    assert added.returncode == 0, added.stderr
    listed = json.loads(cli("list", "--json").stdout)["bookmarks"]
    assert [b["article"]["id"] for b in listed] == ["001_015e008f48361a52"]
    ambiguous = cli("add", "00", "1")  # every seed id begins with 00
    assert ambiguous.returncode == 2 and "is the beginning of 5 ids" in ambiguous.stderr


def test_list_keeps_hand_edited_text_on_one_safe_line(cli) -> None:
    cli.bookmarks.parent.mkdir(parents=True)
    cli.bookmarks.write_text(
        "bookmarks:\n"
        '- id: "bm-\\e[2Jx"\n'
        '  article: {id: gone-article, title: "T\\e]0;pwned\\a"}\n'
        "  passage: {n: 4, text: saved words}\n"
        '  note: "line one\\nline two \\e[31mred"\n',
        encoding="utf-8",
    )
    proc = cli("list")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert proc.stdout.splitlines() == [
        "gone-article  T",
        "  bm-x  ¶4   [article missing] saved words  — line one line two red",
        f"1 bookmark in {cli.bookmarks}",
    ]


def test_reanchoring_after_a_seed_is_edited_and_a_passage_removed(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    data = tmp_path / "data"
    view = _article(data, corpus)
    keep, edit, drop = view.passages[1], view.passages[2], view.passages[3]
    ids = {}
    for name, passage in (("keep", keep), ("edit", edit), ("drop", drop)):
        proc = cli("add", view.meta.id, str(passage.n), corpus=corpus, data=data)
        assert proc.returncode == 0, proc.stderr
        ids[name] = proc.stdout.strip()

    raw = Path(view.meta.path)
    text = raw.read_text(encoding="utf-8")
    edit_first_words = " ".join(edit.text.split()[:6])
    assert drop.text[:60] in text and edit_first_words in text
    start = text.index(drop.text[:60])
    end = text.index("\n", start)
    text = text[:start] + text[end + 1 :]  # the paragraph is gone
    text = text.replace(edit_first_words, edit_first_words + " (as revised)")
    raw.write_text(text, encoding="utf-8")

    data_json = json.loads(cli("list", "--json", corpus=corpus, data=data).stdout)
    rows = {r["id"]: r for r in data_json["bookmarks"]}
    assert len(rows) == 3  # nothing dropped
    assert rows[ids["keep"]]["status"] == "ok"
    assert rows[ids["edit"]]["status"] == "text edited"
    assert rows[ids["edit"]]["current_passage"]["id"] != edit.id
    assert rows[ids["edit"]]["passage"]["text"] == edit.text  # saved text kept
    assert rows[ids["drop"]]["status"] == "passage changed"
    assert rows[ids["drop"]]["current_passage"] is None
    listing = cli("list", corpus=corpus, data=data).stdout
    assert f"{ids['drop']}  ¶{drop.n:<3} [passage changed] " in listing


def test_the_file_defaults_to_the_data_dir_and_follows_the_config(
    data_dir: Path, tmp_path: Path
) -> None:
    default = run_rjtui("bookmarks", "list")
    assert default.stdout == f"No bookmarks yet ({data_dir / 'bookmarks.yaml'}).\n"
    config = tmp_path / "conf" / "config.yaml"
    config.parent.mkdir()
    config.write_text("bookmarks:\n  path: kept/research.yaml\n", encoding="utf-8")
    moved = run_rjtui("--config", str(config), "bookmarks", "list")
    assert moved.stdout == f"No bookmarks yet ({config.parent / 'kept' / 'research.yaml'}).\n"
