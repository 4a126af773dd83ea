"""Deep folders, pseudo file systems and the one line an unexpected failure prints.

The corpus walk must survive any nesting (it once recursed: 1,200 folders gave
RecursionError) and never wander into /proc, whose links lead back into the
whole tree. And a failure that is not index damage (memory, nesting, a bug,
bytes that are not UTF-8 in an argument) must say so, not send the user off
to rebuild an index that is fine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rjtui import cli
from rjtui.ingest import iter_corpus_files
from rjtui.session import ensure_index
from tests.conftest import run_rjtui
from tests.faults.conftest import GOOD_WORD, make_config, write_good

DEPTH = 1200


def nested(root: Path, depth: int) -> Path:
    """``depth`` folders one inside the other (built with relative steps: the full
    path is too long for a single mkdir), the good article at the bottom."""
    here = os.getcwd()
    root.mkdir(parents=True)
    os.chdir(root)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        write_good(Path("."), "deep.txt")
        bottom = Path(os.getcwd())
    finally:
        os.chdir(here)
    return bottom / "deep.txt"


def remove_nested(root: Path) -> None:
    """Delete a tree of nested ``d`` folders bottom-up (``shutil.rmtree`` recurses, and
    pytest's clean-up would spin on its RecursionError)."""
    here = os.getcwd()
    os.chdir(root)
    try:
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for _ in range(depth):
            for name in os.listdir("."):
                os.unlink(name)
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


@pytest.fixture
def corpus(tmp_path: Path):
    folder = tmp_path / "corpus"
    yield folder
    if folder.exists():
        remove_nested(folder)


def test_a_corpus_nested_1200_folders_deep_is_walked(tmp_path: Path, corpus: Path) -> None:
    deep = nested(corpus, DEPTH)
    assert [p for p, _ in iter_corpus_files([corpus])] == [deep]
    config = make_config(corpus, tmp_path / "data")
    where = ["--corpus", str(corpus), "--data-dir", str(config.data_dir)]
    proc = run_rjtui(*where, "index", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "1 articles" in proc.stdout, proc.stdout
    found = run_rjtui(*where, "search", GOOD_WORD, cwd=tmp_path)
    assert found.returncode == 0 and "Sakhalin energy talks" in found.stdout, found.stderr


@pytest.mark.skipif(not Path("/proc/self/mountinfo").exists(), reason="no /proc here")
def test_proc_is_never_walked_or_read(tmp_path: Path) -> None:
    """``--corpus /proc`` lists nothing, quickly; a link into /proc from a corpus is
    refused unread, with its reason."""
    started = time.monotonic()
    assert list(iter_corpus_files([Path("/proc")])) == []
    corpus = tmp_path / "corpus"
    write_good(corpus)
    (corpus / "status.txt").symlink_to("/proc/self/status")
    (corpus / "proc").symlink_to("/proc")
    listed = [p.name for p, _ in iter_corpus_files([corpus])]
    assert listed == ["good.txt", "status.txt"], listed
    report = ensure_index(make_config(corpus, tmp_path / "data"))
    assert time.monotonic() - started < 30
    assert report.articles == 1
    assert [(Path(p).name, "pseudo file" in r) for p, r in report.skipped] == [("status.txt", True)]


def test_a_non_utf8_argument_is_named_in_one_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in ``--note`` (a terminal in Latin-1): one line naming
    the option, exit 2, nothing written; never the damaged-index advice."""
    config = make_config(write_good(tmp_path / "corpus").parent, tmp_path / "data")
    argv = [sys.executable, "-m", "rjtui", "--corpus", str(config.corpus[0])]
    argv += ["--data-dir", str(config.data_dir), "bookmarks", "add", "good", "1"]
    proc = subprocess.run(
        [os.fsencode(a) for a in argv] + [b"--note", b"caf\xe9 note"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.strip().splitlines() == [
        "rjtui: --note is not valid UTF-8 text (check the terminal's encoding)"
    ], err
    assert not config.bookmarks_file.exists()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (MemoryError(), "out of memory"),
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (ValueError("a bug"), "unexpected error (ValueError: a bug); this is a bug"),
    ],
    ids=["memory", "recursion", "bug"],
)
def test_failures_that_are_not_index_damage_say_what_they_are(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error, expected: str
) -> None:
    def fail(args, config):
        raise error

    monkeypatch.setattr(cli, "_run_tui", fail)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert "rebuild" not in err and "damaged" not in err, err


def test_an_error_inside_the_index_reader_still_advises_a_rebuild(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Garbage Whoosh trips over while reading (after the index opened) is damage."""
    from whoosh.util.varints import decode_signed_varint

    def read_garbage(args, config):
        decode_signed_varint(None)

    monkeypatch.setattr(cli, "_run_tui", read_garbage)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "may be damaged, run: rjtui index --rebuild" in err, err
