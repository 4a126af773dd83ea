"""Property tests: ingest never raises on arbitrary bytes, and passage ids are
stable under re-ingest of unchanged text (the anchors bookmarks rely on).

(The query layer's property test lives with the hostile queries, on their big
index: ``test_queries.py::test_query_layer_never_raises``.) Example counts are
CI-sized; ``RJTUI_FULL_FAULTS=1`` runs many more.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rjtui.config import Config
from rjtui.corpus import Article
from rjtui.ingest import SkipFile, ingest_file
from rjtui.search import Engine
from rjtui.session import ensure_index
from tests.faults.conftest import full_count, make_config
from tests.faults.test_hostile_text import assert_clean_text

SETTINGS = settings(
    max_examples=full_count(150, 3000),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Config]:
    """One corpus folder reused by every example (hypothesis runs many per test)."""
    base = tmp_path_factory.mktemp("properties")
    corpus = base / "corpus"
    corpus.mkdir()
    return corpus, make_config(corpus, base / "data")


def ingest(workdir: tuple[Path, Config], data: bytes, name: str = "a.txt") -> Article:
    corpus, config = workdir
    path = corpus / name
    path.write_bytes(data)
    return ingest_file(path, config, root=corpus)


def check_article(article: Article) -> None:
    """What every ingested article must satisfy, whatever the input was."""
    assert article.passages, "an article without passages should have been a SkipFile"
    ids = [p.id for p in article.passages]
    assert len(ids) == len(set(ids)), ids
    assert [p.n for p in article.passages] == list(range(1, len(ids) + 1))
    for text in (article.title, *(p.text for p in article.passages)):
        assert_clean_text(text)
        assert text.strip(), "an empty passage or title"


# Bytes that look like the start of something (BOMs, signatures, front matter).
PREFIXES = st.sampled_from(
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
     b"---\n", b"---\ntitle: [\n---\n", b"\x89PNG", b"%PDF-", b"PK\x03\x04", b"\x1b[2J"]
)  # fmt: skip
WORDS = st.sampled_from(
    ["Kuril", "islands", "Tokyo", "Moscow", "talks", "Россия", "Япония", "キーウ", "外相",
     "\x1b]52;c;eA==\x07", "[bold]", "[/]", "\u202e", "\r\n", "\n\n", "\t", "—", "🇯🇵", ".",
     "By", "Author:", "http://example.com/x", "*", "#", "1.", "\x00", "\xad", "ﬁ"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=120).map(" ".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "cp1251", "latin-1"])


SENTENCE_WORDS = st.sampled_from(
    ["the", "talks", "on", "Kuril", "islands", "resumed", "in", "Tokyo", "fishing", "quotas",
     "were", "agreed", "Moscow", "said", "gas", "from", "Sakhalin", "Россия", "Япония", "キーウ"]
)  # fmt: skip
PARAGRAPH = st.lists(SENTENCE_WORDS, min_size=12, max_size=40).map(
    lambda words: " ".join(words).capitalize() + "."
)
ARTICLE = st.lists(PARAGRAPH, min_size=4, max_size=8, unique=True)
HOSTILE_PARAGRAPH = st.lists(st.one_of(SENTENCE_WORDS, WORDS), min_size=12, max_size=40).map(
    lambda words: " ".join(words) + "."
)


@st.composite
def raw_files(draw) -> bytes:
    """Arbitrary bytes; junk text in some encoding behind some prefix; or an
    article-shaped file whose paragraphs are laced with hostile words."""
    kind = draw(st.sampled_from(["bytes", "text", "article", "article"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3000))
    if kind == "article":
        paragraphs = draw(st.lists(HOSTILE_PARAGRAPH, min_size=1, max_size=6))
        text = draw(TEXTS) + "\n\nBy Anna Petrova\n\n" + "\n\n".join(paragraphs)
    else:
        text = draw(TEXTS)
    encoding = draw(ENCODINGS)
    return draw(PREFIXES) + text.encode(encoding, errors="replace")


@SETTINGS
@given(data=raw_files(), markdown=st.booleans())
def test_ingest_never_raises_on_arbitrary_bytes(workdir, data: bytes, markdown: bool) -> None:
    """Property: any bytes become an article (clean, numbered, unique ids) or a
    SkipFile with a non-empty one-line reason; nothing else escapes."""
    try:
        article = ingest(workdir, data, "a.md" if markdown else "a.txt")
    except SkipFile as skip:
        assert skip.reason.strip() and "\n" not in skip.reason, skip.reason
        event(f"skipped: {skip.reason.split('(')[0]}")
        return
    event("article")
    check_article(article)


def article_bytes(paragraphs: list[str], *, eol: str = "\n", bom: bytes = b"") -> bytes:
    text = "Talks on the islands\n\nBy Anna Petrova\n\n" + "\n\n".join(paragraphs) + "\n"
    return bom + text.replace("\n", eol).encode("utf-8")


@SETTINGS
@given(paragraphs=ARTICLE)
def test_passage_ids_survive_reingest_of_unchanged_text(workdir, paragraphs: list[str]) -> None:
    """Same text, however it is stored (again, CRLF, a BOM, touched): the same ids."""
    first = ingest(workdir, article_bytes(paragraphs))
    check_article(first)
    ids = [p.id for p in first.passages]
    assert ingest(workdir, article_bytes(paragraphs)).passages == first.passages
    for variant in (
        article_bytes(paragraphs, eol="\r\n"),
        article_bytes(paragraphs, bom=b"\xef\xbb\xbf"),
    ):
        assert [p.id for p in ingest(workdir, variant).passages] == ids


@SETTINGS
@given(paragraphs=ARTICLE, edited=st.integers(min_value=1, max_value=2))
def test_editing_one_paragraph_keeps_the_other_ids(
    workdir, paragraphs: list[str], edited: int
) -> None:
    """Bookmarks on untouched paragraphs keep their anchors when one paragraph changes."""
    before = {p.text: p.id for p in ingest(workdir, article_bytes(paragraphs)).passages}
    changed = list(paragraphs)
    changed[edited] = changed[edited][:-1] + " and more talks."
    after = {p.text: p.id for p in ingest(workdir, article_bytes(changed)).passages}
    for text, pid in before.items():
        if text in after:
            assert after[text] == pid, text
    assert len(set(before.values()) & set(after.values())) >= len(before) - 1


def test_passage_ids_survive_a_rebuild_of_the_real_index(tmp_path: Path) -> None:
    """Through the index too: a full rebuild gives every passage its old id."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [
        f"The Kuril talks resumed in Tokyo on day {n} with fishing quotas." for n in "abcd"
    ]
    (corpus / "a.txt").write_bytes(article_bytes(paragraphs))
    config = make_config(corpus, tmp_path / "data")
    ensure_index(config)
    engine = Engine.open(config)
    before = [p.id for p in engine.article("a").passages]
    engine.close()
    (corpus / "a.txt").write_bytes(article_bytes(paragraphs, eol="\r\n"))  # touched, same text
    assert ensure_index(config, rebuild=True).rebuilt
    engine = Engine.open(config)
    assert [p.id for p in engine.article("a").passages] == before and len(before) == 4
    engine.close()
