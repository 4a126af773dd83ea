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
    "pandoc_notes.html": (
        dict(title="The 1956 Declaration, Seventy Years On", authors=("Paul Sanders",),
             date="2023-10-19"),
        "The Soviet-Japanese Joint Declaration of 1956 ended the state of war",
        "and so did the Russian side until 2020.",
        ("The signing ceremony in the Kremlin, 19 October 1956. Photo: Ministry of Foreign "
         "Affairs archive",),
    ),
    "wp_caption_footnotes.html": (
        dict(title="Why the Sakhalin-2 deal survived the sanctions", authors=("Laura Chen",),
             date="2022-09-05", source="Energy Asia Blog"),
        "When Moscow transferred the Sakhalin-2 project",
        "as long as no other supplier could replace the cargoes.",
        ("Related posts", "Arctic LNG 2 loses its last tanker", "Decree No. 416 of 30 June 2022."),
    ),
    "word_export_notes.html": (
        dict(title="Japan's Russia Policy after 2022", authors=("Kenji Mori",), date="2024-03",
             author_note="Senior Fellow, Institute for Northeast Asian Studies"),
        "Japan's break with Russia in 2022 was sharper",
        "but no break in the energy trade either.",
        (),
    ),
    "ru_photo_notes.html": (
        dict(title="Курильский вопрос после 2022 года", authors=("Ольга Соколова",),
             date="2023-06-14", source="Восточный вестник", language="ru"),
        "В марте 2022 года МИД России объявил о выходе из переговоров",
        "острова остаются предметом спора.",
        ("Примечания", "Посёлок Южно-Курильск на Кунашире. Фото: Сергей Петров"),
    ),
    "ja_figure_notes.html": (
        dict(title="日ロ漁業交渉、妥結の見通し立たず", authors=("山田太郎",), date="2023-03-02",
             source="北方ジャーナル", language="ja"),
        "北方四島周辺の日本漁船の操業条件を決める",
        "次回の日程は決まっていない。",
        ("注", "アクセスランキング", "北海道の人口、過去最少に",
         "根室港に停泊する漁船（２月２８日撮影）"),
    ),
    "wiki_refs.html": (
        dict(title="Treaty of Shimoda", authors=()),
        "The Treaty of Shimoda was signed on 7 February 1855",
        "the four southern Kuril islands.",
        ("References", "Navigation menu", "Main page"),
    ),
}  # fmt: skip

# name -> (captions, notes): what trafilatura drops, taken from the page itself
WEB_APART: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pandoc_notes.html": (
        ("The signing ceremony in the Kremlin, 19 October 1956. Photo: Ministry of Foreign "
         "Affairs archive",),
        ("1. Joint Declaration by the USSR and Japan, Moscow, 19 October 1956, article 9.",
         "2. Memorandum of the Soviet government to the government of Japan, 27 January 1960."),
    ),
    "wp_caption_footnotes.html": (
        ("The LNG plant at Prigorodnoye, on the southern tip of Sakhalin. (Photo: Sakhalin "
         "Energy)",),
        ("1. Decree No. 416 of 30 June 2022.",
         "2. Agency for Natural Resources and Energy, 2021 figures."),
    ),
    "word_export_notes.html": (
        (),
        ("1. Ministry of Foreign Affairs of Japan, press conference by the Foreign Minister, "
         "8 April 2022.",
         "2. Agency for Natural Resources and Energy, Energy White Paper 2023, p. 112."),
    ),
    "ru_photo_notes.html": (
        ("Посёлок Южно-Курильск на Кунашире. Фото: Сергей Петров",),
        ("1. Заявление МИД России от 21 марта 2022 года.",
         "2. Соглашение о безвизовом обмене 1991 года."),
    ),
    "ja_figure_notes.html": (
        ("根室港に停泊する漁船（２月２８日撮影）",),
        ("1. 「北方四島周辺水域における日本国漁船の操業に関する協定」（１９９８年）に基づく交渉。",
         "2. 根室市水産課の集計による。"),
    ),
    "wiki_refs.html": (
        ("The Russian frigate Diana, wrecked at Shimoda in 1854",),
        ("1. Lensen, George A. The Russian Push Toward Japan. Princeton, 1959, p. 341.",
         "2. Stephan, John J. The Kuril Islands. Oxford, 1974, p. 87."),
    ),
}  # fmt: skip
_MARKERS = re.compile(r"\[\d{1,2}\]|注\d|(?:[a-zа-яё]{2}|[.。」])\d{1,2}(?:\W|$)|[↩↑^]")


@pytest.mark.parametrize("name", sorted(WEB_APART))
def test_figure_captions_and_footnote_lists_are_kept_apart(name: str) -> None:
    """trafilatura drops ``<figcaption>`` and footnote lists: they are read from the page
    itself (figure, WordPress, BEM and Wikipedia captions; Pandoc, plugin, Word and
    Wikipedia notes), without their markers in the text or backlinks in the notes, and
    a related-stories box outside the article gives no caption."""
    captions, notes = WEB_APART[name]
    article = ingest_file(WEB / name, load_config(), root=WEB)
    assert article.captions == captions
    assert article.notes == notes
    body = _body(article)
    assert not _MARKERS.search(body), body
    for text in captions + notes:
        assert text.split(". ", 1)[-1][:30] not in body


def test_a_page_without_notes_gets_none_from_links_to_its_sections(tmp_path: Path) -> None:
    """A table of contents, a skip link and a "back to top" link point into the page too:
    none of them is a note marker."""
    page = (
        '<html><head><title>Fishing talks</title></head><body><a href="#main">Skip to content</a>'
        '<main id="main"><article><h1>Fishing talks</h1><ol class="toc"><li><a href="#s1">1</a>'
        '</li><li><a href="#s2">2</a></li></ol><section id="s1"><h2>Quotas</h2><p>Japan and '
        "Russia resumed talks on fishing quotas near the disputed islands on Monday.</p>"
        '</section><section id="s2"><h2>Prices</h2><p>Prices of crab in Hokkaido rose after '
        'the talks stalled last year.</p></section><a href="#main">↑</a></article></main>'
        "</body></html>"
    )
    path = tmp_path / "toc.html"
    path.write_text(page, encoding="utf-8")
    article = ingest_file(path, load_config(), root=tmp_path)
    assert article.notes == () and article.captions == ()
    assert "Prices of crab in Hokkaido rose" in _body(article)


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


# maker -> (fields, paragraphs, notes, running head)
PDF_LANGUAGES = {
    "russian": (
        dict(title=reports.RU_TITLE, authors=("Иван Петров",), date="2024-03-15",
             author_note="ведущий научный сотрудник ИМЭМО РАН", language="ru"),
        reports.RU_PARAGRAPHS, reports.RU_FOOTNOTES, "ИМЭМО РАН | Аналитическая записка № 7",
    ),
    "japanese": (
        dict(title=reports.JA_TITLE, authors=("山田太郎",), date="2024-03-15",
             author_note="北海道大学教授", language="ja"),
        reports.JA_PARAGRAPHS, reports.JA_FOOTNOTES, "北海道大学スラブ・ユーラシア研究センター",
    ),
    "body_size_notes": (
        dict(title=reports.TITLE, authors=(reports.AUTHOR,), date="2024-03", language="en"),
        reports.PARAGRAPHS, reports.FOOTNOTES, "Northeast Asia Program | Policy Brief No. 14",
    ),
}  # fmt: skip


@pytest.mark.parametrize("maker", sorted(PDF_LANGUAGES))
def test_pdf_reports_in_russian_and_japanese_and_notes_in_body_type(
    tmp_path: Path, maker: str
) -> None:
    """Cyrillic and Japanese text (a composite font with a ToUnicode map, as Word and
    LaTeX write it), a first page holding a title block and two lines of text, and
    footnotes set in the body's own type, known by their place at the page foot,
    their numbering and their references (the Japanese ones marked 注1, 注2)."""
    fields, paragraphs, footnotes, head = PDF_LANGUAGES[maker]
    path = _pdf(tmp_path, f"{maker}.pdf", getattr(reports, maker)())
    article = ingest_file(path, load_config(), root=tmp_path)
    assert {k: getattr(article, k) for k in fields} == fields
    assert [p.text for p in article.passages] == paragraphs
    assert article.notes == tuple(n for page in sorted(footnotes) for n in footnotes[page])
    reasons = {d.text: d.reason for d in article.dropped}
    assert reasons[head] == "running head"
    assert not [d for d in article.dropped if d.reason == "unaccounted"]


@pytest.mark.parametrize("opening", ["2 000 fishermen", "1 May was the day", "12 boats"])
def test_a_last_paragraph_opening_with_a_number_is_not_a_note(tmp_path: Path, opening: str) -> None:
    """Body-size notes need the numbering and the look of a reference: a paragraph at
    the foot of a page that happens to open with a number stays in the body."""
    paragraphs = [*reports.PARAGRAPHS[:2], f"{opening} waited in Nemuro for the talks to end."]
    layout = reports.Layout(footnotes={}, lines_per_column=40, note_size=10.5)
    data = reports.build_pdf(reports.typeset(reports.FRONT, paragraphs, layout))
    article = ingest_file(_pdf(tmp_path, "last.pdf", data), load_config(), root=tmp_path)
    assert article.notes == ()
    assert article.passages[-1].text == paragraphs[-1]


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
