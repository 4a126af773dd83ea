"""The layouts a real corpus holds (fixtures in tests/data/ingest): news page, PDF chapter,
front-matter Markdown, header fields, Russian and Japanese pages, and hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjtui.config import Config, load_config
from rjtui.corpus import Article
from rjtui.ingest import SkipFile, ingest_file
from rjtui.ingest.pipeline import ingest_bytes
from tests.conftest import DATA

LAYOUTS = DATA / "ingest"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config()


def ingest(name: str, config: Config) -> Article:
    return ingest_file(LAYOUTS / name, config, root=LAYOUTS)


def texts(article: Article) -> list[str]:
    return [p.text for p in article.passages]


EXPECTED = {
    "news_byline.txt": dict(
        title="Tokyo and Moscow Resume Fisheries Talks",
        authors=("Laura Reed",),
        date="2023-05-12",
        source=None,
        language="en",
    ),
    "pdf_chapter.txt": dict(
        title="Energy Ties Between Russia and Japan",
        authors=("Maria Petrova",),
        date=None,
        section="Chapter 3",
        language="en",
    ),
    "frontmatter.md": dict(
        title="Kuril Islands: seventy years of talks",
        subtitle="A short history of the territorial dispute",
        authors=("Kenji Tanaka", "Olga Smirnova"),
        date="2021-09-07",
        source="East Asia Forum",
        url="https://example.org/kurils",
        section="History",
        language="en",
    ),
    "header_fields.txt": dict(
        title="The Northern Territories Question Revisited",
        authors=("Hiroshi Watanabe", "Anna Kuznetsova"),
        date="2019-11-02",
        source="The Diplomat",
        section="Features",
    ),
    "by_then_date.txt": dict(
        title="Why Japan Still Buys Russian LNG",
        subtitle="Energy security trumps solidarity",
        authors=("Sachiko Yoshida",),
        date="2023-10-04",
    ),
    "russian.txt": dict(
        title="Россия и Япония: переговоры о мирном договоре",
        authors=("Иван Петров",),
        date="2023-03-15",
        language="ru",
    ),
    "japanese_labelled.txt": dict(
        title="日ロ首脳会談の展望", authors=("山田太郎",), date="2024-02-20", language="ja"
    ),
    "russian_fields.txt": dict(
        title="Япония и Россия: что дальше",
        authors=("Иван Петров",),
        date="2023-03-15",
        language="ru",
    ),
    "all_caps_byline.txt": dict(
        title="Japan and Russia After 2022", authors=("Elena Volkova",), date="2023-03"
    ),
    "sources_heading.txt": dict(
        title="Japan-Russia ties: a timeline",
        authors=("Taro Kato", "Emi Sasaki"),
        date="2024-01-05",
    ),
    "japanese.txt": dict(
        title="日ロ関係の行方",
        subtitle=None,
        authors=("山田太郎",),
        date="2024-02-20",
        language="ja",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_metadata(config: Config, name: str) -> None:
    article = ingest(name, config)
    assert {k: getattr(article, k) for k in EXPECTED[name]} == EXPECTED[name]
    assert not article.title_is_fallback


def test_news_page_furniture_removed(config: Config) -> None:
    article = ingest("news_byline.txt", config)
    assert texts(article) == [
        "Japanese and Russian negotiators met in Moscow on Thursday to discuss salmon and trout "
        "quotas, the first such round since relations soured over the war in Ukraine.",
        "The talks cover catches in the Exclusive Economic Zone off the Kuril Islands, where "
        "Japanese fishing boats have operated under bilateral agreements for decades.",
        "Background",
        "Fisheries are one of the few areas where the two governments still cooperate. "
        "Officials on both sides described the meeting as businesslike.",
        '"We hope to reach an agreement before the season opens," a Japanese official said.',
    ]


def test_pdf_chapter_running_heads_footnotes_and_page_breaks(config: Config) -> None:
    article = ingest("pdf_chapter.txt", config)
    body = "\n".join(texts(article))
    assert "RUSSIA AND JAPAN IN ASIA" not in body
    assert "\n25\n" not in f"\n{body}\n"
    assert article.notes == (
        "1 Nikkei Asia, March 3, 2022.",
        "2 Japan Times, August 30, 2023.",
        "3 Asahi Shimbun, June 11, 2022.",
    )
    assert "hold stakes in the operator. The anti-Western mood" in body  # marker 1 gone
    assert "bilateral energy cooperation" in body
    assert "from Sakhalin-2, and" in body
    assert "the long-term contracts" in body
    assert "Japan joined it in 2019" in body
    assert "the well-known reliability" in body
    # a paragraph split by a page break (page number + running head) is one passage again
    assert any(
        t.startswith("After the Fukushima") and t.endswith("as a reason to keep buying.")
        for t in texts(article)
    )
    assert "Energy security after Fukushima" in texts(article)


def test_references_heading_and_list_items(config: Config) -> None:
    article = ingest("sources_heading.txt", config)
    assert texts(article)[1:] == ["- 2022: sanctions imposed", "- 2023: fisheries talks resume"]
    assert article.notes == ("1. Kyodo, January 3, 2024.",)
    for name in ("japanese_labelled.txt", "russian_fields.txt"):
        assert len(ingest(name, config).passages) == 1  # breadcrumbs, share, teasers gone


def test_front_matter_markdown(config: Config) -> None:
    article = ingest("frontmatter.md", config)
    assert article.topics[0] == "territorial dispute / Kurils"
    assert texts(article) == [
        "The dispute over the southern Kuril Islands began at the end of the Second World War, "
        "when Soviet troops occupied the islands in August and September 1945.",
        "The 1956 declaration",
        "In the Joint Declaration of 1956 the Soviet Union agreed to hand over Shikotan and the "
        "Habomai islets after a peace treaty.",
        "• Iturup and Kunashir were not mentioned.",
        "• Japan insists on all four islands.",
        "No peace treaty has been signed since.",
    ]
    assert article.warnings == ()


def test_broken_front_matter_keeps_the_article_with_a_warning(config: Config) -> None:
    article = ingest("broken_frontmatter.md", config)
    assert article.warnings == ("front matter ignored: invalid YAML at line 3",)
    assert article.title == "Sanctions and the Japanese car trade"
    assert article.authors == ("Ivan Ivanov",)
    assert article.date == "2022-03-03"
    assert texts(article)[0].startswith("Japanese exports of used cars")
    assert all("Unclosed" not in t for t in texts(article))


def test_russian_and_japanese_boilerplate_removed(config: Config) -> None:
    ru = ingest("russian.txt", config)
    assert len(ru.passages) == 2
    assert ru.passages[1].text.startswith("Курильские острова")
    assert "territorial dispute / Kurils" in ru.passages[0].topics  # "мирном договоре"
    ja = ingest("japanese.txt", config)
    assert [p.text[:6] for p in ja.passages] == ["ロシアのウク", "北方領土をめ"]
    assert "territorial dispute / Kurils" in ja.passages[1].topics  # 北方領土, 平和条約
    assert "energy" in ja.passages[0].topics  # サハリン, 天然ガス
    for article in (ru, ja):
        body = "\n".join(texts(article))
        for needle in ("Поделиться", "Подписывайтесь", "Читайте", "санкции против", "シェア"):
            assert needle not in body
        for needle in ("関連記事", "ＬＮＧ", "ホーム", "Главная"):
            assert needle not in body


def test_hostile_text_is_cleaned_and_kept_as_plain_text(tmp_path: Path, config: Config) -> None:
    raw = (
        "\x1b]0;pwned\x07Title with [bold red]markup[/] \x1b[31mand colour\x1b[0m\r\n\r\n"
        "By Anna Popova\r\n\r\n"
        "The envoy said [link=http://x]click[/link] that\x08\x08 talks\x07 will go on"
        " \x1b]52;c;ZXZpbA==\x07 despite the \u202edispute\u202c over the islands.\r"
        "A second line after a lone carriage return, still plain text [i]really[/i].\n"
    )
    path = tmp_path / "hostile.txt"
    path.write_bytes(raw.encode())
    article = ingest_file(path, config, root=tmp_path)
    assert article.title == "Title with [bold red]markup[/] and colour"
    assert article.authors == ("Anna Popova",)
    body = "\n".join(texts(article))
    assert "[link=http://x]click[/link] that talks will go on despite the dispute over" in body
    assert "[i]really[/i]" in body
    for char in "\x1b\x07\x08\r\u202e\u202c":
        assert char not in body and char not in article.title


def test_text_without_any_paragraph_is_skipped(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Follow us on:\nEN|FR|RU\nShare this article\n")
    with pytest.raises(SkipFile, match="no paragraphs"):
        ingest_file(path, config, root=tmp_path)


def test_short_note_without_title_gets_a_fallback(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Talks resumed today.\n")
    article = ingest_file(path, config, root=tmp_path)
    assert article.title == "Talks resumed today."
    assert article.title_is_fallback
    assert [p.text for p in article.passages] == ["Talks resumed today."]


LINES = st.sampled_from(
    [
        "",
        "Share this article",
        "Analysis | Asia-Pacific",
        "By Anna Popova | 12 May 2023",
        "CHAPTER 2.",
        "ruSSo-JaPaneSe relatIonS",
        "1 http://example.org/a",
        "html",
        "1. Asahi Shimbun, June 3, 2014.",
        "Notes",
        "Related articles:",
        "• a list item;",
        "The talks resumed in Moscow after a long pause, officials in Tokyo said on Friday.",
        "the wrapped continuation of a hyphen-",
        "ated word in a PDF line that goes on",
        "Petr Konovalov, a political observer, exclusively for the magazine “X”.",
        "---",
        "title: [broken",
        "日本とロシアの関係は冷え込んだままだ。",
        "Иван Петров, 15 марта 2023",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=30), st.booleans())
def test_any_text_is_an_article_or_a_stated_skip(lines: list[str], markdown: bool) -> None:
    """Fuzz: whatever the layout, ingest returns a well-formed article or skips with a reason."""
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        article = ingest_bytes(
            data,
            load_config(),
            article_id="fuzz",
            path="fuzz.txt",
            kind=("markdown" if markdown else "text"),
        )
    except SkipFile as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert article.title and "\n" not in article.title
    assert article.passages and all(p.text.strip() for p in article.passages)
    assert [p.n for p in article.passages] == list(range(1, len(article.passages) + 1))
    assert len({p.id for p in article.passages}) == len(article.passages)
    assert article.language in {"en", "ru", "ja", "other"}


def test_repeated_word_tails_are_not_mistaken_for_running_heads(
    tmp_path: Path, config: Config
) -> None:
    paragraphs = [
        f"{when} the presence of Japanese submarines and Russ-\nian\n"
        "aircraft near the islands was a regular event that the\n"
        "media rarely reported while relations were developing well.\n"
        for when in ("In 2012", "Two years later", "By the autumn")
    ]
    path = tmp_path / "pdf.txt"
    path.write_text("A Chapter Title\n\n" + "\n".join(paragraphs))
    article = ingest_file(path, config, root=tmp_path)
    assert len(article.passages) == 3
    assert all("submarines and Russian aircraft near" in p.text for p in article.passages)


def test_pdf_typography_soft_hyphens_ligatures_nbsp(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "typo.txt"
    path.write_text(
        "Title\n\nThe bi\u00ad\nlateral ﬁnancial ties of Japan\u00a0and Russia were af\u00adfected "
        "by the sanctions, oﬃcials said.\n"
    )
    (passage,) = ingest_file(path, config, root=tmp_path).passages
    assert passage.text == (
        "The bilateral financial ties of Japan and Russia were affected by the sanctions, "
        "officials said."
    )


def test_front_matter_with_yaml_aliases_is_refused(tmp_path: Path, config: Config) -> None:
    bomb = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 30))
    path = tmp_path / "bomb.md"
    path.write_text(f"---\ntitle: Bomb\nl0: &l0 [x]\n{bomb}---\n\nSanctions talk in Tokyo.\n")
    article = ingest_file(path, config, root=tmp_path)
    assert article.warnings == ("front matter ignored: YAML aliases are not allowed",)
    assert article.passages[0].text == "Sanctions talk in Tokyo."


@pytest.mark.parametrize("date", ["2021-13-45", "2023-02-30", "0000-01-01"])
def test_an_impossible_front_matter_date_loses_nothing_else(
    tmp_path: Path, config: Config, date: str
) -> None:
    """YAML reads a date-shaped value as a date, and one that is no date failed the
    whole file ("could not be parsed"): it is no date, and the rest stays."""
    path = tmp_path / "talks.md"
    path.write_text(
        f"---\ntitle: Fishing talks\nauthor: Anna Petrova\ndate: {date}\n---\n\n"
        "Japan and Russia resumed talks on fishing quotas near the islands on Monday.\n"
    )
    article = ingest_file(path, config, root=tmp_path)
    assert (article.title, article.authors, article.date) == (
        "Fishing talks",
        ("Anna Petrova",),
        None,
    )
    assert article.passages[0].text.startswith("Japan and Russia resumed talks")
    assert article.warnings == ()


@pytest.mark.parametrize("field", ["title: !!int abc", "date: !!timestamp soon", "n: !!float x"])
def test_a_front_matter_value_yaml_cannot_build_keeps_the_article(
    tmp_path: Path, config: Config, field: str
) -> None:
    path = tmp_path / "talks.md"
    path.write_text(f"---\n{field}\n---\n\nSanctions talk in Tokyo resumed on Monday.\n")
    article = ingest_file(path, config, root=tmp_path)
    assert article.warnings == ("front matter ignored: a value YAML cannot read",)
    assert article.passages[0].text == "Sanctions talk in Tokyo resumed on Monday."


def test_author_label_and_overlong_first_line(tmp_path: Path, config: Config) -> None:
    lead = " ".join(["Japan and Russia kept talking about fisheries and energy"] * 3)
    path = tmp_path / "a.txt"
    path.write_text(f"Author: Reuters\n\n{lead}\n\nA second paragraph that ends properly.\n")
    article = ingest_file(path, config, root=tmp_path)
    assert article.authors == ("Reuters",)
    assert article.title_is_fallback  # a 27-word unpunctuated line is a paragraph, not a title
    assert article.passages[0].text == lead
