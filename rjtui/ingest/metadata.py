"""Article metadata from the lines above the first paragraph and the sign-off below it.

Each header line is classified by its shape alone (field "Title: ...",
byline "By NAME | DATE", "NAME, DATE", "DATE NAME", a date line, a rubric
"A | B", a chapter label, a name followed by a bio line); what is left is
title, then subtitle. Nothing is guessed from file names or known sites: a
field the text does not state stays ``None``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from rjtui.corpus import METADATA_FIELDS
from rjtui.ingest.boilerplate import is_rubric
from rjtui.ingest.dates import DATE, WEEKDAY, parse_date, parse_month_day, search_date, update_date
from rjtui.ingest.ledger import CAPTIONS, DROPPED, METADATA
from rjtui.ingest.names import is_person_name, normalise_name, parse_names
from rjtui.ingest.reflow import Lexicon, needs_case_restore, restore_case
from rjtui.ingest.textutil import ends_sentence, has_cjk, size, squash

_FIELD_KEYS = {
    "title": "title", "headline": "title", "заголовок": "title", "タイトル": "title",
    "見出し": "title", "subtitle": "subtitle", "подзаголовок": "subtitle",
    "author": "authors", "authors": "authors", "by": "authors", "byline": "authors",
    "автор": "authors", "авторы": "authors", "著者": "authors", "筆者": "authors",
    "文": "authors", "執筆": "authors", "date": "date", "published": "date", "posted": "date",
    "updated": "updated", "дата": "date", "опубликовано": "date", "日付": "date",
    "公開日": "date", "掲載日": "date", "最終更新": "updated", "更新": "updated", "配信": "date",
    "投稿日": "date", "発行日": "date", "last updated": "updated", "обновлено": "updated",
    "source": "source", "publication": "source",
    "publisher": "source", "источник": "source", "出典": "source", "section": "section",
    "category": "section", "rubric": "section", "рубрика": "section", "カテゴリ": "section",
    "カテゴリー": "section", "url": "url", "link": "url",
}  # fmt: skip
_FIELD = re.compile(
    r"(?P<key>" + "|".join(sorted(map(re.escape, _FIELD_KEYS), key=len, reverse=True)) + r")"
    r"\s*[:：]\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(
    r"(?P<key>" + "|".join(sorted(map(re.escape, _FIELD_KEYS), key=len, reverse=True)) + r")"
    r"\s*[:：]",
    re.IGNORECASE,
)
_SECTION_WORDS = frozenset(
    {"analysis", "opinion", "features", "feature", "news", "commentary", "comment", "interview",
     "editorial", "world", "asia", "asia-pacific", "politics", "economy", "blog", "report",
     "explainer", "special", "in", "depth", "diplomacy", "security", "international", "europe",
     "russia", "japan", "east", "columns", "column", "briefing", "insight", "insights",
     "press", "release", "releases", "statement", "statements", "speeches", "aktualno",
     "аналитика", "мнение", "мнения", "новости", "интервью", "комментарий", "комментарии",
     "политика", "экономика", "в", "мире", "мир", "колонка", "статьи", "блог", "азия",
     "特集", "解説", "社説", "国際", "政治", "経済", "ニュース", "オピニオン", "コラム",
     "インタビュー", "外交", "論説", "報道発表", "プレスリリース", "速報"}
)  # fmt: skip
_NAV_WORDS = re.compile(
    r"\b(?:recent|latest|popular|trending|more|menu|related|top stories|most read|subscribe"
    r"|log ?in|sign ?in|newsletter|podcasts?|videos?|photos?|gallery|events|about us|contact"
    r"|последние|популярное|меню|ещё|еще)\b|最新|人気|ランキング|メニュー|一覧",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"通信|新聞|時事|共同|ＮＨＫ|NHK|\b(?:reuters|ap|afp|kyodo|jiji|bloomberg|xinhua|tass|ria"
    r"|interfax|nikkei|asahi|yomiuri|mainichi|news agency|news|agency|press)\b|тасс|риа"
    r"|интерфакс|новости|известия|коммерсант|ведомости|агентство",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"[(（]\s*(?P<paren>[^()（）]{2,40}?)\s*[)）]|[—–]\s*(?P<dash>[^—–]{2,30})"
)
_CAPTION = re.compile(
    r"(?:photo|image|picture|credit|фото|изображение|写真|画像|提供)\s*[:：/]|\((?:фото|photo"
    r"|写真)\b|（写真|\(写真|^[(（]写真\d*[)）]|getty ?images|shutterstock|\bap photo\b"
    r"|via reuters|фото\s*:|/ ?(?:reuters|afp|ap|epa|тасс|риа новости|kyodo|共同)\s*$",
    re.IGNORECASE,
)
_BY = re.compile(r"(?i:by|written by|от|text by)\s+(?P<rest>\S.*)")
_SEP = re.compile(r"\s*(?:\||·|•|–|—|\s-\s|,)\s*")
_DATE_FIRST = re.compile(rf"(?P<date>{DATE})[\s\u3000]*[,|–—]?[\s\u3000]*(?P<rest>\S.*)", re.I)
_CHAPTER = re.compile(
    r"(?i:chapter|part|глава|часть)\s+(?P<n>\d+|[ivxlc]+)\.?|第\s*(?P<ja>\d+)\s*章", re.I
)
_BIO = re.compile(
    r"\b(?:professor|fellow|director|researcher|research|analyst|journalist|editor|correspondent"
    r"|lecturer|scholar|expert|ph\.?d|candidate of|associate|member|head of|chair|ambassador"
    r"|student|trainee|university|institute|department|centre|center|academy|observer|writer"
    r"|профессор|научный|сотрудник|эксперт|директор|журналист|кандидат|доктор|университет"
    r"|институт|обозреватель)\b|教授|研究員|記者|大学|研究所",
    re.IGNORECASE,
)
_SIGNOFF = re.compile(
    r"\b(?:especially|exclusively|specially|written|prepared)\s+for\s+(?:the\s+)?"
    r"(?:(?:online|web|news)\s+)?(?:(?:magazine|journal|newspaper|website|site|portal|edition"
    r"|publication|outlet|agency)\s+)?(?P<source>\S.*)$"
    r"|специально для\s+(?:(?:интернет-)?(?:журнала|издания|сайта|газеты|портала)\s+)?"
    r"(?P<source_ru>\S.*)$",
    re.IGNORECASE,
)
_NAME_PAREN_ROLE = re.compile(r"(?P<name>[^()（）]{2,40}?)\s*[(（](?P<role>[^()（）]{2,80})[)）]")
_QUOTES = "\"'“”„«»「」『』"
_MAX_SIGNOFF_WORDS = 80
_TITLE_WORDS = 25  # longer: an unpunctuated first paragraph, not a headline
_SUBTITLE_WORDS = 30
_BIO_WORDS = 60
_CAPTION_WORDS = 40
_REPEAT_BONUS = 2.5  # a line printed twice over the article: page title + headline
_SHORT_TITLE_WORDS = 14
_AGENCY_WORDS = 4
_MIN_TITLE_SCORE = -3
_LABEL_WORDS = 4
_PROSE_WORDS = 12
_OPENING_WORDS = 15
_DATED_LINE_WORDS = 12
_DATE_WORDS = re.compile(
    r"(?i:\b(?:published|updated|posted|last updated|first published|on|at|опубликовано"
    r"|обновлено|дата публикации|дата|от|в)\b)|最終更新|更新|配信|公開|掲載|日時|[:：]"
)
_TIME_ANYWHERE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|[A-Z]{2,4}\b|мск)?|\bг\.|\bгода\b", re.I
)
_DATE_WORD_ONLY = re.compile(r"[\W\d_]*")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZА-ЯЁ]")
_ARTICLE_FIELDS = frozenset(f.name for f in METADATA_FIELDS)


@dataclass
class Metadata:
    """What the text says about itself; ``None``/empty for what it does not say."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    author_note: str | None = None
    date: str | None = None
    updated: str | None = None
    """The date of an update or edit stamp ("Updated: …", "last edited on …"): what a
    citation wants is the publication date, so this is the date only when the text
    gives no other (``pipeline``); never an ``Article`` field."""
    source: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
    topics: tuple[str, ...] = ()
    extra_lines: list[str] = field(default_factory=list)
    """Header lines that are none of the above (given back to the body)."""
    captions: list[str] = field(default_factory=list)
    undated: list[tuple[str, str]] = field(default_factory=list)
    """``(line, "MM-DD")`` for a date line printed without a year ("12月4日", "Dec 4"):
    its place is decided once the page's other evidence for the year is known."""
    placed: list[tuple[str, str, str]] = field(default_factory=list)
    """``(line, place, reason)`` for each header line not given back to the body."""

    def fill(self, **values: object) -> None:
        """Set each field that is still unset (earlier, more explicit sources win)."""
        for name, value in values.items():
            if value and not getattr(self, name):
                setattr(self, name, value)

    def merge(self, other: Metadata) -> None:
        """Fill the unset fields from ``other`` (a less explicit source)."""
        self.fill(**{f.name: getattr(other, f.name) for f in fields(other)})

    def stated(self) -> dict[str, Any]:
        """The fields that are also ``ArticleMeta`` fields, for building the ``Article``:
        a field added to both reaches the index, the JSON and the CLI with no other edit."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in _ARTICLE_FIELDS}

    def place(self, line: str, where: str = METADATA, reason: str = "") -> None:
        self.placed.append((line, where, reason))


def parse_header(lines: Sequence[str], lexicon: Lexicon, known: Metadata | None = None) -> Metadata:
    """Metadata from the non-blank lines above the first paragraph. ``known`` is what
    the file already said (front matter, a web page's meta tags): a line repeating the
    known title is that title, not a subtitle."""
    meta = Metadata()
    candidates: list[tuple[int, str]] = []
    is_meta = [False] * len(lines)
    skip = 0
    for i, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        label = _LABEL_ONLY.fullmatch(line)
        if label and following and _apply_field(_FIELD_KEYS[label["key"].lower()], following, meta):
            meta.place(line)  # "Автор:" on one line, "Анна Иванова" on the next
            meta.place(following)
            is_meta[i] = is_meta[i + 1] = True
            skip = 1
            continue
        month_day = parse_month_day(line)
        if month_day:
            meta.undated.append((line, month_day))
            is_meta[i] = True
            continue
        if _CAPTION.search(line) and size(line) <= _CAPTION_WORDS:
            meta.captions.append(squash(line))
            meta.place(line, CAPTIONS)
            continue
        if _classify(line, meta) or _credit_line(line, meta):
            meta.place(line)
            is_meta[i] = True
            continue
        if _is_author_line(line, following, bool(candidates)):
            meta.fill(authors=(normalise_name(line),))
            meta.place(line)
            is_meta[i] = True
            if _BIO.search(following) and size(following) <= _BIO_WORDS:
                meta.fill(author_note=squash(following))
                meta.place(following)
                is_meta[i + 1] = True
                skip = 1
            continue
        if _BIO.search(line) and meta.authors and not meta.author_note and size(line) <= _BIO_WORDS:
            meta.author_note = squash(line)
            meta.place(line)
            is_meta[i] = True
            continue
        candidates.append((i, line))
    _pick_titles(meta, candidates, is_meta, lexicon, known or Metadata())
    return meta


def _is_author_line(line: str, following: str, after_candidate: bool) -> bool:
    """A bare name under the headline, or over a bio line; never a navigation label."""
    return (
        is_person_name(line)
        and not _NAV_WORDS.search(line)
        and (after_candidate or bool(_BIO.search(following)))
    )


def _credit_line(line: str, meta: Metadata) -> bool:
    """An agency credit "(共同通信)", "— ТАСС", "(北海道新聞2021/8/18)": source (and date)."""
    match = _CREDIT_LINE.fullmatch(line.strip())
    if not match:
        return False
    inner = (match["paren"] or match["dash"]).strip()
    found = search_date(inner)
    name = (inner[: found[1].start()] + inner[found[1].end() :]).strip(" ,/・") if found else inner
    if not name or size(name) > _AGENCY_WORDS or ends_sentence(name):
        return False
    if not (_AGENCY.search(name) or found):
        return False
    meta.fill(source=squash(name), date=found[0] if found else None)
    return True


_DATELINE = re.compile(
    r"(?P<en>[A-Z][A-Z.'’ -]{1,30}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\((?P<a_en>[^()]{2,30})\)"
    r"\s*(?:-{1,2}|—|–)\s)"
    r"|(?P<ru>[А-ЯЁ][А-ЯЁ -]{1,30},\s+\d{1,2}\s+[а-яё]{3,9}\.?\s*"
    r"(?:/(?P<a_ru>[^/]{2,30})/\.?|[—–-]\s*(?P<a_ru2>[^.]{2,30})\.)\s)"
    r"|【[^】]{1,12}?(?P<a_ja>共同|時事|ロイター|タス|新華社|AFP|ＡＦＰ)】"
)
_JA_AGENCIES = {"共同": "共同通信", "時事": "時事通信"}


def dateline_agency(paragraph: str) -> str | None:
    """The agency in the dateline opening a wire story: "TOKYO (Reuters) -", "MOSCOW,
    Dec 4 (AP) —", "ТОКИО, 4 декабря. /ТАСС/.", "МОСКВА, 4 дек — РИА Новости.",
    "【モスクワ共同】" (the short Japanese forms given in full: 共同 is 共同通信)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    if match["a_ja"]:
        return _JA_AGENCIES.get(match["a_ja"], match["a_ja"])
    name = squash(match["a_en"] or match["a_ru"] or match["a_ru2"])
    return name if _AGENCY.search(name) and size(name) <= _AGENCY_WORDS else None


@functools.lru_cache(maxsize=4096)
def is_metadata_line(line: str) -> bool:
    """Does ``line`` state metadata (a byline, a date, a field, a credit)? Such a line
    is never site chrome, however often it recurs. Cached: it is asked only of lines
    that recur across a folder's files, the same few lines again and again."""
    return (
        bool(_LABEL_ONLY.fullmatch(line))
        or bool(parse_month_day(line))
        or _classify(line, Metadata())
        or _credit_line(line, Metadata())
    )


def parse_trailer(line: str, meta: Metadata) -> bool:
    """A credit or "Source:"/"Author:" line under the article; fills ``meta``."""
    match = _FIELD.fullmatch(line)
    if match and _FIELD_KEYS[match["key"].lower()] in ("source", "authors", "date", "updated"):
        return _apply_field(_FIELD_KEYS[match["key"].lower()], match["value"].strip(), meta)
    return _credit_line(line, meta)


def _pick_titles(
    meta: Metadata,
    candidates: list[tuple[int, str]],
    is_meta: list[bool],
    lexicon: Lexicon,
    known: Metadata,
) -> None:
    """The headline is the best-scored candidate line, not the first one; short labels
    above it are the section or navigation; the line right under it the subtitle."""
    seen: set[str] = set()
    unique: list[tuple[int, str]] = []
    repeated = {line.casefold() for _, line in candidates}
    repeated = {
        key for key in repeated if sum(line.casefold() == key for _, line in candidates) > 1
    }
    for i, line in candidates:
        key = line.casefold()
        if key in seen:
            meta.place(line, DROPPED, "title repeated")  # page head + headline
            continue
        seen.add(key)
        unique.append((i, line))
    known_title = (known.title or "").casefold()
    chosen = next(
        (k for k, (_, line) in enumerate(unique) if _is_known_title(line, known_title)), None
    )
    if chosen is None and not known_title:
        scores = [
            _title_score(k, i, line, is_meta) + _REPEAT_BONUS * (line.casefold() in repeated)
            for k, (i, line) in enumerate(unique)
        ]
        if scores and max(scores) > _MIN_TITLE_SCORE:
            chosen = scores.index(max(scores))
    for k, (i, line) in enumerate(unique):
        text = restore_case(line, lexicon.acronyms) if needs_case_restore(line) else line
        if k == chosen:
            meta.fill(title=squash(text))
            meta.place(line)
        elif _is_section_label(line) and (chosen is None or k < chosen):
            meta.fill(section=squash(line))
            meta.place(line)
        elif known.source and line.casefold() == known.source.casefold():
            meta.place(line)
        elif chosen is not None and k < chosen and not _sentence_like(line):
            meta.place(line, DROPPED, "navigation")
        elif (
            meta.title
            and meta.subtitle is None
            and size(line) <= _SUBTITLE_WORDS
            and not meta.extra_lines
            and not _opening_paragraph(k, unique, i, is_meta)
        ):
            meta.subtitle = squash(text)
            meta.place(line)
        else:
            meta.extra_lines.append(line)


def _is_known_title(line: str, known: str) -> bool:
    """The headline as printed on the page, where the page's title tag may add the
    site name ("Headline | Site") or cut it."""
    key = line.casefold()
    return bool(known) and (key == known or (size(line) >= 3 and (key in known or known in key)))


def _title_score(k: int, i: int, line: str, is_meta: list[bool]) -> float:
    """How headline-like a header line is: length, punctuation, case, vocabulary and
    whether a byline or date sits right under (or over) it."""
    words = size(line)
    score = 0.0
    if 3 <= words <= _TITLE_WORDS:
        score += 3 + (words <= _SHORT_TITLE_WORDS)
    elif words > _TITLE_WORDS:
        score -= 6
    elif words <= 2:
        score -= 1
    if line.endswith(".") and not line.endswith("..."):
        score -= 1.5
    if _is_section_label(line):
        score -= 4
    if _NAV_WORDS.search(line) and words <= 4:
        score -= 4
    if re.search(r"\s[|›»>/]\s", line):
        score -= 2
    if any(is_meta[i + 1 : i + 3]):
        score += 1.5  # headline (and standfirst) over the byline or date
    if i > 0 and is_meta[i - 1]:
        score += 0.5
    return score - 0.4 * k


def _is_section_label(line: str) -> bool:
    """ "ANALYSIS", "Features", "Аналитика", "特集", "Opinion / Asia": a rubric word or
    a short all-caps label, not a sentence."""
    if ends_sentence(line) or size(line) > _LABEL_WORDS:
        return False
    words = [w for w in re.split(r"[\s/|·•,&:—–-]+", line.casefold()) if w]
    if words and all(w in _SECTION_WORDS for w in words):
        return True
    return line.isupper() and len(words) <= 3 and not has_cjk(line)


def _sentence_like(line: str) -> bool:
    return size(line) >= _PROSE_WORDS and ends_sentence(line)


def _opening_paragraph(k: int, unique: list[tuple[int, str]], i: int, is_meta: list[bool]) -> bool:
    """A long last header line with nothing under it: the first paragraph without its
    final full stop, not a standfirst."""
    last = k == len(unique) - 1 and not any(is_meta[i + 1 :])
    return last and size(unique[k][1]) >= _OPENING_WORDS


def _classify(line: str, meta: Metadata) -> bool:
    """Fill ``meta`` from a metadata line; False when the line is something else."""
    updated = update_date(line)
    if updated:
        meta.fill(updated=updated)
        return True
    match = _FIELD.fullmatch(line)
    if match:
        return _apply_field(_FIELD_KEYS[match["key"].lower()], match["value"].strip(), meta)
    date = parse_date(line)
    if date:
        meta.fill(date=date)
        return True
    match = _BY.fullmatch(line)
    if match and _byline(match["rest"], meta):
        return True
    match = _DATE_FIRST.fullmatch(line)
    if match and parse_date(match["date"]):
        rest = match["rest"]
        if _classify(rest, meta) or _names_then_date(rest, meta) or _short_names(rest, meta):
            meta.fill(date=parse_date(match["date"]))
            return True
    if _names_then_date(line, meta) or _name_and_role(line, meta) or _dated_label(line, meta):
        return True
    if is_rubric(line):
        meta.fill(section=squash(line))
        return True
    match = _CHAPTER.fullmatch(line.strip(" .").lower())
    if match:
        meta.fill(section=f"Chapter {(match['n'] or match['ja']).upper()}")
        return True
    return False


def _apply_field(key: str, value: str, meta: Metadata) -> bool:
    if key == "authors":
        single = len(value.split()) == 1 and value[:1].isupper()  # "Author: Reuters"
        names = parse_names(value) or ((value,) if single else None)
        meta.fill(authors=names)
        return names is not None
    if key in ("date", "updated"):
        date = parse_date(value)
        meta.fill(**{key: date})
        return date is not None
    meta.fill(**{key: squash(value)})
    return True


def _byline(rest: str, meta: Metadata) -> bool:
    """ "NAME", "NAME | DATE", "A and B, 12 May 2023" after "By"."""
    parts = _SEP.split(rest)
    for cut in range(len(parts), 0, -1):
        names = parse_names(", ".join(parts[:cut]))
        if names:
            tail = " ".join(parts[cut:])
            found = search_date(tail) if tail else None
            meta.fill(authors=names, date=found[0] if found else None)
            return True
    return False


def _names_then_date(line: str, meta: Metadata) -> bool:
    """ "Petr Konovalov, March 10 2022", "Иван Петров, 15 марта 2023"."""
    for separator in (",", "|", "–", "—", " - "):
        head, sep, tail = line.partition(separator)
        if not sep:
            continue
        date = parse_date(tail)
        names = parse_names(head) if date else None
        if names:
            meta.fill(authors=names, date=date)
            return True
    return False


def _name_and_role(line: str, meta: Metadata) -> bool:
    """ "Margaret Hill, Senior Fellow, Northeast Asia Program", "山田太郎（北海道大学教授）":
    a name, then a bio."""
    head, sep, rest = line.partition(",")
    paren = None if sep else _NAME_PAREN_ROLE.fullmatch(line.strip())
    if paren:
        head, sep, rest = paren["name"], "(", paren["role"]
    if not sep or not is_person_name(head) or not _BIO.search(rest) or size(rest) > _BIO_WORDS:
        return False
    meta.fill(authors=(normalise_name(head.strip()),), author_note=squash(rest))
    return True


def _dated_label(line: str, meta: Metadata) -> bool:
    """A short line holding a date among labels: "Policy Brief No. 14 | March 2024",
    "最終更新:2019/5/10(金) 11:32", "Опубликовано 15 марта 2023 г. в 10:00"."""
    if size(line) > _DATED_LINE_WORDS or _sentence_like(line):
        return False
    found = search_date(line)
    if not found:
        return False
    date, match = found
    normal = unicodedata.normalize("NFKC", line) if not line.isascii() else line
    rest = (normal[: match.start()] + " " + normal[match.end() :]).strip()
    rest = _DATE_WORDS.sub(" ", WEEKDAY.sub(" ", _TIME_ANYWHERE.sub(" ", rest)))
    parts = [p.strip() for p in re.split(r"\s*[|·•/]\s*", rest) if p.strip(" ,.:：-–—()")]
    if len(parts) > 1 or (parts and size(parts[0]) > _LABEL_WORDS):
        return False
    meta.fill(date=date)
    if parts and not _DATE_WORD_ONLY.fullmatch(parts[0]):
        meta.fill(section=squash(parts[0].strip(" ,.:：-–—")))
    return True


def _short_names(text: str, meta: Metadata) -> bool:
    """Unlabelled names after a date ("2024年2月20日　山田太郎"): short ones only, since a
    title could follow a date too."""
    names = parse_names(text)
    if names and all(len(n.split()) <= 3 for n in names):
        meta.fill(authors=names)
        return True
    return False


def parse_signoff(text: str) -> Metadata | None:
    """ "NAME, role, especially for the online magazine “X”." -> author, note, source."""
    match = _SIGNOFF.search(text)
    if not match or size(text) > _MAX_SIGNOFF_WORDS or _SENTENCE_BREAK.search(text):
        return None  # a sign-off is one sentence; in a paragraph the phrase is just quoted
    source = (match["source"] or match["source_ru"]).strip().rstrip(".,;").strip(_QUOTES)
    meta = Metadata(author_note=squash(text), source=squash(source.rstrip(".")) or None)
    head = text.split(",", 1)[0]
    names = parse_names(head) if head != text else None
    if names:
        meta.authors = names
    return meta
