#!/usr/bin/env python3
"""Hostile inputs of issue #12: wall time, peak memory and exit of the real command.

    python bench/hardening_bench.py [--checkout DIR] [--only NAME]

Each case builds its input in a temporary folder and runs one ``rjtui``
command in a child process with a 3 GB address-space cap and a 60 s timeout
(what an unfixed build does with them: grow until MemoryError, or hang), and
prints its wall time, its peak resident memory as the kernel counted it
(``wait4``) and how it ended. ``--checkout`` runs another checkout's code (an
older commit, for before/after figures). Reports, never gates.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAP = 3 << 30
TIMEOUT = 60
GOOD = "Sakhalin talks resume\n\nBy Anna Petrova\n\nThe talks on Sakhalin energy resumed.\n"


def run(argv: list[str], cwd: Path, pythonpath: Path) -> tuple[str, float, float]:
    """(how it ended, seconds, peak MB) of ``rjtui argv``."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rjtui", *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
        start_new_session=True,
    )
    os.set_blocking(proc.stderr.fileno(), False)
    err = b""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        err += proc.stderr.read() or b""
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - started > TIMEOUT:
            os.killpg(proc.pid, signal.SIGKILL)
            _, _, usage = os.wait4(proc.pid, 0)
            code = None
            break
        time.sleep(0.05)
    proc.returncode = code if code is not None else -9
    last = (err.decode(errors="replace").strip().splitlines() or [""])[-1][:70]
    ended = f"hung, killed at {TIMEOUT} s" if code is None else f"exit {code}: {last}"
    return ended, time.monotonic() - started, usage.ru_maxrss / 1024


def corpus_with(make: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        corpus = tmp / "corpus"
        corpus.mkdir()
        (corpus / "good.txt").write_text(GOOD)
        make(corpus)
        return ["--corpus", str(corpus), "--data-dir", str(tmp / "data"), "index"]

    return setup


def _sparse(size: int) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        with (corpus / "huge.txt").open("wb") as fh:
            fh.truncate(size)

    return make


def _fifo_link(corpus: Path) -> None:
    os.mkfifo(corpus.parent / "pipe")
    (corpus / "pipe.txt").symlink_to(corpus.parent / "pipe")


def _socket_link(corpus: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus.parent / "s.sock"))
    _KEEP.append(sock)
    (corpus / "s.txt").symlink_to(corpus.parent / "s.sock")


_KEEP: list[socket.socket] = []


def _alias_bomb(levels: int) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        lines = ["version: 1", f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
        lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
        lines += [
            "bookmarks:",
            "- id: bm-00000001",
            "  article: {id: good}",
            "  passage: {n: 1, text: The talks resumed.}",
            f"  note: *l{levels - 1}",
        ]
        (tmp / "b.yaml").write_text("\n".join(lines) + "\n")
        (tmp / "corpus").mkdir()
        where = ["--corpus", str(tmp / "corpus"), "--bookmarks", str(tmp / "b.yaml")]
        return [*where, "bookmarks", "list"]

    return setup


def _huge_config(tmp: Path) -> list[str]:
    lines = ["topics:"]
    for t in range(2000):
        lines.append(f"  topic{t}:")
        lines += [f"    - term{t}x{i}" for i in range(100)]
    (tmp / "config.yaml").write_text("\n".join(lines) + "\n")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    where = ["--config", str(tmp / "config.yaml"), "--corpus", str(corpus)]
    return [*where, "--data-dir", str(tmp / "data"), "articles"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "corpus link to /dev/zero (index)": corpus_with(
        lambda c: (c / "zero.txt").symlink_to("/dev/zero")
    ),
    "sparse 2 GB file (index)": corpus_with(_sparse(2 << 30)),
    "sparse 6 GB file (index)": corpus_with(_sparse(6 << 30)),
    "corpus link to a FIFO (index)": corpus_with(_fifo_link),
    "corpus link to a socket (index)": corpus_with(_socket_link),
    "bookmarks alias bomb, 9 levels (list)": _alias_bomb(9),
    "bookmarks alias bomb, 10 levels (list)": _alias_bomb(10),
    "3.4 MB config, 200k topic terms (articles)": _huge_config,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkout", type=Path, default=REPO, help="the rjtui code to run")
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    args = ap.parse_args()
    print(f"rjtui from {args.checkout}")
    print(f"{'case':44} {'wall s':>7} {'peak MB':>8}  ended")
    for name, setup in CASES.items():
        if args.only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="rjtui-hardening-") as tmp:
            argv = setup(Path(tmp))
            ended, seconds, peak = run(argv, Path(tmp), args.checkout)
            while _KEEP:
                _KEEP.pop().close()
        print(f"{name:44} {seconds:7.1f} {peak:8.0f}  {ended}")


if __name__ == "__main__":
    main()
