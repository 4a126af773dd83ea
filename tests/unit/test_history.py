"""The search history file: most recent first, no duplicates, merged between two
explorers, private, and a file that is not ours to read is left alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rjtui.history import LIMIT, SearchHistory


def test_most_recent_first_without_duplicates_and_kept_across_sessions(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.txt"
    history = SearchHistory(path)
    assert history.load() == []
    for query in ["abe sakhalin", "crimea  kuril", "abe sakhalin", "   "]:
        history.record(query)
    assert history.entries == ["abe sakhalin", "crimea kuril"]
    assert SearchHistory(path).load() == ["abe sakhalin", "crimea kuril"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_two_explorers_keep_each_others_queries(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    first, second = SearchHistory(path), SearchHistory(path)
    first.load(), second.load()
    first.record("putin sanctions")
    second.record("northern territories")
    assert SearchHistory(path).load() == ["northern territories", "putin sanctions"]


def test_the_history_is_bounded(tmp_path: Path) -> None:
    history = SearchHistory(tmp_path / "history.txt")
    for n in range(LIMIT + 30):
        history.record(f"query {n}")
    assert len(history.entries) == LIMIT
    assert history.load()[0] == f"query {LIMIT + 29}" and len(history.entries) == LIMIT


def test_control_characters_never_come_back_out(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.write_text("evil\x1b[2J\u202equery\nplain\n", encoding="utf-8")
    assert SearchHistory(path).load() == ["evilquery", "plain"]  # the whole sequence goes


def test_a_fifo_is_neither_read_nor_replaced(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    os.mkfifo(path)
    history = SearchHistory(path)
    assert history.load() == []  # returns at once: a FIFO is never opened for reading
    assert history.problem and "not a regular file" in history.problem
    history.record("still recalled this session")
    assert history.entries == ["still recalled this session"]
    assert stat.S_ISFIFO(path.stat().st_mode)


def test_a_file_that_is_not_utf8_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "history.txt"
    path.write_bytes(b"\xff\xfe not ours\n")
    history = SearchHistory(path)
    history.load()
    history.record("abe")
    assert history.problem and "not UTF-8" in history.problem
    assert path.read_bytes() == b"\xff\xfe not ours\n"
