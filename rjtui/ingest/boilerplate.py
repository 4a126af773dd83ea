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
    r"|archives?|news|blog|events|research|experts|главная|о нас|контакты|поиск|новости|архив"
    r"|ホーム|お問い合わせ|検索|ニュース)"
)
_SOCIAL = r"(facebook|twitter|telegram|vk|vkontakte|linkedin|whatsapp|reddit|email|print)"
_RULES: tuple[tuple[str, str], ...] = (
    ("share", r"rate this (article|story|post)"),
    ("share", r"\(?\s*(no|\d+)\s+votes?\s*\)?"),
    (
        "share",
        r"(share|print|email|tweet|save)( (this|the))?( (article|story|page|post|link))?"
        r"( on \w+)?:?",
    ),
    (
        "share",
        r"(share|follow us|follow|subscribe)( on| via)?:?( (facebook|twitter|x|telegram|vk"
        r"|linkedin|whatsapp|youtube|instagram|email|social( media)?|rss)[,|/ ]*)*",
    ),
    ("share", r"follow us( on [\w ]+)?:?"),
    (
        "share",
        rf"{_SOCIAL}([ ,|/·•]+{_SOCIAL})*",
    ),
    ("share", r"\d{1,5}( +\d{1,5}){1,4}"),  # share counters "0 3"
    ("navigation", r"[a-z]{2}( ?[|/] ?[a-z]{2}){1,8}"),  # EN|FR|RU
    (
        "navigation",
        r"(english|русский|日本語|français|deutsch|español|中文)( ?[|/·] ?(english"
        r"|русский|日本語|français|deutsch|español|中文))+",
    ),
    (
        "navigation",
        r"(skip|jump) to (the )?(main )?(content|navigation|article|search|footer)"
        r"|перейти (к|в) (основному )?(содержанию|содержимому|контенту|меню|поиску)"
        r"|(本文|メインコンテンツ|コンテンツ)(へ|に)(スキップ|移動|ジャンプ)?",
    ),
    ("id", r"[a-z]{1,3}\d{5,}"),  # IT9534521
    (
        "teaser",
        r"(читайте также|read also|see also|also read|あわせて読みたい|関連記事)\s*[:：]"
        r"\s*\S.{0,120}",
    ),
    (
        "widget",
        r"keep reading.*|show (more|less)|read more|continue reading|advertisement|реклама"
        r"|広告",
    ),
    ("loading", r"(loading|загрузка|読み込み中|ロード中)\s*(\.\.\.|…)?"),
    (
        "paywall",
        r"(この記事は)?(有料|会員限定)(記事|会員)(です)?[。.]?.{0,60}|残り\d+文字.{0,40}"
        r"|(this (article|story|content) is (only )?(for|available to) (paid )?"
        r"(subscribers|members)"
        r"|subscribe to (continue|read)|already (a subscriber|have an account)\??).{0,80}"
        r"|(subscribe|подписаться|登録)\W{0,3}already have an account\??.{0,40}"
        r"|(этот материал|статья) доступ\w+ (только )?(для )?(подписчик|платн)\w*.{0,60}",
    ),
    ("cookie banner", r"(accept|reject|allow)( all)? cookies|cookie (settings|policy|preferences)"),
    ("navigation", r"for (business|researchers|students|media|journalists|partners)"),
    ("copyright", r"(©|\(c\)|copyright ©?)\s*\d{4}.{0,120}|.{0,120}all rights reserved\.?"),
    ("navigation", rf"([|/·•]\s*)?{_NAV}(\s*[|/·•]\s*{_NAV})+(\s*[|/·•])?"),  # Home | About
    ("tags", r"(tags?|теги|метки|タグ)\s*[:：].{0,200}"),
    ("subscribe", r"(sign up|subscribe) (for|to) (our|the) newsletter.*"),
    (
        "share",
        r"(поделиться|подписывайтесь.*|подписаться|комментарии|распечатать|версия для печати"
        r"|читать далее|оцените статью|нашли ошибку\??.*)",
    ),
    (
        "share",
        r"(シェア|ツイート|この記事をシェア|印刷|ブックマーク|いいね|続きを読む|もっと見る"
        r"|フォローする)",
    ),
    (
        "page number",
        r"(page|стр\.?|страница)\s*\d+(\s*(of|из)\s*\d+)?|\d{1,4}"
        r"|[-–—]\s*\d{1,4}\s*[-–—]",
    ),
)
_RULE_PATTERNS = tuple((reason, re.compile(src + r"\s*", re.I)) for reason, src in _RULES)
_LINE = re.compile("(?:" + "|".join(src for _, src in _RULES) + r")\s*", re.IGNORECASE)
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
_SENTENCE_WORDS = 12
_FURNITURE_MAX_CHARS = 500
_BANNER_WORDS = 60


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
    return boilerplate_reason(line, extra) is not None


def boilerplate_reason(line: str, extra: Sequence[str] = ()) -> str | None:
    """What kind of page furniture ``line`` is ("share", "navigation", "paywall"...),
    or ``None`` for article text."""
    if not line:
        return None
    rules = _extra_rules(tuple(extra))
    if len(line) > _FURNITURE_MAX_CHARS:
        return "configured rule" if rules is not None and rules.fullmatch(line) else None
    words = size(line)  # counted first: most lines are long paragraphs, never banners
    if words <= _BANNER_WORDS and _COOKIES.search(line) and _CONSENT.search(line):
        return "cookie banner"  # two word lists together: a banner, even as a sentence
    if words >= _SENTENCE_WORDS and ends_sentence(line):  # prose: no word list drops it
        return "configured rule" if rules is not None and rules.fullmatch(line) else None
    if _LINE.fullmatch(line):
        return next(reason for reason, rule in _RULE_PATTERNS if rule.fullmatch(line))
    if _BREADCRUMB.match(line) and not ends_sentence(line):
        return "breadcrumb"
    return "configured rule" if rules is not None and rules.fullmatch(line) else None


def is_tail_marker(line: str) -> bool:
    """A line after which a web page shows other stories, polls or sign-up boxes."""
    return _TAIL.fullmatch(line) is not None and not _is_sentence(line)


def _is_sentence(line: str) -> bool:
    """A full sentence of prose: no word list may drop it (its words are content)."""
    return size(line) >= _SENTENCE_WORDS and ends_sentence(line)


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
