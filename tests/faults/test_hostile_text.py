"""Hostile article text: markup, terminal escapes and control characters never
reach the terminal or act; every script and emoji survives.

Two layers are proven separately. Ingest strips controls (checked on real
ingested passages). Render strips them again: an index holding raw escapes
(as an older rjtui or a bug could leave) is built by disabling the ingest
pass, then the real CLI and the real app are pointed at it and what they
write is read back. The TUI is checked in its widgets' rendered strips and by
clicking on ``[@click=app.quit]`` text with the mouse.
"""

from __future__ import annotations

import asyncio
import os
import re
import unicodedata
from pathlib import Path

import pytest
from rich.text import Text
from textual.geometry import Region
from textual.widgets import Markdown

import rjtui.ingest.pipeline
from rjtui.config import Config
from rjtui.ingest import ingest_file
from rjtui.session import ensure_index
from rjtui.tui.app import RjtuiApp
from rjtui.tui.widgets.reader import Reader
from rjtui.tui.widgets.results_list import ResultsList
from tests.conftest import run_rjtui
from tests.faults.conftest import Terminal, make_config, write_good

MARKUP = {
    "rich-style": "[bold red]loud[/]",
    "file-link": "[link=file:///etc/passwd]passwd[/link]",
    "click-action": "[@click=app.quit]clickme[/]",
    "unmatched-close": "odd [/] close",
}
"""Rich/Textual markup that must show literally (never style, link or act)."""

ESCAPES = {
    "clear-screen": "\x1b[2J",
    "osc-title": "\x1b]0;pwned-title\x07",
    "osc52-clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "csi-8bit": "\x9b31m",
    "bel": "\x07",
    "backspace": "\x08",
    "del": "\x7f",
    "c1-nel": "\x85",
    "zero-width-space": "\u200b",
    "bidi-override": "\u202e",
    "bidi-isolate": "\u2066",
}
"""Bytes that act on a terminal or disguise text: none may survive."""
NUL = "\x00"
"""Also forbidden, but a file holding NUL is binary to ingest (tested as a hostile file),
so NUL is checked at the render layer only."""

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
"""What no displayed article text may contain (tab and newline are allowed)."""

KEPT = ["キーウ", "Россия", "🇯🇵", "👩‍💻", "Ä"]
"""Scripts, flags, ZWJ emoji sequences: must come through unchanged (NFC aside)."""

PAYLOADS = ("pwned-title", "cHduZWQ=")
"""Text inside OSC sequences: if it shows up, the sequence was half-stripped."""


def hostile_article() -> str:
    """One ordinary article with every hostile fragment inside normal sentences."""
    markup = " ".join(f"Kuril note {name}: {m} ends." for name, m in MARKUP.items())
    escapes = " ".join(f"Kuril {name}: before{seq}after." for name, seq in ESCAPES.items())
    kept = " ".join(f"Kuril words {k} stay." for k in KEPT)
    crlf = "Kuril line one ends.\r\nKuril line two ends.\rKuril line three ends."
    return (
        "Hostile text in the Kuril dispute\n\nBy Mallory Example\n\n"
        f"{markup}\n\n{escapes}\n\n{kept}\n\n{crlf}\n"
    )


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.txt"
    path.write_text(hostile_article(), encoding="utf-8")
    return path


def assert_clean_text(text: str) -> None:
    assert not FORBIDDEN.search(text), repr(FORBIDDEN.search(text).group())
    for payload in PAYLOADS:
        assert payload not in text, payload


def assert_clean_terminal_bytes(out: str, *, styled: bool) -> None:
    """Terminal output: only the program's own sequences, none from the article.
    ``styled`` output may hold SGR colour codes (``ESC [ ... m``) and nothing else."""
    rest = re.sub(r"\x1b\[[0-9;]*m", "", out) if styled else out
    assert "\x1b" not in rest and "\x9b" not in rest, repr(rest[rest.find("\x1b") - 40 :][:120])
    assert "\x07" not in rest and "\x00" not in rest and "\x08" not in rest
    assert "]8;" not in out, "a hyperlink reached the terminal"
    for payload in PAYLOADS:
        assert payload not in out, payload


# --- layer 1: ingest ---------------------------------------------------------------------


@pytest.fixture
def ingested(tmp_path: Path):
    path = write_hostile(tmp_path / "corpus")
    return ingest_file(path, make_config(path.parent, tmp_path / "data"), root=path.parent)


def test_ingest_strips_every_control(ingested) -> None:
    for passage in ingested.passages:
        assert_clean_text(passage.text)
    assert_clean_text(ingested.title)


@pytest.mark.parametrize("name", list(ESCAPES))
def test_ingest_keeps_the_words_around_a_control(ingested, name: str) -> None:
    """Stripping loses nothing else: the words either side are still there."""
    text = " ".join(p.text for p in ingested.passages)
    assert re.search(rf"Kuril {name}: before\s?after\.", text), text


@pytest.mark.parametrize("markup", list(MARKUP.values()), ids=list(MARKUP))
def test_ingest_keeps_markup_as_literal_text(ingested, markup: str) -> None:
    assert markup in " ".join(p.text for p in ingested.passages)


@pytest.mark.parametrize("kept", KEPT)
def test_ingest_keeps_scripts_and_emoji(ingested, kept: str) -> None:
    text = " ".join(p.text for p in ingested.passages)
    assert unicodedata.normalize("NFC", kept) in text


def test_ingest_turns_cr_and_crlf_into_line_breaks(ingested) -> None:
    text = " ".join(p.text for p in ingested.passages)
    lines = [f"Kuril line {n} ends." for n in ("one", "two", "three")]
    assert all(line in text for line in lines), text


# --- layer 2: render, on an index that still holds raw escapes ------------------------------


@pytest.fixture
def raw_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """An index whose passages still hold every escape (ingest's strip disabled while
    building: what an older version or a bug could leave behind)."""
    corpus = tmp_path / "corpus"
    write_hostile(corpus)
    write_good(corpus)
    config = make_config(corpus, tmp_path / "data")
    with monkeypatch.context() as patch:
        patch.setattr(rjtui.ingest.pipeline, "strip_controls", lambda text: text)
        assert ensure_index(config).articles == 2
    from rjtui.search import Engine

    engine = Engine.open(config)
    raw = " ".join(p.text for p in engine.article("hostile").passages)
    engine.close()
    assert "\x1b]52;" in raw and "\x9b" in raw, "the index was sanitised: this proves nothing"
    return config


@pytest.mark.parametrize(
    "args",
    [["search", "kuril"], ["search", "--passages", "kuril"], ["search", "--json", "kuril"]],
    ids=["table", "passages", "json"],
)
def test_cli_output_holds_no_escape(raw_index: Config, args: list[str]) -> None:
    where = ["--corpus", str(raw_index.corpus[0]), "--data-dir", str(raw_index.data_dir)]
    proc = run_rjtui(*where, *args)
    assert proc.returncode == 0, proc.stderr
    assert "hostile" in proc.stdout
    if "--json" in args:  # JSON escapes controls as \u001b: data for scripts, inert
        assert "\x1b" not in proc.stdout and "\\u001b" in proc.stdout
        return
    assert_clean_terminal_bytes(proc.stdout, styled=False)
    assert "[@click=app.quit]" in proc.stdout or "[link=file" in proc.stdout


def test_cli_output_on_a_colour_terminal_holds_no_escape(raw_index: Config) -> None:
    """Forced colour (what a user's terminal gets): only SGR codes from Rich itself."""
    where = ["--corpus", str(raw_index.corpus[0]), "--data-dir", str(raw_index.data_dir)]
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
    proc = run_rjtui(*where, "search", "--passages", "kuril", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" in proc.stdout, "no colour: FORCE_COLOR was ignored, nothing was tested"
    assert_clean_terminal_bytes(proc.stdout, styled=True)


def strips_text(widget) -> list[tuple[str, list]]:
    """The widget as drawn: each row's text and its segments."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return [(strip.text, list(strip)) for strip in widget.render_lines(region)]


def assert_inert_widget(widget) -> None:
    for text, segments in strips_text(widget):
        assert_clean_text(text)
        for segment in segments:
            style = segment.style
            assert not (style and style.link), segment
            assert not (style and style.meta and "@click" in str(style.meta)), segment


async def wait_until(pilot, predicate, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert pilot.app.is_running, "the app exited (crashed?)"
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.05)


def test_tui_renders_raw_index_inert_and_a_click_does_nothing(raw_index: Config) -> None:
    """Results and reader show markup literally, hold no escape, and clicking the
    ``[@click=app.quit]`` text leaves the app running."""

    async def scenario() -> None:
        app = RjtuiApp(raw_index, timings=False)
        async with app.run_test(size=(140, 45)) as pilot:
            results = app.main.query_one(ResultsList)
            await wait_until(pilot, lambda: app.main.shown_state is not None)
            await wait_until(pilot, lambda: "index_checked" in app.main.marks)
            assert len(results.articles) == 2
            assert_inert_widget(results)
            index = [a.id for a in results.articles].index("hostile")
            results.highlighted = index
            results.focus()
            await pilot.press("enter")
            reader = app.main.query_one(Reader)
            await wait_until(pilot, lambda: reader.article is not None)
            await pilot.pause(0.2)
            assert_inert_widget(reader)
            rows = strips_text(reader)
            shown = "\n".join(text for text, _ in rows)
            for markup in ("[@click=app.quit]clickme[/]", "[link=file:///etc/passwd]"):
                assert markup in shown, shown
            y = next(i for i, (text, _) in enumerate(rows) if "clickme" in text)
            x = rows[y][0].index("clickme") + 2
            await pilot.click(Reader, offset=(x, y))
            await pilot.pause(0.3)
            assert app.is_running, "clicking article text ran an action"
            # No Markdown widget shows article text (its links would be live).
            assert not [w for w in app.screen.walk_children() if isinstance(w, Markdown)]

    asyncio.run(scenario())


HOSTILE_NAME = "oops [@click=app.quit]x [link=mailto:x@y]y [b]z \x1b]0;pwned-title\x07.txt"
"""An empty (so skipped) file whose name is markup and an escape sequence (no ``[/]``:
a file name cannot hold a slash)."""
LITERAL_NAME = "oops [@click=app.quit]x [link=mailto:x@y]y [b]z"


def test_tui_skipped_file_name_is_shown_literally(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_good(corpus)
    (corpus / HOSTILE_NAME).write_bytes(b"")
    config = make_config(corpus, tmp_path / "data")

    async def scenario() -> None:
        app = RjtuiApp(config, timings=False)
        async with app.run_test(size=(140, 45), notifications=True) as pilot:
            await wait_until(pilot, lambda: "index_checked" in app.main.marks)
            await wait_until(pilot, lambda: bool(app._notifications))
            await pilot.pause(0.3)
            assert app.is_running
            toasts = list(app.screen.query("Toast"))
            assert toasts, "no notification about the skipped file"
            messages = [n.message for n in app._notifications]
            assert any(LITERAL_NAME in m for m in messages), messages
            for message in messages:
                assert_clean_text(message)
            lines = [t for toast in toasts for t, _ in strips_text(toast)]
            # a toast wraps at spaces: read it as one line, without its left bar
            text = " ".join(" ".join(lines).replace("▌", " ").split())
            assert f"skipped (first: {LITERAL_NAME}" in text, text  # drawn as typed
            assert str(tmp_path) not in text, text  # named from the corpus folder
            for toast in toasts:
                assert_inert_widget(toast)

    try:
        asyncio.run(scenario())
    except Exception as exc:  # a crash: report it in one line, not a 1,000-line traceback
        pytest.fail(f"the app crashed: {exc!r}", pytrace=False)


def test_cli_skipped_file_name_is_printed_inert(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_good(corpus)
    (corpus / HOSTILE_NAME).write_bytes(b"")
    proc = run_rjtui("--corpus", str(corpus), "index")
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if "skipped " in x and "oops" in x)
    assert_clean_terminal_bytes(line, styled=False)
    assert LITERAL_NAME in line and line.endswith("empty file"), line


def test_text_objects_not_markup_strings() -> None:
    """The render helpers return ``Text`` (data), never strings Rich would parse."""
    from rjtui.results import PassageHit
    from rjtui.tui import render

    text = MARKUP["unmatched-close"] + NUL + "".join(ESCAPES.values())
    hit = PassageHit(id="a:1", n=1, text=text, highlights=((0, 3),))
    from rjtui.concordance import ConcordanceLine
    from rjtui.tui.screens.concordance import concordance_row

    line = ConcordanceLine("a", text, "a:1", 1, text, text[:3], text)
    rows = (render.passage_entry(hit), concordance_row(line, 200, 3), render.highlighted(hit.text))
    for rendered in rows:
        assert isinstance(rendered, Text)
        assert "odd [/] close" in rendered.plain
        assert_clean_text(rendered.plain)


def test_tui_on_a_real_terminal_writes_no_escape_from_articles(
    raw_index: Config, tmp_path: Path
) -> None:
    """The bytes a real terminal receives while the app lists and shows the raw
    article: Textual's own sequences only, nothing the article carried."""
    term = Terminal(raw_index, tmp_path)
    try:
        assert term.read_until(b"Hostile text", 30), bytes(term.output[-400:])
        os.write(term.master, b"\x1b")  # leave the search bar
        term.read_until(b"\x00never", 0.5)
        os.write(term.master, b"\r")  # open the first article (the newest: hostile)
        assert term.read_until(b"clickme", 10), bytes(term.output[-400:])
        term.read_until(b"\x00never", 1)
        os.write(term.master, b"\x03")
        assert term.wait_exit(10) == 0
    finally:
        term.close()
    screen = bytes(term.output).decode("utf-8", "replace")
    screen = re.sub("\x1b]22;[a-z-]*\x07", "", screen)  # Textual's own pointer-shape OSC
    for bad in ("\x1b]52", "\x1b]0;", "\x1b]8;", "\x9b", "\x07", "\x00", *PAYLOADS):
        assert bad not in screen, repr(bad)
    assert "[@click=app.quit]clickme[/]" in screen
