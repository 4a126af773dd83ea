"""Saved web pages and PDF reports: real files of each layout in, clean articles out.

Every fixture is checked on the fields a citation needs (title, authors, date,
source), on the first and last body sentence, and on a body free of the page's
furniture; the furniture must show up in ``dropped`` (or ``captions``) instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rjtui.config import load_config, with_overrides
from rjtui.corpus import Article
from rjtui.ingest import SkipFile, ingest_file, load_corpus
from tests.conftest import DATA
from tests.support import reports

WEB = DATA / "web"

# name -> (fields, first body words, last body words, lines that must not be in the body)
WEB_EXPECTED: dict[str, tuple[dict[str, object], str, str, tuple[str, ...]]] = {
    "news_skiplinks.html": (
        dict(title="Japan and Russia agree to restart fishing talks near disputed islands",
             authors=("Hiroshi Tanaka",), date="2023-05-15", source="Pacific Daily",
             language="en"),
        "Japan and Russia have agreed to resume annual negotiations",
        "according to diplomats in both capitals.",
        ("Skip to main content", "WORLD", "Related stories", "Fisheries", "Subscribe"),
    ),
    "thinktank.html": (
        dict(title="Moscow's Pivot to the East and Tokyo's Dilemma",
             subtitle="Why Japan cannot ignore Russia's deepening ties with China",
             authors=("Elena Sokolova", "Daniel Brooks"), date="2022-11-08",
             source="Eurasia Policy Forum", section="ANALYSIS"),
        "Russia's turn to Asia began long before the war in Ukraine",
        "Daniel Brooks is a research associate.",
        ("Accept all cookies", "ANALYSIS", "Home > Research"),
    ),
    "gov_press.html": (
        dict(title="Japan-Russia Foreign Ministers' Telephone Talk", date="2024-03-14",
             source="Ministry of Foreign Affairs of Japan", authors=()),
        "On March 14, commencing at 4:00 p.m.",
        "with the aim of concluding a peace treaty.",
        ("Jump to main content", "Back to Top", "Press Releases 2024"),
    ),
    "blog_repost.html": (
        dict(title="Sakhalin-2 shipments to Japan continue despite sanctions", source="ТАСС",
             date=None),
        "Tokyo, 12 April. Liquefied natural gas",
        "when demand peaks.",
        ("— ТАСС", "Recent Posts", "Northern Notes"),
    ),
    "ru_labels.html": (
        dict(title="Россия и Япония: диалог после паузы", authors=("Анна Иванова",),
             date="2024-03-22", section="Аналитика", language="ru",
             captions=("Иван Петров на пресс-конференции в Токио (Фото: Сергей Смирнов)",)),
        "Российско-японские отношения переживают самый глубокий кризис",
        "после урегулирования ситуации на Украине.",
        ("Автор:", "Дата:", "22.03.2024", "Поделиться", "Перейти к содержанию", "Читайте также"),
    ),
    "ja_era_paywall.html": (
        dict(title="北方領土の元島民、墓参の再開を要望", date="2019-01-22", section="特集",
             source="共同通信",
             language="ja", captions=("（写真３）根室市で記者会見する元島民の代表",)),
        "北方領土の元島民らでつくる団体は",
        "再開の見通しは立っていない。",
        ("この記事は有料記事です。", "読み込み中…", "シェア", "（共同通信）", "本文へスキップ"),
    ),
    "with_meta.html": (
        dict(title="Kishida and Putin: the meeting that never was", authors=("Mark Feldman",),
             date="2021-10-20", source="East Asia Monitor"),
        "When Fumio Kishida became prime minister in October 2021",
        "suspended by Russia in March 2022.",
        ("Share this article", "Home | About | Contact"),
    ),
    "no_meta.html": (
        dict(title="The Kuril Islands in Soviet-Japanese Relations, 1956-1991",
             authors=("Kenji Watanabe",), date="2019-06-03"),
        "The Joint Declaration of 1956 ended the state of war",
        "acknowledged for the first time that a territorial dispute existed.",
        ("Continue reading", "Home", "Archive"),
    ),
    "saved_page.html": (
        dict(title="Energy talks keep a channel open between Tokyo and Moscow",
             authors=("Olga Kim",), date="2020-02-11", source="North Asia Review"),
        "Japanese and Russian officials met in Tokyo this week",
        "gave no details of new agreements.",
        ("Advertisement", "Buy the best tyres"),
    ),
}  # fmt: skip


def _body(article: Article) -> str:
    return "\n".join(p.text for p in article.passages)


def _check(article: Article, fields, first: str, last: str, absent) -> None:
    assert {k: getattr(article, k) for k in fields} == fields
    assert article.passages[0].text.startswith(first)
    assert article.passages[-1].text.endswith(last)
    body = _body(article)
    for line in absent:
        assert line not in body.split("\n"), line
    leftover = [p.text for p in article.passages if p.text in absent]
    assert not leftover


@pytest.mark.parametrize("name", sorted(WEB_EXPECTED))
def test_saved_web_page(name: str) -> None:
    fields, first, last, absent = WEB_EXPECTED[name]
    article = ingest_file(WEB / name, load_config(), root=WEB)
    _check(article, fields, first, last, absent)


def test_web_furniture_is_dropped_with_its_reason() -> None:
    article = ingest_file(WEB / "ja_era_paywall.html", load_config(), root=WEB)
    reasons = {d.text: d.reason for d in article.dropped}
    assert reasons["この記事は有料記事です。"] == "paywall"
    assert reasons["読み込み中…"] == "loading"
    assert reasons["シェア"] == "share"
    lines = (WEB / "ja_era_paywall.html").read_text()  # the line numbers are real
    assert all(d.line >= 1 for d in article.dropped) and "有料記事" in lines


def test_agency_credit_under_the_article_is_its_source() -> None:
    article = ingest_file(WEB / "blog_repost.html", load_config(), root=WEB)
    assert article.source == "ТАСС"
    assert "ТАСС" not in _body(article)


def test_saved_page_folder_is_not_part_of_the_corpus(tmp_path: Path) -> None:
    config = with_overrides(load_config(), corpus=[WEB])
    load = load_corpus(config)
    paths = [a.path for a in load.articles] + [s.path for s in load.skipped]
    assert not [p for p in paths if "_files" in p]
    assert {Path(a.path).name for a in load.articles} == set(WEB_EXPECTED)
    assert not load.skipped


def test_a_folder_named_like_a_saved_page_without_its_page_is_walked(tmp_path: Path) -> None:
    (tmp_path / "notes_files").mkdir()
    (tmp_path / "notes_files" / "a.txt").write_text(
        "Title of a note\n\nThis is a paragraph of the note that has enough words to count.\n"
    )
    load = load_corpus(with_overrides(load_config(), corpus=[tmp_path]))
    assert [Path(a.path).name for a in load.articles] == ["a.txt"]


# ---- PDF ---------------------------------------------------------------------------


def _pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("layout", ["single_column", "two_column"])
def test_pdf_report(tmp_path: Path, layout: str) -> None:
    path = _pdf(tmp_path, f"{layout}.pdf", getattr(reports, layout)())
    article = ingest_file(path, load_config(), root=tmp_path)
    fields = dict(
        title=reports.TITLE,
        authors=(reports.AUTHOR,),
        author_note="Senior Fellow, Northeast Asia Program",
        date="2024-03",
        language="en",
    )
    _check(
        article,
        fields,
        reports.FIRST_SENTENCE,
        reports.LAST_SENTENCE,
        ("Northeast Asia Program | Policy Brief No. 14", "1", "2", "Page 1"),
    )
    assert len(article.passages) == len(reports.PARAGRAPHS)  # page breaks rejoined
    for passage, paragraph in zip(article.passages, reports.PARAGRAPHS, strict=True):
        assert passage.text == paragraph  # hyphens, columns, heads and feet all undone


def test_pdf_footnotes_and_running_heads(tmp_path: Path) -> None:
    path = _pdf(tmp_path, "report.pdf", reports.single_column())
    article = ingest_file(path, load_config(), root=tmp_path)
    assert article.notes == tuple(
        n for page in sorted(reports.FOOTNOTES) for n in reports.FOOTNOTES[page]
    )
    reasons = [d.reason for d in article.dropped]
    assert "running head" in reasons and "page number" in reasons
    assert not [d for d in article.dropped if d.reason == "unaccounted"]


@pytest.mark.parametrize(
    ("maker", "reason"),
    [("scanned", "no text layer (scanned?)"), ("encrypted", "encrypted PDF")],
)
def test_unreadable_pdf_is_skipped_with_its_reason(tmp_path: Path, maker: str, reason: str) -> None:
    path = _pdf(tmp_path, f"{maker}.pdf", getattr(reports, maker)())
    with pytest.raises(SkipFile, match=re.escape(reason)):
        ingest_file(path, load_config(), root=tmp_path)
    load = load_corpus(with_overrides(load_config(), corpus=[tmp_path]))
    assert next(s.reason for s in load.skipped).startswith(reason)


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", b"%PDF-1.7\n" + b"\x00" * 50]
)
def test_broken_pdf_is_one_skip_line(tmp_path: Path, data: bytes) -> None:
    path = _pdf(tmp_path, "broken.pdf", data)
    with pytest.raises(SkipFile) as caught:
        ingest_file(path, load_config(), root=tmp_path)
    assert caught.value.reason and "\n" not in caught.value.reason
