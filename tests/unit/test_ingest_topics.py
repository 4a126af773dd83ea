"""Topics (stemmed, counted, thresholded) and passage ids (stable, unique per article)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rjtui.config import Config, load_config
from rjtui.corpus import passage_id
from rjtui.ingest import ingest_file
from rjtui.ingest.passages import build_passages, normalise_for_id
from rjtui.ingest.topics import build_taxonomy, topic_stem

TAXONOMY = {
    "sanctions": ("sanction", "export ban"),
    "islands": ("Kuril Islands", "Курильские острова", "北方領土"),
    "history": ("Cold War", "1945"),
}


@pytest.fixture
def config() -> Config:
    return dataclasses.replace(
        load_config(), topics=TAXONOMY, topic_min_hits=1, topic_min_article_hits=2
    )


@pytest.mark.parametrize(
    "words",
    [
        ("sanction", "sanctions", "sanctioned", "Sanctioning"),
        ("economy", "economies"),
        ("Kuril", "Kuriles", "Kurile"),
        ("exchange", "exchanges"),
        ("history", "historical"),
        ("санкции", "санкций", "санкциями"),
        ("острова", "островов", "остров"),
    ],
)
def test_inflections_share_a_stem(words: tuple[str, ...]) -> None:
    assert len({topic_stem(w.lower()) for w in words}) == 1


def test_short_words_are_not_over_stemmed() -> None:
    assert topic_stem("gas") == "gas"
    assert topic_stem("abe") == "abe"
    assert topic_stem("oil") == "oil"


def test_counts_are_stemmed_case_insensitive_phrases_and_cjk() -> None:
    taxonomy = build_taxonomy(TAXONOMY)
    counts = taxonomy.counts(
        "New SANCTIONS and an export ban; the sanctioned firms. Kuril islands, "
        "the KURIL ISLAND chain, Курильских островов, 北方領土と北方領土. The Сold War, 1945."
    )
    assert counts["sanctions"] == 3  # SANCTIONS, export ban, sanctioned
    assert counts["islands"] == 5  # 2 English (stemmed), 1 Russian, 2 Japanese
    assert counts["history"] == 2  # Cyrillic С folded, and the year


def test_words_only_partly_matching_a_phrase_do_not_count() -> None:
    counts = build_taxonomy(TAXONOMY).counts("The Kuril ridge. Islands elsewhere. A cold winter.")
    assert counts["islands"] == 0
    assert counts["history"] == 0


def test_passage_and_article_thresholds_and_order(config: Config) -> None:
    texts = [
        "Sanctions were tightened again.",
        "The Kuril Islands and the Kuril Islands again, after the Cold War.",
        "Nothing relevant here.",
        "More sanctions came.",
    ]
    passages, topics = build_passages("art", texts, config)
    assert [p.topics for p in passages] == [
        ("sanctions",),
        ("islands", "history"),
        (),
        ("sanctions",),
    ]
    assert topics == ("sanctions", "islands")  # history has 1 hit < 2; ties keep taxonomy order
    stricter = dataclasses.replace(config, topic_min_hits=2)
    passages, _ = build_passages("art", texts, stricter)
    assert [p.topics for p in passages] == [(), ("islands",), (), ()]


def test_passage_ids_are_stable_and_duplicates_made_unique(config: Config) -> None:
    texts = ["Conclusion", "Some text.", "Conclusion", "Conclusion"]
    passages, _ = build_passages("a-1", texts, config)
    base = passage_id("a-1", normalise_for_id("Conclusion"))
    assert [p.id for p in passages] == [
        base,
        passage_id("a-1", normalise_for_id("Some text.")),
        f"{base}-2",
        f"{base}-3",
    ]
    again, _ = build_passages("a-1", texts, config)
    assert again == passages


def test_passage_ids_ignore_spacing_case_and_look_alikes() -> None:
    assert normalise_for_id("The  Сold\tWar") == normalise_for_id("the cold war")


def test_front_matter_topics_come_first(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\ntopics: [my own topic]\n---\n\n"
        "Sanctions were tightened after the sanctions of last year were found too weak.\n"
    )
    article = ingest_file(path, config, root=tmp_path)
    assert article.topics == ("my own topic", "sanctions")
