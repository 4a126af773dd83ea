"""Exports of a hand-edited, hostile bookmarks file, through the real command.

BibTeX keys must be unique by construction (a file once looped forever), every
BibTeX field escaped with controls stripped (a hand-edited date injected
fields, ESC and BEL), and JSON and YAML must carry no raw C1 or bidi control
(they escape them, so the data still round-trips).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.faults.conftest import make_config, write_good

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def bookmark(i: int, article: dict, note: str = "", tags: tuple[str, ...] = ()) -> dict:
    entry = {
        "id": f"bm-{i:08x}",
        "created": "2024-01-01T00:00:00",
        "article": article,
        "passage": {"id": f"p{i}", "n": 1, "text": f"Passage {i} on the Kuril talks."},
    }
    if note:
        entry["note"] = note
    if tags:
        entry["tags"] = list(tags)
    return entry


def export(tmp_path: Path, entries: list[dict], fmt: str, timeout: float = 30) -> str:
    path = tmp_path / "bookmarks.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "bookmarks": entries}), encoding="utf-8")
    config = make_config(write_good(tmp_path / "corpus").parent, tmp_path / "data")
    argv = [sys.executable, "-m", "rjtui", "--corpus", str(config.corpus[0])]
    argv += ["--data-dir", str(config.data_dir), "--bookmarks", str(path)]
    try:
        proc = subprocess.run(
            [*argv, "bookmarks", "export", "--format", fmt],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"bookmarks export --format {fmt} still running after {timeout} s")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def bib_entries(text: str) -> list[tuple[str, list[str]]]:
    """``(key, field names)`` per entry, splitting fields only at brace depth 0
    (escaped braces do not count): injected fields show up as extra names."""
    entries = []
    for match in re.finditer(r"@\w+\{([^,\n]*),\n(.*?)\n\}(?:\n|$)", text, re.S):
        key, body = match.groups()
        names, depth, start, i = [], 0, 0, 0
        while i < len(body):
            ch = body[i]
            if ch == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if ch == "," and depth == 0:
                names.append(body[start:i].split("=")[0].strip())
                start = i + 1
            i += 1
        names.append(body[start:].split("=")[0].strip())
        entries.append((key, names))
    return entries


def test_bibtex_keys_are_unique_even_when_every_suffix_is_taken(tmp_path: Path) -> None:
    """27 articles sharing author, year and title word use up the suffixes b-z; another
    article's own key is what the old fallback picked: every key must still differ."""
    same = {"authors": ["Ivan Petrov"], "date": "2020-05-01", "source": "RIAC"}
    entries = [bookmark(i, {"id": f"a{i}", "title": f"Talks round {i}", **same}) for i in range(27)]
    entries.insert(0, bookmark(99, {"id": "clash", "title": "Talksa26 again", **same}))
    out = export(tmp_path, entries, "bibtex")
    keys = [key for key, _ in bib_entries(out)]
    assert len(keys) == 28 and len(set(keys)) == 28, keys
    assert all(re.fullmatch(r"[a-z0-9]+", k) for k in keys), keys


def test_every_bibtex_field_is_escaped_and_free_of_controls(tmp_path: Path) -> None:
    evil = "2020-01-01}, note = {injected\x1b[2J\x07"
    article = {
        "id": "x",
        "title": "A {title} with 100% of & # _ \\ and \x9b31m",
        "authors": ["Ann}, author = {Eve", "Bo\x07b Smith"],
        "date": evil,
        "source": "Source_#1 & co",
    }
    out = export(tmp_path, [bookmark(1, article, note="a note")], "bibtex")
    assert not UNSAFE.search(out), repr(out)
    ((_key, names),) = bib_entries(out)
    assert sorted(names) == sorted(set(names)), names
    assert set(names) <= {"title", "author", "journal", "year", "month", "date", "note"}, names
    for raw in ("100%", " & ", " # ", "Source_#1"):
        assert raw not in out, (raw, out)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_json_and_yaml_escape_c1_and_bidi_controls(tmp_path: Path, fmt: str) -> None:
    note = "left\u202eright \u2066iso\u2069 csi\x9b31m nel\x85 del\x7f end"
    tag = "t\u202dag"
    article = {"id": "x", "title": "Ti\u202etle", "authors": ["A\x9cB"], "source": "S"}
    out = export(tmp_path, [bookmark(1, article, note=note, tags=(tag,))], fmt)
    assert not UNSAFE.search(out), [hex(ord(c)) for c in UNSAFE.findall(out)]
    data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    (entry,) = data["bookmarks"]
    assert entry["note"] == note and entry["tags"] == [tag]  # escaped, not lost
    assert entry["article"]["title"] == "Ti\u202etle"
