"""An edit or update stamp is not the article's date, except as a last resort.

What a citation wants is the date the piece was published: APA, MLA and ГОСТ cite a
news story or a paper by its publication date, whatever was corrected later. A wiki
page has no publication date, and there the styles cite the revision the reader saw,
"(2021, March 12). Treaty of Shimoda. In Wikipedia", i.e. the "last edited" date. So:

- a stamp saying the text was updated or edited ("Updated: …", "Last updated …",
  "This page was last edited on …", "Обновлено: …", "Эта страница в последний раз была
  отредактирована …", "最終更新：…", "このページの最終更新日時は … です。") never
  overrides a publication date stated anywhere (a labelled or bare date line, a byline
  date, the page's own meta tags), whatever the order of the lines;
- with no other date, the stamp's date is the article's date;
- the stamp is metadata, never a passage of the body.

Each case is a page or a text file in the layouts sites use (stamp over or under the
text, in the page footer), in English, Russian and Japanese.
"""

from __future__ import annotations

import pytest

from rjtui.corpus import Article
from tests.unit.test_ingest_credits_dates import BODIES, TITLES, ingest, page

PUBLISHED = "2023-03-02"
EDITED = "2021-03-12"
UPDATED = "2023-03-14"

# language -> publication date lines, all for 2 March 2023
PUBLICATION_LINES = {
    "en": ["Published: 2 March 2023", "March 2, 2023", "Posted on March 2, 2023 at 9:00 a.m."],
    "ru": ["Опубликовано: 2 марта 2023", "2 марта 2023 года", "Дата публикации: 02.03.2023"],
    "ja": ["公開日：2023年3月2日", "2023年3月2日", "配信：2023/3/2 9:00"],
}  # fmt: skip
# language -> update stamps printed with the header, all for 14 March 2023
UPDATE_LINES = {
    "en": ["Updated: 14 March 2023", "Last updated March 14, 2023 10:32 AM",
           "Updated on 14 March 2023"],
    "ru": ["Обновлено: 14 марта 2023", "Обновлено 14.03.2023 в 10:32",
           "Последнее обновление: 14 марта 2023 г."],
    "ja": ["最終更新：2023年3月14日", "更新日 2023/3/14 10:32",
           "最終更新日時：2023年3月14日(火) 10:32"],
}  # fmt: skip
# language -> a wiki's edit footer, all for 12 March 2021
EDIT_FOOTERS = {
    "en": ["This page was last edited on 12 March 2021, at 10:15 (UTC).",
           "Last edited on 12 March 2021", "Page last modified on 12 March 2021, at 10:15."],
    "ru": ["Эта страница в последний раз была отредактирована 12 марта 2021 в 10:15.",
           "Эта страница последний раз была отредактирована 12 марта 2021 года в 10:15.",
           "Последнее изменение страницы: 12 марта 2021 в 10:15"],
    "ja": ["このページの最終更新日時は 2021年3月12日 (金) 10:15 です。",
           "最終更新 2021年3月12日 (金) 10:15 （日時は個人設定で未設定ならばUTC）。",
           "最終更新日：2021年3月12日"],
}  # fmt: skip
CASES = [(lang, k) for lang in ("en", "ru", "ja") for k in range(3)]


def text_file(lang: str, over: tuple[str, ...] = (), under: tuple[str, ...] = ()) -> bytes:
    """A text file: headline, header lines, the article, lines under it."""
    blocks = [TITLES[lang], "\n".join(over), *BODIES[lang], *under]
    return "\n\n".join(b for b in blocks if b).encode()


def passages(article: Article) -> list[str]:
    return [p.text for p in article.passages]


@pytest.mark.parametrize("kind", ["html", "text"])
@pytest.mark.parametrize("update_first", [True, False])
@pytest.mark.parametrize(("lang", "k"), CASES)
def test_an_update_stamp_does_not_override_the_publication_date(
    lang: str, k: int, update_first: bool, kind: str
) -> None:
    stamp, published = UPDATE_LINES[lang][k], PUBLICATION_LINES[lang][k]
    over = (stamp, published) if update_first else (published, stamp)
    data = page(lang, lines_over=over) if kind == "html" else text_file(lang, over)
    article = ingest(data, kind)
    assert article.date == PUBLISHED, (stamp, published)
    assert not {stamp, published} & set(passages(article))


@pytest.mark.parametrize("kind", ["html", "text"])
@pytest.mark.parametrize(("lang", "k"), CASES)
def test_an_update_stamp_alone_gives_the_date(lang: str, k: int, kind: str) -> None:
    stamp = UPDATE_LINES[lang][k]
    data = page(lang, lines_over=(stamp,)) if kind == "html" else text_file(lang, (stamp,))
    article = ingest(data, kind)
    assert article.date == UPDATED
    assert stamp not in passages(article)


@pytest.mark.parametrize("place", ["under the text", "page footer", "text file"])
@pytest.mark.parametrize(("lang", "k"), CASES)
def test_a_wiki_edit_footer_does_not_override_a_stated_date(lang: str, k: int, place: str) -> None:
    """A Wikinews-style page: the dateline over the story, the edit stamp at the foot."""
    footer, dateline = EDIT_FOOTERS[lang][k], PUBLICATION_LINES[lang][1]
    if place == "text file":
        article = ingest(text_file(lang, (dateline,), (footer,)), "text")
    elif place == "page footer":
        article = ingest(page(lang, lines_over=(dateline,), footer=footer))
    else:
        article = ingest(page(lang, lines_over=(dateline,), lines_under=(footer,)))
    assert article.date == PUBLISHED
    assert footer not in passages(article)


@pytest.mark.parametrize("place", ["under the text", "page footer", "text file"])
@pytest.mark.parametrize(("lang", "k"), CASES)
def test_a_wiki_edit_footer_is_the_date_of_a_page_with_no_other(
    lang: str, k: int, place: str
) -> None:
    footer = EDIT_FOOTERS[lang][k]
    if place == "text file":
        article = ingest(text_file(lang, (), (footer,)), "text")
    elif place == "page footer":
        article = ingest(page(lang, footer=footer))
    else:
        article = ingest(page(lang, lines_under=(footer,)))
    assert article.date == EDITED
    assert footer not in passages(article)


@pytest.mark.parametrize("lang", ["en", "ru", "ja"])
def test_the_pages_published_meta_date_wins_over_an_edit_footer(lang: str) -> None:
    article = ingest(
        page(lang, head_date="2023-03-02T09:00:00+00:00", footer=EDIT_FOOTERS[lang][0])
    )
    assert article.date == PUBLISHED
