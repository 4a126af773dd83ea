"""Broken config and a hostile data dir: one clear line with the fix, never a traceback.

Config validation itself is unit-tested in ``tests/unit/test_config.py``; here
the real ``rjtui`` command is run the way a user would meet each problem, and
the check is what reaches them: exit code, exactly one line on stderr naming
the file or folder, the problem, and what to do about it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_rjtui
from tests.faults.conftest import as_child_user, child_env, unprivileged, write_good


def assert_one_line(proc: subprocess.CompletedProcess, code: int, *needles: str) -> str:
    """The command failed with ``code`` and exactly one ``rjtui:`` line holding ``needles``."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("rjtui: "), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


@pytest.mark.parametrize(
    ("yaml_text", "needles"),
    [
        pytest.param(
            b"corpus: [one, two\ntopics: {\n", ("invalid YAML at line", "fix the syntax"), id="yaml"
        ),
        pytest.param(
            b"topic_min_hits: [1, 2]\n",
            ("'topic_min_hits' must be a whole number, not a list",),
            id="wrong-type",
        ),
        pytest.param(b"topic_min_hits: -3\n", ("must be 0 or more",), id="negative"),
        pytest.param(
            b"corpus_dir: ~/articles\n",
            ("unknown key 'corpus_dir'", "known keys"),
            id="unknown-key",
        ),
        pytest.param(
            b"corpus: [/no/such/rjtui/folder]\n",
            ("corpus folder /no/such/rjtui/folder does not exist", "fix 'corpus'"),
            id="missing-corpus",
        ),
        pytest.param(b"\x00\x01binary\xff", ("cannot read config",), id="not-text"),
    ],
)
def test_broken_config_is_one_line_exit_2(
    tmp_path: Path, yaml_text: bytes, needles: tuple[str, ...]
) -> None:
    """Each config mistake stops ``rjtui search`` before any work, with the file named."""
    path = tmp_path / "config.yaml"
    path.write_bytes(yaml_text)
    proc = run_rjtui("--config", str(path), "search", "kuril")
    assert_one_line(proc, 2, str(path), *needles)


def test_config_path_is_a_folder(tmp_path: Path) -> None:
    proc = run_rjtui("--config", str(tmp_path), "search", "kuril")
    assert_one_line(proc, 2, str(tmp_path), "cannot read config")


def test_missing_corpus_argument(tmp_path: Path) -> None:
    """``--corpus`` with a typo fails loudly instead of indexing nothing."""
    missing = tmp_path / "artciles"
    proc = run_rjtui("--corpus", str(missing), "search", "kuril")
    assert_one_line(proc, 2, f"--corpus {missing}: does not exist")


# --- a data dir the user cannot write -----------------------------------------------------


def test_read_only_data_dir_is_one_line(shared_tmp: Path) -> None:
    """A data dir the user may read but not write: exit 1 with the folder and a fix,
    not an ``OSError`` traceback."""
    corpus = shared_tmp / "corpus"
    write_good(corpus)
    data = shared_tmp / "data"
    data.mkdir(mode=0o700)
    as_child_user(data)
    data.chmod(0o500)
    argv = [sys.executable, "-m", "rjtui", "--corpus", str(corpus), "--data-dir", str(data)]
    proc = unprivileged([*argv, "index"], child_env(shared_tmp))
    line = assert_one_line(proc, 1, str(data))
    assert "permission" in line.lower(), line
    assert "--data-dir" in line, line


def test_unsafe_index_dir_is_refused(tmp_path: Path, data_dir: Path) -> None:
    """Whoosh's table of contents is a pickle: an index folder others can write is
    refused (it could run their code) with the chmod fix, before anything is read."""
    corpus = write_good(tmp_path / "corpus").parent
    proc = run_rjtui("--corpus", str(corpus), "index")
    assert proc.returncode == 0, proc.stderr
    index_dirs = [p for p in (data_dir / "index").iterdir() if p.is_dir()]
    assert len(index_dirs) == 1
    for folder in (data_dir / "index", index_dirs[0]):
        assert folder.stat().st_mode & 0o777 == 0o700, oct(folder.stat().st_mode)
    index_dirs[0].chmod(0o777)
    proc = run_rjtui("--corpus", str(corpus), "search", "sakhalin")
    assert_one_line(proc, 1, "not private to you", f"chmod 700 {index_dirs[0]}")


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
"""Nine levels of aliases, nine each: 9**9 strings from 400 bytes."""


def _taxonomy(topics: int, terms_each: int) -> str:
    lines = ["topics:"]
    for t in range(topics):
        lines.append(f"  topic{t}:")
        lines += [f"    - term{t}x{i}" for i in range(terms_each)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        pytest.param(_taxonomy(2000, 100), ("too large for a config file",), id="3mb-200k-terms"),
        pytest.param(_taxonomy(60, 100), ("6000 terms", "trim the taxonomy"), id="6000-terms"),
        pytest.param(
            ALIAS_BOMB,
            ("line ", "aliases"),
            id="alias-bomb",
        ),
        pytest.param("topics: " + "[" * 5000 + "]" * 5000 + "\n", ("nest",), id="deep-nesting"),
    ],
)
def test_absurd_config_is_refused_in_one_line_and_fast(
    tmp_path: Path, text: str, needles: tuple[str, ...]
) -> None:
    """A huge taxonomy (every search took 4.5 s), an alias bomb or deep nesting: exit 2
    and one line, quickly, before anything is built from it."""
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    write_good(tmp_path / "corpus")
    started = time.monotonic()
    proc = run_rjtui("--config", str(config), "--corpus", str(tmp_path / "corpus"), "articles")
    assert time.monotonic() - started < 20
    line = assert_one_line(proc, 2, str(config), *needles)
    assert "rebuild" not in line


def test_a_config_that_is_a_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    proc = run_rjtui("--config", str(fifo), "articles", timeout=30)
    assert_one_line(proc, 2, str(fifo), "FIFO")
