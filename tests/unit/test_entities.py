"""The gazetteer loads and its matcher finds every spelling, in its own language."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from rjtui.config import Config, ConfigError, EntityConfig, load_config
from rjtui.entities import LANGUAGES, EntityMatcher, load_gazetteer
from rjtui.search.analysis import analyze
from rjtui.search.entities import entity_matcher
from rjtui.search.highlight import HitTerms, highlight_spans
from rjtui.search.schema import PackedPositions

SENTENCES = {
    "en": "Yesterday the talk in the committee turned to {} once again.",
    "ru": "Вчера на заседании комитета речь снова зашла о {} и не только.",
    "ja": "昨日の委員会では{}について再び議論された。",
}
INFLECTED = [  # Russian in oblique cases, matched through stems
    ("На Курильских островах прошли учения.", "kuril-islands"),
    ("Туристы побывали на Итурупе и на Шикотане.", "iturup"),
    ("Туристы побывали на Итурупе и на Шикотане.", "shikotan"),
    ("Учения прошли на Курилах и в Охотском море.", "kuril-islands"),
    ("Учения прошли на Курилах и в Охотском море.", "sea-of-okhotsk"),
    ("Встреча Владимира Путина с премьером прошла в Токио.", "vladimir-putin"),
    ("Стороны сослались на положения Декларации 1956 года.", "joint-declaration-1956"),
    ("О Северных территориях говорили долго.", "northern-territories"),
]


def tags(text: str, config: Config | None = None) -> tuple[str, ...]:
    """What the index stores for a passage of ``text``."""
    matcher = entity_matcher(config or Config())
    return matcher.tag(text, PackedPositions.positions(text))


def test_packaged_gazetteer_covers_the_field() -> None:
    gazetteer = load_gazetteer(Config())
    assert len(gazetteer) >= 120
    kinds = {e.kind for e in gazetteer.entities}
    assert {"person", "place", "organisation", "project", "treaty", "event"} <= kinds
    for eid in (
        "kuril-islands", "northern-territories", "iturup", "kunashir", "shikotan", "habomai",
        "sakhalin", "hokkaido", "vladivostok", "nemuro", "sea-of-okhotsk", "sakhalin-1",
        "sakhalin-2", "arctic-lng-2", "gazprom", "rosneft", "mitsui", "mitsubishi", "jogmec",
        "treaty-of-shimoda", "treaty-of-saint-petersburg-1875", "treaty-of-portsmouth",
        "neutrality-pact-1941", "san-francisco-treaty", "joint-declaration-1956",
        "tokyo-declaration-1993", "irkutsk-statement-2001", "g7", "asean", "quad", "sco",
        "shinzo-abe", "vladimir-putin", "sergey-lavrov",
    ):  # fmt: skip
        assert eid in gazetteer.by_id, eid
    for entity in gazetteer.entities:
        assert entity.en and entity.ru and entity.ja, entity.id
    abe = gazetteer.by_id["shinzo-abe"]
    assert {"Shinzo Abe", "Shinzō Abe", "Abe Shinzo", "Синдзо Абэ", "安倍晋三"} <= set(abe.variants)


def test_every_variant_of_a_sample_is_found_in_a_sentence_of_its_language() -> None:
    gazetteer = load_gazetteer(Config())
    matcher = entity_matcher(Config())
    sample = random.Random(15).sample(gazetteer.entities, 20)
    checked = 0
    for entity in sample:
        for lang in LANGUAGES:
            for variant in getattr(entity, lang):
                sentence = SENTENCES[lang].format(variant)
                assert entity.id in tags(sentence), (entity.id, lang, variant)
                found = [m for m in matcher.find(sentence) if m.entity == entity.id]
                assert found, (entity.id, variant)
                assert sentence[found[0].start : found[0].end].casefold() in {
                    variant.casefold(),
                    *(v.casefold() for v in entity.variants),
                }, (variant, found)
                checked += 1
    assert checked >= 60


def test_every_variant_of_every_entity_is_found() -> None:
    """The whole list, not just the sample: a variant nothing can match is dead data."""
    missed = [
        (entity.id, variant)
        for entity in load_gazetteer(Config()).entities
        for lang in LANGUAGES
        for variant in getattr(entity, lang)
        if entity.id not in tags(SENTENCES[lang].format(variant))
    ]
    assert missed == []


@pytest.mark.parametrize(("text", "eid"), INFLECTED)
def test_russian_is_matched_through_stems(text: str, eid: str) -> None:
    assert eid in tags(text)


def test_folding_like_search_finds_a_lookalike_spelling() -> None:
    assert "sakhalin" in tags("Gas from Ѕakhalin reached Japan.")  # Cyrillic Ѕ


def test_overlaps_resolve_to_the_longest_variant() -> None:
    assert tags("Talks on the Southern Kurils resumed.") == ("northern-territories",)
    assert tags("日本海で演習が行われた。") == ("sea-of-japan",)
    assert "japan" in tags("日本政府は発表した。")


def test_numbered_projects_are_not_just_their_island() -> None:
    assert "sakhalin-1" in tags("Exxon left Sakhalin-1 in 2022.")
    assert "sakhalin-2" in tags("Mitsui kept its stake in Sakhalin 2.")
    assert "sakhalin-2" in tags("三井物産はサハリン2の権益を維持した。")
    assert "sakhalin-1" not in tags("The island of Sakhalin lies north of Hokkaido.")
    assert "sakhalin-1" not in tags("Sakhalin-12 does not exist.")
    assert "sakhalin-1" in tags("サハリン1の権益。")
    assert "sakhalin-2" not in tags("Фестиваль прошёл на Сахалине.")
    assert tags("Mitsui kept its stake in Sakhalin-2.") == ("mitsui", "sakhalin-2")
    assert tags("Sakhalin-2 is off Sakhalin.") == ("sakhalin", "sakhalin-2")
    found = entity_matcher(Config()).find("Mitsui and Sakhalin-2")
    assert [(m.entity, m.start, m.end) for m in found] == [("mitsui", 0, 6), ("sakhalin-2", 11, 21)]


def test_find_gives_offsets_of_each_mention() -> None:
    text = "Курильские острова, 千島列島 and the Kurils"
    found = entity_matcher(Config()).find(text)
    assert [(text[m.start : m.end], m.entity) for m in found] == [
        ("Курильские острова", "kuril-islands"),
        ("千島列島", "kuril-islands"),
        ("Kurils", "kuril-islands"),
    ]


# --- config: extend, override, validate --------------------------------------------------


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_adds_entities_and_variants(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path,
            "entities:\n"
            "  kuril-islands:\n    en: [Kurile chain of islands]\n"
            "  ivan-ivanov:\n    kind: person\n    name: Ivan Ivanov\n"
            "    ru: [Иван Иванов, Иван Иванова]\n    en: [Ivan Ivanov]\n"
            "  gazprom:\n    remove: true\n"
            "  rosneft:\n    replace: true\n    en: [NK Rosneft]\n",
        )
    )
    gazetteer = load_gazetteer(config)
    kurils = gazetteer.by_id["kuril-islands"]
    assert "Kurile chain of islands" in kurils.en and "Kurils" in kurils.en
    assert "gazprom" not in gazetteer.by_id
    assert gazetteer.by_id["rosneft"].en == ("NK Rosneft",)
    assert gazetteer.by_id["rosneft"].ru == ()
    assert gazetteer.fingerprint != load_gazetteer(Config()).fingerprint
    assert "ivan-ivanov" in tags("Доклад Ивана Иванова прочли в Москве.", config)
    assert "kuril-islands" in tags("the Kurile chain of islands", config)
    assert "gazprom" not in tags("Gazprom cut supplies.", config)
    assert "rosneft" not in tags("Rosneft said so.", config)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entities:\n  Bad_Id:\n    en: [x]\n", "entity id 'Bad_Id'"),
        ("entities:\n  kuril-islands:\n    kind: island\n", "'entities.kuril-islands.kind'"),
        ("entities:\n  kuril-islands: [Kurils]\n", "must be a mapping"),
        ("entities:\n  kuril-islands:\n    en: Kurils\n", "must be a list"),
        ("entities:\n  kuril-islands:\n    en: ['']\n", "empty variant"),
        ("entities:\n  kuril-islands:\n    en: [" + ", ".join(["x"] * 65) + "]\n", "at most 64"),
        ("entities:\n  kuril-islands:\n    colour: red\n", "unknown key 'entities.kuril-islands"),
        ("search:\n  expand_entities: maybe\n", "'search.expand_entities' must be true or false"),
    ],
)
def test_bad_entities_config_is_one_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(tmp_path, text))
    message = str(info.value)
    assert expected in message and "\n" not in message


def test_a_new_entity_needs_kind_name_and_a_variant(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "entities:\n  new-one:\n    en: [Newone]\n"))
    with pytest.raises(ConfigError, match=r"new entity 'entities\.new-one' needs kind, name"):
        load_gazetteer(config)
    entry = EntityConfig(kind="person", name="X")
    with pytest.raises(ConfigError, match="needs en/ru/ja"):
        load_gazetteer(dataclasses.replace(Config(), entities={"new-two": entry}))


def _sentences(seed: int, count: int) -> list[tuple[str, frozenset[str]]]:
    """Texts made of variants of random entities (some with a letter's case changed,
    some run into a neighbour) between filler words, stop words and punctuation, and
    a random choice of entities to mark."""
    gazetteer = load_gazetteer(Config())
    rng = random.Random(seed)
    spelled = [
        (entity.id, variant)
        for entity in gazetteer.entities
        for variant in entity.variants
        if not any("\u3040" <= ch <= "\u9fff" for ch in variant)  # CJK: the token path
    ]
    ids = sorted({eid for eid, _ in spelled})
    filler = ["the", "of", "and", "talks", "with", "a", "on", "1956", "-", ",", "North", "Kuril"]
    out = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.5:
                variant = rng.choice(spelled)[1]
                words.append(variant.upper() if rng.random() < 0.2 else variant)
            else:
                words.append(rng.choice(filler))
        text = rng.choice([" ", "  ", ", ", "-"]).join(words)
        out.append((text, frozenset(rng.sample(ids, rng.randint(1, 6)))))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_mentions_without_a_token_list_are_those_found_on_one(seed: int) -> None:
    """``mentions`` (runs of the marked entities' variants, from the words that can
    start one) finds what ``find`` finds on the whole token list: the same mentions,
    overlaps resolved to the longest variant, literal variants ("Sakhalin-2") first."""
    matcher = entity_matcher(Config())
    for text, only in _sentences(seed, 300):
        assert matcher.mentions(text, only) == matcher.find(text, only=only), (text, only)


def test_mentions_leave_cjk_text_to_the_token_list() -> None:
    assert entity_matcher(Config()).mentions("日本とロシア Japan", {"japan"}) is None


@pytest.mark.parametrize("seed", range(2))
def test_highlights_are_the_same_with_or_without_a_token_list(seed: int) -> None:
    """A passage's highlights (words, a phrase, entity mentions) by the fast scans equal
    those made on the token list (a matcher that cannot scan runs forces that path)."""
    gazetteer = load_gazetteer(Config())
    fast, slow = entity_matcher(Config()), EntityMatcher(gazetteer, analyze)
    rng = random.Random(seed)
    for text, only in _sentences(seed, 200):
        terms = [t for t, *_ in analyze(text)]
        words = frozenset(rng.sample(terms, min(len(terms), 2)))
        start = rng.randrange(max(len(terms) - 1, 1))
        phrases = frozenset([tuple(terms[start : start + 2])]) if len(terms) > 1 else frozenset()
        hit = HitTerms(words, phrases)
        assert highlight_spans(text, hit, only, fast) == highlight_spans(text, hit, only, slow)
