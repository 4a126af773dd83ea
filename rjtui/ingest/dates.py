"""Dates as printed in bylines -> ISO 8601 (``YYYY-MM-DD``, ``YYYY-MM`` or nothing).

``DATE`` is a regex fragment other patterns embed (bylines such as
"NAME, March 10 2022"); ``parse_date`` turns the matched text into ISO.
Day-first is assumed for dotted dates ("13.04.2024"), as in Europe and Russia.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_RU_MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_RU_MONTH = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]"
    r"|октябр[яь]|ноябр[яь]|декабр[яь])"
)
_ORD = r"(?:st|nd|rd|th)?"
_AROUND = " \t,.|–—-()•·*[]（）【】:："
_MAX_DATE_CHARS = 80
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"

_FORMS: tuple[tuple[str, str], ...] = (
    ("ymd", rf"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}"),
    ("dmy", r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"),
    ("d_mon_y", rf"(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_EN_MONTH}),?\s+(?P<y>\d{{4}})"),
    ("mon_d_y", rf"(?P<mon>{_EN_MONTH})\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})"),
    ("mon_y", rf"(?P<mon>{_EN_MONTH}),?\s+(?P<y>\d{{4}})"),
    ("ru", rf"(?P<d>\d{{1,2}})\s+(?P<ru>{_RU_MONTH})\s+(?P<y>\d{{4}})(?:\s*(?:г\.?|года))?"),
    ("ja", r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"),
    (
        "era",
        r"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<ey>元|\d{1,2})\s*年"
        r"(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?",
    ),
)
_ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
WEEKDAY = re.compile(
    r"\s*[(（](?:[月火水木金土日]|mon|tue|wed|thu|fri|sat|sun|пн|вт|ср|чт|пт|сб|вс)\.?[)）]"
    r"|,?\s*\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu"
    r"|fri|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\b\.?,?",
    re.IGNORECASE,
)
_SEARCH = None  # compiled on first use: the union of every form, for dates inside a line
_TRAILING_TIME = re.compile(
    r"[\s,|–—-]+(?:at\s+|в\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|[A-Z]{2,4}"
    r"(?:[+-]\d{1,2})?|\(?(?:UTC|GMT|MSK|JST)[+-]?\d{0,2}\)?|по москве|мск))?$",
    re.IGNORECASE,
)
_COMPILED = tuple((name, re.compile(src, re.IGNORECASE)) for name, src in _FORMS)

DATE = "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", src) for _, src in _FORMS) + ")"
"""Regex source (no groups) matching any date form ``parse_date`` understands."""


def parse_date(text: str) -> str | None:
    """ISO form of a date written in full in ``text``; ``None`` if it is not one.
    Bullets, a weekday ("2019/5/10(金)", "Friday,") and a time with zone may surround it."""
    if len(text) > _MAX_DATE_CHARS:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # full-width digits: ２０１９年
    text = WEEKDAY.sub("", text.strip(_AROUND))
    text = _TRAILING_TIME.sub("", text).strip(_AROUND)
    for _, pattern in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            return _iso(match)
    return None


def search_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first date written anywhere in ``text`` and where it is."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    match = _search().search(text)
    if match is None:
        return None
    date = parse_date(match.group())
    return (date, match) if date else None


def _search() -> re.Pattern[str]:
    global _SEARCH
    if _SEARCH is None:
        _SEARCH = re.compile(rf"(?<![0-9A-Za-zА-Яа-яЁё.]){DATE}(?![0-9A-Za-zА-Яа-яЁё])", re.I)
    return _SEARCH


def _iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    if parts.get("era"):
        year = _ERAS[parts["era"]] + (1 if parts["ey"] == "元" else int(parts["ey"])) - 1
    else:
        year = int(parts["y"])
    if parts.get("mon"):
        month = _EN_MONTHS[parts["mon"].lower()[:3]]
    elif parts.get("ru"):
        word = parts["ru"].lower()
        month = next(n for prefix, n in _RU_MONTHS.items() if word.startswith(prefix))
    elif parts.get("m"):
        month = int(parts["m"])
    else:
        return str(year) if 1800 <= year <= 2100 else None  # "令和元年": the year alone
    day = int(parts["d"]) if parts.get("d") else None
    if not 1800 <= year <= 2100:
        return None
    try:
        date = dt.date(year, month, day or 1)
    except ValueError:
        return None
    return date.isoformat() if day else date.isoformat()[:7]


_LABEL = (
    r"(?:(?:published|updated|last updated|posted|first published|опубликовано|обновлено"
    r"|дата публикации|дата|配信|更新|最終更新|公開|掲載|投稿)(?:\s*(?:on|日時|日))?\s*[:：]?\s*)?"
)
_MONTH_DAY = re.compile(
    _LABEL
    + rf"(?:(?P<mon>{_EN_MONTH})\s+(?P<d1>\d{{1,2}}){_ORD}"
    + rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon2>{_EN_MONTH})"
    + rf"|(?P<d3>\d{{1,2}})\s+(?P<ru>{_RU_MONTH})"
    + r"|(?P<m>\d{1,2})\s*月\s*(?P<d4>\d{1,2})\s*日)",
    re.IGNORECASE,
)


def parse_month_day(text: str) -> str | None:
    """``MM-DD`` of a line that is a date printed without a year ("Dec 4", "4 декабря",
    "12月4日(金) 15:30", "Published: 4 December"); ``None`` for anything else."""
    if len(text) > _MAX_DATE_CHARS:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = WEEKDAY.sub("", text.strip(_AROUND))
    text = _TRAILING_TIME.sub("", text).strip(_AROUND)
    match = _MONTH_DAY.fullmatch(text)
    if not match:
        return None
    parts = match.groupdict()
    if parts["mon"] or parts["mon2"]:
        month = _EN_MONTHS[(parts["mon"] or parts["mon2"]).lower()[:3]]
    elif parts["ru"]:
        word = parts["ru"].lower()
        month = next(n for prefix, n in _RU_MONTHS.items() if word.startswith(prefix))
    else:
        month = int(parts["m"])
    day = int(parts["d1"] or parts["d2"] or parts["d3"] or parts["d4"])
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a date
    except ValueError:
        return None
    return f"{month:02d}-{day:02d}"


_STAMP_LABEL = re.compile(
    r"\s*(?:(?:(?:this\s+)?page\s+(?:was\s+)?)?last\s+(?:edited|modified|updated|revised|changed)"
    r"(?:\s+on)?|(?:updated|modified|revised)(?:\s+on)?"
    r"|(?:эта\s+)?страница\s+(?:в\s+)?последний\s+раз\s+(?:была\s+)?(?:отредактирована|изменена)"
    r"|последнее\s+(?:изменение|обновление|редактирование)(?:\s+страницы)?"
    r"|обновлено|изменено|дата\s+(?:обновления|изменения)"
    r"|(?:この(?:ページ|版)の)?最終更新(?:日時|日)?(?:は)?|更新(?:日時|日)?)"
    r"\s*[:：]?\s*",
    re.IGNORECASE,
)
_STAMP_WORDS = 25


def update_date(line: str) -> str | None:
    """The date of a line that says when the text was updated or edited ("Updated: 14
    March 2023", "This page was last edited on 12 March 2021, at 10:15 (UTC).", "Эта
    страница в последний раз была отредактирована 12 марта 2021 в 10:15.", "最終更新：
    2023年3月14日", "このページの最終更新日時は 2021年3月12日 (金) 10:15 です。"); ``None``
    for any other line. The date must follow the label, and the line must hold no second
    date ("Updated: 14 March | Published: 2 March" is a publication line too)."""
    label = _STAMP_LABEL.match(line) if len(line) <= _MAX_DATE_CHARS * 2 else None
    if not label or len(line.split()) > _STAMP_WORDS:
        return None
    rest = line[label.end() :]
    if not rest.isascii():
        rest = unicodedata.normalize("NFKC", rest)  # as search_date reads it: ２０２３年
    found = search_date(rest)
    if found is None or rest[: found[1].start()].strip(_AROUND):
        return None
    return found[0] if search_date(rest[found[1].end() :]) is None else None


def with_year(year: int, month_day: str) -> str | None:
    """``YYYY-MM-DD`` from a year and ``MM-DD`` (``None`` for 29 February of a common year)."""
    try:
        return dt.date.fromisoformat(f"{year:04d}-{month_day}").isoformat()
    except ValueError:
        return None


_URL_YEAR = re.compile(r"/((?:19|20)\d{2})(?:/|-|_|(?=(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\D))")
_COPYRIGHT = re.compile(
    r"(?:©|&copy;|&#169;|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*[-–—]\s*)?((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_COPYRIGHT_MARKS = ("©", "&copy;", "&#169;", "(c)", "(C)", "opyright", "OPYRIGHT")
_COPYRIGHT_WINDOW = 40


def url_year(url: str | None) -> int | None:
    """The year in a dated URL path ("/2023/12/x", "/20211204-x", "/2019/x/")."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2]
    match = _URL_YEAR.search("/" + path)
    return int(match.group(1)) if match else None


def copyright_year(text: str) -> int | None:
    """The (last) year of the page's last copyright line ("© 2022", "Copyright 2018-2020").
    Found from the markers (a plain search), so a long page costs little."""
    last = max(text.rfind(mark) for mark in _COPYRIGHT_MARKS)
    if last < 0:
        return None
    start = max(0, last - len("Copyright") - 1)
    match = _COPYRIGHT.search(text, start, last + _COPYRIGHT_WINDOW)
    return int(match.group(1)) if match else None
