"""Line accounting: every non-blank source line ends in exactly one place.

A body passage, a metadata field, notes, captions, or ``dropped`` with a reason:
checked on arbitrary input (hypothesis) and on every fixture in the repo, in all
formats. "Exactly one" is the ledger's shape (one entry per line); the test
checks that each entry is true: a body line's letters are in the body, a caption
in the captions, a note in the notes, and nothing is left unaccounted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rjtui.config import load_config
from rjtui.corpus import Article
from rjtui.ingest import SkipFile
from rjtui.ingest.ledger import BODY, CAPTIONS, DROPPED, NOTES, UNACCOUNTED, Ledger
from rjtui.ingest.pipeline import KINDS, trace_bytes
from tests.conftest import DATA, SEEDS
from tests.support import reports

_LETTERS = re.compile(r"[^\w]|[\d_]")
# Reasons given by position, repetition, two lists together (a cookie banner is a
# sentence) or the user's own rules, not by one word list: these may hit prose.
_STRUCTURAL = {"teaser", "pull-quote", "title repeated", "running head", "page number",
               "notes heading", "cookie banner", "configured rule"}  # fmt: skip


def letters(text: str) -> str:
    return _LETTERS.sub("", text.casefold())


def _head(line: str) -> str:
    text = letters(line)
    return text[: max(1, len(text) * 2 // 3)] if text else ""


def check_accounting(article: Article, ledger: Ledger) -> None:
    nonblank = {i for i, line in enumerate(ledger.lines) if line}
    assert set(ledger.places) == nonblank, "a line in no place (or a blank line placed)"
    body = letters(" ".join(p.text for p in article.passages))
    captions = letters(" ".join(article.captions))
    notes = letters(" ".join(article.notes))
    for i, entry in ledger.places.items():
        line = ledger.lines[i]
        assert entry.reason != UNACCOUNTED, f"line {i + ledger.first_line} unaccounted: {line!r}"
        if entry.place == BODY:  # the body may trim a glued photo credit or note marker
            assert _head(line) in body, line
        elif entry.place == CAPTIONS:
            assert letters(line) in captions, line
        elif entry.place == NOTES:
            assert letters(line) in notes, line
        elif entry.place == DROPPED:
            assert entry.reason, line
            if entry.reason not in _STRUCTURAL and not entry.reason.startswith("template"):
                words = len(line.split())
                assert not (words >= 12 and line.rstrip()[-1:] in ".!?"), (
                    f"a sentence dropped by a word list ({entry.reason}): {line!r}"
                )
    listed = {(d.line, d.text, d.reason) for d in article.dropped}
    expected = {
        (i + ledger.first_line, ledger.lines[i], e.reason)
        for i, e in ledger.places.items()
        if e.place == DROPPED
    }
    assert listed == expected


def trace(data: bytes, kind: str) -> tuple[Article, Ledger]:
    return trace_bytes(data, load_config(), article_id="a", path="a", kind=kind)


def _fixture_files() -> list[Path]:
    return sorted(
        p
        for folder in (SEEDS, DATA / "ingest", DATA / "web")
        for p in folder.iterdir()
        if p.suffix.lower() in KINDS
    )


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: p.name)
def test_every_line_of_every_fixture_is_accounted_for(path: Path) -> None:
    check_accounting(*trace(path.read_bytes(), KINDS[path.suffix.lower()]))


@pytest.mark.parametrize(
    "layout", ["single_column", "two_column", "russian", "japanese", "body_size_notes"]
)
def test_every_line_of_a_pdf_report_is_accounted_for(layout: str) -> None:
    article, ledger = trace(getattr(reports, layout)(), "pdf")
    check_accounting(article, ledger)
    assert {e.place for e in ledger.places.values()} >= {BODY, DROPPED, "metadata"}


LINES = st.sampled_from(
    [
        "Skip to main content", "ANALYSIS", "Аналитика", "特集", "By Anna Petrova",
        "Автор:", "Анна Иванова", "Дата:", "22.03.2024", "平成31年1月22日", "Photo: Kyodo",
        "（写真３）根室市で会見する元島民", "(共同通信)", "— ТАСС", "Share on Facebook",
        "0 3", "この記事は有料記事です。", "読み込み中…", "Subscribe Already have an account?",
        "• G7 Summit", "Related articles", "Читайте также: Санкции", "Home > World > Asia",
        "1. Mainichi Shimbun, May 26, 2014.", "1 http://example.com/a", "Notes", "12",
        "Tokyo and Moscow resume fishing talks",
        "Japan and Russia resumed talks on fishing quotas near the disputed islands on Monday.",
        "The negotiations had been suspended for more than a year after Moscow objected.",
        "Россия и Япония возобновили переговоры о квотах на вылов рыбы у спорных островов.",
        "日本とロシアは２２日、北方領土周辺での漁業交渉を再開した。", "", "", "",
        "a wrapped line of a report that goes on", "to the next line without a full stop",
        "especially for the online magazine “New Eastern Outlook”.", "12月4日", "Dec 4",
        "4 декабря", "MOSCOW (Reuters) - Japan and Russia resumed talks on Monday.",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(LINES, LINES, st.text(max_size=60)), max_size=40),
    st.sampled_from(["text", "markdown"]),
)
def test_accounting_holds_on_arbitrary_input(lines: list[str], kind: str) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        article, ledger = trace(data, kind)
    except SkipFile:
        return
    check_accounting(article, ledger)
