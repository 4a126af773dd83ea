"""Wiki pages copied from a browser (with and without the sidebar), as .txt and .md, or
saved as .html, in English, Russian and Japanese (fixtures in tests/data/wiki): the
real title is the title, the tagline gives the source, and the wiki's furniture
(sidebar, hatnotes, "[edit]" links, "Retrieved from", categories, licence, footer
links) is out of the text, each dropped line with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjtui.config import Config, load_config
from rjtui.corpus import Article
from rjtui.ingest import ingest_file
from rjtui.ingest.wiki import read_wiki
from tests.conftest import DATA

WIKI = DATA / "wiki"
SHIMODA = {"en": "Treaty of Shimoda", "ru": "Симодский трактат", "ja": "日露和親条約"}
SITE = {"en": "Wikipedia", "ru": "Википедия", "ja": "ウィキペディア"}
EXPECTED = {
    "en_sidebar.txt": ("en", SHIMODA["en"]),
    "en_plain.md": ("en", "Treaty of Saint Petersburg (1875)"),
    "en_saved.html": ("en", SHIMODA["en"]),
    "ru_sidebar.txt": ("ru", SHIMODA["ru"]),
    "ru_plain.txt": ("ru", "Петербургский договор (1875)"),
    "ru_saved.html": ("ru", SHIMODA["ru"]),
    "ja_sidebar.txt": ("ja", SHIMODA["ja"]),
    "ja_plain.md": ("ja", "樺太・千島交換条約"),
}
FURNITURE = (
    "free encyclopedia", "свободной энциклопедии", "フリー百科事典", "Creative Commons",
    "クリエイティブ・コモンズ", "Retrieved from", "Categories", "Категории", "カテゴリ",
    "から取得", "Privacy policy", "Политика конфиденциальности", "プライバシー",
    "[edit]", "[править", "[編集]", "Jump to", "Перейти к", "検索に移動", "Main page",
    "Заглавная страница", "メインページ", "see Treaty of Shimonoseki", "не проверялась",
)  # fmt: skip
"""Wiki furniture, in any of the fixtures; none of it may be in a passage or a field."""


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config()


def ingest(name: str, config: Config) -> Article:
    return ingest_file(WIKI / name, config, root=WIKI)


def test_every_fixture_is_checked() -> None:
    assert sorted(p.name for p in WIKI.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wiki_page_title_source_and_text(config: Config, name: str) -> None:
    language, title = EXPECTED[name]
    article = ingest(name, config)
    assert article.title == title
    assert article.subtitle is None  # the tagline is not a subtitle
    assert article.source == SITE[language]
    assert not article.title_is_fallback
    texts = [p.text for p in article.passages]
    assert title.split(" (")[0] in texts[0][:60]  # the lead paragraph names the subject
    for text in [*texts, article.title, article.source]:
        for furniture in FURNITURE:
            assert furniture not in text, (name, text)
    assert not [d for d in article.dropped if d.reason == "unaccounted"]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.endswith(".html")))
def test_wiki_furniture_is_dropped_with_reasons(config: Config, name: str) -> None:
    reasons = {d.reason for d in ingest(name, config).dropped}
    assert {"wiki tagline", "licence"} <= reasons


@pytest.mark.parametrize("language", sorted(SHIMODA))
def test_sidebar_and_footer_of_a_browser_copy(config: Config, language: str) -> None:
    article = ingest(f"{language}_sidebar.txt", config)
    reasons = {d.text: d.reason for d in article.dropped}
    nav = [text for text, reason in reasons.items() if reason == "wiki navigation"]
    assert len(nav) >= 6  # the sidebar above the title
    assert {"retrieved from", "categories", "licence", "wiki footer"} <= set(reasons.values())
    assert article.date == "2023-12-03"  # "last edited" is still the update stamp
    texts = " ".join(p.text for p in article.passages)
    assert ("Kuril" in texts) or ("Курильских" in texts) or ("千島列島" in texts)


def test_edit_links_leave_the_heading(config: Config) -> None:
    for name, heading in (("en_plain.md", "Terms"), ("ru_plain.txt", "Условия"),
                          ("ja_plain.md", "内容"), ("en_saved.html", "Background"),
                          ("ru_saved.html", "Предыстория")):  # fmt: skip
        assert heading in [p.text for p in ingest(name, config).passages], name


def test_a_site_named_in_the_text_wins_over_the_tagline(tmp_path: Path, config: Config) -> None:
    text = (WIKI / "en_plain.md").read_text(encoding="utf-8")
    path = tmp_path / "cited.md"
    path.write_text("---\nsource: Encyclopaedia Online\n---\n" + text, encoding="utf-8")
    assert ingest_file(path, config, root=tmp_path).source == "Encyclopaedia Online"


def test_other_pages_are_not_wiki_pages() -> None:
    lines = [
        "Tokyo and Moscow Resume Fisheries Talks",
        "From our correspondent, the free press",
        "The article quotes a page that was taken from Wikipedia, the free encyclopedia, "
        "without saying so.",
        "Categories of fish were discussed at length.",
    ]
    assert read_wiki(lines) is None


def test_a_blog_footer_with_categories_is_not_a_wiki_footer() -> None:
    lines = ["Ferry to Korsakov resumes", "Categories: Travel, Sakhalin", "Privacy policy"]
    assert read_wiki(lines) is None
