"""Special and huge files in the corpus: refused by ``stat``, never read, never waited on.

A symlink to ``/dev/zero`` or to a FIFO, a FIFO or socket in the corpus, a
sparse file of gigabytes: each must be skipped with a reason after a ``stat``
(through the link), without reading more than the size limit and without
blocking. Every case runs the real ``rjtui index`` in a child process under an
address-space limit and a timeout, and its peak memory is measured by the
kernel (``wait4``); a later ``rjtui search`` must work as well.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from rjtui.session import ensure_index
from tests.faults.conftest import GOOD_TEXT, GOOD_WORD, cli_argv, make_config, write_good

ADDRESS_SPACE = 1536 << 20
"""The child's memory cap: reading a hostile file whole dies here, not in the OOM killer."""
MAX_RSS_MB = 300
INDEX_TIMEOUT = 60


@dataclass
class Run:
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float


def run_measured(argv: list[str], cwd: Path, timeout: float = INDEX_TIMEOUT) -> Run:
    """Run ``argv`` with a memory cap; its exit code (None: killed at ``timeout``),
    output, wall time and peak resident memory as the kernel counted it."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    out, err = cwd / f"out-{time.monotonic_ns()}", cwd / f"err-{time.monotonic_ns()}"
    started = time.monotonic()
    with out.open("w") as fout, err.open("w") as ferr:
        proc = subprocess.Popen(
            argv, stdout=fout, stderr=ferr, cwd=cwd, preexec_fn=cap, start_new_session=True
        )
    code = None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - started > timeout:  # hung: end it (and anything it started)
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    proc.returncode = code if code is not None else -9  # reaped here, not by Popen
    return Run(
        code, out.read_text(), err.read_text(), time.monotonic() - started, usage.ru_maxrss / 1024
    )


def _symlink_to(target: Callable[[Path], Path]) -> Callable[[Path, Path], Path]:
    def make(corpus: Path, outside: Path) -> Path:
        link = corpus / "special.txt"
        link.symlink_to(target(outside))
        return link

    return make


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _socket(folder: Path) -> Path:
    path = folder / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))  # stays bound (a listening service's socket) while the test runs
    _SOCKETS.append(sock)
    return path


_SOCKETS: list[socket.socket] = []


def _sparse(size: int) -> Callable[[Path, Path], Path]:
    def make(corpus: Path, outside: Path) -> Path:
        path = corpus / "huge.txt"
        with path.open("wb") as fh:
            fh.truncate(size)  # sparse: takes no disk, reads as zeros
        return path

    return make


SPECIAL = {
    "link-to-dev-zero": (_symlink_to(lambda _: Path("/dev/zero")), "character device"),
    "link-to-dev-null": (_symlink_to(lambda _: Path("/dev/null")), "character device"),
    "link-to-fifo": (_symlink_to(_fifo), "FIFO"),
    "fifo-in-corpus": (lambda corpus, _: _fifo(corpus), "FIFO"),
    "link-to-socket": (_symlink_to(_socket), "socket"),
    "sparse-2gb": (_sparse(2 << 30), "too large for an article (2147 MB)"),
    "sparse-6gb": (_sparse(6 << 30), "too large for an article (6442 MB)"),
}


@pytest.fixture(autouse=True)
def _close_sockets():
    yield
    while _SOCKETS:
        _SOCKETS.pop().close()


@pytest.mark.parametrize("mode", ["build", "update"])
@pytest.mark.parametrize("case", list(SPECIAL))
def test_special_file_is_skipped_with_its_reason_unread(
    tmp_path: Path, case: str, mode: str
) -> None:
    """``rjtui index`` names the file with its reason, in bounded time and memory, on a
    first build and on an update; the good article is indexed and searchable."""
    corpus = tmp_path / "corpus"
    write_good(corpus)
    outside = tmp_path / "outside"
    outside.mkdir()
    config = make_config(corpus, tmp_path / "data")
    if mode == "update":
        assert run_measured(cli_argv(config, "index"), tmp_path).code == 0
    make, reason = SPECIAL[case]
    special = make(corpus, outside)
    run = run_measured(cli_argv(config, "index"), tmp_path)
    assert run.code == 0, f"{case}: exit {run.code} after {run.seconds:.1f} s: {run.stderr[-400:]}"
    assert f"skipped {special}: " in run.stdout and reason in run.stdout, run.stdout
    assert run.max_rss_mb < MAX_RSS_MB, f"{case}: peak memory {run.max_rss_mb:.0f} MB"
    again = run_measured(cli_argv(config, "index"), tmp_path)  # unchanged: stays skipped
    assert again.code == 0 and reason in again.stdout, again.stdout
    search = run_measured(cli_argv(config, "search", GOOD_WORD), tmp_path, timeout=30)
    assert search.code == 0, search.stderr
    assert "Sakhalin energy talks" in search.stdout, search.stdout


def test_a_changed_file_is_read_once_per_index_run(tmp_path: Path) -> None:
    """Change check, content hash and ingest share one read of the file (an audit hook
    counts every ``open`` of it): on the first build and on an update."""
    corpus = tmp_path / "corpus"
    article = write_good(corpus)
    config = make_config(corpus, tmp_path / "data")
    opened: list[str] = []
    watched = str(article)

    def hook(event: str, args: tuple) -> None:
        if event == "open" and args and str(args[0]) == watched:
            opened.append(event)

    sys.addaudithook(hook)
    try:
        ensure_index(config)
        assert len(opened) == 1, f"the first build opened the file {len(opened)} times"
        article.write_text(GOOD_TEXT + "\nOne more paragraph about the Kuril talks.\n")
        opened.clear()
        report = ensure_index(config)
        assert report.changed == 1
        assert len(opened) == 1, f"an update opened the changed file {len(opened)} times"
    finally:
        watched = ""  # audit hooks cannot be removed: make this one inert
