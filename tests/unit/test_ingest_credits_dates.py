"""Which source a reprinted wire story gets, and what a date without a year becomes.

Source, strongest first: a stated field ("Source:", "Источник:", "出典:", front
matter), then an agency credit (a credit line "(共同通信)", "— ТАСС", or the
dateline opening the story, "TOKYO (Reuters) -", "МОСКВА, 4 декабря. /ТАСС/.",
"【モスクワ共同】"), then a sign-off, and only then the site's own name (meta
tags, "Headline | Site"): a researcher cites the agency that wrote the story,
not the site that reprinted it.

A date printed without a year ("12月4日", "4 декабря", "Dec 4") takes the year
from the page's other evidence: a dated URL, else the copyright line. With
none, the date stays empty and the line is kept in ``dropped`` as "date
without a year", never silently lost.

Each case is a page in a layout real sites use (meta tags, a nav bar, the
article, a footer), built here from parts so that every layout is checked
with every language.
"""

from __future__ import annotations

import pytest

from rjtui.config import load_config
from rjtui.corpus import Article
from rjtui.ingest.pipeline import ingest_bytes

EN = [
    "Japan and Russia resumed talks on fishing quotas near the disputed islands on Monday, "
    "officials in Tokyo said after the first round.",
    "The negotiations had been suspended for more than a year after Moscow objected to "
    "Japanese sanctions over the war in Ukraine.",
    "Fishermen in Nemuro said the quota agreed last year was too small to keep the port's "
    "boats at sea through the winter.",
]
RU = [
    "Россия и Япония возобновили переговоры о квотах на вылов рыбы у спорных островов, "
    "сообщили в Токио после первого раунда.",
    "Переговоры были приостановлены более чем на год после введения японских санкций из-за "
    "конфликта на Украине.",
    "Рыбаки из Немуро говорят, что прошлогодняя квота слишком мала, чтобы суда порта "
    "могли выходить в море всю зиму.",
]
JA = [
    "日本とロシアは北方領土周辺での漁業交渉を再開した。政府関係者が明らかにした。",
    "交渉はロシア側の反発で一年以上中断していた。根室の漁業者は早期の妥結を求めている。",
    "昨年合意した漁獲枠では冬の操業を続けられないとの声も上がっている。",
]
BODIES = {"en": EN, "ru": RU, "ja": JA}
TITLES = {
    "en": "Fishing talks resume near the Kuril Islands",
    "ru": "Переговоры о рыболовстве возобновились",
    "ja": "北方領土周辺の漁業交渉が再開",
}
SITES = {"en": "North Pacific Times", "ru": "Восточный экспресс", "ja": "北海道ニュース"}


def page(
    lang: str,
    *,
    first: str = "",
    lines_over: tuple[str, ...] = (),
    lines_under: tuple[str, ...] = (),
    site_meta: bool = True,
    canonical: str | None = None,
    footer: str = "",
    head_date: str | None = None,
) -> bytes:
    """A saved article page: meta tags, a nav bar, the article, a footer."""
    title, site = TITLES[lang], SITES[lang]
    paragraphs = list(BODIES[lang])
    paragraphs[0] = first + paragraphs[0]
    head = [
        f"<title>{title} | {site}</title>",
        f'<meta property="og:title" content="{title}">',
    ]
    if site_meta:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if head_date:
        head.append(f'<meta property="article:published_time" content="{head_date}">')
    body = "".join(f"<p>{line}</p>" for line in lines_over)
    body += "".join(f"<p>{p}</p>" for p in paragraphs)
    body += "".join(f"<p>{line}</p>" for line in lines_under)
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{"".join(head)}'
        f'</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer><p>{footer}</p></footer></body></html>"
    )
    return html.encode("utf-8")


def ingest(data: bytes, kind: str = "html") -> Article:
    return ingest_bytes(data, load_config(), article_id="t", path="t", kind=kind)


# --- agency credits ---------------------------------------------------------------------

CREDITS = [
    # (language, dateline opening the first paragraph, credit line under it, expected source)
    ("en", "TOKYO (Reuters) - ", "", "Reuters"),
    ("en", "WASHINGTON (AP) — ", "", "AP"),
    ("en", "MOSCOW, Dec 4 (Reuters) - ", "", "Reuters"),
    ("en", "TOKYO (Kyodo) -- ", "", "Kyodo"),
    ("en", "", "(Reuters)", "Reuters"),
    ("en", "", "— Kyodo News", "Kyodo News"),
    ("ru", "ТОКИО, 4 декабря. /ТАСС/. ", "", "ТАСС"),
    ("ru", "МОСКВА, 4 дек — РИА Новости. ", "", "РИА Новости"),
    ("ru", "", "— ТАСС", "ТАСС"),
    ("ru", "", "(Интерфакс)", "Интерфакс"),
    ("ja", "【モスクワ共同】", "", "共同通信"),
    ("ja", "【ウラジオストク時事】", "", "時事通信"),
    ("ja", "", "（共同通信）", "共同通信"),
    ("ja", "", "(時事通信)", "時事通信"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "dateline", "credit", "source"), CREDITS)
def test_an_agency_credit_wins_over_the_site_name(
    lang: str, dateline: str, credit: str, source: str
) -> None:
    under = (credit,) if credit else ()
    article = ingest(page(lang, first=dateline, lines_under=under))
    assert article.source == source
    assert article.title == TITLES[lang]
    assert article.passages[0].text.startswith(dateline.strip() or BODIES[lang][0][:12])
    if credit:
        assert credit not in [p.text for p in article.passages]


@pytest.mark.parametrize("lang", ["en", "ru", "ja"])
def test_without_a_credit_the_site_name_is_the_source(lang: str) -> None:
    assert ingest(page(lang)).source == SITES[lang]
    assert ingest(page(lang, site_meta=False)).source == SITES[lang]  # from "Headline | Site"


@pytest.mark.parametrize(
    ("lang", "field"),
    [("en", "Source: Nikkei Asia"), ("ru", "Источник: Коммерсантъ"), ("ja", "出典：日本経済新聞")],
)
def test_a_stated_source_wins_over_a_credit(lang: str, field: str) -> None:
    dateline = {"en": "TOKYO (Reuters) - ", "ru": "ТОКИО, 4 декабря. /ТАСС/. "}.get(lang, "")
    under = ("（共同通信）",) if lang == "ja" else ()
    article = ingest(page(lang, first=dateline, lines_over=(field,), lines_under=under))
    assert article.source == field.split(":")[-1].split("：")[-1].strip()


@pytest.mark.parametrize(
    "text",
    [
        "Officials quoted a report (Reuters) saying talks would resume.",
        "As TASS reported on Monday, the talks will resume in Moscow next week.",
        "共同通信によると、交渉は来週モスクワで再開される。",
    ],
)
def test_an_agency_named_inside_a_sentence_is_not_the_source(text: str) -> None:
    lang = "ja" if "共同" in text else "en"
    article = ingest(page(lang, first=text + " "))
    assert article.source == SITES[lang]


def test_a_dateline_in_a_text_file_gives_the_source() -> None:
    text = f"{TITLES['en']}\n\nMOSCOW (Reuters) - {EN[0]}\n\n{EN[1]}\n"
    assert ingest(text.encode(), kind="text").source == "Reuters"


# --- dates without a year ---------------------------------------------------------------

MONTH_DAY = [
    ("en", "Dec 4", "12-04"),
    ("en", "December 4, 10:32 AM", "12-04"),
    ("en", "Published: 4 December", "12-04"),
    ("en", "Updated Mar. 15 at 9:00 a.m.", "03-15"),
    ("ru", "4 декабря", "12-04"),
    ("ru", "Опубликовано 15 марта в 10:00", "03-15"),
    ("ru", "4 декабря, 12:30", "12-04"),
    ("ja", "12月4日", "12-04"),
    ("ja", "12月4日(金) 15:30", "12-04"),
    ("ja", "配信：３月１５日", "03-15"),
]  # fmt: skip

EVIDENCE = [
    # (canonical URL, footer, year expected)
    ("https://example.com/news/2023/12/fishing-talks", "", "2023"),
    ("https://example.com/world/20211204-fishing.html", "", "2021"),
    ("https://example.com/2019/fishing-talks/", "", "2019"),
    (None, "© 2022 Example Media. All rights reserved.", "2022"),
    (None, "Copyright 2018-2020 Example Media", "2020"),
    (None, "&copy; 2017 Пример", "2017"),
    ("https://example.com/news/fishing-talks-4521", "©2016 Example", "2016"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "line", "month_day"), MONTH_DAY)
@pytest.mark.parametrize(("url", "footer", "year"), EVIDENCE)
def test_a_date_without_a_year_takes_the_pages_year(
    lang: str, line: str, month_day: str, url: str | None, footer: str, year: str
) -> None:
    article = ingest(page(lang, lines_over=(line,), canonical=url, footer=footer))
    assert article.date == f"{year}-{month_day}"
    assert line not in [p.text for p in article.passages]
    assert line not in [d.text for d in article.dropped]


@pytest.mark.parametrize(("lang", "line", "month_day"), MONTH_DAY)
def test_a_date_without_a_year_and_no_evidence_stays_visible(
    lang: str, line: str, month_day: str
) -> None:
    article = ingest(page(lang, lines_over=(line,), canonical="https://example.com/a/fishing"))
    assert article.date is None
    reasons = {d.text: d.reason for d in article.dropped}
    assert reasons.get(line) == f"date without a year ({month_day})"
    assert line not in [p.text for p in article.passages]


def test_a_full_date_wins_over_a_date_without_a_year() -> None:
    article = ingest(
        page("en", lines_over=("Dec 4",), canonical="https://example.com/2023/12/x",
             head_date="2020-11-30T09:00:00Z")
    )  # fmt: skip
    assert article.date == "2020-11-30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{TITLES['en']}\n12月4日\nURL: https://example.com/2023/12/04/x\n\n{EN[0]}\n\n{EN[1]}\n",
         "2023-12-04"),
        (f"{TITLES['ru']}\n4 декабря\n\n{RU[0]}\n\n{RU[1]}\n\n© 2021 Пример\n", "2021-12-04"),
        (f"{TITLES['en']}\nDec 4\n\n{EN[0]}\n\n{EN[1]}\n", None),
    ],
)  # fmt: skip
def test_text_files_use_the_same_evidence(text: str, expected: str | None) -> None:
    assert ingest(text.encode(), kind="text").date == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dec 4 was the day the talks resumed, officials said in a long statement to reporters.",
        "4 декабря стороны договорились продолжить переговоры о рыболовстве у островов.",
        "Fishing talks: Dec 4 round",
    ],
)
def test_a_month_and_day_inside_a_line_is_not_a_date_line(text: str) -> None:
    article = ingest(page("en", lines_over=(text,), footer="© 2022 Example"))
    assert article.date is None
