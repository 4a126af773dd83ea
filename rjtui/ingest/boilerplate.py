"""Lines that are page furniture, not article text, and where the article ends.

Two kinds of rules. Line rules drop one line wherever it is (share and rating
widgets, "Follow us", language switchers, breadcrumbs, cookie banners, ids
such as "IT9534521", running page heads and page numbers). Tail markers
("Related articles", "Poll conducted", "Читайте также", "関連記事", a repeat of
the rubric line...) end the article: what follows on a web page is teasers
for other stories. Users add line rules with ``boilerplate:`` in the config.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rjtui.config import ConfigError
from rjtui.ingest.textutil import ends_sentence, size

_NAV = (
    r"(home|about( us)?|contact( us)?|log ?in|sign (in|up)|register|search|menu|subscribe|donate"
    r"|главная|о нас|контакты|поиск|ホーム|お問い合わせ|検索)"
)
_LINE_RULES = [
    r"rate this (article|story|post)",
    r"\(?\s*(no|\d+)\s+votes?\s*\)?",
    r"(share|print|email|tweet|save)( (this|the))?( (article|story|page|post|link))?( on \w+)?:?",
    r"(share|follow us|follow|subscribe)( on| via)?:?( (facebook|twitter|x|telegram|vk|linkedin"
    r"|whatsapp|youtube|instagram|email|social( media)?|rss)[,|/ ]*)*",
    r"follow us( on [\w ]+)?:?",
    r"(facebook|twitter|telegram|vk|vkontakte|linkedin|whatsapp|reddit|email|print)"
    r"([ ,|/·•]+(facebook|twitter|telegram|vk|vkontakte|linkedin|whatsapp|reddit|email|print))*",
    r"[a-z]{2}( ?[|/] ?[a-z]{2}){1,8}",  # EN|FR|RU
    r"(english|русский|日本語|français|deutsch|español|中文)( ?[|/·] ?(english|русский|日本語"
    r"|français|deutsch|español|中文))+",
    r"[a-z]{1,3}\d{5,}",  # IT9534521
    r"keep reading.*|show (more|less)|read more|continue reading|advertisement|реклама|広告",
    r"(accept|reject|allow)( all)? cookies|cookie (settings|policy|preferences)",
    r"for (business|researchers|students|media|journalists|partners)",
    r"(©|\(c\)|copyright ©?)\s*\d{4}.{0,120}|.{0,120}all rights reserved\.?",
    rf"{_NAV}(\s*[|/·•]\s*{_NAV})+",  # Home | About | Contact
    r"(tags?|теги|метки|タグ)\s*[:：].{0,200}",
    r"(sign up|subscribe) (for|to) (our|the) newsletter.*",
    r"(поделиться|подписывайтесь.*|подписаться|комментарии|распечатать|версия для печати|"
    r"читать далее|оцените статью|нашли ошибку\??.*)",
    r"(シェア|ツイート|この記事をシェア|印刷|ブックマーク|いいね|続きを読む|もっと見る|フォローする)",
    r"(page|стр\.?|страница)\s*\d+(\s*(of|из)\s*\d+)?|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]",
]
_LINE = re.compile("(?:" + "|".join(_LINE_RULES) + r")\s*", re.IGNORECASE)
_BREADCRUMB = re.compile(r"^[^>›»＞]{1,30}(?:\s*[>›»＞]\s*[^>›»＞]{1,30}){1,6}$")
_COOKIES = re.compile(r"\bcookies?\b|クッキー|файлы cookie", re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(accept|agree|consent|continu\w* to (use|browse)|privacy policy|experience)\b|同意|согла",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"(related (articles|stories|posts|news)|related|read also|also read|you may also like"
    r"|more (stories|articles) from.*|recommended( for you)?|most (read|popular)|latest news"
    r"|poll conducted|subscribe (now|to) .*|читайте также|читайте еще|похожие (статьи|новости)"
    r"|по теме|другие материалы.*"
    r"|関連記事|関連ニュース|あわせて読みたい|おすすめ記事|人気記事)\s*[:：]?",
    re.IGNORECASE,
)
_RUBRIC = re.compile(r"^[^|.!?]{1,40}(?:\s\|\s[^|.!?]{1,40})+$")
_REPEAT_MAX_CHARS = 80
_FURNITURE_MAX_CHARS = 500


@lru_cache(maxsize=16)
def _extra_rules(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """The config's extra line rules, compiled once per distinct list."""
    if not patterns:
        return None
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"config: boilerplate[{i}] {pattern!r} is not a valid regular expression "
                f"({exc}); fix or remove it"
            ) from None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def check_extra_rules(patterns: Sequence[str]) -> None:
    """Raise ``ConfigError`` now if a configured boilerplate rule is not a valid regex."""
    _extra_rules(tuple(patterns))


def is_rubric(line: str) -> bool:
    """A section line such as "Analysis | Asia-Pacific"."""
    return _RUBRIC.match(line) is not None and all(
        1 <= len(part.split()) <= 4 for part in line.split(" | ")
    )


def is_boilerplate(line: str, extra: Sequence[str] = ()) -> bool:
    """True for a whole line of page furniture (never for a sentence of prose)."""
    if not line:
        return False
    if len(line) > _FURNITURE_MAX_CHARS:
        rules = _extra_rules(tuple(extra))
        return rules is not None and rules.fullmatch(line) is not None
    if _LINE.fullmatch(line) or (_BREADCRUMB.match(line) and not ends_sentence(line)):
        return True
    if _COOKIES.search(line) and _CONSENT.search(line) and size(line) <= 60:
        return True
    rules = _extra_rules(tuple(extra))
    return rules is not None and rules.fullmatch(line) is not None


def is_tail_marker(line: str) -> bool:
    """A line after which a web page shows other stories, polls or sign-up boxes."""
    return _TAIL.fullmatch(line) is not None


def running_heads(lines: Sequence[str]) -> set[str]:
    """Short lines that repeat three or more times (page numbers aside): page heads/feet.
    They start with a capital or a digit; a repeated lower-case line is the tail of a
    hyphenated word ("Russ-" / "ian")."""
    counts = Counter(
        _head_key(line)
        for line in lines
        if line and len(line) <= _REPEAT_MAX_CHARS and not line[0].islower()
    )
    return {key for key, n in counts.items() if n >= 3 and key}


def _head_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.casefold()).strip()


def is_running_head(line: str, heads: set[str]) -> bool:
    return bool(heads) and len(line) <= _REPEAT_MAX_CHARS and _head_key(line) in heads
