"""Process faults: SIGKILL mid-index, Ctrl-C and a closed terminal in the TUI.

Every case runs the real ``rjtui`` in a child process. Kills land at random
moments (seeded, reported on failure) in a loop: a small count in CI, the
full count with ``RJTUI_FULL_FAULTS=1``. The TUI runs on a real
pseudo-terminal, so the checks are what a user's terminal sees: the process
exits promptly, the alternate screen is left, the terminal modes are back as
they were, and no indexing worker outlives the app. (SIGKILL during a
bookmark write is ``test_bookmarks_kill.py``, owned by the bookmarks suite.)
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import termios
import time
from pathlib import Path

import pytest

from rjtui.config import Config
from rjtui.search import Engine, layout
from rjtui.search.indexer import PARALLEL_MIN_FILES
from rjtui.session import ensure_index
from tests.faults.conftest import Terminal, cli_argv, full_count, make_config, synthetic_corpus

SERIAL_FILES = 250
PARALLEL_FILES = PARALLEL_MIN_FILES + 100


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc), so orphans can be tracked."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """The pids still running (zombies count as gone)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_gone(pids: set[int], timeout: float) -> dict[int, str]:
    """Wait for ``pids`` to end; the command lines of those still running."""
    deadline = time.monotonic() + timeout
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {}
    for pid in alive(pids):
        with contextlib.suppress(OSError):
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            waits = [t.joinpath("wchan").read_text() for t in Path(f"/proc/{pid}/task").iterdir()]
            left[pid] = f"{cmd[-60:]} (threads waiting in: {', '.join(waits)})"
    return left


def kill_leftovers(pids: set[int]) -> None:
    """End processes this test started (by pid) that a failure may have orphaned."""
    for pid in alive(pids):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def articles_in(config: Config) -> int:
    engine = Engine.open(config)
    try:
        return engine.search("").total_articles
    finally:
        engine.close()


# --- SIGKILL while indexing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "files"),
    [("rebuild", SERIAL_FILES), ("update", SERIAL_FILES), ("parallel-rebuild", PARALLEL_FILES)],
)
def test_sigkill_during_indexing_keeps_the_previous_index(
    tmp_path: Path, mode: str, files: int
) -> None:
    """Kill ``rjtui index`` at a random moment, again and again: the previous index
    always opens with exactly its old articles (or the complete new set), and the
    next run completes the job."""
    corpus = synthetic_corpus(tmp_path / "corpus", files)
    config = make_config(corpus, tmp_path / "data")
    started = time.monotonic()  # the first build, timed, so kills land inside the work
    subprocess.run(cli_argv(config, "index"), cwd=tmp_path, check=True, capture_output=True)
    duration = time.monotonic() - started
    assert articles_in(config) == files
    rng = random.Random(f"{mode}-{files}")
    kills = full_count(2, 30)
    family: set[int] = set()
    hits = 0
    for attempt in range(kills):
        before = articles_in(config)
        extra = corpus / f"extra{attempt:03d}.txt"
        extra.write_text(f"Extra {attempt}\n\nTalks in Tokyo on fishing quotas, take {attempt}.\n")
        if mode == "update":  # many changed files, so the update takes long enough to hit
            for path in sorted(corpus.glob("art*.txt"))[: files // 2]:
                path.write_text(path.read_text() + f"\nAddendum {attempt} on the Kuril talks.\n")
        args = ["index", "--rebuild"] if mode.endswith("rebuild") else ["index"]
        proc = subprocess.Popen(cli_argv(config, *args), cwd=tmp_path, stderr=subprocess.PIPE)
        delay = rng.uniform(0.15, 0.85) * duration
        time.sleep(delay)
        family |= descendants(proc.pid)
        hits += proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        # Atomic: the old generation, or a new one holding every extra file so far.
        assert articles_in(config) in (before, files + attempt + 1), (attempt, delay)
    assert hits, "every kill came after the work was done: this proved nothing"
    wait_gone(family, 3)  # workers stop once their parent is gone (tested below)
    kill_leftovers(family)
    report = ensure_index(config)
    assert not report.read_only, "a killed writer's lock still blocks"
    assert report.articles == files + kills == articles_in(config)


def segment_writers_started(root: Path) -> int:
    """Build workers past start-up: each creates its segment's term file first."""
    return len(list(root.glob("index/*/build-*/MAIN_*.trm")))


@pytest.mark.parametrize(
    "moment",
    ["starting", "ingesting"],
)
def test_killed_parallel_build_leaves_no_workers(tmp_path: Path, moment: str) -> None:
    """Kill ``rjtui index`` while its workers start up, or while they ingest (a big
    share each, so they are surely mid-way): they must stop, not ingest on as orphans
    and then hang on a queue nobody reads."""
    config = make_config(synthetic_corpus(tmp_path / "corpus", 3 * PARALLEL_FILES), tmp_path / "d")
    proc = subprocess.Popen(cli_argv(config, "index"), cwd=tmp_path, stderr=subprocess.PIPE)
    data = config.resolved_data_dir
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None and time.monotonic() < deadline, "the workers never ran"
        started = segment_writers_started(data)
        if moment == "starting" and len(descendants(proc.pid)) >= 3:  # tracker + 2 workers
            assert started == 0, "too late: the workers were already past start-up"
            break
        if moment == "ingesting" and started >= 2:
            time.sleep(0.2)
            break
        time.sleep(0.01)
    family = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    # A worker may still be starting (imports take seconds on a busy runner); then it
    # must notice its parent is gone. Orphans that do not stop run on indefinitely.
    left = wait_gone(family, 12)
    kill_leftovers(family)
    assert not left, f"still running 12 s after their parent was killed: {left}"


def test_kills_across_every_build_stage_leave_no_process(tmp_path: Path) -> None:
    """``kill -9`` of ``rjtui index --rebuild`` at random moments over the whole parallel
    build (start-up, ingest, segment writing, results sent back, the last second):
    the workers and the resource tracker must all end within seconds, every time.
    A worker that has finished ingesting must not wait on a pipe its dead parent
    will never read. 100+ kills with ``RJTUI_FULL_FAULTS=1``."""
    config = make_config(synthetic_corpus(tmp_path / "corpus", PARALLEL_FILES), tmp_path / "d")
    started = time.monotonic()
    subprocess.run(cli_argv(config, "index"), cwd=tmp_path, check=True, capture_output=True)
    durations = [time.monotonic() - started]
    rng = random.Random("kill-every-stage")
    kills = full_count(4, 100)
    hits = 0
    # A kill that comes after the build ended is a miss, not a kill: it adds a timing
    # sample and another attempt is made (a loaded machine makes build times vary).
    for attempt in range(3 * kills):
        if hits == kills:
            break
        duration = sorted(durations)[len(durations) // 2]
        last_second = attempt % 2 == 1  # the workers are done, their results in flight
        delay = duration - rng.uniform(0.0, 1.0) if last_second else rng.uniform(0.0, duration)
        proc = subprocess.Popen(
            cli_argv(config, "index", "--rebuild"), cwd=tmp_path, stderr=subprocess.DEVNULL
        )
        family: set[int] = set()
        deadline = time.monotonic() + max(delay, 0.0)
        while time.monotonic() < deadline and proc.poll() is None:
            family |= descendants(proc.pid)
            time.sleep(0.01)
        family |= descendants(proc.pid)
        if proc.poll() is not None:  # finished first: a sample of how long a build takes
            durations.append(time.monotonic() - deadline + delay)
            continue
        hits += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        left = wait_gone(family, 10)
        kill_leftovers(family)
        assert not left, f"kill {attempt} at {delay:.2f} s of {duration:.2f} s left: {left}"
    assert hits >= kills * 2 // 3, f"only {hits} of {kills} kills landed inside a build"


# --- the TUI on a real terminal ------------------------------------------------------------


@pytest.fixture
def big_corpus(tmp_path: Path) -> Config:
    """Enough files for a parallel first build that takes a few seconds."""
    corpus = synthetic_corpus(tmp_path / "corpus", PARALLEL_FILES)
    return make_config(corpus, tmp_path / "data")


def interrupt(term: Terminal, how: str) -> None:
    if how == "ctrl-c":
        os.write(term.master, b"\x03")
    elif how == "sigint":
        term.proc.send_signal(signal.SIGINT)
    else:  # the terminal window is closed: the kernel hangs up the session
        os.killpg(term.proc.pid, signal.SIGHUP)
        os.close(term.master)
        term.master = os.open("/dev/null", os.O_RDONLY)


SIGINT_HANG = pytest.mark.xfail(
    strict=False,
    reason="known bug, root cause open: in 3 full-suite runs from a fresh clone SIGINT during "
    "the first build left the app running past 8 s and past 30 s; alone it exits in 0.5 s",
)


@pytest.mark.parametrize(
    "how", ["ctrl-c", pytest.param("sigint", marks=SIGINT_HANG), "terminal-closed"]
)
def test_interrupting_the_tui_while_indexing(big_corpus: Config, tmp_path: Path, how: str) -> None:
    """First run, index being built, the user interrupts: the app exits within seconds,
    the terminal is restored, no worker survives, and the index is whole or absent."""
    term = Terminal(big_corpus, tmp_path)
    try:
        assert term.read_until(b"Indexing", 30), bytes(term.output[-500:])
        assert term.read_until(b"\x1b[?1049h", 1), "the app never entered the alternate screen"
        family = descendants(term.proc.pid)
        started = time.monotonic()
        interrupt(term, how)
        code = term.wait_exit(8)
        took = time.monotonic() - started
        assert code is not None, f"still running {took:.1f} s after {how}"
        hung_up = how == "terminal-closed" and code == -signal.SIGHUP  # the default, fine
        assert code in (0, 130) or hung_up, code
        assert not wait_gone(family, 10), "an indexing worker outlived the app"
        if how != "terminal-closed":
            screen = bytes(term.output)
            assert screen.rfind(b"\x1b[?1049l") > screen.rfind(b"\x1b[?1049h"), screen[-300:]
            assert termios.tcgetattr(term.slave) == term.modes_before, "terminal modes not restored"
            assert b"Traceback" not in screen
    finally:
        family = descendants(term.proc.pid) if term.proc.poll() is None else set()
        term.close()
        kill_leftovers(family)
    root = layout.index_root(big_corpus)
    if layout.read_pointer(root) is not None:  # a build that finished must be whole
        assert articles_in(big_corpus) == PARALLEL_FILES
    assert ensure_index(big_corpus).articles == PARALLEL_FILES


# --- the CLI writing into a pipe that closes --------------------------------------------------


@pytest.mark.parametrize(
    "exit_code",
    [
        pytest.param(0, id="exit-0"),
        pytest.param(None, id="quiet"),
    ],
)
def test_output_into_a_closed_pipe(tmp_path: Path, exit_code: int | None) -> None:
    """``rjtui search ... | head -1``: the reader goes away mid-write. No traceback, no
    'Exception ignored' noise, and the documented exit code 0."""
    config = make_config(synthetic_corpus(tmp_path / "corpus", 120), tmp_path / "data")
    ensure_index(config)
    proc = subprocess.Popen(  # about 700 passages: far more than a pipe buffer holds
        cli_argv(config, "search", "--passages", "--limit", "5000", "w*"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout.readline(), "no output at all"
    proc.stdout.close()  # like head -1 exiting
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.strip() == "", err
    if exit_code is not None:
        assert code == exit_code, code
