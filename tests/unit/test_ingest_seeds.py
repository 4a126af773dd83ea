"""Ingest of the five real seed articles: metadata, passages, notes and removed boilerplate."""

from __future__ import annotations

import re

import pytest

from rjtui.config import load_config
from rjtui.corpus import Article
from rjtui.fold import fold_for_search
from rjtui.ingest import ingest_file, iter_corpus_files, load_corpus
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    config = load_config()
    return {
        path.stem[:3]: ingest_file(path, config, root=root)
        for path, root in iter_corpus_files([SEEDS])
    }


def body(article: Article) -> str:
    return "\n".join(p.text for p in article.passages)


# Every field of every seed, as its text supports it (None: the text does not say).
EXPECTED = {
    "000": dict(
        title="Russia in Japanese foreign policy at present. Humanitarian and political aspects",
        title_is_fallback=False,
        subtitle=None,
        authors=("Nazar Kurbanov",),
        date="2024-04-13",
        source="New Eastern Outlook",
        section=None,
        language="en",
    ),
    "001": dict(
        title="In the first half of 2014 Tokyo displayed solidarity with G7 condemnation of…",
        title_is_fallback=True,
        subtitle=None,
        authors=("Alexander Panov",),
        date=None,
        source=None,
        section=None,
        language="en",
    ),
    "002": dict(
        title="Russia and Japan: a Difficult Balance in a Challenging Environment",
        title_is_fallback=False,
        subtitle=None,
        authors=("Petr Konovalov",),
        date="2022-03-10",
        source="New Eastern Outlook",
        section=None,
        language="en",
    ),
    "003": dict(
        title="The complete falling out of Russian-Japanese relations",
        title_is_fallback=False,
        subtitle="The effects of the Ukraine war and China tensions have short-circuited "
        "efforts to strengthen ties",
        authors=(),
        date=None,
        source=None,
        section="Analysis | Asia-Pacific",
        language="en",
    ),
    "004": dict(
        title="Russo-Japanese Relations: A Skeptical View",
        title_is_fallback=False,
        subtitle=None,
        authors=(),
        date=None,
        source=None,
        section="Chapter 2",
        language="en",
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_metadata(seeds: dict[str, Article], seed: str) -> None:
    article = seeds[seed]
    actual = {name: getattr(article, name) for name in EXPECTED[seed]}
    assert actual == EXPECTED[seed]
    assert article.id == next(SEEDS.glob(f"{seed}_*.txt")).stem
    assert article.url is None


def test_author_notes_are_the_bio_and_sign_off_lines(seeds: dict[str, Article]) -> None:
    assert seeds["000"].author_note.startswith("Nazar KURBANOV, trainee, Centre for Spatial")
    assert seeds["001"].author_note.startswith("Professor at the Diplomacy Department at MGIMO")
    assert seeds["001"].author_note.endswith("RIAC member")
    assert seeds["002"].author_note == (
        "Petr Konovalov, a political observer, exclusively for the online magazine "
        "“New Eastern Outlook”."
    )
    assert seeds["003"].author_note is None
    assert seeds["004"].author_note is None


def test_passage_counts_and_numbering(seeds: dict[str, Article]) -> None:
    counts = {key: len(a.passages) for key, a in seeds.items()}
    assert counts == {"000": 14, "001": 24, "002": 13, "003": 19, "004": 27}
    for article in seeds.values():
        assert [p.n for p in article.passages] == list(range(1, len(article.passages) + 1))
        assert len({p.id for p in article.passages}) == len(article.passages)
        assert all(p.id.startswith(article.id + ":") for p in article.passages)


def test_headings_and_list_items_are_passages(seeds: dict[str, Article]) -> None:
    texts = [p.text for p in seeds["004"].passages]
    for heading in (
        "Historical issues in Russia’s relations with Japan",
        "The problem of a peace treaty",
        "Economic ties between Russia and Japan",
        "Conclusion",
    ):
        assert heading in texts
    items = [p.text for p in seeds["000"].passages if p.text.startswith("•")]
    assert items == [
        "• Humanitarian co-operation;",
        "• Economic co-operation;",
        "• Individual political contacts.",
    ]


def test_footnotes_go_to_notes(seeds: dict[str, Article]) -> None:
    notes = seeds["001"].notes
    assert notes[0] == "1. Mainichi Shimbun, May 26, 2014."
    assert notes[-1] == "7. Kyodo News International, August 14, 2014."
    assert len(notes) == 7
    assert seeds["004"].notes == (
        "1 http://the-japan-news.com/news/article/0002930440",
        "2 http://www.sankei.com/politics/news/160507/plt1605070007-n2.html",
        "3 http://www.yomiuri.co.jp/politics/20160509-OYT1T50112.html",
    )
    text = body(seeds["004"])
    assert "http" not in text
    assert "brought no result." in text  # the glued note marker "result2" is gone
    assert "between Japan and Russia.”" in text
    assert not re.search(r"(?m)^html$", text)


# What boilerplate each seed contains; none of it may survive in the body.
BOILERPLATE = {
    "000": ["Related articles", "especially for the online magazine", "Nazar KURBANOV"],
    "001": [
        "Rate this article",
        "(no votes)",
        "(0 votes)",
        "Share this article",
        "Poll conducted",
        "In your opinion, what are the US long-term goals",
        "33 (31%)",
        "For business",
        "For researchers",
        "For students",
        "Cianflone",
        "Fumio Kishida and Petro Poroshenko,",
        "Kiev, July, 2014",
        "Mainichi Shimbun, May 26",
        "Professor at the Diplomacy Department",
    ],
    "002": ["EN|FR|RU", "Follow us on", "IT9534521", "exclusively for the online magazine"],
    "003": [
        "Follow us on social",
        "Analysis | Asia-Pacific",
        "Ink Drop",
        "Shutterstock",
        "Menendez",
        "Vance",
        "keep reading",
        "Show less",
        "REUTERS",
        "Israel-Gaza Crisis",
        "Subscribe now",
        "Washington Politics",
        "feds handle foreign influence",
    ],
    "004": ["chaPter", "ruSSo", "http://", "OYT1T50112"],
}


@pytest.mark.parametrize(
    ("seed", "needle"), [(seed, needle) for seed, items in BOILERPLATE.items() for needle in items]
)
def test_no_boilerplate_survives(seeds: dict[str, Article], seed: str, needle: str) -> None:
    assert needle not in body(seeds[seed])


def test_pull_quotes_and_captions_removed_but_paragraph_kept(seeds: dict[str, Article]) -> None:
    texts = [p.text for p in seeds["001"].passages]
    assert any(t.endswith("because of events in Ukraine [1].") for t in texts)
    assert "Tokyo issued unexpectedly sharp criticism of the" not in texts
    assert all(not t.startswith("Moscow appreciated the presence") for t in texts)
    # ... while the same words inside a real paragraph are kept
    assert "Moscow appreciated the presence of the head of the Japanese government" in body(
        seeds["001"]
    )


def test_duplicate_title_lines_removed(seeds: dict[str, Article]) -> None:
    for key in ("000", "003"):
        article = seeds[key]
        assert article.title not in [p.text for p in article.passages]


def test_teasers_cut_but_article_end_kept(seeds: dict[str, Article]) -> None:
    last = seeds["003"].passages[-1].text
    assert last.endswith("may erode possibilities even in these areas.")


def test_pdf_reflow_and_hyphenation_in_seed_004(seeds: dict[str, Article]) -> None:
    text = body(seeds["004"])
    for joined in ("bilateral", "the United States and China", "background", "Japan is also"):
        assert joined in text
    for kept in ("anti-Western", "anti-Japanese", "long-term", "Asia-Pacific", "Sakhalin-2"):
        assert kept in text
    for broken in ("bi- lateral", "bi-lateral", "Ja- pan", "Ja-pan", "Unit- ed", "Unit-ed"):
        assert broken not in text
    assert all("\n" not in p.text for p in seeds["004"].passages)


def test_look_alike_cyrillic_is_kept_for_display_and_folded_for_search(
    seeds: dict[str, Article],
) -> None:
    passages = [p.text for p in seeds["004"].passages if "old War" in p.text]
    assert passages and all("Сold War" in t for t in passages)  # Cyrillic С kept for reading
    assert all("Cold War" in fold_for_search(t) for t in passages)


def test_topics_are_tagged_by_count(seeds: dict[str, Article]) -> None:
    assert seeds["002"].topics[0] == "territorial dispute / Kurils"
    first = seeds["002"].passages[0]
    assert "territorial dispute / Kurils" in first.topics
    assert seeds["003"].topics[0] == "trade and economy"
    for article in seeds.values():
        assert set(article.topics) <= set(load_config().topics)


def test_load_corpus_of_seeds_skips_nothing() -> None:
    load = load_corpus(load_config())
    assert [a.id[:3] for a in load.articles] == ["000", "001", "002", "003", "004"]
    assert load.skipped == []
