"""Article text is data: markup and terminal escapes in an article render literally.

A tiny corpus holds one article full of Rich/Textual markup and escape
sequences. It is ingested and indexed for real, shown in the real app, and
checked twice: in the widgets (literal text, no styles from the article) and
in the bytes a real terminal receives (the app run on a pseudo-terminal).
"""

from __future__ import annotations

import os
import pty
import select
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.text import Text
from textual.geometry import Region

from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from tests.tui.conftest import SIZE, ready, run, tui_config_for, wait_for

MARKUP = ("[bold red]x[/]", "[link=file:///etc/passwd]x[/link]", "[@click=app.quit]x[/]")
ESCAPES = ("\x1b[2J", "\x1b]0;pwned-title\x07", "\x1b]52;c;ZXZpbA==\x07", "\x9b31m")
FORBIDDEN = ("\x1b[2J", "\x1b]0;", "\x1b]52;", "\x1b]8;", "pwned-title", "ZXZpbA==", "\x9b")
"""Clear screen, window title, clipboard write, hyperlink (OSC 8), their payloads, C1 CSI."""

ARTICLE = (
    "Hostile markup in Japanese policy\n\n"
    "By Mallory Example\n\n"
    f"Japan and Russia: the first {MARKUP[0]} sentence, then {MARKUP[1]} and {MARKUP[2]} "
    "all inside one ordinary paragraph about Japan and the Kuril Islands dispute.\n\n"
    f"Japan again, with escapes {ESCAPES[0]} cleared {ESCAPES[1]} titled {ESCAPES[2]} "
    f"copied {ESCAPES[3]} coloured, and a plain ending about Japan.\n"
)


@pytest.fixture
def hostile_config(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    return tui_config_for(tmp_path / "data", tmp_path / "bookmarks.yaml", corpus=(corpus,))


def assert_inert(text: Text) -> None:
    """No escape or control characters, and no style that came from the article."""
    for bad in ("\x1b", "\x9b", "\x07"):
        assert bad not in text.plain
    for span in text.spans:
        style = span.style
        if not isinstance(style, str):
            assert not style.link and not style.meta, span


def test_markup_and_escapes_render_literally_in_the_widgets(hostile_config) -> None:
    async def scenario() -> None:
        app = RjtuiApp(hostile_config, timings=False)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            results = app.main.query_one(ResultsList)
            assert len(results.articles) == 1
            await pilot.press("escape", "enter")
            reader = app.main.query_one(Reader)
            await wait_for(pilot, lambda: reader.article is not None)
            prompts = [reader.get_option_at_index(i).prompt for i in range(reader.option_count)]
            shown = "\n".join(p.plain for p in prompts)
            for markup in MARKUP:
                assert markup in shown
            for prompt in prompts:
                assert_inert(prompt)
            lines = reader.render_lines(Region(0, 0, reader.size.width, reader.size.height))
            for strip in lines:
                for segment in strip:
                    assert "\x1b" not in segment.text and "\x9b" not in segment.text
                    assert not (segment.style and segment.style.link)
            assert app.is_running  # nothing ran app.quit

    run(scenario)


def test_what_reaches_the_terminal_has_no_escapes_from_the_article(hostile_config) -> None:
    """Run ``rjtui`` on a pseudo-terminal, open the article, read the raw bytes."""
    import fcntl
    import termios

    config = hostile_config
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
    args = ["--corpus", str(config.corpus[0]), "--data-dir", str(config.data_dir)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "rjtui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()

    def read_until(marker: bytes | None, timeout: float) -> None:
        """Collect output until ``marker`` has appeared, or with ``None`` until the
        app exits (reading all along: a full pty would block the app)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (marker in output) if marker else (proc.poll() is not None):
                return
            ready_fds, _, _ = select.select([master], [], [], 0.05)
            if ready_fds:
                try:
                    output.extend(os.read(master, 65536))
                except OSError:
                    return

    try:
        read_until(b"1 article", 30)  # first run: builds the index, lists it
        os.write(master, b"\x1b")  # leave the search bar
        read_until("⏎".encode(), 5)  # the results pane's footer
        os.write(master, b"\r")  # open the article
        read_until("¶2".encode(), 10)
        os.write(master, b"q")
        read_until(None, 10)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    screen = output.decode("utf-8", errors="replace")
    assert "Hostile markup" in screen, screen[-2000:]
    assert "[bold red]x[/]" in screen and "[@click=app.quit]x[/]" in screen
    for bad in FORBIDDEN:
        assert bad not in screen, repr(bad)
    assert proc.returncode == 0


def test_reader_strips_escapes_that_reach_it_from_an_index() -> None:
    """Defence in depth: even an index holding raw escapes (an older version, a
    bug in ingest) cannot put them on the terminal through the reader."""
    from textual.app import App, ComposeResult

    from rjtui.results import ArticleMeta, ArticleView, PassageHit

    raw = f"Japan {ESCAPES[0]}{ESCAPES[1]}{ESCAPES[2]}{ESCAPES[3]} {MARKUP[2]} Japan"
    hit = raw.rindex("Japan")
    view = ArticleView(
        meta=ArticleMeta(id="h", path="/h", title=f"Title {ESCAPES[1]}", authors=(MARKUP[1],)),
        passages=(PassageHit(id="h:1", n=1, text=raw, highlights=((0, 5), (hit, hit + 5))),),
    )

    class ReaderApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Reader()

    async def scenario() -> None:
        app = ReaderApp()
        async with app.run_test(size=SIZE) as pilot:
            reader = app.query_one(Reader)
            reader.show(view, set())
            await pilot.pause()
            assert reader.border_subtitle.startswith("hit 1/2")
            lines = reader.render_lines(Region(0, 0, reader.size.width, reader.size.height))
            shown = "".join(segment.text for strip in lines for segment in strip)
            assert MARKUP[2] in shown and MARKUP[1] in shown and "Title" in shown
            for bad in FORBIDDEN:
                assert bad not in shown, repr(bad)
            assert all(
                not (segment.style and (segment.style.link or "@click" in str(segment.style)))
                for strip in lines
                for segment in strip
            )

    run(scenario)
