"""Header heuristics across the layouts real sites use, in English, Russian and Japanese.

Each case is a small article: a header in one layout over the same kind of body.
The point is generalisation: every layout variant must give the same fields.
"""

from __future__ import annotations

import pytest

from rjtui.config import load_config
from rjtui.corpus import Article, word_count
from rjtui.ingest.pipeline import ingest_bytes

EN_BODY = (
    "Japan and Russia resumed talks on fishing quotas near the disputed islands on Monday, "
    "officials in Tokyo said.\n\nThe negotiations had been suspended for more than a year "
    "after Moscow objected to Japanese sanctions.\n"
)
RU_BODY = (
    "Россия и Япония возобновили переговоры о квотах на вылов рыбы у спорных островов, "
    "сообщили в Токио.\n\nПереговоры были приостановлены более чем на год после введения "
    "японских санкций.\n"
)
JA_BODY = (
    "日本とロシアは２２日、北方領土周辺での漁業交渉を再開した。政府関係者が明らかにした。\n\n"
    "交渉はロシア側の反発で一年以上中断していた。\n"
)


def ingest(text: str) -> Article:
    return ingest_bytes(text.encode(), load_config(), article_id="t", path="t.txt", kind="text")


TITLE = "Fishing talks resume near the Kurils"

DATES = [
    ("Sep 23, 2015 | 19:46 GMT", "2015-09-23"),
    ("• April 12, 2022", "2022-04-12"),
    ("Published: 12 May 2023, 10:15", "2023-05-12"),
    ("Updated 3 June 2021 at 9:30 am", "2021-06-03"),
    ("Friday, 10 May 2019", "2019-05-10"),
    ("2024-02-20T09:00:00+09:00", "2024-02-20"),
    ("15 марта 2023 г.", "2023-03-15"),
    ("Опубликовано 15 марта 2023 г. в 10:00", "2023-03-15"),
    ("22.03.2024", "2024-03-22"),
    ("平成31年1月22日", "2019-01-22"),
    ("令和元年", "2019"),
    ("令和5年4月1日", "2023-04-01"),
    ("最終更新:2019/5/10(金) 11:32", "2019-05-10"),
    ("２０２３年１２月５日（火）", "2023-12-05"),
    ("Policy Brief No. 7 | March 2024", "2024-03"),
]


@pytest.mark.parametrize(("line", "iso"), DATES)
@pytest.mark.parametrize("where", ["above", "below"])
def test_a_date_line_anywhere_in_the_header(line: str, iso: str, where: str) -> None:
    header = f"{line}\n{TITLE}" if where == "above" else f"{TITLE}\n{line}"
    article = ingest(f"{header}\n\n{EN_BODY}")
    assert article.date == iso
    assert article.title == TITLE
    assert article.passages[0].text.startswith("Japan and Russia resumed")


SKIP_AND_SECTION = [
    ("Skip to main content", "ANALYSIS"),
    ("Skip to content", "Features"),
    ("Перейти к содержанию", "Аналитика"),
    ("本文へスキップ", "特集"),
    ("Jump to navigation", "Opinion"),
]


@pytest.mark.parametrize(("skip", "section"), SKIP_AND_SECTION)
def test_chrome_above_the_headline_is_not_the_title(skip: str, section: str) -> None:
    article = ingest(f"{skip}\n{section}\n{TITLE}\nBy Anna Petrova\n\n{EN_BODY}")
    assert article.title == TITLE
    assert article.section == section
    assert article.authors == ("Anna Petrova",)
    assert skip in {d.text for d in article.dropped}


@pytest.mark.parametrize(
    ("header", "authors", "date"),
    [
        ("Автор:\nАнна Иванова\nДата:\n22.03.2024", ("Анна Иванова",), "2024-03-22"),
        ("Author:\nJohn Smith\nDate:\n2023-01-05", ("John Smith",), "2023-01-05"),
        ("著者：\n山田太郎\n日付：\n2023年1月5日", ("山田太郎",), "2023-01-05"),
        ("Автор: Анна Иванова\nДата: 22.03.2024", ("Анна Иванова",), "2024-03-22"),
        ("By John Smith | May 4, 2021", ("John Smith",), "2021-05-04"),
    ],
)
def test_label_value_pairs_on_one_or_two_lines(header: str, authors, date: str) -> None:
    article = ingest(f"{TITLE}\n{header}\n\n{EN_BODY}")
    assert (article.authors, article.date, article.title) == (authors, date, TITLE)
    body = " ".join(p.text for p in article.passages)
    assert "Автор" not in body and "Author" not in body and "著者" not in body


@pytest.mark.parametrize(
    ("credit", "source", "body"),
    [
        ("(共同通信)", "共同通信", JA_BODY),
        ("（時事通信）", "時事通信", JA_BODY),
        ("— ТАСС", "ТАСС", RU_BODY),
        ("(Reuters)", "Reuters", EN_BODY),
        ("(北海道新聞2021/8/18)", "北海道新聞", JA_BODY),
    ],
)
def test_agency_credit_line_is_the_source(credit: str, source: str, body: str) -> None:
    article = ingest(f"{TITLE}\n\n{body}\n{credit}\n")
    assert article.source == source
    assert credit not in [p.text for p in article.passages]


def test_credit_line_with_a_date_gives_the_date() -> None:
    article = ingest(f"{TITLE}\n\n{JA_BODY}\n(北海道新聞2021/8/18)\n")
    assert article.date == "2021-08-18"


@pytest.mark.parametrize(
    "caption",
    [
        "Иван Иванов на встрече в Москве (Фото: ТАСС)",
        "Photo: Kyodo",
        "Negotiators in Moscow. Image: Getty Images",
        "（写真３）根室市で会見する元島民",
        "写真：共同",
    ],
)
def test_captions_in_the_header_go_to_captions(caption: str) -> None:
    article = ingest(f"{TITLE}\nBy Anna Petrova\n{caption}\n\n{EN_BODY}")
    assert caption in article.captions
    assert article.title == TITLE
    assert caption not in [p.text for p in article.passages]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Subscribe Already have an account?", "paywall"),
        ("この記事は有料記事です。", "paywall"),
        ("残り1234文字（全文2000文字）", "paywall"),
        ("読み込み中…", "loading"),
        ("Loading...", "loading"),
        ("0 3", "share"),
        ("Читайте также: Япония продлила санкции", "teaser"),
    ],
)
def test_furniture_lines_under_the_body_are_dropped(line: str, reason: str) -> None:
    article = ingest(f"{TITLE}\n\n{EN_BODY}\n{line}\n")
    assert (line, reason) in {(d.text, d.reason) for d in article.dropped}
    assert line not in [p.text for p in article.passages]


def test_navigation_name_is_not_an_author() -> None:
    article = ingest(f"{TITLE}\nRecent Features\n\n{EN_BODY}")
    assert article.authors == ()


def test_opening_paragraph_without_full_stop_stays_in_the_body() -> None:
    opening = (
        "Japan and Russia resumed talks on fishing quotas near the disputed islands on Monday "
        "according to officials in Tokyo and Moscow"
    )
    article = ingest(f"{TITLE}\nBy Anna Petrova\n{opening}\n\nThe talks had been suspended.\n")
    assert article.subtitle is None
    assert article.passages[0].text == opening


def test_sentence_paragraph_is_never_dropped_as_furniture() -> None:
    line = "Subscribe to the idea that Russia and Japan can still talk, the minister said."
    article = ingest(f"{TITLE}\n\n{EN_BODY}\n{line}\n")
    assert article.passages[-1].text == line


def test_cjk_words_are_counted_by_characters() -> None:
    article = ingest(f"漁業交渉が再開\n\n{JA_BODY}")
    chars = sum(len(p.text) for p in article.passages)
    assert article.words > chars * 0.8  # not ~2 "words" split at spaces
    assert word_count("日本とロシア and Japan") == 6 + 2


def test_a_short_russian_article_gets_topics() -> None:
    body = (
        "Курильские острова снова в центре спора. Япония требует вернуть Курильские острова, "
        "а Россия отвергает территориальные претензии.\n\nСанкции против России Япония ввела "
        "в 2022 году.\n"
    )
    article = ingest(f"Спор о Курилах\n\n{body}")
    assert article.words < 200
    assert article.topics
