"""A hostile bookmarks file: YAML alias bombs and values of the wrong shape.

A 529-byte file of nested aliases stands for a billion strings: listing it
once cost 963 MB and printed 72 MB, ``bookmarks add`` rewrote it as 96 MB,
one more level was a MemoryError. Such a file must be refused like any
broken one: one line naming the file and the line, nothing written, in
bounded time and memory (measured by the kernel for the real command).
"""

from __future__ import annotations

import sys

import pytest

from tests.faults.test_special_files import run_measured

LEVELS = 9


def bomb(levels: int, where: str) -> str:
    """Each anchor repeats the previous one nine times: 9**levels strings in all."""
    lines = [
        "version: 1",
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    last = f"*l{levels - 1}"
    lines += [
        "bookmarks:",
        "- id: bm-00000001",
        "  created: 2024-01-01T00:00:00",
        "  article: {id: good, title: Sakhalin energy talks}",
        "  passage: {n: 1, text: The governments agreed.}",
        f"  note: {last if where == 'note' else 'fine'}",
        f"  tags: {last if where == 'tags' else '[ok]'}",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [LEVELS, LEVELS + 1])
@pytest.mark.parametrize("where", ["note", "tags"])
@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["add", "good", "1"]])
def test_alias_bomb_is_refused_in_one_line(tmp_path, where: str, levels: int, command) -> None:
    path = tmp_path / "bookmarks.yaml"
    text = bomb(levels, where)
    assert len(text) < 800
    path.write_text(text, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    argv = ["--corpus", str(corpus), "--data-dir", str(tmp_path / "d"), "--bookmarks", str(path)]
    run = run_measured([sys.executable, "-m", "rjtui", *argv, "bookmarks", *command], tmp_path, 30)
    assert run.code == 1, (run.code, run.stderr[-300:])
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "aliases" in lines[0], lines
    assert len(run.stdout) < 10_000, len(run.stdout)
    assert run.max_rss_mb < 200 and run.seconds < 30, (run.max_rss_mb, run.seconds)
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("field", "value"),
    [("note", "[a, [b, c]]"), ("note", "{x: 1}"), ("tags", "[[a, b]]"), ("created", "[1]")],
)
def test_a_list_where_text_belongs_is_refused(tmp_path, field: str, value: str) -> None:
    from rjtui.bookmarks.fileformat import loads
    from rjtui.bookmarks.model import BookmarksFileError

    text = bomb(1, "-").replace(f"  {field}: ", f"  {field}: {value} #", 1)
    if field == "created":
        text = text.replace("  created: 2024-01-01T00:00:00", f"  created: {value}")
    with pytest.raises(BookmarksFileError, match=f"line [0-9]+: '{field}' must be"):
        loads(text, tmp_path / "b.yaml")
